"""The pull-request checks shipped in the repository: valid GitHub workflows, valid pre-commit hooks,
and every `iocc` command they run exists with the options they pass.

The workflows are validated against SchemaStore's GitHub workflow schema as vendored (offline) by
check-jsonschema; actionlint has no wheel that ships its binary, so it cannot be installed here.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from compiler.cli import COMMANDS, parser
from compiler.corpus.load import compose, to_data
from tests.corpus_fixtures import REPO
from tests.tools import missing

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
HOOKS = REPO / ".pre-commit-hooks.yaml"


def _yaml(path: Path) -> Any:
    rel = path.relative_to(REPO).as_posix()
    return to_data(compose(path.read_text(encoding="utf-8"), rel), rel)  # YAML 1.2: `on` stays a string


def _schema() -> dict[str, Any]:
    try:
        files = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    except ModuleNotFoundError:
        missing("check-jsonschema (it vendors the GitHub workflow schema) is not installed")
        raise
    data: dict[str, Any] = json.loads((files / "github-workflows.json").read_text(encoding="utf-8"))
    return data


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "pull-request.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_matches_the_github_schema(path: Path) -> None:
    import jsonschema

    validator = jsonschema.Draft7Validator(_schema())
    errors = sorted(validator.iter_errors(_yaml(path)), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_a_broken_workflow_is_refused() -> None:
    import jsonschema

    broken = {"on": "push", "jobs": {"x": {"runs-on": "ubuntu-latest", "steps": [{"uses": 3}]}}}
    assert list(jsonschema.Draft7Validator(_schema()).iter_errors(broken))


def _run_lines(workflow: Any) -> list[str]:
    lines: list[str] = []
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            lines += [ln.strip() for ln in str(step.get("run", "")).splitlines()]
    return lines


def _iocc_calls(lines: list[str]) -> list[list[str]]:
    calls = []
    for line in lines:
        m = re.search(r"(?:\.venv/bin/)?iocc (.+?)(?:\s*(?:>|\|\|).*)?$", line)
        if m:
            calls.append(shlex.split(m.group(1)))
    return calls


def test_pull_request_workflow_runs_the_promised_checks() -> None:
    workflow = _yaml(REPO / ".github" / "workflows" / "pull-request.yml")
    calls = _iocc_calls(_run_lines(workflow))
    verbs = [c[0] for c in calls]
    assert ["check", "--format", "github"] in calls
    assert ["check", "--format", "sarif"] in calls
    assert ["fmt", "--check", "--diff"] in calls
    assert "build" in verbs and "diff" in verbs
    uses = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert all(re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", u) for u in uses if u), uses


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_iocc_call_parses(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for call in _iocc_calls(_run_lines(_yaml(path))):
        call = [a if not a.startswith("$") and not a.startswith('"$') else "HEAD" for a in call]
        monkeypatch.setattr("sys.argv", ["iocc", *call])
        parser().parse_args(call)  # exits (fails the test) on an unknown verb or option


def test_pre_commit_hooks() -> None:
    hooks = _yaml(HOOKS)
    assert [h["id"] for h in hooks] == ["iocc-fmt", "iocc-check"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        program, verb = hook["entry"].split()
        assert program == "iocc" and verb in COMMANDS
        re.compile(hook["files"])
    assert re.search(hooks[0]["files"], "indicators/a/b.yaml") and not re.search(
        hooks[0]["files"], "README.md"
    )
