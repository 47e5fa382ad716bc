"""The verdict rules of compiler.products, on a synthetic catalog and two advisories holding every shape of
product data: per advisory, per CVE, and over all advisories with the minimum build that closes them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.products import Checker, Finding, compile_table
from compiler.products.messages import messages
from tests.patch_support import CASES, CATALOG, both

CHECKER = Checker(compile_table(both(), "all", CATALOG))
A, B = "test-patch-2021", "test-patch-2021b"


def _by_id(build: str) -> dict[str, str]:
    return {f.advisory or "": f.verdict for f in CHECKER.assess(build).findings}


def finding(build: str, advisory: str) -> Finding:
    return next(f for f in CHECKER.assess(build).findings if f.advisory == advisory)


@pytest.mark.parametrize("build", sorted(CASES))
def test_verdict(build: str) -> None:
    overall, a, b, action, target = CASES[build]
    found = CHECKER.assess(build)
    assert (found.verdict, found.overall.action.kind, found.overall.action.target) == (
        overall,
        action,
        target,
    )
    assert _by_id(build) == ({A: a, B: b} if a else {})
    for finding in (found.overall, *found.findings):
        for lang in ("en", "de"):
            words = CHECKER.describe(finding, lang)
            assert "{" not in words.reason + words.action, "every slot is filled"
            assert words.verdict == messages()[lang][f"verdict.{finding.verdict}"]


def test_an_april_patched_server_has_one_of_two_cves_fixed() -> None:
    b = finding("15.1.2176.12", B)
    assert (b.fixed, b.open, b.reason) == (("CVE-2021-34473",), ("CVE-2021-31207",), "some-fixed")
    assert CHECKER.describe(b).reason == (
        "Exchange Server 2016 15.1.2176.12: 1 of 2 CVEs fixed; still open: CVE-2021-31207."
    )
    assert CHECKER.describe(b, "de").reason.startswith(
        "Exchange Server 2016 15.1.2176.12: 1 von 2 CVEs behoben"
    )


def test_the_minimum_build_closes_every_advisory_at_once() -> None:
    found = CHECKER.assess("15.1.1415.2")
    action = found.overall.action
    assert (action.kind, action.target, action.kb) == ("upgrade-install", "15.1.2176.14", "KB5003435")
    assert CHECKER.describe(found.overall).action == (
        "Upgrade to CU19, then install CU19-MAY21SU (KB5003435); the build is then 15.1.2176.14."
    )
    # each advisory alone needs less: A only its March update on CU8
    a = finding("15.1.1415.2", A)
    assert (a.action.kind, a.action.target) == ("install", "15.1.1415.10")


def test_forms_of_one_build_mean_the_same() -> None:
    for text in (
        "Version 15.1 (Build 2176.2)",
        "version 15.1 (build 2176.2)",
        "15.01.2176.002",
        "\t15.1.2176.2\r\n",
    ):
        found = CHECKER.assess(text)
        assert (found.build, found.release, found.verdict) == ("15.1.2176.2", "CU19", "vulnerable")


def test_not_affected_reason_comes_from_the_data() -> None:
    assert CHECKER.describe(finding("Exchange Online", A), "en").reason == "Run by Microsoft."
    assert CHECKER.describe(finding("Exchange Online", B), "de").reason == "[de] Run by Microsoft."
    assert CHECKER.describe(finding("14.3.513.0", B)).reason == "The holes are not in 2010."
    assert [f.advisory for f in CHECKER.assess("14.3.513.0").findings] == [B, A]  # newest first


def test_one_advisory_alone() -> None:
    from tests.patch_support import advisory

    checker = Checker(compile_table([advisory()], "test-patch-2021"))
    found = checker.assess("15.1.2176.9")
    assert (found.verdict, [f.advisory for f in found.findings]) == ("fixed", [A])


def test_a_value_with_braces_is_not_read_as_a_slot() -> None:
    from compiler.products.verdict import render

    assert render("{a} {b}", {"a": "{b}", "b": "x"}, "en") == "{b} x"


def test_table_of_another_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        Checker({"format": "something-else/9"})


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gets_one_of_the_four_verdicts(text: str) -> None:
    found = CHECKER.assess(text)
    assert found.verdict in ("vulnerable", "fixed", "not affected", "unknown build")
    assert CHECKER.describe(found.overall, "de").verdict


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["14.3", "15.0", "15.1"]),
    st.integers(0, 3000),
    st.integers(0, 60),
    st.integers(1, 30),
)
def test_a_higher_revision_is_never_less_fixed(prefix: str, third: int, rev: int, step: int) -> None:
    low = CHECKER.assess(f"{prefix}.{third}.{rev}")
    high = CHECKER.assess(f"{prefix}.{third}.{rev + step}")
    for lo, hi in zip(low.findings, high.findings, strict=True):
        assert set(lo.fixed) <= set(hi.fixed)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["15.0", "15.1", "14.3"]), st.integers(0, 3000), st.integers(0, 60))
def test_the_target_build_is_fixed_for_everything(prefix: str, third: int, rev: int) -> None:
    found = CHECKER.assess(f"{prefix}.{third}.{rev}")
    target = found.overall.action.target
    if target is not None:
        after = CHECKER.assess(target)
        assert after.verdict in ("fixed", "not affected"), (found.input, target, after.verdict)
