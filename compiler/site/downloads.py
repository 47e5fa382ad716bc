"""The artifacts of the build that the site offers for download, and which advisory each belongs to.

The site never builds these files: the emitters made them, each with its owner, the indicators and rules
it holds and its TLP (compiler.outputs.artifact.Artifact), and the site reads that: an advisory's page
lists the files that belong to it, a rule shows the queries made from it. They are copied to
`<site>/files/<path in dist>`. Only TLP:CLEAR files reach the site; each is also scanned for values of
indicator sets (and ids and titles of advisories) marked more restrictively, a check on the emitters.
With `iocc build --tlp clear` (the default) no file is ever left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Final

from compiler.corpus.model import Advisory, Corpus, IndicatorSet
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.outputs.artifact import Artifact

SITE_FOLDER: Final = "files"


@dataclass(frozen=True, slots=True, kw_only=True)
class Download:
    """An artifact of the build that the site offers, under `<site>/files/<path in dist>`."""

    artifact: Artifact

    @property
    def path(self) -> str:  # relative to dist/, posix
        return self.artifact.path

    @property
    def size(self) -> int:
        return len(self.artifact.data)

    @property
    def advisory(self) -> str | None:
        return self.artifact.advisory

    @property
    def text(self) -> str:
        return self.artifact.data.decode("utf-8", errors="replace")

    @property
    def site_path(self) -> str:
        return f"{SITE_FOLDER}/{self.path}"

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


def is_public_set(s: IndicatorSet) -> bool:
    return s.tlp == Tlp.CLEAR and (s.source.tlp is None or s.source.tlp == Tlp.CLEAR)


def public_advisories(corpus: Corpus) -> tuple[Advisory, ...]:
    return tuple(a for a in corpus.advisories if a.tlp == Tlp.CLEAR)


def public_sets(corpus: Corpus, advisory_id: str) -> tuple[IndicatorSet, ...]:
    return tuple(s for s in corpus.sets_of(advisory_id) if is_public_set(s))


def forbidden_values(corpus: Corpus) -> tuple[bytes, ...]:
    """Strings that only non-CLEAR records hold: they must appear nowhere on the site."""
    public: set[str] = set()
    secret: set[str] = set()
    for s in corpus.sets:
        target = public if is_public_set(s) else secret
        for ind in s.indicators:
            target.add(ind.value)
            if ind.name:
                target.add(ind.name)
        if target is secret:
            secret.update(s.title.values())
    for adv in corpus.advisories:
        if adv.tlp == Tlp.CLEAR:
            public.update({adv.id, *adv.title.values()})
        else:
            secret.update({adv.id, *adv.title.values()})
    values = sorted(v for v in secret - public if len(v.strip()) >= 4)
    return tuple(v.encode("utf-8") for v in values)


class LeakScanner:
    """Finds the first forbidden value in a byte string (one compiled alternation)."""

    def __init__(self, values: Iterable[bytes]) -> None:
        ordered = sorted(set(values), key=lambda v: (-len(v), v))
        self._pattern = re.compile(b"|".join(re.escape(v) for v in ordered)) if ordered else None

    def find(self, data: bytes) -> bytes | None:
        if self._pattern is None:
            return None
        m = self._pattern.search(data)
        return m.group(0) if m else None


def offered(
    artifacts: Iterable[Artifact], corpus: Corpus
) -> tuple[tuple[Download, ...], tuple[Diagnostic, ...]]:
    """The artifacts the site offers, sorted by path: those marked TLP:CLEAR (an artifact says its TLP). Each
    offered file is also scanned for content only restricted records hold, in case an emitter marked it
    wrongly; a file left out either way is reported (IOC581)."""
    scanner = LeakScanner(forbidden_values(corpus))
    found: list[Download] = []
    notes: list[Diagnostic] = []
    for a in sorted(artifacts, key=lambda a: a.path):
        if a.tlp != Tlp.CLEAR:
            msg = f"dist/{a.path} is marked TLP:{a.tlp.value.upper()} and is left off the site"
        elif (leaked := scanner.find(a.data)) is not None:
            msg = f"dist/{a.path} holds content marked above TLP:CLEAR ({leaked[:40]!r}) and is left off the site"
        else:
            found.append(Download(artifact=a))
            continue
        notes.append(diagnostic("IOC581", Location(path=f"dist/{a.path}"), msg))
    return tuple(found), tuple(notes)


def owned(downloads: Iterable[Download], advisory_id: str) -> tuple[Download, ...]:
    """The files that belong to one advisory (the emitter that made each said so)."""
    return tuple(d for d in downloads if d.advisory == advisory_id)


def queries_by_item(downloads: Iterable[Download], folders: Iterable[str]) -> dict[str, tuple[Download, ...]]:
    """Query files (rules/<target>/ in `folders`) per rule they were converted from, by its item id."""
    wanted = tuple(f"rules/{f}/" for f in folders)
    found: dict[str, list[Download]] = {}
    for d in downloads:
        if d.path.startswith(wanted):
            for item in d.artifact.items:
                found.setdefault(item, []).append(d)
    return {k: tuple(v) for k, v in sorted(found.items())}


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"
