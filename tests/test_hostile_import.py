"""Importers never change data in silence: MISP splits only composite types, a Latin-1 source is read as
such and said so, defanged text keeps 1.2.3.4.5 whole and refuses lines with invisible characters, a STIX
bundle iocc wrote imports with its descriptions, tags, first-seen dates and confidence, and CHIRP keeps
confidence and the files a rule scans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compiler.authoring.merge import merge, sigma_mapping
from compiler.authoring.readers import reader
from compiler.corpus.kinds import canonical
from compiler.corpus.load import compose, to_data
from compiler.outputs.context import build_context
from compiler.outputs.registry import emitters
from compiler.pipeline import check, load_corpus
from tests.cli_support import iocc
from tests.corpus_fixtures import FIXTURES, VALID, make_corpus
from tests.rules_support import CORPUS as RULES_CORPUS

EMPTY = "id: s\nschema_version: 1\ntlp: red\nindicators: []\n"


def _entries(text: str) -> list[dict[str, Any]]:
    data = to_data(compose(text, "x"), "x")
    return list(data["indicators"])


def test_misp_splits_only_composite_types() -> None:
    attrs = [
        {"type": "url", "value": "https://evil.example/a|b?c=d|e", "to_ids": True},
        {"type": "user-agent", "value": "Mozilla/5.0 (x|y)", "to_ids": True},
        {"type": "filename|sha256", "value": "shell.aspx|" + "a" * 64, "to_ids": True},
        {"type": "ip-dst|port", "value": "198.51.100.9|443", "to_ids": True},
        {"type": "domain|ip", "value": "only-a-domain.example", "to_ids": True},
        {
            "type": "sigma",
            "value": "title: t\ndetection: {s: {f|contains: x}, condition: s}\n",
            "to_ids": True,
        },
    ]
    parsed = reader("misp")(json.dumps({"Event": {"Attribute": attrs}}))
    got = [(c.type, c.value) for c in parsed.candidates]
    assert got == [
        ("url", "https://evil.example/a|b?c=d|e"),
        ("user-agent", "Mozilla/5.0 (x|y)"),
        ("file-name", "shell.aspx"),
        ("sha256", "a" * 64),
        ("ipv4", "198.51.100.9"),
        ("sigma", attrs[5]["value"]),
    ]
    assert [r.value for r in parsed.rejected] == ["only-a-domain.example"]


def test_iocc_imports_its_own_misp_feed() -> None:
    corpus = load_corpus(RULES_CORPUS)
    ctx = build_context(RULES_CORPUS, as_of="2024-06-01")
    feed = emitters()["misp"](corpus, ctx).artifacts
    events = [a for a in feed if a.path.endswith(".json") and not a.path.endswith("manifest.json")]
    assert events
    sigma_seen = 0
    for event in events:
        parsed = reader("misp")(event.data.decode("utf-8"))
        merged = merge(EMPTY, parsed, {})
        assert not [o for o in merged.skipped if o.reason.startswith(("invalid", "not a Sigma"))], (
            merged.skipped
        )
        for cand in parsed.candidates:
            if cand.type == "sigma":
                sigma_mapping(cand.value)
                sigma_seen += 1
    assert sigma_seen


def test_a_latin1_source_is_read_as_latin1_and_said_so(tmp_path: Path) -> None:
    root = make_corpus(tmp_path)
    source = tmp_path / "bericht.txt"
    source.write_bytes(
        "Zugriffe von 198.51.100.3 über den Proxy; Datei C:\\Temp\\prüfung.exe\n".encode("latin-1")
    )
    result = iocc("import", str(source), "--into", "test-set", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "not UTF-8 (byte 0xfc on line 1); read as Latin-1" in result.stderr
    text = (root / "indicators" / "test-advisory-2024" / "test-set.yaml").read_text(encoding="utf-8")
    assert "prüfung.exe" in text and "\ufffd" not in text


def test_defanged_text_keeps_longer_dotted_numbers_whole() -> None:
    parsed = reader("text")(
        "Build 15.2.792.10 and 1.2.3.4.5 are versions; 1[.]2[.]3[.]4[.]5 too.\n"
        "The C2 was 198.51.100.4. Then 198[.]51[.]100[.]5:8080 and 10.0.0.0/8.\n"
    )
    assert [(c.type, c.value) for c in parsed.candidates] == [
        ("ipv4", "198.51.100.4"),
        ("ipv4", "198.51.100.5"),
        ("cidr", "10.0.0.0/8"),
    ]


def test_lines_with_invisible_characters_are_refused_not_cut() -> None:
    text = "C2: evil\u202e.example.com\nC2: evil\u200b.example.com\nC2: fine.example.com\n"
    parsed = reader("text")(text)
    assert [(c.type, c.value) for c in parsed.candidates] == [("domain", "fine.example.com")]
    assert [r.origin for r in parsed.rejected] == ["line 1", "line 2"]


def test_a_stix_bundle_iocc_wrote_round_trips_what_stix_can_carry(tmp_path: Path) -> None:
    set_path = "indicators/test-advisory-2024/test-set.yaml"
    original = (VALID / set_path).read_text(encoding="utf-8")
    rich = original.replace(
        "  - type: ipv4\n    value: 203.0.113.7\n",
        "  - type: ipv4\n    value: 203.0.113.7\n    description: {de: Ein Angreifer., en: An attacker.}\n"
        "    tags: [scanner, c2]\n    first_seen: '2024-04-01'\n    confidence: 55\n",
    ).replace(
        "  - type: domain\n    value: evil.example\n",
        "  - type: domain\n    value: evil.example\n    first_seen: '2024-04-02T10:11:12Z'\n",
    )
    root = make_corpus(tmp_path, {set_path: rich.encode()})
    corpus = load_corpus(root)
    bundle = emitters()["stix"](corpus, build_context(root, as_of="2024-05-10")).artifacts[0].data
    merged = merge(EMPTY, reader("stix")(bundle.decode("utf-8")), {})
    assert not merged.skipped and all(o.notes == () for o in merged.added)
    got = {e["value"]: e for e in _entries(merged.text) if "value" in e}
    want = {i.value: i for s in corpus.sets for i in s.indicators}
    assert set(got) == set(want)
    for value, ind in want.items():
        entry = got[value]
        assert entry.get("first_seen") == ind.first_seen, value
        assert entry.get("confidence") == ind.confidence, value
        assert tuple(entry.get("tags", ())) == ind.tags, value
        if ind.description is None:
            assert "description" not in entry, value
        else:
            assert entry["description"] == {"de": ind.description.de, "en": ind.description.en}, value


def test_a_foreign_english_description_comes_with_a_todo_that_check_refuses(tmp_path: Path) -> None:
    bundle = {
        "type": "bundle",
        "objects": [
            {
                "type": "indicator",
                "id": "indicator--1",
                "pattern_type": "stix",
                "pattern": "[ipv4-addr:value = '198.51.100.77']",
                "description": "Seen scanning.",
                "labels": ["scanner", "Not A Tag", "tlp:amber"],
                "confidence": 140,
            }
        ],
    }
    merged = merge(EMPTY, reader("stix")(json.dumps(bundle)), {})
    [outcome] = merged.added
    assert len(outcome.notes) == 3  # the TODO, the tags left out, the confidence left out
    [entry] = _entries(merged.text)
    assert entry["description"] == {"de": "TODO: übersetzen: Seen scanning.", "en": "Seen scanning."}
    assert entry["tags"] == ["scanner"] and "confidence" not in entry
    root = make_corpus(tmp_path)
    target = root / "indicators" / "test-advisory-2024" / "test-set.yaml"
    text = target.read_text() + "  - type: ipv4\n    value: 198.51.100.77\n    description:\n"
    text += "      de: 'TODO: übersetzen: Seen scanning.'\n      en: Seen scanning.\n"
    target.write_text(text)
    assert "IOC305" in {d.code for d in check(root).diagnostics}


def test_chirp_keeps_confidence_and_the_files_a_rule_scans() -> None:
    parsed = reader("chirp")((FIXTURES / "import" / "indicators.chirp.yaml").read_text(encoding="utf-8"))
    by_type = {c.type: c for c in parsed.candidates}
    assert by_type["ipv4"].confidence == 50
    yara = by_type["yara"]
    assert yara.confidence == 80
    assert yara.description is not None and "CHIRP scans: C:\\inetpub\\wwwroot\\**" in yara.description
    merged = merge(EMPTY, parsed, {})
    rule = next(e for e in _entries(merged.text) if e["type"] == "yara")
    assert rule["confidence"] == 80 and "CHIRP scans" in rule["description"]["en"]
    assert canonical("ipv4", by_type["ipv4"].value) == "198.51.100.23"
