"""The command line: exit codes, the four report formats, colour rules, and the atomic build."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from tests.cli_support import iocc
from tests.corpus_fixtures import INVALID, make_corpus

BROKEN = (INVALID / "IOC102-unknown-property.yaml").read_bytes()
BROKEN_AT = "indicators/test-advisory-2024/unknown-property.yaml"


def test_clean_corpus_exits_zero(corpus_root: Path) -> None:
    root = corpus_root
    result = iocc("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""


def test_usage_error_exits_two(corpus_root: Path) -> None:
    root = corpus_root
    assert iocc("check", "--format", "xml", cwd=root).returncode == 2
    assert iocc("no-such-verb", cwd=root).returncode == 2
    assert iocc("check", "missing.yaml", cwd=root).returncode == 2


def test_text_format_is_compiler_style_with_caret(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, {BROKEN_AT: BROKEN})
    result = iocc("check", cwd=root, env={"NO_COLOR": "1"})
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"{BROKEN_AT}:15:5: error[IOC102] /indicators/0/confidance: unknown property 'confidance'; "
        "did you mean 'confidence'?"
    )
    assert lines[1].endswith("|     confidance: 70")
    assert lines[2].endswith("|     ^")
    assert "\x1b[" not in result.stderr


def test_json_format(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, {BROKEN_AT: BROKEN})
    result = iocc("check", "--format", "json", cwd=root)
    found = json.loads(result.stdout)["diagnostics"]
    assert [(d["code"], d["line"], d["column"], d["pointer"]) for d in found] == [
        ("IOC102", 15, 5, "/indicators/0/confidance")
    ]


def test_github_format(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, {BROKEN_AT: BROKEN})
    result = iocc("check", "--format", "github", cwd=root)
    assert result.stdout.startswith(
        f"::error file={BROKEN_AT},line=15,col=5,title=IOC102::/indicators/0/confidance"
    )


def test_sarif_format_is_sarif_2_1_0(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, {BROKEN_AT: BROKEN})
    sarif = json.loads(iocc("check", "--format", "sarif", cwd=root).stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["rules"][0]["id"] == "IOC102"
    result = run["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (result["ruleId"], result["level"], region["startLine"], region["startColumn"]) == (
        "IOC102",
        "error",
        15,
        5,
    )
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == BROKEN_AT


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    warn = (INVALID / "IOC306-set-more-restricted.yaml").read_bytes()
    root = make_corpus(tmp_path, {"indicators/test-advisory-2024/set-more-restricted.yaml": warn})
    assert iocc("check", cwd=root).returncode == 0
    assert iocc("check", "--strict", cwd=root).returncode == 1


def test_colour_only_on_a_terminal() -> None:
    from compiler.diagnostics.report import use_colour

    class Tty:
        def isatty(self) -> bool:
            return True

    os.environ.pop("NO_COLOR", None)
    assert use_colour(Tty())
    assert not use_colour(sys.stderr) or sys.stderr.isatty()
    os.environ["NO_COLOR"] = "1"
    try:
        assert not use_colour(Tty())
    finally:
        del os.environ["NO_COLOR"]


def test_failed_build_leaves_previous_dist_untouched(corpus_root: Path) -> None:
    root = corpus_root
    dist = root / "dist"
    dist.mkdir()
    (dist / "keep.txt").write_text("previous release\n")
    (root / BROKEN_AT).parent.mkdir(parents=True, exist_ok=True)
    (root / BROKEN_AT).write_bytes(BROKEN)
    result = iocc("build", cwd=root, env={"NO_COLOR": "1"})
    assert result.returncode == 1
    assert "IOC102" in result.stderr
    assert sorted(p.name for p in dist.iterdir()) == ["keep.txt"]
    assert (dist / "keep.txt").read_text() == "previous release\n"


@pytest.mark.parametrize("verb", ["check", "build", "codes"])
def test_help_works(verb: str, tmp_path: Path) -> None:
    assert iocc(verb, "--help", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("verb", ["check", "build", "lock"])
def test_a_folder_without_a_corpus_is_a_usage_error(verb: str, tmp_path: Path) -> None:
    result = iocc(verb, "--root", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 2
    assert "holds no corpus" in result.stderr and "Traceback" not in result.stderr


def test_the_readme_opens_with_the_two_commands_and_ci_runs_the_test_one() -> None:
    root = Path(__file__).resolve().parent.parent
    lines = (root / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1 : lines.index("```")]
    assert [line.split("#")[0].strip() for line in block] == ["make build", "make test"]
    assert lines.index("```sh") <= 3
    assert "make test" in (root / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert "\nbuild:" in makefile and "\ntest:" in makefile and "iocc build --locked" in makefile


def test_an_internal_error_names_iocs_own_frame_and_asks_for_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import types

    import compiler.cli.codes as verb
    from compiler.cli import main

    # the JSON writer the verb calls fails deep inside a library (pathlib)
    failing = types.SimpleNamespace(dumps=lambda *a, **k: Path("/nonexistent/iocc/file").read_text())
    monkeypatch.setattr(verb, "json", failing)
    assert main(["codes", "--format", "json"]) == 1
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert first.startswith(verb.__file__)  # the frame of iocc's own code, not pathlib's
    assert "error[IOC900]: internal error in run(): FileNotFoundError" in first
    assert re.search(r"raised in \w+\(\) at \S*pathlib\.py:\d+", err), err
    assert "please report it" in err and "Traceback" not in err
