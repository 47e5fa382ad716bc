"""Sources as rows in the engine's table shapes, one JSON-lines file per table: what a lake would hold.

The Spark plan (compiler.detect.sparkplan) reads tables of this shape; this module writes them from
collected files, so the same collection can be checked in Spark and in DuckDB and the two compared.
CSV-family logs are parsed as the engine's reader parses them (compiler.detect.locate), with their line
numbers; events and files become rows exactly as the DuckDB engine makes them (compiler.detect.engine).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from compiler.detect.atomic import DERIVED, FILE_TABLES
from compiler.detect.csvread import CSV_TABLES
from compiler.detect.engine import WorkFiles, prepare
from compiler.detect.formats import TABLES
from compiler.detect.locate import LineParser, decode_line
from compiler.detect.plan import Plan
from compiler.detect.sources import Source


def columns(table: str) -> tuple[str, ...]:
    """The columns of a lake table: the engine's, derived file columns, raw, and where a row came from."""
    spec = TABLES[table]
    raw = ("raw",) if spec.raw else ()
    return (*spec.columns, *(DERIVED if table in FILE_TABLES else ()), *raw, "iocc_file", "iocc_line")


def export(sources: list[Source], plan: Plan, workdir: Path) -> dict[str, Path]:
    """Every row of every source, as `<workdir>/rows-<table>.jsonl`; table -> file."""
    work = WorkFiles(workdir)
    for _ in prepare(sources, plan, work):  # events and files; YARA and hash hits are not rows
        pass
    by_format = dict((fmt, table) for table, fmt in CSV_TABLES)
    for src in sources:
        table = by_format.get(src.format)
        if table is None:
            continue
        parser = LineParser(src, table)
        opener: Any = gzip.open if src.gzip else open
        with opener(src.path, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                text = decode_line(raw, number)
                key = parser.parse(text)
                if key is None:
                    continue
                row = dict(zip(TABLES[table].columns, key, strict=True)) if TABLES[table].columns else {}
                if TABLES[table].raw:
                    row["raw"] = text
                work.add(table, {**row, "iocc_file": str(src.index), "iocc_line": str(number)})
    return work.close()
