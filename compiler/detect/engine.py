"""Run a detection plan over sources with DuckDB, in process and in bounded memory.

Logs in the CSV family (IIS, HttpProxy, ECP server, OAB generator) are read by DuckDB itself
(`read_csv` over the files, gzip included) in one pass per table: every Sigma condition of the table is a
column of the same SELECT, and the atomic indicators are semi-joins against value tables, so a file is
read once however many rules there are. Only rows that match come back to Python, which then finds their
line numbers in a second pass over just those files. Windows events (JSON lines) are flattened by
Python into a work file per table first. Files (anything that is not a log) get YARA, hashes and their
path; their paths also feed the file-event table, so file rules (Sigma `file_event`) judge a collected
web folder as they would judge the event of the file's creation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

from compiler.detect import locate
from compiler.detect.atomic import DERIVED, FILE_TABLES, atomic_columns, atomic_python, derived
from compiler.detect.csvread import CSV_TABLES, csv_relation, groups, key_columns, lit
from compiler.detect.events import flatten, raw_text
from compiler.detect.formats import TABLES
from compiler.detect.plan import HASHES, Plan, normalise
from compiler.detect.sources import Match, Source

YARA_MAX_BYTES: Final = 32 << 20
_FETCH: Final = 10_000


def _sysmon_hashes(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        if name.strip().lower() in HASHES:
            out[name.strip().lower()] = value.strip().lower()
    return out


class WorkFiles:
    """JSON-lines work files, one per table, for rows Python made (events, file inventory)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self._handles: dict[str, Any] = {}

    def add(self, table: str, row: dict[str, str]) -> None:
        if table not in self._handles:
            self._handles[table] = (self.workdir / f"rows-{table}.jsonl").open("w", encoding="utf-8")
        self._handles[table].write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> dict[str, Path]:
        for handle in self._handles.values():
            handle.close()
        return {t: self.workdir / f"rows-{t}.jsonl" for t in self._handles}


def prepare(sources: list[Source], plan: Plan, work: WorkFiles) -> Iterator[Match]:
    """Flatten events and inventory files into the work files; YARA and hash checks as they go."""
    rules = plan.yara_rules()
    for src in sources:
        if src.format == "windows-events-jsonl":
            _events(src, work)
        elif src.format == "file":
            yield from _file(src, plan, rules, work)


def _events(src: Source, work: WorkFiles) -> None:
    for number, line in _lines(src):
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if not isinstance(event, dict):
            continue
        found = flatten(event)
        if found is None:
            continue
        table, columns = found
        path = columns.get("TargetFilename") if table == "file_event" else columns.get("Image", "")
        extra = derived(path or "", _sysmon_hashes(columns.get("Hashes", "")))
        work.add(
            table,
            {
                **columns,
                **extra,
                "raw": raw_text(event),
                "iocc_text": line,
                "iocc_file": str(src.index),
                "iocc_line": str(number),
            },
        )


def _lines(src: Source) -> Iterator[tuple[int, str]]:
    import gzip

    opener: Any = gzip.open if src.gzip else open
    with opener(src.path, "rt", encoding="utf-8", errors="replace", newline="") as handle:
        for number, line in enumerate(handle, 1):
            yield number, line.rstrip("\r\n").lstrip("\ufeff")


def _file(src: Source, plan: Plan, rules: Any, work: WorkFiles) -> Iterator[Match]:
    digests = {h: hashlib.new(h) for h in HASHES}
    with src.path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            for d in digests.values():
                d.update(chunk)
    hashes = {h: d.hexdigest() for h, d in digests.items()}
    row = {c: "" for c in TABLES["file_event"].columns} | {"TargetFilename": src.win_path}
    row |= derived(src.win_path, hashes) | {
        "raw": "",
        "iocc_text": "",
        "iocc_file": str(src.index),
        "iocc_line": "0",
    }
    if src.win_path:
        work.add("file_event", row)
    else:  # no path known: hashes and YARA only
        for kind in HASHES:
            for key in plan.values.get(kind, {}).get(hashes[kind], []):
                yield Match(key=key, source=src.index, line=0, table="file", row=row)
    if rules is not None and src.path.stat().st_size <= YARA_MAX_BYTES:
        for hit in rules.match(str(src.path), timeout=60):
            yield Match(key=hit.namespace, source=src.index, line=0, table="file", row=row)


def connect(workdir: Path) -> Any:
    import duckdb

    con = duckdb.connect(
        config={"threads": 2, "memory_limit": "512MB", "temp_directory": str(workdir / "duckdb")}
    )
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # DuckDB's bar writes to stdout, where findings go
    return con


def searched(plan: Plan, kind: str, weak_alone: bool) -> list[str]:
    """The values of a kind the query looks for: without weak context unless it may stand alone."""
    return sorted(
        v
        for v, keys in plan.values.get(kind, {}).items()
        if weak_alone or any(not plan.targets[k].weak for k in keys)
    )


def load_values(con: Any, plan: Plan, weak_alone: bool = True) -> set[str]:
    """The value tables; the kinds that hold values."""
    kinds: set[str] = set()
    for kind in ("ip", "user-agent", "domain", "file-path", "file-name", *HASHES):
        name = value_table(kind)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (v VARCHAR)")
        values = searched(plan, kind, weak_alone)
        if values:
            kinds.add(kind)
            con.executemany(f"INSERT INTO {name} VALUES (?)", [(v,) for v in values])
    return kinds


def value_table(kind: str) -> str:
    return "v_" + kind.replace("-", "_")


def work_relation(table: str, path: Path) -> str:
    spec = TABLES[table]
    # raw: what Sigma keywords search (an event's decoded text); iocc_text: the line as written, for findings
    names = [
        *spec.columns,
        *(DERIVED if table in FILE_TABLES else ()),
        "raw",
        "iocc_text",
        "iocc_file",
        "iocc_line",
    ]
    cols = "{" + ", ".join(f"{lit(n)}: 'VARCHAR'" for n in names) + "}"
    return f"SELECT * FROM read_json({lit(str(path))}, format='newline_delimited', columns={cols})"


def query(
    table: str, relation: str, plan: Plan, dialect: str = "duckdb", kinds: set[str] | None = None
) -> tuple[str, list[str]] | None:
    """The one SELECT over a table: a flag column per Sigma rule, rows kept when any rule or value hits
    (`kinds`: the value kinds searched; default every kind the plan has values of)."""
    checks = plan.sigma_for(table)
    flags = [f"({getattr(c, dialect)}) AS r{i}" for i, c in enumerate(checks)]
    wanted = [f"({getattr(c, dialect)})" for c in checks]
    for kind, expr in atomic_columns(table, dialect):
        if (kind in kinds) if kinds is not None else bool(plan.values.get(kind)):
            wanted.append(f"{expr} IN (SELECT v FROM {value_table(kind)})")
    if not wanted:
        return None
    select = ", ".join(["*", *flags])
    return f"SELECT {select} FROM ({relation}) AS src WHERE {' OR '.join(wanted)}", [
        c.target.key for c in checks
    ]


def rows_to_matches(
    table: str, rows: Iterator[dict[str, str]], keys: list[str], plan: Plan
) -> Iterator[Match]:
    for row in rows:
        line = int(row.get("iocc_line") or 0)
        source = int(row["iocc_file"])
        base = {k: v for k, v in row.items() if not (k.startswith("r") and k[1:].isdigit())}
        text = (base.get("iocc_text") or base.get("raw") or "")[: locate.MAX_TEXT] if line else ""
        for i, key in enumerate(keys):
            if row.get(f"r{i}") in (True, "true"):
                yield Match(key=key, source=source, line=line, table=table, row=base, text=text)
        for kind, value in atomic_python(table, base):
            for key in plan.values.get(kind, {}).get(normalise(kind, value), []):
                yield Match(key=key, source=source, line=line, table=table, row=base, text=text)


def _quiet(message: str) -> None:
    return None


def run(
    plan: Plan,
    sources: list[Source],
    workdir: Path,
    progress: Callable[[str], None] = _quiet,
    *,
    weak_alone: bool = True,
) -> list[Match]:
    """Every match of the plan in the sources, with line numbers, in a stable order. `progress` hears
    what is being read (a terminal shows it; nothing depends on it). With weak_alone=False a weak
    value (a user agent real crawlers send too) is only looked for on rows something else matched, so a
    log full of crawler visits costs nothing (`iocc scan`); the proof sees every weak match."""
    work = WorkFiles(workdir)
    progress(f"files and events: {sum(s.format in ('file', 'windows-events-jsonl') for s in sources)}")
    matches = list(prepare(sources, plan, work))
    work_paths = work.close()
    con = connect(workdir)
    try:
        kinds = load_values(con, plan, weak_alone)
        native: list[Match] = []
        index = {str(s.path): s.index for s in sources}
        for table, fmt in CSV_TABLES:
            columns = key_columns(table, plan)
            for group in groups(sources, table, fmt):
                progress(f"{fmt}: {len(group)} file(s), {_size(group)}")
                native.extend(_execute(con, table, csv_relation(table, group, columns), plan, kinds, index))
        for table, path in sorted(work_paths.items()):
            progress(f"events: {table}")
            matches.extend(_execute(con, table, work_relation(table, path), plan, kinds))
    finally:
        con.close()
    progress(f"finding the lines of {len(native)} match(es)")
    matches.extend(locate.lines(native, {s.index: s for s in sources}))
    return sorted(set_of(matches), key=lambda m: (m.source, m.line, m.key))


def _size(group: list[Source]) -> str:
    total = sum(s.path.stat().st_size for s in group)
    return f"{total / (1 << 20):.1f} MiB"


def set_of(matches: list[Match]) -> list[Match]:
    seen: dict[tuple[str, int, int], Match] = {}
    for m in matches:
        seen.setdefault((m.key, m.source, m.line), m)
    return list(seen.values())


def _execute(
    con: Any, table: str, relation: str, plan: Plan, kinds: set[str], files: dict[str, int] | None = None
) -> list[Match]:
    """The matches of one relation; `files` maps the paths a CSV relation gives as `iocc_file` to the
    sources' indexes (work files give the index)."""
    built = query(table, relation, plan, kinds=kinds)
    if built is None:
        return []
    sql, keys = built
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]

    def rows() -> Iterator[dict[str, str]]:
        while batch := cursor.fetchmany(_FETCH):
            for values in batch:
                row = dict(zip(names, values, strict=True))
                if files is not None:
                    row["iocc_file"] = str(files[row["iocc_file"]])
                yield row

    return list(rows_to_matches(table, rows(), keys, plan))
