"""TLP from hostile or careless feeds: every marking a source gives a value is read (STIX object and granular
markings, MISP event, object and attribute tags, CSV columns and labels, TLP labels in text), and a value
above the target set is refused (IOC801) unless --raise-tlp raises the set, which is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.authoring.merge import merge
from compiler.authoring.readers import reader
from tests.cli_support import iocc
from tests.corpus_fixtures import FIXTURES

CLEAR_SET = "id: s\nschema_version: 1\ntlp: clear\nindicators: []\n"
RED_BUNDLE = FIXTURES / "import" / "IOC801-stix-red-marking.json"


def _merge(fmt: str, text: str, set_text: str = CLEAR_SET) -> tuple[list[str], list[tuple[str, str | None]]]:
    merged = merge(set_text, reader(fmt)(text), {})
    return [o.value for o in merged.added], [(o.value, o.code) for o in merged.skipped]


def test_stix_object_granular_and_custom_tlp_markings_are_honoured() -> None:
    added, refused = _merge("stix", RED_BUNDLE.read_text(encoding="utf-8"))
    assert added == ["clear-value.example"]
    assert sorted(refused) == [
        ("198.51.100.21", "IOC801"),
        ("red-by-custom-definition.example", "IOC801"),
        ("red-by-granular-marking.example", "IOC801"),
    ]


@pytest.mark.parametrize(
    "marking",
    [
        {"name": "TLP:AMBER"},
        {"extensions": {"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {"tlp_2_0": "amber"}}},
        {"definition_type": "tlp", "definition": {"tlp": "AMBER"}},
    ],
)
def test_a_marking_definition_of_the_bundle_marks_observables_and_rules(marking: dict[str, object]) -> None:
    ident = "marking-definition--0a1b2c3d-0000-4000-8000-0000000000aa"
    objects = [
        {"type": "marking-definition", "id": ident, **marking},
        {
            "type": "domain-name",
            "id": "domain-name--1",
            "value": "amber.example",
            "object_marking_refs": [ident],
        },
        {"type": "ipv4-addr", "id": "ipv4-addr--1", "value": "198.51.100.30"},
    ]
    added, refused = _merge("stix", json.dumps({"type": "bundle", "objects": objects}))
    assert added == ["198.51.100.30"] and refused == [("amber.example", "IOC801")]
    rule = {
        "type": "indicator",
        "id": "indicator--1",
        "name": "r",
        "pattern_type": "yara",
        "pattern": "rule r { condition: true }",
        "granular_markings": [{"marking_ref": ident, "selectors": ["description"]}],
    }
    objects = [{"type": "marking-definition", "id": ident, **marking}, rule]
    added, refused = _merge("stix", json.dumps({"type": "bundle", "objects": objects}))
    assert added == [] and [code for _, code in refused] == ["IOC801"]


def test_misp_attribute_object_and_event_tags_are_honoured() -> None:
    event = {
        "Event": {
            "Tag": [{"name": "tlp:clear"}],
            "Attribute": [
                {"type": "ip-dst", "value": "198.51.100.40", "to_ids": True, "uuid": "a1"},
                {
                    "type": "ip-dst",
                    "value": "198.51.100.41",
                    "to_ids": True,
                    "uuid": "a2",
                    "Tag": [{"name": "tlp:red"}],
                },
                {
                    "type": "domain",
                    "value": "x.example",
                    "to_ids": True,
                    "uuid": "a3",
                    "Tag": [{"name": "TLP:AMBER+STRICT"}],
                },
            ],
            "Object": [
                {
                    "Tag": [{"name": "tlp:amber"}],
                    "Attribute": [{"type": "domain", "value": "obj.example", "to_ids": True, "uuid": "a4"}],
                }
            ],
        }
    }
    added, refused = _merge("misp", json.dumps(event))
    assert added == ["198.51.100.40"]
    assert sorted(refused) == [
        ("198.51.100.41", "IOC801"),
        ("obj.example", "IOC801"),
        ("x.example", "IOC801"),
    ]


@pytest.mark.parametrize(
    "feed",
    [
        "Indicator,Type,TLP\n198.51.100.50,ip,RED\n",
        "Indicator,Type,Marking\n198.51.100.50,ip,tlp:amber\n",
        'Indicator,Type,Tags\n198.51.100.50,ip,"malware, TLP:RED"\n',
        "ip,tlp_level\n198.51.100.50,Amber+Strict\n",
        "Indicator,Type\n198.51.100.50,ip,extra cell TLP:RED\n",
    ],
)
def test_csv_tlp_columns_and_labels_are_honoured(feed: str) -> None:
    added, refused = _merge("csv", feed)
    assert added == [] and refused == [("198.51.100.50", "IOC801")]


def test_a_tlp_label_in_free_text_marks_every_value_of_it() -> None:
    added, refused = _merge("text", "TLP:AMBER - do not share\n\nC2: 198.51.100.60 and evil[.]com\n")
    assert added == [] and sorted(refused) == [("198.51.100.60", "IOC801"), ("evil.com", "IOC801")]


def test_raise_tlp_raises_the_set_and_says_so(corpus_root: Path) -> None:
    root = corpus_root
    target = root / "indicators" / "test-advisory-2024" / "test-set.yaml"
    result = iocc("import", str(RED_BUNDLE), "--into", "test-set", cwd=root)
    assert result.returncode == 1
    assert result.stdout.count("refused[IOC801]") == 3 and "198.51.100.21" not in target.read_text()
    assert "clear-value.example" in target.read_text()
    result = iocc("import", str(RED_BUNDLE), "--into", "test-set", "--raise-tlp", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "raised indicators/test-advisory-2024/test-set.yaml from TLP:CLEAR to TLP:RED" in result.stderr
    text = target.read_text()
    assert "tlp: red" in text and "198.51.100.21" in text


def test_check_refuses_a_set_marked_below_its_source(corpus_root: Path) -> None:
    root = corpus_root
    target = root / "indicators" / "test-advisory-2024" / "test-set.yaml"
    text = target.read_text().replace("licence: CC0-1.0}", "licence: CC0-1.0, tlp: amber}")
    target.write_text(text)
    result = iocc("check", cwd=root)
    assert result.returncode == 1 and "error[IOC310]" in result.stderr
    result = iocc("build", cwd=root)
    assert result.returncode == 1 and not (root / "dist").exists()


def test_tlp_in_stix_labels_statements_csv_headers_and_chirp_text_is_honoured() -> None:
    statement = "marking-definition--0a1b2c3d-0000-4000-8000-0000000000bb"
    objects = [
        {"type": "marking-definition", "id": statement, "definition_type": "statement",
         "definition": {"statement": "TLP:AMBER - partners only"}},
        {"type": "domain-name", "id": "domain-name--1", "value": "stated.example", "object_marking_refs": [statement]},
        {"type": "domain-name", "id": "domain-name--2", "value": "labelled.example", "labels": ["c2", "tlp:red"]},
        {"type": "domain-name", "id": "domain-name--3", "value": "clear.example"},
    ]  # fmt: skip
    added, refused = _merge("stix", json.dumps({"type": "bundle", "objects": objects}))
    assert added == ["clear.example"] and sorted(v for v, _ in refused) == [
        "labelled.example",
        "stated.example",
    ]
    added, refused = _merge("csv", "Indicator TLP:AMBER,Type\n198.51.100.70,ip\n")
    assert added == [] and refused == [("198.51.100.70", "IOC801")]
    chirp = "# TLP:AMBER\nname: x\nioc_type: network\nindicator:\n  ips: |\n    198.51.100.71\n"
    added, refused = _merge("chirp", chirp)
    assert added == [] and refused == [("198.51.100.71", "IOC801")]
