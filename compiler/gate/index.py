"""One combined index per indicator type over every list that applies to it.

Asking 60 lists one by one costs a Python call each; a corpus of 100,000 values would pay that
six million times. So the lists for one type are merged: exact strings and hostnames into one
dictionary each (value -> lists), CIDR blocks into elementary address segments that each know the
lists covering them (one bisection per lookup). Substring entries that are names (letters, digits,
dots, hyphens) match at label boundaries: every run of whole labels of the value is looked up in one
dictionary, so "mailinator.com" is found in "x.mailinator.com" without scanning 5,000 entries; the
few other substring entries and the regex lists are scanned.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from compiler.corpus.kinds import atomic_kind
from compiler.gate.lists import WarningList, interval

_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*[a-z0-9]")


class Segments:
    """Disjoint address segments [starts[i], starts[i+1]) with the lists covering each."""

    def __init__(self, intervals: Iterable[tuple[int, int, str]]) -> None:
        events: dict[int, list[tuple[int, str]]] = {}
        for start, end, slug in intervals:
            events.setdefault(start, []).append((1, slug))
            events.setdefault(end + 1, []).append((-1, slug))
        active: dict[str, int] = {}
        interned: dict[frozenset[str], frozenset[str]] = {}
        self.starts: list[int] = []
        self.covers: list[frozenset[str]] = []
        for point in sorted(events):
            for delta, slug in events[point]:
                active[slug] = active.get(slug, 0) + delta
                if active[slug] == 0:
                    del active[slug]
            key = frozenset(active)
            self.starts.append(point)
            self.covers.append(interned.setdefault(key, key))

    def lookup(self, start: int, end: int) -> set[str]:
        i = bisect.bisect_right(self.starts, start) - 1
        found: set[str] = set()
        while i < len(self.starts) and (i < 0 or self.starts[i] <= end):
            if i >= 0:
                found |= self.covers[i]
            i += 1
        return found


class TypeIndex:
    def __init__(self, wls: Iterable[WarningList]) -> None:
        self.exact: dict[str, set[str]] = {}
        self.suffix: dict[str, set[str]] = {}
        self.inner: dict[str, set[str]] = {}
        self.scans: list[tuple[str, re.Pattern[str]]] = []
        v4: list[tuple[int, int, str]] = []
        v6: list[tuple[int, int, str]] = []
        for wl in wls:
            if wl.kind == "string":
                for entry in wl.strings:
                    self.exact.setdefault(entry, set()).add(wl.slug)
            elif wl.kind == "hostname":
                for entry in wl.strings:
                    self.suffix.setdefault(entry, set()).add(wl.slug)
            elif wl.kind == "cidr":
                v4.extend((s, e, wl.slug) for s, e in zip(wl.v4.starts, wl.v4.ends, strict=True))
                v6.extend((s, e, wl.slug) for s, e in zip(wl.v6.starts, wl.v6.ends, strict=True))
            elif wl.kind == "substring":
                rest = []
                for entry in wl.substrings:
                    if _NAME.fullmatch(entry):
                        self.inner.setdefault(entry.strip("."), set()).add(wl.slug)
                    else:
                        rest.append(entry)
                if rest:
                    self.scans.append((wl.slug, re.compile("|".join(map(re.escape, rest)), re.I)))
            else:
                self.scans.extend((wl.slug, p) for p in wl.patterns)
        self.v4 = Segments(v4)
        self.v6 = Segments(v6)

    def lookup(self, kind: str, value: str) -> set[str]:
        v = value.lower()
        found = set(self.exact.get(v, ()))
        labels = v.rstrip(".").split(".")
        if self.suffix:
            for i in range(len(labels)):
                found |= self.suffix.get(".".join(labels[i:]), set())
        if self.inner:
            parts = re.split(r"[.@/:]", v)  # the labels of a name, also inside an e-mail address or URL
            for i in range(len(parts)):
                for j in range(i + 1, len(parts) + 1):
                    found |= self.inner.get(".".join(parts[i:j]), set())
        declared = atomic_kind(kind)
        if declared is not None and declared.gate.ranges:
            parsed = interval(value)
            if parsed is not None:
                version, start, end = parsed
                found |= (self.v4 if version == 4 else self.v6).lookup(start, end)
        for slug, pattern in self.scans:
            if slug not in found and pattern.search(value):
                found.add(slug)
        return found
