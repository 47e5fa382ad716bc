"""MISP warninglists, read from the files pymispwarninglists bundles, and indexed for fast lookups.

pymispwarninglists' own `slow_search` costs about 150 ms per value (TOOLING.md), so each list is
loaded once and indexed by its type: exact strings in a set, hostnames as a suffix set, CIDR blocks
as merged integer intervals searched by bisection, substrings and regular expressions as they are.
A list is known by its folder name in the MISP repository (its slug), e.g. `empty-hashes`.
"""

from __future__ import annotations

import bisect
import importlib.util
import ipaddress
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import orjson

from compiler.corpus.kinds import atomic


def data_dir() -> Path:
    """The warninglists folder inside the installed pymispwarninglists package (no network). Found
    without importing the package, whose import pulls jsonschema (about a second)."""
    spec = importlib.util.find_spec("pymispwarninglists")
    if spec is None or spec.origin is None:
        raise RuntimeError("pymispwarninglists is not installed; it bundles the MISP warninglists")
    return Path(spec.origin).parent / "data" / "misp-warninglists" / "lists"


def list_path(slug: str) -> Path:
    return data_dir() / slug / "list.json"


@cache
def available() -> tuple[str, ...]:
    return tuple(sorted(p.parent.name for p in data_dir().glob("*/list.json")))


@dataclass(frozen=True, slots=True)
class Meta:
    slug: str
    name: str
    types: frozenset[str]  # iocc types the list applies to


def _types(attributes: list[str]) -> frozenset[str]:
    """The iocc types a list applies to: those whose declarations name one of its MISP attribute types
    (compiler.corpus.kinds, `Gate.misp`)."""
    return frozenset(k.name for k in atomic() if not set(attributes).isdisjoint(k.gate.misp))


@cache
def meta(slug: str) -> Meta:
    """A list's name and types without reading its entries: the MISP files end with those keys,
    and some lists hold a million entries."""
    path = list_path(slug)
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 16384))
        tail = handle.read()
    at = tail.rfind(b'"matching_attributes"')
    try:
        raw = orjson.loads(b"{" + tail[at:]) if at >= 0 else None
    except orjson.JSONDecodeError:
        raw = None
    if not isinstance(raw, dict) or "name" not in raw:
        wl = load(slug)
        return Meta(slug=slug, name=wl.name, types=wl.types)
    return Meta(slug=slug, name=str(raw["name"]), types=_types(list(raw.get("matching_attributes", []))))


@dataclass(slots=True)
class Ranges:
    """Merged [start, end] integer intervals of one IP version, searched by bisection."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, pairs: list[tuple[int, int]]) -> Ranges:
        out = cls()
        for start, end in sorted(pairs):
            if out.ends and start <= out.ends[-1] + 1:
                out.ends[-1] = max(out.ends[-1], end)
            else:
                out.starts.append(start)
                out.ends.append(end)
        return out

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, end) - 1
        return i >= 0 and self.ends[i] >= start


@dataclass(slots=True)
class WarningList:
    slug: str
    name: str
    kind: str  # string, substring, hostname, cidr, regex
    types: frozenset[str]  # iocc types the list applies to
    strings: frozenset[str] = frozenset()
    substrings: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    v4: Ranges = field(default_factory=Ranges)
    v6: Ranges = field(default_factory=Ranges)

    def matches(self, kind: str, value: str) -> bool:
        """`value` is canonical for `kind` (lower-case hashes and domains, compressed IPs)."""
        v = value.lower()
        if self.kind == "cidr":
            return _in_ranges(self, v)
        if self.kind == "string":
            return v in self.strings
        if self.kind == "hostname":
            host = v.rstrip(".")
            labels = host.split(".")
            return any(".".join(labels[i:]) in self.strings for i in range(len(labels)))
        if self.kind == "substring":  # one alternation: thousands of literals in a single C scan
            return any(p.search(v) for p in self.patterns)
        return any(p.search(value) for p in self.patterns)


@lru_cache(maxsize=4096)
def interval(value: str) -> tuple[int, int, int] | None:
    """(IP version, first, last address) of an address or network; parsed once for every list."""
    pair = _ipv4_range(value)
    if pair is not None:
        return (4, *pair)
    try:
        net = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return None
    return (net.version, int(net.network_address), int(net.broadcast_address))


def _in_ranges(wl: WarningList, value: str) -> bool:
    found = interval(value)
    if found is None:
        return False
    version, start, end = found
    return (wl.v4 if version == 4 else wl.v6).overlaps(start, end)


_IPV4 = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:/(\d{1,2}))?")


def _ipv4_range(entry: str) -> tuple[int, int] | None:
    """An IPv4 address or network as an integer interval; a fast path for lists of 60,000 entries."""
    m = _IPV4.fullmatch(entry.strip())
    if m is None:
        return None
    octets = [int(x) for x in m.groups()[:4]]
    prefix = int(m.group(5)) if m.group(5) else 32
    if max(octets) > 255 or prefix > 32:
        return None
    address = (octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]
    size = 1 << (32 - prefix)
    start = address & ~(size - 1) & 0xFFFFFFFF
    return start, start + size - 1


def _regex(entry: str) -> re.Pattern[str] | None:
    m = re.fullmatch(r"/(.*)/([a-z]*)", entry, re.S)
    body, flags = (m.group(1), m.group(2)) if m else (entry, "")
    try:
        return re.compile(body, re.I if "i" in flags else 0)
    except re.error:
        return None


@cache
def load(slug: str) -> WarningList:
    """One list, read and indexed on first use."""
    raw = orjson.loads(list_path(slug).read_bytes())
    kind = str(raw["type"])
    entries = [str(e) for e in raw.get("list", [])]
    types = _types(list(raw.get("matching_attributes", [])))
    wl = WarningList(slug=slug, name=str(raw.get("name", slug)), kind=kind, types=types)
    if kind == "cidr":
        v4: list[tuple[int, int]] = []
        v6: list[tuple[int, int]] = []
        for entry in entries:
            pair = _ipv4_range(entry)
            if pair is not None:
                v4.append(pair)
                continue
            try:
                net = ipaddress.ip_network(entry.strip(), strict=False)
            except ValueError:
                continue
            (v4 if net.version == 4 else v6).append((int(net.network_address), int(net.broadcast_address)))
        wl.v4, wl.v6 = Ranges.build(v4), Ranges.build(v6)
    elif kind in ("string", "hostname"):
        # Most entries are clean already; only the odd ones pay for normalising (lists of a million).
        odd = [e for e in entries if not e.islower() or e[:1] in "*. " or e[-1:] in ". "]
        wl.strings = frozenset(entries).union(e.strip().lower().removeprefix("*.").strip(".") for e in odd)
    elif kind == "substring":
        wl.substrings = tuple(sorted({e.lower() for e in entries if e}, key=lambda e: (-len(e), e)))
        if wl.substrings:
            wl.patterns = (re.compile("|".join(map(re.escape, wl.substrings))),)
    else:
        wl.patterns = tuple(p for p in map(_regex, entries) if p is not None)
    return wl
