"""write.py: atomic swap, stale files removed, unsafe paths refused, failures leave dist/ as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.corpus.vocab import Tlp
from compiler.outputs.artifact import Artifact
from compiler.outputs.write import UnsafePath, compare_tree, write_tree


def art(path: str, data: bytes) -> Artifact:
    return Artifact(path, data, advisory=None, items=(), tlp=Tlp.CLEAR)


def test_write_replaces_the_tree_and_drops_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    write_tree([art("a/old.txt", b"old\n")], out)
    write_tree([art("a/new.txt", b"new\n")], out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "SHA256SUMS",
        "a/new.txt",
    ]
    sums = (out / "SHA256SUMS").read_text()
    assert sums.endswith("  a/new.txt\n")


@pytest.mark.parametrize("bad", ["../escape.txt", "/etc/passwd", "a/../../b", "a\\..\\b", "", "a//b"])
def test_unsafe_paths_are_refused_and_nothing_changes(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "dist"
    write_tree([art("keep.txt", b"1\n")], out)
    with pytest.raises(UnsafePath):
        write_tree([art("fine.txt", b"x"), art(bad, b"x")], out)
    assert (out / "keep.txt").read_bytes() == b"1\n"
    assert not (tmp_path / "escape.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != ".dist.lock"] == ["dist"]  # the lock stays


def test_failing_finisher_leaves_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    write_tree([art("keep.txt", b"1\n")], out)

    def explode(staging: Path) -> None:
        raise RuntimeError("site build failed")

    with pytest.raises(RuntimeError):
        write_tree([art("new.txt", b"2\n")], out, finishers=[explode])
    assert sorted(p.name for p in out.iterdir()) == ["SHA256SUMS", "keep.txt"]


def test_compare_tree_reports_drift(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    write_tree([art("a.txt", b"1"), art("b.txt", b"2")], out)
    drift = compare_tree([art("a.txt", b"1"), art("b.txt", b"3"), art("c.txt", b"4")], out)
    assert (drift.added, drift.changed, drift.removed) == (("c.txt",), ("b.txt",), ("SHA256SUMS",))
