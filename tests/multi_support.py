"""The multi-advisory fixture (tests/fixtures/multi, see its README): copies that `iocc build` can build
with the site, and every byte of a built dist/."""

from __future__ import annotations

import dataclasses
import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

from compiler.cli import main
from compiler.corpus.model import Corpus
from compiler.corpus.vocab import Tlp
from tests.corpus_fixtures import FIXTURES, REPO

MULTI = FIXTURES / "multi"
ALPHA, BETA, GAMMA = "multi-alpha-2024", "multi-beta-2024", "multi-gamma-2024"
AMBER_SET = "beta-partner"
# What only the draft holds: no file of a public build may carry any of it. The releases its fixes name
# (KB5100021, build 20.1.300.11) are not among them: they are the catalog's public facts about a product,
# which the fleet patch table carries whole; what the draft says about them (its CVE, its fixes) is its own.
DRAFT_MARKS = (
    GAMMA,
    "Heron",
    "heron",
    "gamma-iocs",
    "198.51.100.133",
    "CVE-2024-1003",
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


def _strings(value: object) -> Iterator[str]:
    """Every string a record holds, at any depth; multi-line texts also line by line. Vocabulary
    (TLP levels) is not the record's own content."""
    if isinstance(value, Tlp):
        return
    if isinstance(value, str):
        yield value
        if "\n" in value:
            yield from (line.strip() for line in value.splitlines())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def above(corpus: Corpus, level: Tlp) -> list[str]:
    """Every value and text that only records marked above `level` hold (advisories, sets and their
    sources): the oracle of a build at `level`. Strings of 4 characters or more, longest first."""
    public: set[str] = set()
    secret: set[str] = set()
    for adv in corpus.advisories:
        (public if level.allows(adv.tlp) else secret).update(_strings(adv))
    for s in corpus.sets:
        marks = [s.tlp, *([s.source.tlp] if s.source.tlp else [])]
        (public if all(level.allows(t) for t in marks) else secret).update(_strings(s))
    return sorted((v for v in secret - public if len(v.strip()) >= 4), key=lambda v: (-len(v), v))
