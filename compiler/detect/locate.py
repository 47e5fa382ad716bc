"""Line numbers and text for rows DuckDB (or Spark) found in CSV-family logs, by a second pass over the files.

The reader that finds matches at full speed knows the file but not the line. This pass reads only the
files that had matches, as bytes in bounded chunks, and looks only at lines that hold a value of a
matched row (one compiled alternation, searched at C speed); those lines are parsed the same way the
engine's reader parses them (IIS: fields split on spaces, under the `#Fields` in force at that line;
HttpProxy: CSV; ECP and OAB logs: the whole line) and a matched row gets the line whose values are the
same. Identical lines are handed out in order. A row none of whose values can be searched for as bytes
(every value empty or quoted) makes the pass parse every line of its file.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from compiler.detect.formats import TABLES, iis_column

if TYPE_CHECKING:
    from compiler.detect.sources import Match, Source

CHUNK: Final = 8 << 20
MAX_TEXT: Final = 4096  # characters of a line kept as the evidence text
_FIELDS: Final = b"#Fields:"


def _key(table: str, row: dict[str, str]) -> tuple[str, ...]:
    spec = TABLES[table]
    if spec.raw and not spec.columns:
        return (row.get("raw") or "",)
    return tuple(row.get(c) or "" for c in spec.columns)


def _needle(table: str, key: tuple[str, ...]) -> bytes | None:
    """A piece of the line that must be there: the longest value, as it is written in the file."""
    spec = TABLES[table]
    if spec.raw and not spec.columns:
        return key[0].encode("utf-8") or None
    usable = [v for v in key if v and '"' not in v and "\n" not in v]
    return max(usable, key=len).encode("utf-8") if usable else None


class LineParser:
    """One line as the engine's reader sees it: a key of the table's columns (None for header lines)."""

    def __init__(self, src: Source, table: str) -> None:
        self.table = table
        self.spec = TABLES[table]
        self.fields = [iis_column(f) for f in src.fields] if table == "iis" else list(src.fields)

    def parse(self, line: str) -> tuple[str, ...] | None:
        if line.startswith("#"):
            if self.table == "iis" and line.lower().startswith("#fields:"):
                self.fields = [iis_column(f) for f in line.split(":", 1)[1].split()]
            return None
        if self.spec.raw and not self.spec.columns:
            return (line,)
        values = line.split(" ") if self.table == "iis" else next(csv.reader([line]), [])
        by_name: dict[str, str] = {}
        for name, value in zip(self.fields, values, strict=False):
            by_name.setdefault(name, value)
        return tuple(by_name.get(c, "") for c in self.spec.columns)


def decode_line(raw: bytes, number: int) -> str:
    line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
    return line.lstrip("\ufeff") if number == 1 else line


def _open(src: Source) -> Any:
    return gzip.open(src.path, "rb") if src.gzip else src.path.open("rb")


class _Finder:
    """The next position of any needle: bytes.find per needle (fast search in C) for a few needles, one
    compiled alternation for many."""

    FEW: Final = 16

    def __init__(self, needles: list[bytes]) -> None:
        self.needles = sorted({_FIELDS, *needles}, key=lambda n: (-len(n), n))
        self.pattern = re.compile(b"|".join(re.escape(n) for n in self.needles))

    def next(self, chunk: bytes, pos: int) -> int:
        if len(self.needles) > self.FEW:
            m = self.pattern.search(chunk, pos)
            return m.start() if m else -1
        found = [i for i in (chunk.find(n, pos) for n in self.needles) if i >= 0]
        return min(found) if found else -1


def _candidates(src: Source, finder: _Finder | None) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each line a needle is in (every line when there is no finder)."""
    number = 0  # lines fully before `buf`
    rest = b""
    with _open(src) as handle:
        while True:
            block = handle.read(CHUNK)
            buf = rest + block
            if not block:
                if buf:
                    yield from _in_chunk(buf + b"\n", number, finder)
                return
            cut = buf.rfind(b"\n") + 1
            if cut == 0:
                rest = buf
                continue
            yield from _in_chunk(buf[:cut], number, finder)
            number += buf.count(b"\n", 0, cut)
            rest = buf[cut:]


def _in_chunk(chunk: bytes, before: int, finder: _Finder | None) -> Iterator[tuple[int, bytes]]:
    """Lines of a chunk that ends with a newline."""
    if finder is None:
        for offset, raw in enumerate(chunk.split(b"\n")[:-1]):
            yield before + offset + 1, raw
        return
    pos = 0
    counted = 0
    number = before
    while (at := finder.next(chunk, pos)) >= 0:
        start = chunk.rfind(b"\n", 0, at) + 1
        end = chunk.find(b"\n", at)
        number += chunk.count(b"\n", counted, start)
        counted = start
        yield number + 1, chunk[start:end]
        pos = end + 1


def lines(matches: Iterable[Match], sources: dict[int, Source]) -> list[Match]:
    """The matches with their line numbers and text (line 0 stays only when no line has the row's values)."""
    by_file: dict[int, list[Match]] = {}
    for m in matches:
        by_file.setdefault(m.source, []).append(m)
    out: list[Match] = []
    for index, found in sorted(by_file.items()):
        table = found[0].table
        # one row can carry several matches (rules, values): count distinct rows, not matches
        rows: dict[tuple[str, ...], list[Match]] = {}
        for m in found:
            rows.setdefault(_key(table, m.row), []).append(m)
        wanted = Counter({k: len({id(m.row) for m in ms}) for k, ms in rows.items()})
        needles = [_needle(table, k) for k in rows]
        finder = None if any(n is None for n in needles) else _Finder([n for n in needles if n])
        parser = LineParser(sources[index], table)
        numbers: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        left = sum(wanted.values())
        for number, raw in _candidates(sources[index], finder):
            text = decode_line(raw, number)
            key = parser.parse(text)
            if key is not None and wanted.get(key, 0) > 0:
                wanted[key] -= 1
                numbers.setdefault(key, []).append((number, text[:MAX_TEXT]))
                left -= 1
                if left == 0:
                    break
        for key, ms in rows.items():
            given = numbers.get(key, [])
            row_ids: dict[int, int] = {}
            for m in ms:
                slot = row_ids.setdefault(id(m.row), len(row_ids))
                number, text = given[slot] if slot < len(given) else (0, "")
                out.append(replace(m, line=number, text=text))
    return out
