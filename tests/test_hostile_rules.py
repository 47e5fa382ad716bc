"""Authored rules that reach beyond what they match: Sigma field names that would become query syntax
(IOC526), YARA `include` anywhere (IOC521, and never read), Suricata keywords that read or write the
sensor's files (IOC527). Plain names still convert on every query target."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
import yaml

from compiler.engines.sigma_fields import bad_fields
from compiler.engines.suricata_options import file_keywords, options
from compiler.outputs.rules.pipelines import TARGETS
from compiler.outputs.rules.queries import Converter
from compiler.pipeline import check
from tests.rules_support import CORPUS
from tests.tools import require_tool

SET = "indicators/rules-test-2024/hostile-rules.yaml"
HEAD = """# yaml-language-server: $schema=../../schemas/indicator-set.schema.json
id: hostile-rules
schema_version: 1
advisories: [rules-test-2024]
title: {de: Testfall, en: Test case}
description: {de: Ein Testfall., en: A test case.}
tlp: clear
source: {name: Test, licence: CC0-1.0}
defaults: {confidence: 50, valid_from: "2024-05-02"}
indicators:
"""
HOSTILE_FIELDS = (
    "cs-uri-query` or true or `x",
    'x") or true or ("y',
    "x:y",
    "a b",
    "x*",
    "x OR y",
    "x\\",
    "(x)",
    "x=y",
    "1x",
    "x\ty",
    "über",
    "x" * 129,
    "-x",
)
PLAIN_FIELDS = ("cs-uri-query", "c-useragent", "CommandLine", "winlog.event_data.x", "_x", "A1.b_c-d")


def _sigma(field: str, n: int) -> dict[str, object]:
    return {
        "title": f"Field Test {n}",
        "id": f"5b0a7f3e-1c2d-4e5f-8a9b-{n:012d}",
        "status": "test",
        "description": "Detects a value in a field.",
        "references": ["https://example.com/advisory"],
        "author": "Test maintainers",
        "date": "2024-05-03",
        "tags": ["attack.initial-access", "attack.t1190", "detection.emerging-threats"],
        "logsource": {"category": "webserver"},
        "detection": {"selection": {f"{field}|contains": "ServerInfo~"}, "condition": "selection"},
        "falsepositives": ["Unknown"],
        "level": "high",
    }


def _corpus(tmp_path: Path, indicators: Sequence[Mapping[str, object]]) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    body = yaml.safe_dump(indicators, sort_keys=False, allow_unicode=True, width=1000)
    (root / SET).write_text(HEAD + "\n".join("  " + line for line in body.splitlines()) + "\n")
    return root


def _codes(root: Path) -> list[tuple[str, str]]:
    result = check(root)
    return sorted((d.code, d.location.pointer) for d in result.diagnostics if d.location.path == SET)


@pytest.mark.parametrize("field", HOSTILE_FIELDS)
def test_a_field_name_that_is_not_plain_is_refused(field: str) -> None:
    rule = _sigma(field, 1)
    assert bad_fields(rule) == [field]
    for target in TARGETS:  # the output boundary refuses it too, whatever check said
        with pytest.raises(ValueError, match="not a plain name"):
            Converter(target)._raw(rule)


def test_check_refuses_hostile_field_names_and_keeps_plain_ones(tmp_path: Path) -> None:
    require_tool("suricata")
    fields = [f for f in HOSTILE_FIELDS if "\t" not in f]  # a tab in a key is refused earlier (IOC107)
    hostile = [{"type": "sigma", "name": f"h{n}", "rule": _sigma(f, n)} for n, f in enumerate(fields)]
    plain = [
        {"type": "sigma", "name": f"p{n}", "rule": _sigma(f, 100 + n)} for n, f in enumerate(PLAIN_FIELDS)
    ]
    found = _codes(_corpus(tmp_path, hostile + plain))
    refused = {pointer for code, pointer in found if code in ("IOC526", "IOC522")}
    assert refused == {f"/indicators/{n}/rule" for n in range(len(fields))}, found
    assert [c for c, p in found if int(p.split("/")[2]) >= len(fields) and c != "IOC523"] == []
    tab = [{"type": "sigma", "name": "tab", "rule": _sigma("x\ty", 1)}]
    assert [c for c, _ in _codes(_corpus(tmp_path / "tab", tab))] == ["IOC107"]


@pytest.mark.parametrize("field", PLAIN_FIELDS)
def test_plain_field_names_convert_to_one_name_on_every_target(field: str) -> None:
    for target in TARGETS:
        try:
            queries = Converter(target)._raw(_sigma(field, 7))
        except ValueError as exc:  # a target that cannot express the rule says so; it never widens it
            assert "not a plain name" not in str(exc)
            continue
        assert all(" or true" not in q.lower() for q in queries)


YARA_INCLUDES = (
    'rule a { condition: true } include "/etc/passwd"',
    'rule a { condition: true }\n  include "{path}"',
    'rule a { condition: true } /* x */ include "{path}"',
)


@pytest.mark.parametrize("text", YARA_INCLUDES)
def test_yara_include_anywhere_is_refused_and_never_read(tmp_path: Path, text: str) -> None:
    # The included file does not compile: were it read, YARA would report its error instead.
    broken = tmp_path / "broken.yar"
    broken.write_text("rule broken { condition: nonsense_identifier }\n")
    rule = text.replace("{path}", str(broken))
    root = _corpus(tmp_path, [{"type": "yara", "name": "inc", "rule": rule + "\n"}])
    result = check(root)
    mine = [d for d in result.diagnostics if d.location.path == SET]
    assert [d.code for d in mine] == ["IOC521"], [d.message for d in mine]
    assert "nonsense_identifier" not in mine[0].message


SURICATA_FILES = (
    ("dataset:set,seen,type string,save /tmp/x.lst", "dataset save"),
    ("dataset:isset,seen,type string,load /etc/passwd", "dataset load"),
    ("dataset:set,seen, type string, state /tmp/x.lst", "dataset state"),
    ("datarep:seen,>,1,type string,load /tmp/rep.csv", "datarep load"),
    ("filestore", "filestore"),
    ("lua:/tmp/evil.lua", "lua"),
    ("luajit:evil.lua", "luajit"),
    ("filesha256:hashes.txt", "filesha256"),
    ("FILEMD5:md5.txt", "filemd5"),
)


@pytest.mark.parametrize(("option", "named"), SURICATA_FILES)
def test_suricata_keywords_that_touch_sensor_files_are_refused(option: str, named: str) -> None:
    rule = f'alert http any any -> any any (msg:"x"; http.uri; content:"a"; {option}; sid:1; rev:1;)'
    assert file_keywords(rule) == [named]


def test_suricata_options_split_as_suricata_does() -> None:
    rule = 'alert http any any -> any any (msg:"a; dataset:set,x,save /tmp/y"; content:"b\\;c"; sid:1;)'
    assert [k for k, _ in options(rule)] == ["msg", "content", "sid"]
    assert file_keywords(rule) == []


def test_check_refuses_suricata_file_keywords(tmp_path: Path) -> None:
    require_tool("suricata")
    rules = [
        {
            "type": "suricata",
            "name": f"s{n}",
            "rule": f'alert http any any -> any any (msg:"x"; http.uri; content:"a"; {opt}; sid:1; rev:1;)',
        }
        for n, (opt, _) in enumerate(SURICATA_FILES)
    ]
    found = _codes(_corpus(tmp_path, rules))
    assert found == [("IOC527", f"/indicators/{n}/rule") for n in range(len(SURICATA_FILES))]
