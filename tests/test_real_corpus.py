"""The real content: clean under `iocc check`, every offender reported at once."""

from __future__ import annotations

from compiler.corpus.vocab import ATOMIC_TYPES
from compiler.pipeline import check
from tests.corpus_fixtures import REPO

RESULT = check(REPO)
HAFNIUM = "exchange-hafnium-2021-03"


# Notes the content is meant to carry: IOC406 marks published crawler user agents as weak context.
EXPECTED_NOTES = {"IOC406"}


def test_real_corpus_has_no_findings() -> None:
    offenders = [
        f"{d.location.path}:{d.location.line}:{d.location.column}: {d.code} {d.message}"
        for d in RESULT.diagnostics
        if d.code not in EXPECTED_NOTES
    ]
    assert not offenders, "\n".join(offenders)


def test_hafnium_content_is_complete() -> None:
    corpus = RESULT.corpus
    assert corpus is not None
    adv = corpus.advisory(HAFNIUM)
    assert {v.cve for v in adv.vulnerabilities} >= {
        "CVE-2021-26855",
        "CVE-2021-26857",
        "CVE-2021-26858",
        "CVE-2021-27065",
    }
    assert {p.name for p in adv.affected} == {f"Exchange Server {y}" for y in (2010, 2013, 2016, 2019)}
    assert [p.name for p in adv.not_affected] == ["Exchange Online"]
    assert [s.kind for s in adv.steps] == ["patch", "hunt", "false-positives"]
    assert adv.updates and adv.updates[0].date >= adv.published
    counts: dict[str, int] = {}
    for ind in corpus.indicators_of(HAFNIUM):
        counts[ind.type] = counts.get(ind.type, 0) + 1
    mstic = {s.id: len(s.indicators) for s in corpus.sets_of(HAFNIUM)}
    assert mstic["msticfeed-hashes"] == 45
    assert mstic["msticfeed-domains"] == 3
    assert mstic["msticfeed-paths"] == 99  # 104 rows in the feed, 5 of them exact repeats
    assert counts["ipv4"] == 15
    assert counts["sigma"] >= 4 and counts["yara"] >= 1
    assert set(counts) <= {*ATOMIC_TYPES, "yara", "sigma", "suricata"}


def test_every_set_records_source_and_licence() -> None:
    corpus = RESULT.corpus
    assert corpus is not None
    missing = [s.id for s in corpus.sets if not (s.source.name and s.source.licence and s.source.url)]
    assert not missing, f"sets without source name, URL and licence: {missing}"
