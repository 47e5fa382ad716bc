"""A new indicator type is one declaration: this test declares a type that exists only here (`mutex`), registers
it for the test alone, and follows it through check, every output and the importers, each checked by the tool
that reads it (the OASIS pattern grammar and stix2, PyMISP's type table, yara-python, the csv reader).

Outside the test a new type also needs its line in compiler.corpus.kinds.KINDS and its name in the `type`
enum of schemas/indicator-set.schema.json; the fixture below does both for the test's duration.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import stix2
import yara
from pymisp import MISPAttribute
from stix2patterns.validator import run_validator

from compiler.corpus import kinds
from compiler.corpus.kinds.kind import Aliases, Atomic, Gate, Misp, NotExpressible, Stix, YaraStrings
from compiler.corpus.values import CONTROL
from compiler.outputs.context import build_context
from compiler.outputs.targets import support, table
from compiler.pipeline import check, emit_all
from compiler.validate import schema as schemas
from tests.corpus_fixtures import make_corpus

SET = "indicators/test-advisory-2024/mutexes.yaml"
VALUES = ("Global\\MsWinZonesCacheCounterMutexA", "Local\\{1f2e3d4c}-evil")


def _mutex(value: str) -> str:
    v = value.strip()
    if not v or CONTROL.search(v) or len(v) > 260:
        raise ValueError("not a mutex name: empty, longer than 260 characters or holding control characters")
    return v


MUTEX = Atomic(
    name="mutex",
    names={"de": "Mutexe", "en": "Mutexes"},
    canonical=_mutex,
    example="Global\\MsWinZonesCacheCounterMutexA",
    stix=Stix(label="Mutex", shape="value", object="mutex", property="name"),
    misp=Misp(category="Artifacts dropped", type="mutex"),
    yara=YaraStrings(how="ascii/wide string rule", modifiers="ascii wide", label="Mutexes"),
    sigma=NotExpressible(why="no log source of ours records mutex names"),
    suricata=NotExpressible(why="a mutex never crosses the network"),
    loki=NotExpressible(why="Loki has no mutex IOC file"),
    chirp=NotExpressible(why="CHIRP has no mutex plugin"),
    gate=Gate(),
    scan=NotExpressible(why="no log the detection engine reads holds mutex names"),
    aliases=Aliases(names=("mutex",), misp=("mutex",), stix=("mutex:name",)),
)


@pytest.fixture
def mutex(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`mutex` registered after the other atomic types, and allowed by the indicator-set schema."""
    atomic = tuple(kinds.atomic())
    rules = tuple(kinds.rule_kinds())
    monkeypatch.setattr(kinds, "REGISTRY", kinds.Registry((*atomic, MUTEX, *rules)))
    original = schemas.schema

    def schema(kind: Any) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(json.dumps(original(kind)))
        if kind == "indicator-set":
            data["$defs"]["atomic"]["properties"]["type"]["enum"].append("mutex")
        return data

    monkeypatch.setattr(schemas, "schema", schema)
    _clear()
    yield
    _clear()


def _clear() -> None:
    kinds._canonical_or_error.cache_clear()
    schemas._fast.cache_clear()
    schemas._slow.cache_clear()
    schemas.configured.cache_clear()


def _set() -> bytes:
    return (
        "# yaml-language-server: $schema=../../../schemas/indicator-set.schema.json\n"
        "id: mutexes\nschema_version: 1\nadvisories: [test-advisory-2024]\n"
        "title: {de: Mutexe der Schadsoftware, en: Mutexes of the malware}\n"
        "description: {de: Namen aus der Analyse., en: Names from the analysis.}\n"
        "tlp: clear\nsource: {name: Test source, licence: CC0-1.0}\n"
        'defaults: {confidence: 70, valid_from: "2024-05-02"}\nindicators:\n'
        + "".join(f"  - type: mutex\n    value: '{v}'\n" for v in VALUES)
    ).encode()


@pytest.fixture
def built(mutex: None, tmp_path: Path) -> tuple[dict[str, bytes], list[Any]]:
    root = make_corpus(tmp_path, {SET: _set()})
    result = check(root)
    assert result.corpus is not None, [(d.code, d.message) for d in result.diagnostics]
    values = [i.value for s in result.corpus.sets for i in s.indicators if i.type == "mutex"]
    assert values == list(VALUES)
    emitted = emit_all(result.corpus, build_context(root, as_of="2024-05-10"))
    return {a.path: a.data for a in emitted.artifacts}, list(emitted.notes)


def test_a_type_is_checked_by_its_declared_canonical_form(mutex: None, tmp_path: Path) -> None:
    assert kinds.canonical("mutex", "  Global\\x ") == "Global\\x"
    with pytest.raises(ValueError, match="not a mutex name"):
        kinds.canonical("mutex", "   ")
    bad = _set().replace(VALUES[1].encode(), b"x" * 300)
    result = check(make_corpus(tmp_path, {SET: bad}))
    assert [(d.code, d.location.pointer) for d in result.diagnostics if d.location.path == SET] == [
        ("IOC201", "/indicators/1/value")
    ]


def test_stix_holds_a_valid_pattern_and_a_mutex_observable(built: tuple[dict[str, bytes], list[Any]]) -> None:
    files, _ = built
    bundle = json.loads(files["stix/test-advisory-2024.json"])
    indicators = [
        o for o in bundle["objects"] if o["type"] == "indicator" and o["name"].startswith("Mutex: ")
    ]
    assert sorted(o["pattern"] for o in indicators) == sorted(
        "[mutex:name = '" + v.replace("\\", "\\\\") + "']" for v in VALUES
    )
    assert all(run_validator(o["pattern"], stix_version="2.1") == [] for o in indicators)
    observed = [o for o in bundle["objects"] if o["type"] == "mutex"]
    assert sorted(o["name"] for o in observed) == sorted(VALUES)
    for o in observed:
        assert stix2.parse(o, allow_custom=False).id == o["id"]  # the deterministic id is STIX's own


def test_misp_carries_the_declared_attribute_type(built: tuple[dict[str, bytes], list[Any]]) -> None:
    files, _ = built
    attributes = [
        a
        for path, data in files.items()
        if path.startswith("misp/") and path.endswith(".json") and path != "misp/manifest.json"
        for a in json.loads(data)["Event"]["Attribute"]
        if a["type"] == "mutex"
    ]
    assert sorted(a["value"] for a in attributes) == sorted(VALUES)
    assert {a["category"] for a in attributes} == {"Artifacts dropped"}
    assert "mutex" in MISPAttribute().describe_types["category_type_mappings"]["Artifacts dropped"]


def test_yara_csv_and_blocklists_hold_the_values(built: tuple[dict[str, bytes], list[Any]]) -> None:
    files, _ = built
    rules = yara.compile(source=files["rules/yara/test-advisory-2024.yar"].decode())
    for value in VALUES:
        assert rules.match(data=b"x" + value.encode() + b"x")
        assert rules.match(data=value.encode("utf-16-le"))
    assert "Mutexes of advisory test-advisory-2024" in files["rules/yara/test-advisory-2024.yar"].decode()
    rows = list(csv.DictReader(io.StringIO(files["csv/test-advisory-2024.csv"].decode("utf-8-sig"))))
    assert sorted(r["value"] for r in rows if r["type"] == "mutex") == sorted(VALUES)
    assert files["blocklists/mutex.txt"].decode().splitlines() == sorted(VALUES)


def test_outputs_without_a_form_say_why(built: tuple[dict[str, bytes], list[Any]]) -> None:
    _, notes = built
    said = {n.message.split(":")[0] for n in notes if n.code == "IOC530" and " mutex " in n.message}
    assert said == {"sigma", "suricata", "loki", "chirp"}
    rows = [r for r in table() if r["type"] == "mutex"]
    assert {r["output"] for r in rows if r["how"]} == {"yara", "csv", "blocklist"}
    assert support("kql-sentinel", "mutex") == ("", "no log source of ours records mutex names")


def test_importers_read_the_declared_names(mutex: None) -> None:
    from compiler.authoring.readers import reader

    found = reader("csv")("mutex\nGlobal\\abc\n").candidates
    assert [(c.type, c.value) for c in found] == [("mutex", "Global\\abc")]
    event = {"Event": {"Attribute": [{"type": "mutex", "value": "Global\\abc", "to_ids": True}]}}
    assert [c.type for c in reader("misp")(json.dumps(event)).candidates] == ["mutex"]
    indicator = {
        "type": "indicator",
        "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
        "pattern": "[mutex:name = 'Global\\\\abc']",
        "pattern_type": "stix",
    }
    read = reader("stix")(json.dumps({"type": "bundle", "objects": [indicator]}))
    assert [(c.type, c.value) for c in read.candidates] == [("mutex", "Global\\abc")]


def test_the_type_is_gone_once_the_test_ends() -> None:
    assert kinds.find("mutex") is None
    with pytest.raises(ValueError):
        kinds.canonical("mutex", "Global\\x")
