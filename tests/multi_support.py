"""The multi-advisory fixture (tests/fixtures/multi, see its README): copies that `iocc build` can build
with the site, and every byte of a built dist/."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

from compiler.cli import main
from tests.corpus_fixtures import FIXTURES, REPO

MULTI = FIXTURES / "multi"
ALPHA, BETA, GAMMA = "multi-alpha-2024", "multi-beta-2024", "multi-gamma-2024"
AMBER_SET = "beta-partner"
# What only the draft holds: no file of a public build may carry any of it.
DRAFT_MARKS = (
    GAMMA,
    "Heron",
    "heron",
    "gamma-iocs",
    "198.51.100.133",
    "CVE-2024-1003",
    "KB5100021",
    "KB5100022",
    "20.1.300.11",
    "eeeeb0b0",
)


def repository(dest: Path, corpus: Path = MULTI) -> Path:
    """A repository holding a copy of `corpus` with the site's sources, ready for `iocc build`."""
    shutil.copytree(corpus, dest)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "site", dest / "site")
    return dest


def build(root: Path, out: Path, *args: str) -> int:
    return main(["build", "--root", str(root), "--out", str(out), *args])


def dist_bytes(dist: Path) -> Iterator[tuple[str, bytes]]:
    """Every file under dist/ (the site included), a .gz file also decompressed (as `name!`)."""
    for file in sorted(dist.rglob("*")):
        if file.is_file():
            rel = file.relative_to(dist).as_posix()
            data = file.read_bytes()
            yield rel, data
            if file.suffix == ".gz":
                yield rel + "!", gzip.decompress(data)


def holding(dist: Path, marks: tuple[str, ...] | list[str]) -> dict[str, list[str]]:
    """file -> the marks its bytes (or its path) hold; empty when none holds any."""
    found: dict[str, list[str]] = {}
    encoded = [(m, m.encode("utf-8")) for m in marks]
    for rel, data in dist_bytes(dist):
        hits = [m for m, b in encoded if b in data or m in rel]
        if hits:
            found[rel] = hits
    return found
