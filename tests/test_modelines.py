"""Every YAML file a person edits names its schema on line one, so an editor completes and checks while
they type; the files under config/ validate against the schemas they name."""

from __future__ import annotations

import fnmatch
import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from compiler.corpus.load import compose, to_data

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "# yaml-language-server: $schema="
# Tracked YAML files that are not edited by people or whose first line belongs to another format.
EXEMPT = {
    "tests/fixtures/invalid/*": "deliberately broken inputs; line one holds the test's directives",
    "tests/fixtures/gate/IOC*": "test inputs whose first lines are the test's directives",
    "tests/golden/*": "byte copies of generated outputs",
    "tests/fixtures/import/*": "foreign formats (CHIRP) that iocc imports",
    "tests/fixtures/rules/suricata-engine.yaml": "a Suricata configuration: its %YAML directive must come first",
}
# Public schemas the non-corpus files name (editors fetch them; the tests do not).
PUBLIC = {
    "mkdocs.yml": "https://squidfunk.github.io/mkdocs-material/schema.json",
    ".pre-commit-hooks.yaml": "https://json.schemastore.org/pre-commit-hooks.json",
    ".github/workflows/*.yml": "https://json.schemastore.org/github-workflow.json",
}


def _tracked() -> list[str]:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "*.yaml", "*.yml"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:  # not a git checkout (a source archive): every YAML file in the tree
        found = [*ROOT.rglob("*.yaml"), *ROOT.rglob("*.yml")]
        skip = (".venv", "node_modules", "dist", "bench/out")
        return sorted(p.relative_to(ROOT).as_posix() for p in found if not any(s in p.parts for s in skip))
    return sorted(done.stdout.split())


def _exempt(rel: str) -> bool:
    return any(fnmatch.fnmatch(rel, pattern) for pattern in EXEMPT)


EDITED = [rel for rel in _tracked() if not _exempt(rel)]


def test_the_list_is_not_empty() -> None:
    assert {"mkdocs.yml", "config/gate.yaml", ".pre-commit-hooks.yaml"} <= set(EDITED)
    assert any(rel.startswith("indicators/") for rel in EDITED)


@pytest.mark.parametrize("rel", EDITED)
def test_line_one_names_an_existing_schema(rel: str) -> None:
    first = (ROOT / rel).read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith(PREFIX), f"{rel}: line one is not `{PREFIX}...`"
    target = first.removeprefix(PREFIX).strip()
    public = [url for pattern, url in PUBLIC.items() if fnmatch.fnmatch(rel, pattern)]
    if public:
        assert target == public[0]
        return
    if rel.startswith("tests/fixtures/"):
        # A fixture corpus names the schemas from where it lies; a fixture file copied into a temporary
        # corpus names them from the place it takes there.
        in_place = ((ROOT / rel).parent / target).resolve()
        named = ROOT / "schemas" / Path(target).name
        assert (in_place.is_file() and in_place.is_relative_to(ROOT / "schemas")) or named.is_file(), (
            f"{rel}: no schema {target}"
        )
        return
    schema_file = ((ROOT / rel).parent / target).resolve()
    assert schema_file.is_file(), f"{rel}: {target} does not exist"
    assert schema_file.is_relative_to(ROOT / "schemas")


@pytest.mark.parametrize("rel", [r for r in EDITED if r.startswith("config/") or "/config/" in r])
def test_config_files_match_their_schema(rel: str) -> None:
    path = ROOT / rel
    target = path.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix(PREFIX).strip()
    schema = json.loads((path.parent / target).read_text(encoding="utf-8"))
    data = to_data(compose(path.read_text(encoding="utf-8"), rel), rel)
    errors = [
        f"/{'/'.join(map(str, e.path))}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(data)
    ]
    assert not errors, errors


def test_a_config_schema_refuses_a_misspelt_key() -> None:
    schema = json.loads((ROOT / "schemas" / "config" / "suricata.schema.json").read_text(encoding="utf-8"))
    assert not jsonschema.Draft202012Validator(schema).is_valid({"sid_rang": [1, 2]})
    assert not jsonschema.Draft202012Validator(schema).is_valid({"sid_range": [1]})
