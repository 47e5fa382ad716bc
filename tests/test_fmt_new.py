"""`iocc new`: skeletons with the schema modeline and every required field, refused by check until filled."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from compiler.authoring.fmt import format_text
from compiler.cli import main
from compiler.corpus.load import Kind, compose, to_data
from compiler.pipeline import check
from tests.corpus_fixtures import REPO


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "advisories").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    return root


def _required_paths(schema: dict, node: dict, data: object, prefix: str = "") -> list[str]:  # type: ignore[type-arg]
    """Every required property, recursively, that `data` lacks."""
    if "$ref" in node:
        ref = node["$ref"].removeprefix("#/$defs/")
        return _required_paths(schema, schema["$defs"][ref], data, prefix)
    missing: list[str] = []
    if isinstance(data, dict):
        for key in node.get("required", []):
            if key not in data:
                missing.append(prefix + "/" + key)
        for key, sub in node.get("properties", {}).items():
            if key in data:
                missing += _required_paths(schema, sub, data[key], prefix + "/" + key)
    elif isinstance(data, list) and isinstance(node.get("items"), dict) and "if" not in node["items"]:
        for i, item in enumerate(data):
            missing += _required_paths(schema, node["items"], item, f"{prefix}/{i}")
    return missing


def _texts(data: object) -> list[str]:
    if isinstance(data, dict):
        if set(data) == {"de", "en"}:
            return [str(data["de"]), str(data["en"])]
        return [t for v in data.values() for t in _texts(v)]
    if isinstance(data, list):
        return [t for v in data for t in _texts(v)]
    return []


def test_new_advisory_and_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _repo(tmp_path)
    assert main(["new", "advisory", "test-new-2025", "--date", "2025-01-02", "--root", str(root)]) == 0
    assert main(["new", "indicators", "test-new-2025", "feed", "--root", str(root)]) == 0
    cases: tuple[tuple[str, Kind, str], ...] = (
        ("advisories/2025/test-new-2025.yaml", "advisory", "advisory.schema.json"),
        ("indicators/test-new-2025/feed.yaml", "indicator-set", "indicator-set.schema.json"),
    )
    for rel, kind, schema_file in cases:
        text = (root / rel).read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{schema_file}\n")
        assert format_text(text, kind) == text  # already in fmt's canonical form
        data = to_data(compose(text, rel), rel)
        schema = json.loads((REPO / "schemas" / schema_file).read_text(encoding="utf-8"))
        assert _required_paths(schema, schema, data) == []
        texts = _texts(data)
        assert texts and all(t.startswith("TODO") for t in texts)
    set_data = to_data(compose((root / "indicators/test-new-2025/feed.yaml").read_text(), "x"), "x")
    assert set_data["advisories"] == ["test-new-2025"] and set_data["defaults"]["valid_from"] == "2025-01-02"
    result = check(root)
    assert result.corpus is None
    assert {d.location.path for d in result.diagnostics if d.severity.value == "error"} == {
        "advisories/2025/test-new-2025.yaml",
        "indicators/test-new-2025/feed.yaml",
    }


def test_new_refuses_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _repo(tmp_path)
    assert main(["new", "advisory", "Bad_Id", "--root", str(root)]) == 2
    assert main(["new", "advisory", "ok-id", "--date", "2025-02-30", "--root", str(root)]) == 2
    assert main(["new", "indicators", "no-such-advisory", "feed", "--root", str(root)]) == 2
    assert main(["new", "advisory", "ok-id", "--date", "2025-02-03", "--root", str(root)]) == 0
    before = (root / "advisories/2025/ok-id.yaml").read_text()
    assert main(["new", "advisory", "ok-id", "--date", "2025-02-03", "--root", str(root)]) == 2
    assert (root / "advisories/2025/ok-id.yaml").read_text() == before
    assert "exists already" in capsys.readouterr().err
