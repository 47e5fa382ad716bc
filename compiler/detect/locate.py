"""Line numbers for rows DuckDB (or Spark) found in CSV-family logs, by a second pass over those files.

The reader that finds matches at full speed knows the file but not the line. This pass reads only the
files that had matches, parses each line the same way (IIS: fields split on spaces, under the `#Fields`
in force at that line; HttpProxy: CSV; ECP and OAB logs: the whole line) and gives each matched row the
line whose values are the same. Identical lines are handed out in order.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from compiler.detect.formats import TABLES, iis_column

if TYPE_CHECKING:
    from compiler.detect.sources import Match, Source


def _key(table: str, row: dict[str, str]) -> tuple[str, ...]:
    spec = TABLES[table]
    if spec.raw and not spec.columns:
        return (row.get("raw") or "",)
    return tuple(row.get(c) or "" for c in spec.columns)


def _parsed(src: Source, table: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    spec = TABLES[table]
    opener: Any = gzip.open if src.gzip else open
    with opener(src.path, "rt", encoding="utf-8", errors="replace", newline="") as handle:
        fields = [iis_column(f) for f in src.fields] if table == "iis" else list(src.fields)
        for number, text in enumerate(handle, 1):
            line = text.rstrip("\r\n")
            if number == 1:
                line = line.lstrip("\ufeff")
            if line.startswith("#"):
                if table == "iis" and line.lower().startswith("#fields:"):
                    fields = [iis_column(f) for f in line.split(":", 1)[1].split()]
                continue
            if spec.raw and not spec.columns:
                yield number, (line,)
                continue
            values = line.split(" ") if table == "iis" else next(csv.reader([line]), [])
            by_name: dict[str, str] = {}
            for name, value in zip(fields, values, strict=False):
                by_name.setdefault(name, value)
            yield number, tuple(by_name.get(c, "") for c in spec.columns)


def lines(matches: Iterable[Match], sources: dict[int, Source]) -> list[Match]:
    """The matches with their line numbers (0 stays only when no line has the row's values)."""
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
        numbers: dict[tuple[str, ...], list[int]] = {}
        for number, key in _parsed(sources[index], table):
            if wanted.get(key, 0) > 0:
                wanted[key] -= 1
                numbers.setdefault(key, []).append(number)
        for key, ms in rows.items():
            given = numbers.get(key, [])
            row_ids: dict[int, int] = {}
            for m in ms:
                slot = row_ids.setdefault(id(m.row), len(row_ids))
                out.append(replace(m, line=given[slot] if slot < len(given) else 0))
    return out
