"""The repository's own content: `iocc check` and `iocc test` find nothing but what the reviewed policy
(config/corpus-policy.yaml) accepts, every offender reported at once. Nothing here names an advisory or
counts its values: adding a valid advisory never needs a change here."""

from __future__ import annotations

from compiler.detect.prove import prove
from compiler.diagnostics.codes import CODES
from compiler.diagnostics.severity import Severity
from compiler.pipeline import check, relocate
from tests.corpus_fixtures import REPO
from tests.corpus_policy import accepted, offenders

RESULT = check(REPO)


def test_the_policy_accepts_only_known_warnings_and_notes() -> None:
    policy = accepted()
    assert policy, "config/corpus-policy.yaml accepts nothing"
    for code in policy:
        assert code in CODES, code
        assert CODES[code].severity is not Severity.ERROR, f"{code} is an error: never acceptable"


def test_check_finds_only_what_the_policy_accepts() -> None:
    found = offenders(RESULT.diagnostics)
    assert not found, "\n".join(found)


def test_the_evidence_proves_every_rule_and_finds_only_what_the_policy_accepts() -> None:
    assert RESULT.corpus is not None
    proof = prove(RESULT.corpus, REPO)
    found = offenders(relocate(proof.diagnostics, (*RESULT.documents, *proof.documents)))
    assert not found, "\n".join(found)


def test_every_set_records_its_source_and_licence() -> None:
    corpus = RESULT.corpus
    assert corpus is not None
    missing = [s.id for s in corpus.sets if not (s.source.name.strip() and s.source.licence.strip())]
    assert not missing, f"sets without a source name and a licence: {missing}"


def test_every_published_advisory_has_the_three_steps() -> None:
    corpus = RESULT.corpus
    assert corpus is not None
    for adv in corpus.advisories:
        if adv.status == "final":
            assert {"patch", "hunt", "false-positives"} <= {s.kind for s in adv.steps}, adv.id


def test_every_final_advisory_speaks_to_customers_through_a_few_resources() -> None:
    corpus = RESULT.corpus
    assert corpus is not None
    for adv in corpus.advisories:
        if adv.status == "final":
            customer = [r for r in adv.resources if r.audience == "customer"]
            assert 1 <= len(customer) <= 5, (adv.id, len(customer))
