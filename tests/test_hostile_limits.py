"""Bounded work per input: reporting grows linearly with keys, values and files; scalar aliases are refused
like collection aliases (IOC007); YAML inside imported feeds (a Sigma rule in a STIX bundle, CHIRP files)
is read with the corpus's bounds; Markdown from data renders in time linear in its length.

The linear-time tests compare growth ratios, never absolute times: work for 4n against work for n must stay
well below the 16x a quadratic path would need (best of three runs, process time)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.authoring.merge import merge
from compiler.authoring.readers import reader
from compiler.corpus.load import LoadError, parse_documents
from compiler.diagnostics.report import render_text
from compiler.outputs.email.markup import render
from compiler.outputs.markdown import prose
from compiler.pipeline import check
from tests.corpus_fixtures import make_corpus

SET = "indicators/test-advisory-2024/big.yaml"
HEAD = (
    "# yaml-language-server: $schema=../../schemas/indicator-set.schema.json\n"
    "id: big\nschema_version: 1\nadvisories: [test-advisory-2024]\ntitle: {de: T, en: T}\n"
    "description: {de: D, en: D}\ntlp: clear\nsource: {name: S, licence: CC0-1.0}\n"
    "defaults: {confidence: 50, valid_from: '2024-05-02'}\n"
)
GROWTH = 4
LIMIT = 9.0  # linear gives about 4, quadratic 16


def _cost(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return max(best, 1e-4)


def _ratio(make: Callable[[int], Callable[[], object]], n: int) -> float:
    small, large = make(n), make(n * GROWTH)
    small()  # warm caches and imports
    return _cost(large) / _cost(small)


def _checked(tmp_path: Path, name: str, files: dict[str, str]) -> Callable[[], object]:
    root = make_corpus(tmp_path / name, {k: v.encode() for k, v in files.items()})

    def work() -> object:
        result = check(root)
        return render_text(result.diagnostics, root, False)

    return work


def test_unknown_keys_are_reported_in_linear_time(tmp_path: Path) -> None:
    def make(n: int) -> Callable[[], object]:
        text = (
            HEAD
            + "indicators:\n  - {type: ipv4, value: 198.51.100.1}\n"
            + "".join(f"k{i}: {i}\n" for i in range(n))
        )
        return _checked(tmp_path, f"keys{n}", {SET: text})

    assert _ratio(make, 2000) < LIMIT


def test_many_values_with_findings_are_reported_in_linear_time(tmp_path: Path) -> None:
    def make(n: int) -> Callable[[], object]:
        lines = "".join(f"  - {{type: domain, value: 'd{i}.Evil.example\\n', bogus: 1}}\n" for i in range(n))
        return _checked(tmp_path, f"values{n}", {SET: HEAD + "indicators:\n" + lines})

    assert _ratio(make, 500) < LIMIT


def test_many_files_are_checked_in_linear_time(tmp_path: Path) -> None:
    def make(n: int) -> Callable[[], object]:
        files = {
            f"indicators/test-advisory-2024/s{i}.yaml": HEAD.replace("id: big", f"id: s{i}")
            + f"indicators:\n  - {{type: ipv4, value: 198.51.{i // 250}.{i % 250 + 1}}}\n"
            for i in range(n)
        }
        return _checked(tmp_path, f"files{n}", files)

    assert _ratio(make, 50) < LIMIT


@pytest.mark.parametrize(
    "unit", ["[", "![", "[a](", "[" * 3 + "]", "`` ` ", "*_", "> ", "&#", "\\", "<a "], ids=repr
)
def test_markdown_from_data_renders_in_linear_time(unit: str) -> None:
    def make(n: int) -> Callable[[], object]:
        text = (unit * (n // len(unit) + 1))[:n]
        return lambda: (render.__wrapped__(text), prose(text))

    assert _ratio(make, 4000) < LIMIT


def test_scalar_aliases_are_refused_like_collection_aliases(tmp_path: Path) -> None:
    text = (
        HEAD
        + "x: &big 'aaaa'\nindicators:\n  - {type: user-agent, value: *big}\n  - {type: file-name, value: *big}\n"
    )
    root = make_corpus(tmp_path, {SET: text.encode()})
    found = [(d.code, d.location.line) for d in check(root).diagnostics if d.location.path == SET]
    assert found == [("IOC007", 10)]  # where the anchor is


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def test_an_alias_bomb_in_a_sigma_rule_of_a_stix_bundle_is_refused_at_once() -> None:
    rule = "title: Bomb\nlogsource: {category: webserver}\n" + BOMB + "detection: {s: {x: y}, condition: s}\n"
    bundle = {
        "type": "bundle",
        "objects": [
            {
                "type": "indicator",
                "id": "indicator--1",
                "name": "bomb",
                "pattern_type": "sigma",
                "pattern": rule,
            }
        ],
    }
    started = time.process_time()
    merged = merge("id: s\ntlp: clear\nindicators: []\n", reader("stix")(json.dumps(bundle)), {})
    assert time.process_time() - started < 10  # a hang detector, not a timing test
    assert merged.added == () and "not a Sigma rule" in merged.skipped[0].reason


def test_an_alias_bomb_in_a_chirp_file_is_refused_at_once() -> None:
    started = time.process_time()
    with pytest.raises(ValueError, match="aliases"):
        reader("chirp")("ioc_type: network\n" + BOMB)
    assert time.process_time() - started < 10


def test_parse_documents_is_bounded() -> None:
    with pytest.raises(LoadError) as found:
        parse_documents("a: " + "[" * 200 + "]" * 200, "x")
    assert found.value.diagnostic.code == "IOC006"
    with pytest.raises(LoadError) as found:
        parse_documents("a: !!python/object:os.system x", "x")
    assert found.value.diagnostic.code == "IOC005"
    assert parse_documents("a: 1\n---\nb: no\n", "x") == [{"a": 1}, {"b": "no"}]


def test_a_sigma_rule_written_as_text_is_refused_without_being_parsed(tmp_path: Path) -> None:
    rule = json.dumps("title: t\n" + BOMB)
    text = HEAD + f"indicators:\n  - type: sigma\n    name: text-rule\n    rule: {rule}\n"
    root = make_corpus(tmp_path, {SET: text.encode()})
    found = [d.code for d in check(root).diagnostics if d.location.path == SET]
    assert found == ["IOC522"]


def test_a_text_longer_than_the_bound_is_refused(tmp_path: Path) -> None:
    text = HEAD.replace("description: {de: D, en: D}", f"description: {{de: D, en: '{'x' * 20001}'}}")
    root = make_corpus(
        tmp_path, {SET: (text + "indicators:\n  - {type: ipv4, value: 198.51.100.1}\n").encode()}
    )
    found = [d.code for d in check(root).diagnostics if d.location.path == SET]
    assert found == ["IOC106"]


def _yara_bundle(n: int) -> str:
    rule = "rule r {{ condition: true }} // {}"
    objects = [
        {
            "type": "indicator",
            "id": f"indicator--{i}",
            "name": "r",
            "pattern_type": "yara",
            "pattern": rule.format(i),
        }
        for i in range(n)
    ]
    return json.dumps({"type": "bundle", "objects": objects})


FEEDS: dict[str, tuple[str, Callable[[int], str]]] = {
    "text-dots": ("text", lambda n: "a." * n + "1\n"),
    "text-digits": ("text", lambda n: "1." * n + "\n"),
    "text-ats": ("text", lambda n: "a.b@" * (n // 2) + "\n"),
    "text-labels": ("text", lambda n: "ab-" * n + "\n"),
    "csv-cells": (
        "csv",
        lambda n: (
            "Indicator,Type,Tags\n" + "".join(f"198.51.{i // 250}.{i % 250},ip,TLP:CLEAR\n" for i in range(n))
        ),
    ),
    "stix-same-name": ("stix", _yara_bundle),
}


@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_imports_take_time_linear_in_their_input(feed: str) -> None:
    fmt, make_text = FEEDS[feed]

    def make(n: int) -> Callable[[], object]:
        text = make_text(n)
        return lambda: merge("id: s\ntlp: clear\nindicators: []\n", reader(fmt)(text), {})

    assert _ratio(make, 2000 if fmt != "stix" else 500) < LIMIT
