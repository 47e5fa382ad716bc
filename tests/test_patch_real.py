"""The real fixes against the build tables they were made from (tests/fixtures/patch/facts.json).

Every row of a fact file names a CU and the security update that closes some of an advisory's CVEs on it.
The update's build must be "fixed" for those CVEs, and the build before it on the same CU (the CU itself,
or an earlier update) must leave them open: each build in the table is the exact boundary between vulnerable
and fixed. Where two sources disagree (Exchange 2016 CU8 and CU9 in March 2021) the catalog follows
Microsoft's table, notes it, and the other build lies below the fix. All offenders are reported at once.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from compiler.corpus.model import Corpus, Product
from compiler.pipeline import load_corpus
from compiler.products import Checker, compile_table
from compiler.products.builds import build_key
from tests.corpus_fixtures import REPO

FACTS = Path(__file__).parent / "fixtures" / "patch"
FILES = json.loads((FACTS / "facts.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Row:
    product: str  # the product's name, as the fact file writes it
    cu: str  # CU21, SP1, RTM, "SP3 (RU32)"
    fixed: str  # the build after the update
    cves: tuple[str, ...]  # the advisory's CVEs the update closes
    other: str | None = None  # a second source's build for the same update, where they disagree


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(REPO)


def _rows(entry: dict[str, str], corpus: Corpus) -> list[Row]:
    adv = corpus.advisory(entry["advisory"])
    rows = list(csv.DictReader((FACTS / entry["file"]).open(encoding="utf-8", newline="")))
    out = []
    for r in rows:
        if entry["format"] == "march2021":
            product = next(a.product for a in adv.affected if a.product.name == r["product"])
            cves = tuple(v.cve for v in adv.vulnerabilities if not v.products or product.id in v.products)
            css, docs = r["mar21su_build_css_exchange"], r["mar21su_build_docs"]
            out.append(Row(r["product"], r["cu"], docs, cves, css if css and css != docs else None))
        else:
            mine = {v.cve for v in adv.vulnerabilities}
            cves = tuple(c for c in r["cves_fixed"].split(";") if c in mine)
            out.append(Row(r["product"], r["cu"], r["su_build"], cves))
    return out


def _product(corpus: Corpus, name: str) -> Product:
    return next(p for p in corpus.products if p.name == name)


def _before(product: Product, fixed: str) -> str:
    """The release just below `fixed` on the same base: an earlier update, or the base itself."""
    update = next(r for r in product.releases if r.build == fixed)
    on_base = [
        r for r in product.releases if r.id == update.base or (r.base == update.base and r.build != fixed)
    ]
    below = [r for r in on_base if build_key(r.build) < build_key(fixed)]
    return max(below, key=lambda r: build_key(r.build)).build


@pytest.mark.parametrize("entry", FILES, ids=lambda e: e["advisory"])
def test_each_fact_row_is_the_boundary_between_vulnerable_and_fixed(
    entry: dict[str, str], corpus: Corpus
) -> None:
    adv = corpus.advisory(entry["advisory"])
    checker = Checker(compile_table([adv], adv.id, corpus.products))
    offenders = []
    rows = _rows(entry, corpus)
    assert rows, entry["file"]
    for row in rows:
        product = _product(corpus, row.product)
        [after] = checker.assess(row.fixed).findings
        if not set(row.cves) <= set(after.fixed):
            offenders.append(
                f"{row.fixed} ({row.product} {row.cu}): open {after.open}, expected {row.cves} fixed"
            )
        before = _before(product, row.fixed)
        [below] = checker.assess(before).findings
        if not set(row.cves) <= set(below.open):
            offenders.append(f"{before} (below {row.fixed}): fixed {below.fixed}, expected {row.cves} open")
        if row.other is not None:
            [other] = checker.assess(row.other).findings
            if other.verdict != "vulnerable":
                offenders.append(f"{row.other} (the other source's {row.cu} build): {other.verdict}")
            release = next(r for r in product.releases if r.build == row.fixed)
            if release.note is None:
                offenders.append(
                    f"{row.fixed}: the sources disagree ({row.other}) and the catalog says nothing"
                )
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("entry", FILES, ids=lambda e: e["file"])
def test_fact_files_are_the_shared_ones(entry: dict[str, str]) -> None:
    shared = REPO.parent / "shared" / "data" / entry["file"]
    if shared.is_file():  # beside a checkout; the fixture copy keeps the test self-contained elsewhere
        assert shared.read_bytes() == (FACTS / entry["file"]).read_bytes()


def test_a_cloud_product_is_answered_by_name(corpus: Corpus) -> None:
    final = [a for a in corpus.advisories if a.status == "final"]
    checker = Checker(compile_table(final, "all", corpus.products))
    for product in corpus.products:
        if product.deployment != "cloud":
            continue
        found = checker.assess(product.name)
        assert found.product == product.id
        listed = {a.id for a in final if any(n.product.id == product.id for n in a.not_affected)}
        assert {f.advisory for f in found.findings if f.verdict == "not affected"} >= listed


def test_a_fleet_inventory_gets_a_verdict_per_advisory_on_each_side_of_every_boundary(
    corpus: Corpus, tmp_path: Path
) -> None:
    """`iocc patch-status --inventory` over servers on both sides of fact rows of every fact file (the
    update's build and the one below it, at most 20 servers, every product line the rows name) and an
    Exchange 2010 server: each server gets a verdict for every final advisory, no build is unknown, and
    each row's CVEs are fixed above the boundary and open below it."""
    from tests.cli_support import iocc

    expected: dict[str, tuple[str, tuple[str, ...], bool]] = {}  # build -> advisory, CVEs, fixed?
    for entry in FILES:
        rows = _rows(entry, corpus)
        by_product: dict[str, Row] = {}
        for row in rows:  # one row per product line and file, so the fleet spans every line
            by_product.setdefault(row.product, row)
        for row in by_product.values():
            before = _before(_product(corpus, row.product), row.fixed)
            expected.setdefault(row.fixed, (entry["advisory"], row.cves, True))
            expected.setdefault(before, (entry["advisory"], row.cves, False))
    servers = list(expected.items())[:19]
    legacy = next(p for p in corpus.products if p.name == "Exchange Server 2010").releases[-1].build
    lines = (
        ["server,build"]
        + [f"srv{i:02},{build}" for i, (build, _) in enumerate(servers)]
        + [f"srv19,{legacy}"]
    )
    (tmp_path / "fleet.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = iocc("patch-status", "--format", "json", "--inventory", str(tmp_path / "fleet.csv"), cwd=REPO)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    finals = {a.id for a in corpus.advisories if a.status == "final"}
    assert {a["id"] for a in report["advisories"]} == finals
    assert len(report["results"]) == len(servers) + 1 and report["summary"]["unknown build"] == 0
    for result in report["results"]:
        verdicts = {a["advisory"]: a for a in result["advisories"]}
        assert set(verdicts) == finals, result["server"]
        if result["build"] == legacy:
            continue
        advisory, cves, fixed = expected[result["build"]]
        side = verdicts[advisory]["fixed" if fixed else "open"]
        assert set(cves) <= set(side), (result["server"], result["build"], advisory, side)
