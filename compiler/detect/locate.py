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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from compiler.detect.formats import TABLES, iis_column

if TYPE_CHECKING:
    from compiler.detect.sources import Match, Source

CHUNK: Final = 8 << 20
MAX_TEXT: Final = 4096  # characters of a line kept as the evidence text
_FIELDS: Final = b"#Fields:"


def key_columns(table: str, found: list[Match]) -> tuple[str, ...]:
    """The columns the engine returned for a table's rows (a scan reads only some): what a line must match."""
    spec = TABLES[table]
    if spec.raw and not spec.columns:
        return ("raw",)
    present = {c for m in found for c in m.row}
    return tuple(c for c in spec.columns if c in present)


def _key(columns: tuple[str, ...], row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row.get(c) or "" for c in columns)


def _usable(value: str) -> bool:
    return bool(value) and '"' not in value and "\n" not in value and "\r" not in value


def _needle(table: str, columns: tuple[str, ...], key: tuple[str, ...], fields: list[str]) -> bytes | None:
    """A piece of the line that must be there, as it is written in the file: the values of adjacent IIS
    fields joined by their space (a CSV value stands alone: the writer may quote it), the piece with the
    time first (nearly every line has another time), else the longest."""
    spec = TABLES[table]
    if spec.raw and not spec.columns:
        return key[0].encode("utf-8") or None
    value = dict(zip(columns, key, strict=True))
    pieces: list[list[str]] = []
    if table == "iis":
        run: list[str] = []
        seen: set[str] = set()
        for name in [*fields, ""]:
            if name and name not in seen and _usable(value.get(name, "")):
                run.append(name)
            elif run:
                pieces.append(run)
                run = []
            seen.add(name)
    else:
        pieces = [[c] for c in columns if _usable(value[c])]
    if not pieces:
        return None
    best = max(pieces, key=lambda p: (any(c in spec.time for c in p), sum(len(value[c]) + 1 for c in p)))
    return " ".join(value[c] for c in best).encode("utf-8")


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
    """Where the needles are in a buffer: bytes.find per needle (fast search in C) for a few needles, each
    needle's next position kept until the scan passes it (so a rare needle is not sought again at every
    hit of a common one); one compiled alternation for many needles."""

    FEW: Final = 16

    def __init__(self, needles: list[bytes], *, fields: bool) -> None:
        """`fields`: also find `#Fields:` lines (an IIS log can change its columns in the middle)."""
        self.needles = sorted({*needles, *((_FIELDS,) if fields else ())}, key=lambda n: (-len(n), n))
        self.pattern = re.compile(b"|".join(re.escape(n) for n in self.needles))

    def hits(self, buf: bytearray, limit: int) -> Callable[[int], int]:
        """A function from a position to the first hit at or after it, below `limit` (-1: none)."""
        if len(self.needles) > self.FEW:

            def search(pos: int) -> int:
                m = self.pattern.search(buf, pos, limit)
                return m.start() if m else -1

            return search
        nexts = [buf.find(n, 0, limit) for n in self.needles]

        def first(pos: int) -> int:
            for i, at in enumerate(nexts):
                if 0 <= at < pos:
                    nexts[i] = buf.find(self.needles[i], pos, limit)
            found = [at for at in nexts if at >= 0]
            return min(found) if found else -1

        return first


def _candidates(src: Source, finder: _Finder | None) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each line a needle is in (every line when there is no finder). The file
    is read in chunks into one reused buffer (a line longer than a chunk grows it), searched in place."""
    buf = bytearray(CHUNK)
    filled = 0  # bytes of buf in use: the unfinished last line of the previous chunk, then new ones
    number = 0  # lines before buf[0]
    with _open(src) as handle:
        while True:
            if filled == len(buf):
                buf.extend(bytes(len(buf)))
            with memoryview(buf) as view, view[filled:] as free:
                got = handle.readinto(free)
            if not got:
                if filled:  # the last line has no newline
                    yield from _in_chunk(buf, filled, number, finder)
                return
            end = filled + got
            cut = buf.rfind(b"\n", 0, end) + 1
            if cut == 0:
                filled = end
                continue
            yield from _in_chunk(buf, cut, number, finder)
            number += buf.count(b"\n", 0, cut)
            buf[: end - cut] = buf[cut:end]
            filled = end - cut


def _in_chunk(buf: bytearray, limit: int, before: int, finder: _Finder | None) -> Iterator[tuple[int, bytes]]:
    """Lines of buf[:limit] (a newline ends each, or `limit` the last)."""
    if finder is None:
        lines = bytes(buf[:limit]).split(b"\n")
        if buf[limit - 1 : limit] == b"\n":
            lines.pop()  # the empty piece after the chunk's last newline
        for offset, raw in enumerate(lines):
            yield before + offset + 1, raw
        return
    first = finder.hits(buf, limit)
    pos = 0
    counted = 0
    number = before
    while (at := first(pos)) >= 0:
        start = buf.rfind(b"\n", 0, at) + 1
        end = buf.find(b"\n", at, limit)
        end = limit if end < 0 else end
        number += buf.count(b"\n", counted, start)
        counted = start
        yield number + 1, bytes(buf[start:end])
        pos = end + 1


def lines(matches: Iterable[Match], sources: dict[int, Source]) -> list[Match]:
    """The matches with their line numbers and text (line 0 stays only when no line has the row's values)."""
    by_file: dict[int, list[Match]] = {}
    for m in matches:
        by_file.setdefault(m.source, []).append(m)
    out: list[Match] = []
    for index, found in sorted(by_file.items()):
        table = found[0].table
        columns = key_columns(table, found)
        parser = LineParser(sources[index], table)
        where = [TABLES[table].columns.index(c) for c in columns] if TABLES[table].columns else [0]
        # one row can carry several matches (rules, values): count distinct rows, not matches
        rows: dict[tuple[str, ...], list[Match]] = {}
        for m in found:
            rows.setdefault(_key(columns, m.row), []).append(m)
        wanted = Counter({k: len({id(m.row) for m in ms}) for k, ms in rows.items()})
        needles = [_needle(table, columns, k, parser.fields) for k in rows]
        finder = (
            None
            if any(n is None for n in needles)
            else _Finder([n for n in needles if n], fields=table == "iis")
        )
        numbers: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        left = sum(wanted.values())
        for number, raw in _candidates(sources[index], finder):
            text = decode_line(raw, number)
            parsed = parser.parse(text)
            if parsed is None:
                continue
            key = tuple(parsed[i] for i in where)
            if wanted.get(key, 0) > 0:
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
