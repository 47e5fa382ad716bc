"""The real content: clean under `iocc check`, every offender reported at once."""

from __future__ import annotations

from compiler.corpus.vocab import ATOMIC_TYPES
from compiler.pipeline import check
from tests.corpus_fixtures import REPO

RESULT = check(REPO)


# Notes the content is meant to carry: IOC406 marks published crawler user agents as weak context.
EXPECTED_NOTES = {"IOC406"}


def test_real_corpus_has_no_findings() -> None:
    offenders = [
        f"{d.location.path}:{d.location.line}:{d.location.column}: {d.code} {d.message}"
        for d in RESULT.diagnostics
        if d.code not in EXPECTED_NOTES
    ]
    assert not offenders, "\n".join(offenders)


def test_every_final_advisory_is_complete() -> None:
    """What a partner needs from every published advisory, derived from the corpus itself."""
    corpus = RESULT.corpus
    assert corpus is not None
    for adv in corpus.advisories:
        if adv.status != "final":
            continue
        assert adv.vulnerabilities and adv.affected, adv.id
        assert [s.kind for s in adv.steps][:3] == ["patch", "hunt", "false-positives"], adv.id
        assert all(u.date >= adv.published for u in adv.updates), adv.id
        assert any(r.audience == "customer" for r in adv.resources), adv.id
        assert sum(r.audience == "customer" for r in adv.resources) <= 5, adv.id
        for ind in corpus.indicators_of(adv.id):
            assert ind.type in {*ATOMIC_TYPES, "yara", "sigma", "suricata"}


def test_every_set_records_source_and_licence() -> None:
    corpus = RESULT.corpus
    assert corpus is not None
    missing = [s.id for s in corpus.sets if not (s.source.name and s.source.licence)]
    assert not missing, f"sets without source name and licence: {missing}"
