"""STIX 2.1 output on the real content and the fixture corpus, judged by the OASIS tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import stix2
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.corpus import ids
from compiler.corpus.asof import reference_date
from compiler.corpus.ids import sco_id, stable_uuid, stix_id
from compiler.corpus.model import Advisory
from compiler.corpus.view import published
from compiler.corpus.vocab import Tlp
from compiler.outputs.stix.common import TLP_MARKING_IDS, tlp_marking
from compiler.outputs.stix.emit import stix_objects
from compiler.outputs.stix.patterns import pattern
from compiler.pipeline import load_corpus
from tests.corpus_fixtures import REPO
from tests.fixtures.stix import corpus as fixture
from tests.fixtures.stix.checks import dangling, emit_all, findings, pattern_values, round_trips
from tests.golden_files import assert_golden

REAL = published(load_corpus(REPO))
PUBLIC = [a for a in REAL.advisories if a.tlp == Tlp.CLEAR]  # what a TLP:CLEAR build holds


@pytest.fixture(scope="module")
def real() -> dict[str, bytes]:
    return emit_all(REAL, REPO, as_of=reference_date(REAL))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[Tlp, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("nolock")
    return {level: emit_all(fixture.corpus(), root, level) for level in (Tlp.CLEAR, Tlp.AMBER, Tlp.RED)}


def _bundles(files: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if k.startswith("stix/")}


def test_real_bundles_pass_the_oasis_validator_in_strict_mode(real: dict[str, bytes]) -> None:
    bundles = _bundles(real)
    assert set(bundles) == {"stix/all.json", *(f"stix/{a.id}.json" for a in PUBLIC)}
    problems = {name: findings(data) for name, data in bundles.items()}
    assert problems == {name: [] for name in bundles}


def test_real_bundles_round_trip_through_stix2_without_dangling_references(real: dict[str, bytes]) -> None:
    for name, data in _bundles(real).items():
        assert round_trips(data), name
        assert dangling(json.loads(data)) == [], name


@pytest.mark.parametrize("adv", PUBLIC, ids=[a.id for a in PUBLIC])
def test_real_bundle_holds_the_advisory(real: dict[str, bytes], adv: Advisory) -> None:
    objs = json.loads(real[f"stix/{adv.id}.json"])["objects"]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for o in objs:
        by_type.setdefault(str(o["type"]), []).append(o)

    def names(kind: str) -> set[str]:
        return {str(o["name"]) for o in by_type.get(kind, [])}

    assert names("vulnerability") >= {v.cve for v in adv.vulnerabilities}
    assert names("intrusion-set") >= {t.name for t in adv.threat_actors}
    assert names("malware") >= {m.name for m in adv.malware}
    techniques = {
        r["external_id"] for o in by_type.get("attack-pattern", []) for r in o["external_references"]
    }
    assert techniques >= {p.id for p in adv.attack_patterns}
    sets = [s for s in REAL.sets_of(adv.id) if s.tlp == Tlp.CLEAR]
    kinds = {o["pattern_type"] for o in by_type.get("indicator", [])}
    assert kinds == {"stix" if not i.is_rule else i.type for s in sets for i in s.indicators}
    [report] = by_type["report"]
    assert report["name"] == adv.title.en
    listed = set(report["object_refs"])
    current = [o for o in objs if not o.get("revoked")]  # objects gone from the corpus stay, revoked
    assert listed == {
        o["id"] for o in current if o["type"] not in ("identity", "marking-definition", "report")
    }
    # every object (but the markings themselves) is marked and made by our identity
    for o in objs:
        if o["type"] != "marking-definition":
            assert o.get("object_marking_refs") == [TLP_MARKING_IDS[Tlp.CLEAR]], o["id"]
        if o["type"] not in ("marking-definition", "identity") and "spec_version" in o and "created" in o:
            assert o["created_by_ref"] == objs[0]["id"]


def test_real_patterns_are_valid_and_carry_the_exact_values(real: dict[str, bytes]) -> None:
    wanted = {
        pattern(i.type, i.value): i.value
        for adv in PUBLIC
        for s in REAL.sets_of(adv.id)
        if s.tlp == Tlp.CLEAR
        for i in s.indicators
        if not i.is_rule
    }
    got = {
        o["pattern"]
        for o in json.loads(real["stix/all.json"])["objects"]
        if o.get("pattern_type") == "stix" and not o.get("revoked")
    }
    assert got == set(wanted)
    for p, value in wanted.items():
        assert _rejoin(pattern_values(p), value) == value, p


def _rejoin(values: list[str], original: str) -> str:
    """A value from the pattern's literals (a file path is split into folder and name)."""
    if len(values) == 1:
        return values[0]
    folder, name = values
    return folder + name if folder.endswith(("\\", "/")) else folder + original[len(folder)] + name


@pytest.mark.parametrize("level", [Tlp.CLEAR, Tlp.AMBER, Tlp.RED])
def test_fixture_bundles_are_valid_at_every_level(small: dict[Tlp, dict[str, bytes]], level: Tlp) -> None:
    for name, data in _bundles(small[level]).items():
        assert findings(data) == [], name
        assert round_trips(data), name
        assert dangling(json.loads(data)) == [], name


def test_tlp_clear_output_leaves_out_everything_more_restrictive(small: dict[Tlp, dict[str, bytes]]) -> None:
    clear = small[Tlp.CLEAR]
    assert set(_bundles(clear)) == {
        "stix/all.json",
        "stix/adv-clear.json",
    }  # adv-amber and the draft are left out
    objs = json.loads(clear["stix/all.json"])["objects"]
    markings = {m for o in objs for m in o.get("object_marking_refs", ())}
    assert markings == {TLP_MARKING_IDS[Tlp.CLEAR]}
    assert [o["name"] for o in objs if o["type"] == "marking-definition"] == ["TLP:CLEAR"]
    text = clear["stix/all.json"].decode()
    assert "192.0.2.55" not in text and "partner-only.example" not in text and "d" * 32 not in text


def test_amber_output_marks_every_object_and_ships_every_marking_it_uses(
    small: dict[Tlp, dict[str, bytes]],
) -> None:
    objs = json.loads(small[Tlp.AMBER]["stix/all.json"])["objects"]
    shipped = {o["id"] for o in objs if o["type"] == "marking-definition"}
    used = {m for o in objs for m in o.get("object_marking_refs", ())}
    assert used == shipped == {TLP_MARKING_IDS[Tlp.CLEAR], TLP_MARKING_IDS[Tlp.AMBER]}
    for o in objs:
        assert o["type"] == "marking-definition" or o.get("object_marking_refs"), o["id"]
    # a report that lists TLP:AMBER objects is itself TLP:AMBER, and a different object than the clear one
    clear_reports = {
        o["id"] for o in json.loads(small[Tlp.CLEAR]["stix/all.json"])["objects"] if o["type"] == "report"
    }
    amber_reports = {o["id"]: o for o in objs if o["type"] == "report"}
    assert not clear_reports & set(amber_reports)
    assert {tuple(r["object_marking_refs"]) for r in amber_reports.values()} == {
        (TLP_MARKING_IDS[Tlp.AMBER],)
    }


def test_tlp_markings_are_the_official_tlp2_objects() -> None:
    clear = tlp_marking(Tlp.CLEAR)
    assert clear["id"] == "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
    assert clear["extensions"] == {
        "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
            "extension_type": "property-extension",
            "tlp_2_0": "clear",
        }
    }
    assert tlp_marking(Tlp.AMBER_STRICT)["name"] == "TLP:AMBER+STRICT"


def test_withdrawn_indicator_is_published_revoked(small: dict[Tlp, dict[str, bytes]]) -> None:
    objs = json.loads(small[Tlp.CLEAR]["stix/all.json"])["objects"]
    revoked = [o for o in objs if o.get("revoked")]
    indicators = [o for o in revoked if o["type"] == "indicator"]
    assert [o["pattern"] for o in indicators] == [f"[file:hashes.'SHA-256' = '{'c' * 64}']"]
    assert indicators[0]["modified"] == "2024-03-08T00:00:00.000Z"  # the withdrawal date, from the data
    assert {o["source_ref"] for o in revoked if o["type"] == "relationship"} == {indicators[0]["id"]}
    assert not any(o.get("hashes", {}).get("SHA-256") == "c" * 64 for o in objs)  # no observable for it


def test_hostile_values_stay_values(small: dict[Tlp, dict[str, bytes]]) -> None:
    objs = json.loads(small[Tlp.CLEAR]["stix/all.json"])["objects"]
    by_pattern = {o["pattern"]: o for o in objs if o.get("pattern_type") == "stix"}
    for value in (
        "http://evil.example/a'b\\c?q=1",
        "o'brien@evil.example",
        "Mozilla/5.0+(compatible;+'quote'+\\back)",
    ):
        hits = [p for p in by_pattern if value in pattern_values(p)]
        assert len(hits) == 1, value
    path = "[file:parent_directory_ref.path = 'C:\\\\inetpub\\\\wwwroot\\\\aspnet_client' AND file:name = 'it\\'s.aspx']"
    assert path in by_pattern
    assert pattern_values(path) == ["C:\\inetpub\\wwwroot\\aspnet_client", "it's.aspx"]


def test_draft_advisory_is_left_out_with_a_note(tmp_path: Path) -> None:
    from compiler.outputs.context import build_context
    from compiler.pipeline import emit_all as pipeline_emit_all

    emitted = pipeline_emit_all(
        fixture.corpus(), build_context(tmp_path, as_of="2024-04-01"), ("stix", "misp")
    )
    assert [(n.code, n.location.path) for n in emitted.notes] == [
        ("IOC503", "advisories/2024/adv-draft.yaml")
    ]
    assert not any("adv-draft" in a.path or b"adv-draft" in a.data for a in emitted.artifacts)


def test_fast_ids_equal_the_canonical_ones() -> None:
    identities = [
        {"name": "x"},
        {"set": "s", "pattern": "[a:b = 'ü\\'\"\\n\t']"},
        {"advisory": "a", "tlp": "clear"},
    ]
    for identity in identities:
        assert stix_id("indicator", identity) == ids.stix_id("indicator", identity)
        assert sco_id("url", identity) == ids.sco_id("url", identity)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "pattern", "set", "value"]), st.text(), min_size=1))
def test_fast_ids_equal_the_canonical_ones_for_any_text(identity: dict[str, str]) -> None:
    assert stix_id("indicator", identity) == ids.stix_id("indicator", identity)
    assert sco_id("file", identity) == ids.sco_id("file", identity)
    assert stable_uuid("misp-event", identity) == str(ids.stable_uuid("misp-event", identity))


def test_observable_ids_are_the_ones_stix2_computes(small: dict[Tlp, dict[str, bytes]]) -> None:
    for o in json.loads(small[Tlp.CLEAR]["stix/all.json"])["objects"]:
        if o["type"] in ("file", "ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "directory"):
            props = {k: v for k, v in o.items() if k not in ("id", "type", "spec_version")}
            again = stix2.parse({"type": o["type"], "spec_version": "2.1", **props}, allow_custom=False)
            assert again.id == o["id"], o


def test_stix_objects_are_what_all_json_holds(tmp_path: Path) -> None:
    from compiler.corpus.view import published
    from compiler.outputs.context import build_context

    ctx = build_context(tmp_path, as_of="2024-04-01")
    files = emit_all(fixture.corpus(), tmp_path)
    assert stix_objects(published(fixture.corpus()), ctx) == json.loads(files["stix/all.json"])["objects"]


def test_golden_stix_and_misp(small: dict[Tlp, dict[str, bytes]]) -> None:
    for emitter in ("stix", "misp"):
        files = {
            f"{level.value}/{name.removeprefix(emitter + '/')}": data
            for level in (Tlp.CLEAR, Tlp.AMBER)
            for name, data in small[level].items()
            if name.startswith(emitter + "/")
        }
        assert_golden(emitter, files)
