"""The schemas: valid 2020-12, described, closed, and in step with the Python vocabularies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest

from compiler.corpus import kinds, vocab
from compiler.corpus.load import discover, kind_of
from compiler.validate.schema import SCHEMA_DIR, schema
from tests.corpus_fixtures import REPO

SCHEMAS = sorted(SCHEMA_DIR.rglob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    data = json.loads(path.read_text())
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["$id"]
    jsonschema.Draft202012Validator.check_schema(data)


def _objects(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{where}/{i}")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_is_described_and_objects_are_closed(path: Path) -> None:
    data = json.loads(path.read_text())
    undescribed, open_objects = [], []
    for where, obj in _objects(data):
        is_condition = where.endswith("/if")  # an if-clause tests a shape, it does not define one
        if obj.get("additionalProperties") is not False and obj.get("type") == "object" and not is_condition:
            open_objects.append(where)
        for name, prop in obj["properties"].items():
            if "description" not in prop and not is_condition:
                undescribed.append(f"{where}/properties/{name}")
    assert not undescribed, f"properties without a description: {undescribed}"
    assert not open_objects, f"objects without additionalProperties: false: {open_objects}"


def test_vocabularies_match_the_schemas() -> None:
    adv, ind = schema("advisory"), schema("indicator-set")
    assert adv["$defs"]["tlp"]["enum"] == [t.value for t in vocab.Tlp]
    assert ind["$defs"]["atomic"]["properties"]["type"]["enum"] == list(kinds.atomic_names())
    assert ind["$defs"]["rule"]["properties"]["type"]["enum"] == list(kinds.rule_names())
    assert adv["properties"]["severity"]["enum"] == list(get_args(vocab.Severity))
    assert adv["properties"]["status"]["enum"] == list(get_args(vocab.Status))
    assert adv["$defs"]["step"]["properties"]["kind"]["enum"] == list(get_args(vocab.StepKind))
    assert adv["$defs"]["resource"]["properties"]["audience"]["enum"] == list(get_args(vocab.Audience))
    prod = schema("product")
    assert prod["$defs"]["release"]["properties"]["kind"]["enum"] == list(get_args(vocab.ReleaseKind))
    assert prod["properties"]["deployment"]["enum"] == list(get_args(vocab.Deployment))


@pytest.mark.parametrize("path", [*discover(REPO)], ids=lambda p: p.name)
def test_every_corpus_file_names_its_schema_on_line_one(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    kind = kind_of(path.relative_to(REPO).as_posix(), "")  # by its folder
    target = first.removeprefix("# yaml-language-server: $schema=")
    assert target != first, f"{path}: first line is not a schema modeline"
    assert (path.parent / target).resolve() == (SCHEMA_DIR / f"{kind}.schema.json").resolve()
