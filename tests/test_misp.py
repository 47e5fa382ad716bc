"""The MISP feed, read back by PyMISP: every attribute, stable uuids, a consistent manifest and hashes.csv."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from pymisp import MISPAttribute, MISPEvent

from compiler.corpus.asof import reference_date
from compiler.corpus.kinds import kind
from compiler.corpus.model import Corpus
from compiler.corpus.view import published
from compiler.corpus.vocab import Tlp
from compiler.outputs.misp.plan import THREAT_LEVELS
from compiler.pipeline import load_corpus
from tests.corpus_fixtures import REPO
from tests.fixtures.stix import corpus as fixture
from tests.fixtures.stix.checks import emit_all

DESCRIBE = MISPAttribute().describe_types


def _seconds(value: Any) -> int:
    return int(value.timestamp())


def _events(files: dict[str, bytes]) -> dict[str, MISPEvent]:
    events = {}
    for name, data in files.items():
        if name.startswith("misp/") and name.endswith(".json") and name != "misp/manifest.json":
            ev = MISPEvent()
            ev.load(data)
            assert name == f"misp/{ev.uuid}.json"
            events[ev.uuid] = ev
    return events


def _check_feed(files: dict[str, bytes], corpus: Corpus, level: Tlp) -> dict[str, MISPEvent]:
    events = _events(files)
    manifest = json.loads(files["misp/manifest.json"])
    assert set(manifest) == set(events)
    for uuid, ev in events.items():
        assert manifest[uuid]["timestamp"] == _seconds(ev.timestamp)
        assert manifest[uuid]["info"] == ev.info
        assert ev.Orgc.name == "iocc"
        for attr in ev.attributes:
            assert attr.type in DESCRIBE["category_type_mappings"][attr.category], (attr.type, attr.category)
            assert _seconds(attr.timestamp) <= _seconds(ev.timestamp)
    # every indicator and every CVE of each published advisory, each once
    for adv in corpus.advisories:
        if adv.status == "draft" or not level.allows(adv.tlp):
            continue
        [ev] = [e for e in events.values() if e.info == adv.title.en]
        want = {
            (kind(i.type).misp.type, i.value)
            for s in corpus.sets_of(adv.id)
            if level.allows(s.tlp)
            for i in s.indicators
        }
        want |= {("vulnerability", v.cve) for v in adv.vulnerabilities}
        # attributes of values no longer in the corpus stay in the feed as deleted (the lock keeps them)
        got = [(a.type, a.value) for a in ev.attributes if not a.deleted or (a.type, a.value) in want]
        assert len(got) == len(set(got))
        assert set(got) == want
    hashes = sorted(
        f"{hashlib.md5(a.value.encode()).hexdigest()},{uuid}"
        for uuid, ev in events.items()
        for a in ev.attributes
        if not a.deleted
    )
    assert files["misp/hashes.csv"].decode().splitlines() == hashes
    return events


def test_real_feed_loads_back_with_every_attribute(tmp_path: Path) -> None:
    corpus = published(load_corpus(REPO))
    files = emit_all(corpus, REPO, as_of=reference_date(corpus))
    events = _check_feed(files, corpus, Tlp.CLEAR)
    public = [a for a in corpus.advisories if a.tlp == Tlp.CLEAR]
    assert len(events) == len(public)
    for adv in public:
        [ev] = [e for e in events.values() if e.info == adv.title.en]
        assert [t.name for t in ev.tags] == ["tlp:clear"]
        assert ev.threat_level_id == THREAT_LEVELS[adv.severity] and ev.date.isoformat() == adv.published
    again = emit_all(corpus, REPO, as_of=reference_date(corpus))
    assert again == files


@pytest.mark.parametrize("level", [Tlp.CLEAR, Tlp.AMBER])
def test_fixture_feed_loads_back_at_each_level(tmp_path: Path, level: Tlp) -> None:
    files = emit_all(fixture.corpus(), tmp_path, level)
    events = _check_feed(files, fixture.corpus(), level)
    tags = {t.name for ev in events.values() for t in ev.tags}
    assert tags == ({"tlp:clear"} if level is Tlp.CLEAR else {"tlp:amber"})
    attrs = {a.value: a for ev in events.values() for a in ev.attributes}
    withdrawn = attrs["c" * 64]
    assert (
        withdrawn.deleted is True
        and withdrawn.to_ids is False
        and withdrawn.comment.startswith("Withdrawn 2024-03-08")
    )
    assert attrs["203.0.113.7"].first_seen.isoformat() == "2021-03-01T10:07:29.042000+00:00".replace(
        "2021", "2024"
    )
    assert ("192.0.2.55" in attrs) is (level is Tlp.AMBER)


def test_event_and_attribute_uuids_are_stable(tmp_path: Path) -> None:
    one = _events(emit_all(fixture.corpus(), tmp_path / "a"))
    two = _events(emit_all(fixture.variant(change=3), tmp_path / "b"))
    assert set(one) == set(two)
    for uuid in one:
        assert {a.uuid for a in one[uuid].attributes} == {a.uuid for a in two[uuid].attributes}
