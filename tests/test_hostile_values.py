"""One validator path for values: the fast and the slow schema validator agree (`$` is the end of the text),
control characters, line and paragraph separators and bidi controls are refused in every field (IOC107),
canonical forms never strip them away, and text reports never send raw escape sequences to a terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from compiler.corpus.kinds import atomic_kind, atomic_names, canonical
from compiler.diagnostics.report import render_github, render_text, visible
from compiler.pipeline import check
from compiler.validate.schema import SCHEMA_DIR, SCHEMA_FILES, _slow
from tests.corpus_fixtures import make_corpus

BAD = (
    "\n",
    "\r",
    "\r\n",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1b[31m",
    "\x9b2J",
    "\u202e",
    "\u2066",
    "\x00",
    "\ufeff",
)
SET_PATH = "indicators/test-advisory-2024/test-set.yaml"
ADV_PATH = "advisories/2024/test-advisory-2024.yaml"


def _patterns() -> list[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.add(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in SCHEMA_FILES.values():
        walk(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))
    return sorted(found)


SAMPLES = (
    "2021-03-02", "2021-03-02T10:00:00Z", "https://example.com/a", "CVE-2021-26855", "T1190", "T1190.001",
    "test-set", "a", "CWE-918", "KB5000871", "15.2.792.10", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "attack.t1190", "3.1", "CU19", "x-y", "1.0", "exchange-2019",
)  # fmt: skip


@pytest.mark.parametrize("pattern", _patterns())
def test_fast_and_slow_validators_agree_on_every_pattern(pattern: str) -> None:
    import jsonschema

    schema = {"type": "string", "pattern": pattern}
    fast = jsonschema_rs.validator_for(schema)
    cls = jsonschema.validators.extend(
        jsonschema.Draft202012Validator, {"pattern": _slow("advisory").VALIDATORS["pattern"]}
    )
    slow = cls(schema)
    for sample in SAMPLES:
        for value in (sample, *(sample + b for b in BAD), *(b + sample for b in BAD)):
            assert fast.is_valid(value) == slow.is_valid(value), (pattern, value)


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_fast_and_slow_validators_agree_on_formats(kind: str) -> None:
    for fmt, good in (
        ("date", "2021-03-02"),
        ("date-time", "2021-03-02T10:00:00Z"),
        ("uri", "https://example.com/"),
    ):
        schema = {"type": "string", "format": fmt}
        fast = jsonschema_rs.validator_for(schema, validate_formats=True)
        import jsonschema

        slow = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        for value in (good, *(good + b for b in BAD)):
            if fast.is_valid(value) != slow.is_valid(value):
                # Where they differ, the schemas also hold a pattern that both read alike (tested above).
                assert not fast.is_valid(value) or not slow.is_valid(value)


def _set_with(field: str, value: str) -> bytes:
    """The valid fixture set with one field replaced by a JSON (and so YAML) string."""
    root = Path(__file__).parent / "fixtures" / "valid"
    text = (root / SET_PATH).read_text(encoding="utf-8")
    quoted = json.dumps(value)
    replacements = {
        "id": ("id: test-set", f"id: {quoted}"),
        "domain": ("value: evil.example", f"value: {quoted}"),
        "sha256": (
            "value: 5f1c0d2a9e2b4c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
            f"value: {quoted}",
        ),
        "ipv4": ("value: 203.0.113.7", f"value: {quoted}"),
        "user-agent": ('value: "python-requests/2.0"', f"value: {quoted}"),
        "source": ("source: {name: Test source,", f"source: {{name: {quoted},"),
        "title": ("title: {de: Testindikatoren,", f"title: {{de: {quoted},"),
        "date": ('valid_from: "2024-05-02"', f"valid_from: {quoted}"),
    }
    old, new = replacements[field]
    assert old in text
    return text.replace(old, new).encode("utf-8")


CASES = [
    ("id", "test-set\n"),
    ("domain", "evil.example\n"),
    ("domain", "evil\u2028.example"),
    ("sha256", "5f1c0d2a9e2b4c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d\n"),
    ("ipv4", "203.0.113.7\u2029"),
    ("user-agent", "python-requests/2.0\x85index.aspx"),
    ("user-agent", "python\u202erequests"),
    ("source", "Test\x1b[2Jsource"),
    ("source", "Test\nsource"),
    ("title", "Titel\u2028zweite Zeile"),
    ("title", "Titel\x9b31m"),
    ("date", "2024-05-02\n"),
]


@pytest.mark.parametrize(
    ("field", "value"), CASES, ids=[f"{f}-{v.encode('unicode_escape').decode()}" for f, v in CASES]
)
def test_control_and_separator_characters_are_refused_everywhere(
    tmp_path: Path, field: str, value: str
) -> None:
    root = make_corpus(tmp_path, {SET_PATH: _set_with(field, value)})
    result = check(root)
    codes = {d.code for d in result.diagnostics if d.location.path == SET_PATH}
    assert "IOC107" in codes, [(d.code, d.message) for d in result.diagnostics]
    assert result.corpus is None


def test_a_line_break_stays_allowed_in_multi_line_text(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, {SET_PATH: _set_with("title", "Erste Zeile\nzweite Zeile")})
    assert check(root).corpus is not None


def example(kind: str) -> str:
    declared = atomic_kind(kind)
    assert declared is not None
    return declared.example


@pytest.mark.parametrize("kind", sorted(atomic_names()))
@pytest.mark.parametrize("bad", BAD)
def test_canonical_forms_never_strip_a_forbidden_character(kind: str, bad: str) -> None:
    sample = example(kind)  # each type's declared example (compiler.corpus.kinds)
    canonical(kind, sample)
    for value in (sample + bad, bad + sample):
        with pytest.raises(ValueError):
            canonical(kind, value)


def test_text_reports_neutralise_terminal_escape_sequences(tmp_path: Path) -> None:
    hostile = "Test\x1b]0;owned\x07\x1b[2J\x9b31m\u202esource"
    root = make_corpus(tmp_path, {SET_PATH: _set_with("source", hostile)})
    result = check(root)
    for renderer in (render_text, render_github):
        out = renderer(result.diagnostics, root, False)
        assert not any(c in out for c in "\x1b\x07\x9b\u202e"), repr(out)
        assert "\\x1b" in out or "\\x1b" in visible(hostile)
    assert visible("a\nb\x1bc\u2028d") == "a\\nb\\x1bc\\u2028d"
