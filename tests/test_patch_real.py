"""Every CU row of the content that publishes the March 2021 Exchange security updates against the build
table it was made from (the CSV fact file). Which advisories that is comes from the data: those whose
rows name the table's updates (KBs).

Each vulnerable base build says "vulnerable" with the row's KB, each security-update build "fixed";
where the two sources disagree (2016 CU8, CU9) the content follows Microsoft's table and says so; Exchange
2010 (one rollup row) and Exchange Online behave as the data says. All offenders are reported at once.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from compiler.corpus.model import Advisory, AffectedProduct
from compiler.products import Checker, compile_table
from tests.corpus_fixtures import REPO
from tests.patch_support import FACT_TABLE, fact_advisories, fact_rows

CSV_FILE = FACT_TABLE
ROWS = fact_rows()
PUBLISHING = fact_advisories()


@pytest.fixture(scope="module", params=PUBLISHING, ids=[a.id for a in PUBLISHING])
def adv(request: pytest.FixtureRequest) -> Advisory:
    found: Advisory = request.param
    return found


@pytest.fixture(scope="module")
def checker(adv: Advisory) -> Checker:
    return Checker(compile_table(adv))


def _product(adv: Advisory, name: str) -> AffectedProduct:
    return next(p for p in adv.affected if p.name == name)


def _date(text: str) -> str | None:
    return datetime.strptime(text, "%B %d, %Y").strftime("%Y-%m-%d") if text else None


def test_csv_is_the_shared_fact_file() -> None:
    shared = REPO.parent / "shared" / "data" / CSV_FILE.name
    if shared.is_file():  # beside a checkout; the fixture copy keeps the test self-contained elsewhere
        assert shared.read_bytes() == CSV_FILE.read_bytes()
    assert len(ROWS) == 26  # 1 Exchange 2010, 4 of 2013, 12 of 2016, 9 of 2019


def test_every_csv_row_is_a_content_row_and_back(adv: Advisory) -> None:
    expected = {(r["product"], r["cu"]) for r in ROWS}
    actual = {(p.name, u.cu) for p in adv.affected for u in p.updates}
    assert actual == expected


def test_every_content_row_matches_the_csv(adv: Advisory) -> None:
    offenders = []
    for r in ROWS:
        row = next(u for u in _product(adv, r["product"]).updates if u.cu == r["cu"])
        css, docs = r["mar21su_build_css_exchange"], r["mar21su_build_docs"]
        chosen = {"css-exchange": css, "microsoft-docs": docs}.get(row.source or "")
        checks = {
            "kb": (row.kb, r["kb"]),
            "build": (row.build, r["cu_build_css_exchange"] or None),
            "released": (row.released, _date(r["cu_release_date_docs"])),
            "fixed_build follows its source": (row.fixed_build, chosen),
        }
        if css and docs and css != docs:
            checks["disagreement recorded"] = (row.note is not None, True)
        if not css:
            checks["only one source"] = (row.source, "microsoft-docs")
        for what, (got, want) in checks.items():
            if got != want:
                offenders.append(f"{r['product']} {r['cu']}: {what}: {got!r} != {want!r}")
    assert not offenders, "\n".join(offenders)


def test_every_base_build_is_vulnerable_and_every_fix_fixed(checker: Checker) -> None:
    offenders = []
    for r in ROWS:
        kb = r["kb"]
        for base in filter(None, [r["cu_build_css_exchange"]]):
            a = checker.assess(base)
            if (a.verdict, a.action, a.kb, a.cu) != ("vulnerable", "install", kb, r["cu"]):
                offenders.append(f"{base} ({r['product']} {r['cu']}): {a.verdict} {a.action} {a.kb} {a.cu}")
        fixed = r["mar21su_build_docs"]
        a = checker.assess(fixed)
        if a.verdict != "fixed":
            offenders.append(f"{fixed} ({r['product']} {r['cu']}): {a.verdict}, expected fixed")
        css = r["mar21su_build_css_exchange"]
        if css and css != fixed:  # the build we did not follow lies below the fix we did
            a = checker.assess(css)
            if (a.verdict, a.cu) != ("vulnerable", r["cu"]):
                offenders.append(f"{css} (CSS-Exchange's {r['cu']} fix): {a.verdict}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize(
    ("build", "verdict", "kb"),
    [
        ("14.3.509.0", "vulnerable", "KB5000978"),  # Exchange 2010 SP3 RU31
        ("14.3.123.4", "vulnerable", "KB5000978"),  # SP3 without rollups
        ("14.3.513.0", "fixed", "KB5000978"),
        ("15.1.2242.4", "fixed", None),  # 2016 CU20 contains the fix
        ("15.2.858.5", "fixed", None),  # 2019 CU9 contains the fix
        ("15.2.922.7", "fixed", None),  # 2019 CU10, later still
        ("15.1.1261.35", "vulnerable", "KB5000871"),  # 2016 CU7: upgrade first
        ("15.0.1367.3", "vulnerable", "KB5000871"),  # 2013 CU20: no update for it
    ],
)
def test_products_behave_as_the_data_says(checker: Checker, build: str, verdict: str, kb: str | None) -> None:
    a = checker.assess(build)
    assert (a.verdict, a.kb) == (verdict, kb)


def test_exchange_online_is_not_affected(checker: Checker) -> None:
    assert checker.assess("Exchange Online").verdict == "not affected"


def test_older_cus_must_upgrade_first(checker: Checker) -> None:
    a = checker.assess("15.1.1261.35")
    words = checker.describe(a)
    assert a.action == "upgrade-or-release"
    assert "CU18, CU19" in words.action and "CU20" in words.action
    a = checker.assess("15.0.1367.3")
    assert (a.action, checker.describe(a).action) == (
        "upgrade",
        "Upgrade to a supported CU first (CU23), then install KB5000871.",
    )
