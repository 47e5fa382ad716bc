"""One scan: collect, plan, run the engine, make findings; and how far back each server's logs reach.

How far the logs reach matters as much as what they show: logs that start after the attack cannot show
it (Test-ProxyLogon reports the age of the oldest log per folder for the same reason). For each server
and log format the scan reports the number of files and the earliest entry, read from the first entry
of each file.
"""

from __future__ import annotations

import csv
import gzip
import json
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.corpus.model import Corpus
from compiler.detect.engine import run as run_engine
from compiler.detect.events import flatten
from compiler.detect.formats import FORMAT_TABLES, SNIFF_BYTES, TABLES, iis_column
from compiler.detect.plan import Plan, build_plan
from compiler.detect.sources import Skipped, Source
from compiler.diagnostics import Diagnostic
from compiler.scan.collection import collect
from compiler.scan.findings import Finding, findings, row_time
from compiler.scan.triage import Triage


@dataclass(frozen=True, slots=True, kw_only=True)
class LogSpan:
    server: str
    format: str
    files: int
    earliest: str  # the earliest first entry of its files, as written ("" when none has a time)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanResult:
    findings: tuple[Finding, ...]
    servers: tuple[str, ...]
    spans: tuple[LogSpan, ...]
    skipped: tuple[Skipped, ...]
    files: int
    titles: dict[str, dict[str, str]]  # advisory id -> language -> title, for the advisories scanned
    diagnostics: tuple[Diagnostic, ...]  # rules the engine cannot run (IOC710)

    @property
    def affected(self) -> tuple[str, ...]:
        return tuple(sorted({f.server for f in self.findings}))


def scan(
    corpus: Corpus,
    root: Path,
    paths: list[Path],
    *,
    server: str | None = None,
    drafts: bool = False,
    progress: Callable[[str], None] = lambda _m: None,
    plan: Plan | None = None,
    work: Path | None = None,
) -> ScanResult:
    """Scan the paths; temporary files (zip members, DuckDB's spill) go to a new folder in `work`."""
    plan = plan or build_plan(corpus, root, include_drafts=drafts)
    with tempfile.TemporaryDirectory(prefix="iocc-scan-", dir=work) as tmp:
        work = Path(tmp)
        progress("collecting files")
        collected = collect(paths, work / "members", server=server)
        sources = list(collected.sources)
        matches = run_engine(plan, sources, work, progress, weak_alone=False)
        progress("triage")
        found = findings(matches, {s.index: s for s in sources}, plan, Triage(root))
        spans = log_spans(sources)
    scanned = {t.advisory for t in plan.targets.values()}
    titles = {a.id: dict(a.title) for a in corpus.advisories if a.id in scanned}
    progress("")
    return ScanResult(
        findings=tuple(found),
        servers=collected.servers,
        spans=spans,
        skipped=collected.skipped,
        files=len(sources),
        titles=titles,
        diagnostics=tuple(plan.diagnostics),
    )


def log_spans(sources: list[Source]) -> tuple[LogSpan, ...]:
    files: Counter[tuple[str, str]] = Counter()
    earliest: dict[tuple[str, str], str] = {}
    for src in sources:
        if src.format == "file":
            continue
        key = (src.server, src.format)
        files[key] += 1
        first = _first_time(src)
        if first and (key not in earliest or first < earliest[key]):
            earliest[key] = first
    return tuple(
        LogSpan(server=s, format=f, files=n, earliest=earliest.get((s, f), ""))
        for (s, f), n in sorted(files.items())
    )


def _head_lines(src: Source) -> list[str]:
    opener: Any = gzip.open if src.gzip else open
    try:
        with opener(src.path, "rb") as handle:
            head: bytes = handle.read(SNIFF_BYTES)
    except (OSError, EOFError):
        return []
    return head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[:200]


def _first_time(src: Source) -> str:
    """The time of the first entry of a log (as written), or ""."""
    fields = list(src.fields)
    for line in _head_lines(src):
        if line.startswith("#"):
            if src.format == "iis-w3c" and line.lower().startswith("#fields:"):
                fields = line.split(":", 1)[1].split()
            continue
        if not line.strip():
            continue
        if src.format == "windows-events-jsonl":
            return _event_time(line)
        table = FORMAT_TABLES[src.format][0]
        if src.format == "iis-w3c":
            row = dict(zip([iis_column(f) for f in fields], line.split(" "), strict=False))
        elif TABLES[table].columns:
            row = dict(zip(fields, next(csv.reader([line]), []), strict=False))
        else:
            row = {"raw": line}
        return row_time(table, row)
    return ""


def _event_time(line: str) -> str:
    try:
        event = json.loads(line)
    except ValueError:
        return ""
    found = flatten(event) if isinstance(event, dict) else None
    if found is None:
        return ""
    table, columns = found
    return row_time(table, columns)
