"""The build as a library call (compiler.pipeline.build), as the benchmark and other tools use it: what it
writes is what the emitters make from one context, a check compares without writing, and a refusal, a bad
option or a linked output folder leaves the output as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.outputs.context import build_context
from compiler.pipeline import as_of_date, emit_all, load_corpus
from compiler.pipeline.build import BuildOptions, BuildStopped, build, outputs
from tests.multi_support import MULTI

ONLY = frozenset({"stix", "misp", "suricata", "csv"})  # no site: the fixture has no mkdocs.yml


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MULTI, root)
    return root


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_build_writes_what_the_emitters_make_of_one_context(tmp_path: Path) -> None:
    root, out = _repo(tmp_path), tmp_path / "dist"
    steps: list[str] = []
    result = build(root, out, BuildOptions(only=ONLY, locked=True), steps.append)
    assert result.outcome == "built", [d.message for d in result.findings if d.severity.value == "error"]
    assert "checking locks/ ..." in steps and not any(d.code == "IOC501" for d in result.findings)
    corpus = load_corpus(root)
    ctx = build_context(root, as_of=as_of_date(corpus, None, root))
    wanted = {a.path: a.data for a in emit_all(corpus, ctx, ONLY).artifacts}
    written = _files(out)
    assert result.files == len(written) and written.keys() - wanted.keys() == {"SHA256SUMS"}
    assert all(written[path] == data for path, data in wanted.items())
    checked = build(root, out, BuildOptions(only=ONLY, check=True))
    assert checked.outcome == "checked" and checked.drift is not None and checked.drift.clean
    (out / "csv" / "multi-alpha-2024.csv").write_bytes(b"edited\n")
    drift = build(root, out, BuildOptions(only=ONLY, check=True)).drift
    assert drift is not None and drift.changed == ("csv/multi-alpha-2024.csv",)


def test_a_refused_build_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    root, out = _repo(tmp_path), tmp_path / "dist"
    out.mkdir()
    (out / "kept.txt").write_bytes(b"previous build\n")
    broken = root / "indicators" / "multi-alpha-2024" / "broken.yaml"
    broken.write_text("id: broken\n")
    result = build(root, out, BuildOptions(only=ONLY))
    assert result.outcome == "refused" and any(d.severity.value == "error" for d in result.findings)
    assert _files(out) == {"kept.txt": b"previous build\n"}


def test_bad_options_and_a_linked_output_stop_before_anything_is_written(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    with pytest.raises(BuildStopped, match="names no output"):
        build(root, tmp_path / "dist", BuildOptions(only=frozenset({"nothing"})))
    with pytest.raises(BuildStopped, match="2024-13-45"):
        build(root, tmp_path / "dist", BuildOptions(only=ONLY, as_of="2024-13-45"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked").symlink_to(elsewhere)
    result = build(root, tmp_path / "linked", BuildOptions(only=ONLY))
    assert result.outcome == "untouched" and [d.code for d in result.findings] == ["IOC011"]
    assert not any(elsewhere.iterdir()) and not (tmp_path / "dist").exists()
    assert {"site", "changes", "stix", "coverage"} <= outputs()
