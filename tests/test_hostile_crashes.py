"""Inputs that made iocc fail internally (IOC900) are located findings now: huge integers (IOC012), ids
that cannot name output files (IOC311), Sigma metadata of the wrong type (IOC522), oversized CSV cells and
malformed MISP or STIX JSON (a plain refusal of the import)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.pipeline import check
from tests.cli_support import iocc
from tests.corpus_fixtures import VALID, make_corpus

SET = "indicators/test-advisory-2024/test-set.yaml"
ADV = "advisories/2024/test-advisory-2024.yaml"
VALID_SET = (VALID / SET).read_text(encoding="utf-8")
VALID_ADV = (VALID / ADV).read_text(encoding="utf-8")


def _codes(tmp_path: Path, files: dict[str, str]) -> list[str]:
    root = make_corpus(tmp_path, {k: v.encode() for k, v in files.items()})
    result = check(root)
    return sorted({d.code for d in result.diagnostics if d.severity.value == "error"})


@pytest.mark.parametrize(
    "text",
    [
        VALID_SET.replace("confidence: 80", "confidence: " + "9" * 5000),
        VALID_SET.replace("confidence: 80", "confidence: -" + "1" * 4400),
        VALID_SET + "extra: " + "7" * 101 + "\n",
    ],
    ids=["confidence", "negative", "unknown-key"],
)
def test_a_huge_integer_is_a_located_finding(tmp_path: Path, text: str) -> None:
    assert _codes(tmp_path, {SET: text}) == ["IOC012"]


@pytest.mark.parametrize("ident", ["all", "index", "con", "nul", "prn", "aux", "com1", "lpt9"])
def test_reserved_advisory_ids_are_refused(tmp_path: Path, ident: str) -> None:
    text = VALID_ADV.replace("id: test-advisory-2024", f"id: {ident}")
    assert _codes(tmp_path, {f"advisories/2024/{ident}.yaml": text}) == ["IOC311"]


def test_csaf_file_names_of_two_advisories_never_collide(tmp_path: Path) -> None:
    other = "test-advisory-2024-de"  # its English document is test-advisory-2024's German one
    text = VALID_ADV.replace("id: test-advisory-2024", f"id: {other}")
    assert _codes(tmp_path, {f"advisories/2024/{other}.yaml": text}) == ["IOC311"]


def _sigma(rule_id: str = "0f6f2f7e-5b1c-4f0e-9a51-2d6f1b0c9e11", name: str = "s1", **metadata: str) -> str:
    extra = "".join(f"      {k}: {v}\n" for k, v in metadata.items())
    return (
        f"  - type: sigma\n    name: {name}\n    rule:\n      title: Sig\n      id: {rule_id}\n"
        "      status: test\n      description: Detects x.\n      logsource: {category: webserver}\n"
        "      detection: {sel: {cs-method: POST}, condition: sel}\n      level: high\n" + extra
    )


@pytest.mark.parametrize(
    "metadata",
    [
        {"falsepositives": "[1, 2]"},
        {"falsepositives": "[true]"},
        {"falsepositives": "[{a: b}]"},
        {"falsepositives": "[[x]]"},
        {"falsepositives": "[null]"},
        {"tags": "[{a: b}]"},
        {"references": "[1]"},
        {"author": "[x]"},
        {"related": "[{id: 1, type: derived}]"},
        {"fields": "[{a: b}]"},
    ],
    ids=lambda m: json.dumps(m),
)
def test_sigma_metadata_of_the_wrong_type_is_a_finding(tmp_path: Path, metadata: dict[str, str]) -> None:
    assert _codes(tmp_path, {SET: VALID_SET + _sigma(**metadata)}) == ["IOC522"]


@pytest.mark.parametrize(
    "change",
    [
        ("title: Sig", "title: true"),
        ("status: test", "status: 5"),
        ("{category: webserver}", "{category: [x]}"),
        ("cs-method: POST", "cs-method: [{a: b}]"),
        ("condition: sel", "condition: {sel: x}"),
    ],
)
def test_sigma_values_that_crashed_pysigma_are_findings(tmp_path: Path, change: tuple[str, str]) -> None:
    assert _codes(tmp_path, {SET: VALID_SET + _sigma().replace(*change)}) == ["IOC522"]


def test_sigma_ids_equal_but_for_case_are_refused(tmp_path: Path) -> None:
    rules = _sigma("0f6f2f7e-5b1c-4f0e-9a51-2d6f1b0c9e11") + _sigma(
        "0F6F2F7E-5B1C-4F0E-9A51-2D6F1B0C9E11", "s2"
    )
    assert _codes(tmp_path, {SET: VALID_SET + rules.replace("title: Sig\n", "title: Sig Two\n", 1)}) == [
        "IOC311"
    ]


MISP_SHAPES = (
    '{"Event": []}',
    '{"Event": "x"}',
    '{"response": {"Event": 1}}',
    '{"Event": {"Attribute": [{"type": "yara", "value": "rule a {condition: true}", "uuid": 12345}]}}',
    '{"Event": {"Attribute": [1, "a", null, {"type": 5, "value": {"a": 1}}]}}',
    '{"Event": {"Tag": "x", "Attribute": [{"type": "ip-dst", "value": "198.51.100.9", "Tag": [1, {"name": 5}]}]}}',
    "[" * 50000 + "]" * 50000,
    '{"Event": {"Attribute": [{"type": "ip-dst"',
)


@pytest.mark.parametrize("feed", MISP_SHAPES, ids=lambda f: f[:30])
def test_malformed_misp_json_is_refused_without_an_internal_error(tmp_path: Path, feed: str) -> None:
    root = make_corpus(tmp_path)
    source = tmp_path / "event.json"
    source.write_text(feed)
    result = iocc("import", str(source), "--into", "test-set", "--format", "misp", "--dry-run", cwd=root)
    assert "IOC900" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1)


def test_a_csv_cell_over_the_csv_limit_is_refused_without_an_internal_error(tmp_path: Path) -> None:
    root = make_corpus(tmp_path)
    source = tmp_path / "feed.csv"
    source.write_text('Indicator,Type\n"' + "a" * 140_000 + '",domain\n')
    result = iocc("import", str(source), "--into", "test-set", cwd=root)
    assert result.returncode == 1 and "IOC900" not in result.stderr
    assert "line 2" in result.stderr and "field larger than field limit" in result.stderr
