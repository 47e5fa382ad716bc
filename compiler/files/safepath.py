"""Paths of the repository without symbolic links: iocc follows no link it finds there.

A link is committed like any file, and a hostile one is short: `indicators/x/a.yaml -> /proc/self/environ`
would print the CI environment in every report format, `dist -> .` would let a build empty the checkout.
So every reader of corpus, config and lock files, the report's source lines, the site's own pages and the
writer of dist/ ask here first; a link anywhere below the repository root (the path itself included) is
refused with the link's name and target. Links above the root (the user's own set-up) are not ours to judge.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

__all__ = ["LinkRefused", "first_link", "read_bytes", "refuse_links", "root_of"]


class LinkRefused(OSError):
    """A path of the repository leads through a symbolic link."""

    def __init__(self, link: Path) -> None:
        try:
            target = os.readlink(link)
        except OSError:  # pragma: no cover - gone since it was seen
            target = "?"
        self.link = link
        self.target = target
        super().__init__(self.describe())

    def describe(self, root: Path | None = None) -> str:
        """What was refused, the link named relative to `root` when it lies below it."""
        shown = self.link.as_posix()
        if root is not None:
            base = Path(os.path.abspath(root))
            if base in self.link.parents:
                shown = self.link.relative_to(base).as_posix()
        return f"{shown} is a symbolic link (to {self.target}); iocc follows no link in the repository"


def first_link(path: Path, root: Path | None = None) -> Path | None:
    """The first symbolic link on `path`, from the first component below `root` down to `path` itself.

    Without `root`, or for a path outside it, only `path` itself is looked at."""
    here = Path(os.path.abspath(path))
    start = len(here.parts) - 1
    if root is not None:
        base = Path(os.path.abspath(root))
        if here == base or base in here.parents:
            start = len(base.parts)
    current = Path(*here.parts[:start]) if start else Path(here.anchor)
    for part in here.parts[start:]:
        current = current / part
        if current.is_symlink():
            return current
    return None


def refuse_links(path: Path, root: Path | None = None) -> None:
    """Raise LinkRefused when `path` leads through a link below `root` (see first_link)."""
    link = first_link(path, root)
    if link is not None:
        raise LinkRefused(link)


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    """The bytes of a file of the repository; LinkRefused for a link, and the final open follows none."""
    refuse_links(path, root)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def root_of(path: Path, rel: str) -> Path | None:
    """The repository root of `path`, known as `rel` relative to it; None when `rel` is not relative."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or Path(*path.parts[-len(parts) :]) != Path(*parts):
        return None
    return Path(*path.parts[: -len(parts)]) if len(path.parts) > len(parts) else Path(".")
