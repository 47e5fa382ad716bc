"""Every emitter says of each file it makes which advisory it belongs to, which indicators and rules it
holds and how it is marked, and says it truly: checked on the multi-advisory fixture at two levels."""

from __future__ import annotations

import pytest

from compiler.corpus.view import published
from compiler.corpus.vocab import Tlp
from compiler.outputs.context import build_context
from compiler.pipeline import as_of_date, emit_all, load_corpus
from tests.multi_support import AMBER_SET, BETA, MULTI

CORPUS = load_corpus(MULTI)
VIEW = published(CORPUS)
SET_OF = {i.item_id: s for s in VIEW.sets for i in s.indicators}
# outputs whose files hold no indicator: mails, CSAF documents, patch tables
WITHOUT_ITEMS = {"email", "csaf", "patch", "coverage"}


@pytest.mark.parametrize("level", [Tlp.CLEAR, Tlp.AMBER])
def test_every_artifact_says_truly_what_it_is(level: Tlp) -> None:
    ctx = build_context(MULTI, tlp=level, as_of=as_of_date(CORPUS, None, MULTI))
    emitted = emit_all(CORPUS, ctx)
    advisories = {a.id for a in VIEW.advisories}
    for name, artifacts in emitted.by_emitter.items():
        for a in artifacts:
            assert a.advisory is None or a.advisory in advisories, a.path
            assert list(a.items) == sorted(set(a.items)), a.path
            assert set(a.items) <= set(SET_OF), (a.path, set(a.items) - set(SET_OF))
            if a.advisory is not None:
                mine = {i for i in a.items if a.advisory in SET_OF[i].advisories}
                assert mine == set(a.items), (a.path, set(a.items) - mine)
            assert level.allows(a.tlp), a.path
            for item in a.items:
                assert a.tlp.rank >= SET_OF[item].tlp.rank, (a.path, item)
        if name not in WITHOUT_ITEMS:
            assert any(a.items for a in artifacts), name
    amber = {a.path for a in emitted.artifacts if a.tlp == Tlp.AMBER}
    partner_items = {i for i, s in SET_OF.items() if s.id == AMBER_SET}
    holding = {a.path for a in emitted.artifacts if partner_items & set(a.items)}
    if level == Tlp.CLEAR:
        assert amber == set() and holding == set()
    else:
        assert holding and holding <= amber
        assert {f"stix/{BETA}.json", f"csv/{BETA}.csv", f"rules/yara/{BETA}.yar"} <= holding


def test_a_rule_and_its_queries_name_the_rule() -> None:
    ctx = build_context(MULTI, as_of=as_of_date(CORPUS, None, MULTI))
    emitted = emit_all(CORPUS, ctx, ("sigma", "queries"))
    rule = "beta-rules/beta-shell-request"
    files = [a for a in emitted.artifacts if a.items == (rule,)]
    assert {a.path.split("/")[1] for a in files} >= {"sigma", "kql", "splunk"}
    assert all(a.advisory == BETA for a in files)
