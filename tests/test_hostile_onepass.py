"""One pass: a file's schema errors and its value and text findings come in one report; TODO placeholders are
refused in every field that ships, not only in the German and English texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.pipeline import check
from tests.corpus_fixtures import VALID, make_corpus

SET = "indicators/test-advisory-2024/test-set.yaml"
ADV = "advisories/2024/test-advisory-2024.yaml"
VALID_SET = (VALID / SET).read_text(encoding="utf-8")
VALID_ADV = (VALID / ADV).read_text(encoding="utf-8")
PRODUCT = "products/mailserver-1.yaml"
VALID_PRODUCT = (VALID / PRODUCT).read_text(encoding="utf-8")


def _found(tmp_path: Path, path: str, text: str) -> list[tuple[str, str]]:
    root = make_corpus(tmp_path, {path: text.encode()})
    result = check(root)
    assert result.corpus is None
    return sorted((d.code, d.location.pointer) for d in result.diagnostics if d.location.path == path)


def test_schema_errors_and_value_findings_of_one_file_come_together(tmp_path: Path) -> None:
    text = (
        VALID_SET.replace("tlp: clear", "tlp: clear\nnonsense: 1")
        .replace("title: {de: Testindikatoren,", "title: {de: '',")
        .replace("value: 203.0.113.7", "value: 203.0.113.777")
        .replace(
            "value: 5f1c0d2a9e2b4c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
            "value: 5F1C0D2A9E2B4C6D8E0F1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B1C2D",
        )
    )
    assert _found(tmp_path, SET, text) == [
        ("IOC102", "/nonsense"),
        ("IOC201", "/indicators/1/value"),
        ("IOC202", "/indicators/0/value"),
        ("IOC305", "/title/de"),
    ]


def test_an_advisory_with_a_schema_error_also_gets_its_text_findings(tmp_path: Path) -> None:
    text = VALID_ADV.replace("severity: high", "severity: extreme").replace(
        "  en: Test advisory on a mail server", "  en: 'TODO: title'"
    )
    assert _found(tmp_path, ADV, text) == [("IOC104", "/severity"), ("IOC305", "/title/en")]


@pytest.mark.parametrize(
    ("path", "old", "new", "pointer"),
    [
        (SET, "source: {name: Test source,", "source: {name: TODO,", "/source/name"),
        (SET, "licence: CC0-1.0}", "licence: 'TODO: licence'}", "/source/licence"),
        (PRODUCT, "vendor: Example", "vendor: TODO", "/vendor"),
        (PRODUCT, "name: Mailserver 1\n", "name: TBD\n", "/name"),
        (PRODUCT, "name: Mailserver 1 CU1\n", "name: TODO\n", "/releases/0/name"),
        (ADV, "    name: TESTACTOR", "    name: FIXME", "/threat_actors/0/name"),
        (ADV, "    name: Test Shell", "    name: TODO shell name", "/malware/0/name"),
    ],
)
def test_placeholders_are_refused_in_every_field_that_ships(
    tmp_path: Path, path: str, old: str, new: str, pointer: str
) -> None:
    base = {SET: VALID_SET, ADV: VALID_ADV, PRODUCT: VALID_PRODUCT}[path]
    assert old in base
    assert _found(tmp_path, path, base.replace(old, new, 1)) == [("IOC305", pointer)]


def test_a_value_that_reads_todo_is_a_value(tmp_path: Path) -> None:
    text = VALID_SET + "  - type: file-name\n    value: TODO.exe\n"
    root = make_corpus(tmp_path, {SET: text.encode()})
    assert check(root).corpus is not None
