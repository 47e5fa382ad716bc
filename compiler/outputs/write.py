"""The only code that writes dist/: all artifacts into a staging folder, then one swap.

A build that fails at any point leaves the previous dist/ exactly as it was. Files that no
longer belong to the output disappear with the swap, because the new tree is complete. The lock,
the crash-safe swap and the read-only check live in compiler.outputs.swap.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from compiler.files.safepath import LinkRefused, refuse_links
from compiler.outputs import swap
from compiler.outputs.artifact import Artifact

Finisher = Callable[[Path], None]


class UnsafePath(ValueError):
    """An artifact path that would leave the output folder."""


def safe_relative(path: str) -> PurePosixPath:
    p = PurePosixPath(path)
    raw_parts = path.split("/")
    if p.is_absolute() or "\\" in path or any(part in ("..", ".", "") for part in raw_parts):
        raise UnsafePath(f"artifact path {path!r} is not a plain relative path")
    return p


def checksums(root: Path) -> bytes:
    """SHA256SUMS of every file under root, sorted by path, in `sha256sum -c` format."""
    lines = []
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = file.relative_to(root).as_posix()
        if rel == "SHA256SUMS":
            continue
        lines.append(f"{hashlib.sha256(file.read_bytes()).hexdigest()}  {rel}\n")
    return "".join(lines).encode("utf-8")


def siblings(out: Path) -> tuple[Path, Path]:
    """The staging folder and the place of the previous output, beside `out`."""
    return out.parent / f".{out.name}.staging", out.parent / f".{out.name}.previous"


def refuse_output_links(out: Path, root: Path | None = None) -> None:
    """LinkRefused when the output folder, the path to it below `root`, or its staging or previous folder is
    a symbolic link: the writer removes and replaces these, and would do so wherever a link points."""
    out = Path(os.path.abspath(out))
    refuse_links(out, root)
    for sibling in (*siblings(out), swap.lock_path(out)):
        if sibling.is_symlink():
            raise LinkRefused(sibling)


def write_tree(
    artifacts: Iterable[Artifact], out: Path, finishers: Iterable[Finisher] = (), *, root: Path | None = None
) -> int:
    """Write artifacts to `out` atomically; run finishers (e.g. the site build) on the staging folder
    before the swap. Returns the number of files written. Raises on any failure, leaving `out` as it was;
    LinkRefused, before anything is removed, when a link leads to or from the output (refuse_output_links)."""
    out = Path(os.path.abspath(out))  # never resolved: a link is refused, not followed
    refuse_output_links(out, root)
    staging, previous = siblings(out)
    with swap.locked(out):  # one build at a time stages and swaps
        swap.recover(out, previous)
        swap.replaceable(out)
        for leftover in (staging, previous):
            if leftover.exists():
                shutil.rmtree(leftover)
        staging.mkdir(parents=True)
        try:
            count = _stage(artifacts, staging, finishers)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        swap.exchange(staging, out, previous)
    return count


def _stage(artifacts: Iterable[Artifact], staging: Path, finishers: Iterable[Finisher]) -> int:
    seen: set[PurePosixPath] = set()
    for artifact in artifacts:
        rel = safe_relative(artifact.path)
        if rel in seen:
            raise UnsafePath(f"two artifacts claim {artifact.path!r}")
        seen.add(rel)
        target = staging.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(artifact.data)
    for finish in finishers:
        finish(staging)
    (staging / "SHA256SUMS").write_bytes(checksums(staging))
    return sum(1 for p in staging.rglob("*") if p.is_file())


@dataclass(frozen=True, slots=True)
class Drift:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return not (self.added or self.changed or self.removed)


def compare_tree(
    artifacts: Iterable[Artifact], out: Path, ignore: Callable[[str], bool] = lambda p: False
) -> Drift:
    """What writing `artifacts` would change in `out` (for `build --check`)."""
    wanted = {str(safe_relative(a.path)): a.data for a in artifacts}
    present = (
        {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()} if out.is_dir() else {}
    )
    present = {k: v for k, v in present.items() if not ignore(k)}
    added = sorted(k for k in wanted if k not in present)
    removed = sorted(k for k in present if k not in wanted)
    changed = sorted(k for k in wanted if k in present and present[k].read_bytes() != wanted[k])
    return Drift(tuple(added), tuple(changed), tuple(removed))
