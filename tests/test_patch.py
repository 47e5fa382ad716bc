"""The verdict rules of compiler.products, on a synthetic table holding every shape of product data."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.products import Checker, compile_table
from compiler.products.messages import MESSAGES
from tests.patch_support import advisory

CHECKER = Checker(compile_table(advisory()))

# build -> (verdict, reason, action, cu)
CASES = {
    "15.1.2176.2": ("vulnerable", "cu-below-fix", "install", "CU19"),
    "15.1.2176.8": ("vulnerable", "cu-below-fix", "install", "CU19"),
    "15.1.2176.9": ("fixed", "cu-fixed", "none", "CU19"),
    "15.1.2176.11": ("fixed", "cu-fixed", "none", "CU19"),
    "15.1.1415.8": ("vulnerable", "cu-below-fix", "install", "CU8"),  # CSS-Exchange's SU build for CU8
    "15.1.1415.10": ("fixed", "cu-fixed", "none", "CU8"),
    "15.1.1261.35": ("vulnerable", "older-than-listed", "upgrade-or-release", None),  # 2016 CU7
    "15.1.1500.1": ("vulnerable", "unlisted-cu", "upgrade-or-release", None),
    "15.1.2200.1": ("unknown build", "newer-than-listed", "check", None),
    "15.1.2242.3": ("unknown build", "newer-than-listed", "check", None),
    "15.1.2242.4": ("fixed", "release-fixed", "none", "CU20"),
    "15.1.2308.8": ("fixed", "release-fixed", "none", None),  # CU21
    "15.0.847.32": ("vulnerable", "cu-below-fix", "install", "SP1"),  # row without a base build
    "15.0.847.64": ("fixed", "cu-fixed", "none", "SP1"),
    "15.0.1367.3": ("vulnerable", "unlisted-cu", "upgrade", None),  # 2013 CU20: no update exists
    "15.0.712.24": ("vulnerable", "older-than-listed", "upgrade", None),
    "15.0.1497.12": ("fixed", "cu-fixed", "none", "CU23"),
    "15.0.1500.1": ("unknown build", "newer-than-listed", "check", None),
    "14.3.123.4": ("vulnerable", "rollup-below-fix", "install", None),  # 2010 SP3 without rollups
    "14.3.509.0": ("vulnerable", "rollup-below-fix", "install", None),
    "14.3.513.0": ("fixed", "rollup-fixed", "none", None),
    "14.2.390.3": ("unknown build", "unknown-product", "check", None),  # 2010 SP2: not in the data
    "15.2.792.10": ("unknown build", "unknown-product", "check", None),
    "8.3.485.1": ("unknown build", "unknown-product", "check", None),
    "Exchange Online": ("not affected", "not-affected", "none", None),
    "  microsoft   exchange online ": ("not affected", "not-affected", "none", None),
    "exchange-online": ("not affected", "not-affected", "none", None),
    "15.1.2176": ("unknown build", "no-revision", "check", None),
    "Version 15.1 (Build 2176)": ("unknown build", "no-revision", "check", None),
    "": ("unknown build", "empty", "check", None),
    "   ": ("unknown build", "empty", "check", None),
    "15.1.2176.2.1": ("unknown build", "malformed", "check", None),
    "15.1.2176.x": ("unknown build", "malformed", "check", None),
    "15.1.2176.-2": ("unknown build", "malformed", "check", None),
    "15.1.2176.١": ("unknown build", "malformed", "check", None),  # an Arabic-Indic digit is no digit here
    "15.1.2176.123456": ("unknown build", "malformed", "check", None),
    "1" * 65: ("unknown build", "malformed", "check", None),
    "Exchange Server 2016": ("unknown build", "malformed", "check", None),
}


@pytest.mark.parametrize("build", sorted(CASES))
def test_verdict(build: str) -> None:
    a = CHECKER.assess(build)
    assert (a.verdict, a.reason, a.action, a.cu) == CASES[build]
    assert a.input == build
    words = CHECKER.describe(a, "en")
    assert "{" not in words.reason + words.action + words.note, "every slot is filled"
    assert CHECKER.describe(a, "de").verdict == MESSAGES["de"][f"verdict.{a.verdict}"]


@pytest.mark.parametrize(
    "text",
    ["Version 15.1 (Build 2176.2)", "version 15.1 (build 2176.2)", "15.01.2176.002", "\t15.1.2176.2\r\n"],
)
def test_exchange_forms_mean_the_same_build(text: str) -> None:
    a = CHECKER.assess(text)
    assert (a.build, a.verdict, a.cu) == ("15.1.2176.2", "vulnerable", "CU19")


def test_install_action_names_kb_and_target_build() -> None:
    a = CHECKER.assess("15.1.2176.2")
    assert (a.kb, a.fixed_build) == ("KB5000871", "15.1.2176.9")
    assert CHECKER.describe(a).action == "Install KB5000871 (afterwards the build is 15.1.2176.9 or later)."


def test_upgrade_action_names_supported_cus_and_release() -> None:
    words = CHECKER.describe(CHECKER.assess("15.1.1261.35"))
    assert "CU18, CU19" in words.action and "KB5000871" in words.action
    assert "CU20 (15.1.2242.4)" in words.action


def test_rollup_action_names_its_kb() -> None:
    a = CHECKER.assess("14.3.509.0")
    assert (a.kb, a.fixed_build) == ("KB5000978", "14.3.513.0")


def test_unsupported_cu_carries_a_note() -> None:
    assert CHECKER.assess("15.1.1415.2").note == "unsupported-cu"
    assert CHECKER.assess("15.1.2176.2").note is None


def test_not_affected_reason_comes_from_the_data() -> None:
    a = CHECKER.assess("Exchange Online")
    assert CHECKER.describe(a, "en").reason == "Run by Microsoft."
    assert CHECKER.describe(a, "de").reason == "[de] Run by Microsoft."


def test_a_value_with_braces_is_not_read_as_a_slot() -> None:
    from compiler.products.verdict import render

    assert render("{a} {b}", {"a": "{b}", "b": "x"}, "en") == "{b} x"


def test_table_of_another_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        Checker({"format": "something-else/9"})


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gets_one_of_the_four_verdicts(text: str) -> None:
    a = CHECKER.assess(text)
    assert a.verdict in ("vulnerable", "fixed", "not affected", "unknown build")
    assert CHECKER.describe(a, "de").reason


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
    if low.verdict == "fixed":
        assert high.verdict == "fixed"
