"""Findings: the engine's matches as a reader needs them, with server, time, advisory, CVE and evidence.

A match of a weak target (a user agent real crawlers send too) is never a finding on its own: it is
shown as context on a finding of the same line (the scan looks for weak values only on such lines). Findings are sorted by
server, file, line, advisory and rule or value, so the same collection always gives the same output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from compiler.detect.formats import TABLES
from compiler.detect.plan import Plan
from compiler.detect.sources import Match, Source
from compiler.scan.triage import Hint, Triage


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    server: str  # from the collection's layout, else the host the line names, else ""
    time: str  # as the log writes it ("" for a file)
    advisory: str
    cves: tuple[str, ...]
    kind: str  # sigma, yara or an indicator type
    name: str  # the rule's name or the indicator's value
    title: str
    set_id: str
    file: str  # the collected file as given (a zip member as archive.zip!member)
    line: int  # 0: the finding is about the whole file
    evidence: str  # the log line (bounded), or the file's path on the server
    hints: tuple[Hint, ...] = ()
    context: tuple[str, ...] = ()  # weak indicators seen on the same line

    @property
    def is_rule(self) -> bool:
        return self.kind in ("sigma", "yara")

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def sort_key(self) -> tuple[str, str, int, str, str, str]:
        return (self.server, self.file, self.line, self.advisory, self.kind, self.name)


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ][0-9:.]+Z?")


def row_time(table: str, row: dict[str, str]) -> str:
    """The time a row carries, as written: its table's time columns, an event's TimeCreated, or the
    leading timestamp of a whole-line log (ECP server, OAB generator)."""
    spec = TABLES.get(table)
    if spec is None:
        return ""
    found = " ".join(row.get(c) or "" for c in spec.time).strip()
    if not found and "TimeCreated" in spec.columns:
        found = row.get("TimeCreated") or ""
    if not found and not spec.columns:
        stamp = _STAMP.match(row.get("raw") or "")
        found = stamp.group(0) if stamp else ""
    return found[:64]


def _server(src: Source, table: str, row: dict[str, str]) -> str:
    if src.server:
        return src.server
    spec = TABLES.get(table)
    return (row.get(spec.server) or "") if spec is not None and spec.server else ""


def findings(
    matches: Iterable[Match], sources: dict[int, Source], plan: Plan, triage: Triage
) -> list[Finding]:
    """The findings, sorted; weak matches become context of a finding on the same line."""
    weak_at: dict[tuple[int, int], set[str]] = {}
    strong: list[Match] = []
    for m in matches:
        if plan.targets[m.key].weak:
            weak_at.setdefault((m.source, m.line), set()).add(plan.targets[m.key].name)
        else:
            strong.append(m)
    out: list[Finding] = []
    for m in strong:
        src = sources[m.source]
        target = plan.targets[m.key]
        out.append(
            Finding(
                server=_server(src, m.table, m.row),
                time=row_time(m.table, m.row),
                advisory=target.advisory,
                cves=target.cves,
                kind=target.kind,
                name=target.name,
                title=target.title,
                set_id=target.set_id,
                file=src.display,
                line=m.line,
                evidence=m.text if m.line else (src.win_path or src.display),
                hints=triage.hints(target, m.table, m.row, src.win_path),
                context=tuple(sorted(weak_at.get((m.source, m.line), ()))),
            )
        )
    return sorted(out, key=Finding.sort_key)
