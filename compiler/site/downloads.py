"""The artifacts in dist/ that the site offers for download, and which advisory each belongs to.

The site never builds these files: the emitters wrote them into the staging dist/ before the site
is built. They are copied to `<site>/files/<path in dist>`. Only TLP:CLEAR content may reach the site,
so every file is scanned for values of indicator sets (and ids and titles of advisories) marked
more restrictively; a file that holds one is left out and reported. With `iocc build --tlp clear`
(the default) no file is ever left out: the emitters already kept that content out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

from compiler.model import Advisory, Corpus, IndicatorSet
from compiler.vocab import Tlp

SITE_FOLDER: Final = "files"
_SKIPPED_TOP: Final = frozenset({"site"})
_SKIPPED_FILES: Final = frozenset({"SHA256SUMS"})
_HEAD: Final = 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Download:
    path: str  # relative to dist/, posix
    size: int
    source: Path
    head: bytes = b""  # the first bytes: per-rule files name their advisory in a header comment

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
            secret.update({s.title.de, s.title.en})
    for adv in corpus.advisories:
        if adv.tlp == Tlp.CLEAR:
            public.update({adv.id, adv.title.de, adv.title.en})
        else:
            secret.update({adv.id, adv.title.de, adv.title.en})
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


def scan(dist_dir: Path | None) -> tuple[Download, ...]:
    """Every file under dist_dir except the site itself, hidden entries and the checksum list, sorted."""
    if dist_dir is None or not dist_dir.is_dir():
        return ()
    found: list[Download] = []
    for file in dist_dir.rglob("*"):
        rel = file.relative_to(dist_dir)
        if (
            file.is_symlink()
            or not file.is_file()
            or rel.parts[0] in _SKIPPED_TOP
            or rel.as_posix() in _SKIPPED_FILES
        ):
            continue
        if any(part.startswith(".") for part in rel.parts):
            continue
        with file.open("rb") as handle:
            head = handle.read(_HEAD)
        found.append(Download(path=rel.as_posix(), size=file.stat().st_size, source=file, head=head))
    return tuple(sorted(found, key=lambda d: d.path))


_TOKEN = re.compile(rb"[a-z0-9-]+")


def by_advisory(
    downloads: Iterable[Download], names: Mapping[str, frozenset[str]]
) -> dict[str, tuple[Download, ...]]:
    """Advisory id -> its files, in one pass over the downloads. A file is an advisory's when the id is
    a folder or the start of the file name (followed by '.'), when it is named after one of the
    advisory's rules (`names` maps each advisory id to its rule names and ids, names_of), or when it is
    a per-rule file under rules/ whose header names the advisory (generated rules are named by their
    own ids). An id bounded by characters outside [a-z0-9-] is exactly a maximal run of such characters,
    so the header test is a set intersection."""
    by_name: dict[str, set[str]] = {}
    for adv_id, found in names.items():
        for name in found:
            by_name.setdefault(name, set()).add(adv_id)
    ids = set(names)
    owned: dict[str, list[Download]] = {adv_id: [] for adv_id in names}
    for d in downloads:
        parts = PurePosixPath(d.path).parts
        stem = parts[-1].split(".", 1)[0]
        owners = ids.intersection(parts[:-1]) | ({stem} & ids) | by_name.get(stem, set())
        if parts[0] == "rules" and len(parts) >= 3:
            owners |= ids.intersection(t.decode("ascii") for t in _TOKEN.findall(d.head))
        for adv_id in owners:
            owned[adv_id].append(d)
    return {adv_id: tuple(found) for adv_id, found in owned.items()}


def names_of(sets: Iterable[IndicatorSet]) -> frozenset[str]:
    """Rule names and rule ids (Sigma `id`) of the sets: files per rule are named after one of them."""
    out: set[str] = set()
    for s in sets:
        for ind in s.indicators:
            if ind.name:
                out.add(ind.name)
            if isinstance(ind.rule, dict) and isinstance(ind.rule.get("id"), str):
                out.add(ind.rule["id"])
    return frozenset(out)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"
