"""Builds at once, builds killed, outputs that cannot be replaced: one lock guards staging and swap, a kill
leaves a usable dist/ (or the previous one, put back by the next run), and a dist/ that cannot be replaced
is an error that says what happened."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.corpus.vocab import Tlp
from compiler.outputs import swap
from compiler.outputs.artifact import Artifact
from compiler.outputs.write import siblings, write_tree
from tests.corpus_fixtures import make_corpus


def _valid(out: Path) -> bool:
    """The folder holds exactly the files SHA256SUMS lists, with those hashes."""
    sums = out / "SHA256SUMS"
    if not sums.is_file():
        return False
    listed = {}
    for line in sums.read_text().splitlines():
        digest, rel = line.split("  ", 1)
        listed[rel] = digest
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    return present == set(listed) and all(
        hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest for rel, digest in listed.items()
    )


def test_two_writers_at_once_never_share_staging(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    trees = {
        name: [
            Artifact(f"{name}/{i}.txt", f"{name}{i}\n".encode(), advisory=None, items=(), tlp=Tlp.CLEAR)
            for i in range(50)
        ]
        for name in "ab"
    }
    errors: list[BaseException] = []
    started = threading.Event()

    def slow(staging: Path) -> None:
        started.set()
        time.sleep(0.5)  # the other writer tries to stage meanwhile

    def run(name: str, finishers: list[object]) -> None:
        try:
            write_tree(trees[name], out, finishers=finishers)  # type: ignore[arg-type]
        except BaseException as exc:
            errors.append(exc)

    first = threading.Thread(target=run, args=("a", [slow]))
    first.start()
    started.wait(5)
    second = threading.Thread(target=run, args=("b", []))
    second.start()
    first.join(20)
    second.join(20)
    assert errors == []
    assert _valid(out)
    assert sorted(p.parent.name for p in out.rglob("*.txt")) == ["b"] * 50  # the later writer's tree, whole
    assert not any(p.exists() for p in siblings(out))


def test_a_kill_between_the_two_renames_is_recovered_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    write_tree([Artifact("old.txt", b"old\n", advisory=None, items=(), tlp=Tlp.CLEAR)], out)
    monkeypatch.setattr(swap, "_renameat2_exchange", lambda a, b: False)  # the two-rename path
    real_rename = Path.rename

    def killed(self: Path, target: Path) -> Path:
        if self.name == ".dist.staging":
            raise SystemExit("killed between the renames")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", killed)
    with pytest.raises(SystemExit):
        write_tree([Artifact("new.txt", b"new\n", advisory=None, items=(), tlp=Tlp.CLEAR)], out)
    monkeypatch.setattr(Path, "rename", real_rename)
    _, previous = siblings(out)
    assert not out.exists() and previous.is_dir()  # the state a kill leaves
    assert swap.recover(out, previous) and (out / "old.txt").read_bytes() == b"old\n" and _valid(out)
    write_tree([Artifact("new.txt", b"new\n", advisory=None, items=(), tlp=Tlp.CLEAR)], out)
    assert (out / "new.txt").is_file() and not (out / "old.txt").exists() and _valid(out)


def test_the_next_build_puts_back_what_a_kill_left(corpus_root: Path) -> None:
    root = corpus_root
    assert main(["build", "--root", str(root), "--only", "csv"]) == 0
    out = root / "dist"
    _, previous = siblings(out)
    out.rename(previous)  # as after a kill between the renames
    assert main(["build", "--root", str(root), "--only", "csv"]) == 0
    assert _valid(out) and not previous.exists()


def test_killed_builds_always_leave_a_usable_output(corpus_root: Path) -> None:
    root = corpus_root
    out = root / "dist"
    cmd = [sys.executable, "-m", "compiler", "build", "--root", str(root), "--only", "csv,yara,loki"]
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 0
    rng = random.Random(16)
    for _ in range(12):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _, previous = siblings(out)
        assert _valid(out) or (not out.exists() and _valid(previous))
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 0
    assert _valid(out)


def test_builds_started_together_both_succeed_with_a_whole_tree(corpus_root: Path) -> None:
    root = corpus_root
    cmd = [sys.executable, "-m", "compiler", "build", "--root", str(root), "--only", "csv,yara,loki,stix"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    assert _valid(root / "dist")


def test_a_read_only_output_is_an_error_and_stays_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_corpus(tmp_path)
    assert main(["build", "--root", str(root), "--only", "csv"]) == 0
    out = root / "dist"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real_access = os.access
    # As root, chmod does not stop this process: the check is asked the question a read-only tree answers.
    monkeypatch.setattr(
        "compiler.outputs.swap.os.access",
        lambda p, m: False if str(p).startswith(str(out)) else real_access(p, m),
    )
    capsys.readouterr()
    assert main(["build", "--root", str(root), "--only", "csv,yara"]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "unchanged" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_old_output_that_resists_removal_is_reported_truthfully(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_corpus(tmp_path)
    assert main(["build", "--root", str(root), "--only", "csv"]) == 0

    def refuse(path: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted", str(path))

    monkeypatch.setattr("compiler.outputs.swap.shutil.rmtree", refuse)
    capsys.readouterr()
    assert main(["build", "--root", str(root), "--only", "csv,yara"]) == 2
    err = capsys.readouterr().err
    assert "the new output is in place" in err and "unchanged" not in err
    assert _valid(root / "dist") and (root / "dist" / "rules" / "yara").is_dir()
