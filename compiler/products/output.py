"""Patch-status results as a table (rich), JSON or CSV. Rows carry the inventory's extra columns."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from compiler.products.inventory import Server
from compiler.products.verdict import Assessment, Checker

VERDICTS: tuple[str, ...] = ("vulnerable", "unknown build", "fixed", "not affected")
_STYLE = {"vulnerable": "bold red", "unknown build": "yellow", "fixed": "green", "not affected": "cyan"}
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    server: Server | None
    assessment: Assessment


def summary(results: Sequence[Result]) -> dict[str, int]:
    counts: Counter[str] = Counter(r.assessment.verdict for r in results)
    return {v: counts.get(v, 0) for v in VERDICTS}


def _record(r: Result, checker: Checker, lang: str) -> dict[str, Any]:
    a = r.assessment
    words = checker.describe(a, lang)
    return {
        "server": r.server.server if r.server else None,
        "input": a.input,
        "build": a.build,
        "product": a.product,
        "product_name": a.product_name,
        "cu": a.cu,
        "verdict": a.verdict,
        "action": words.action,
        "kb": a.kb,
        "fixed_build": a.fixed_build,
        "reason": words.reason,
        "note": words.note,
        "reason_code": a.reason,
        "action_code": a.action,
        "extra": dict(r.server.extra) if r.server else {},
    }


def to_json(results: Sequence[Result], checker: Checker, lang: str) -> str:
    doc = {
        "advisory": checker.advisory,
        "summary": summary(results),
        "results": [_record(r, checker, lang) for r in results],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _cell(value: str | None) -> str:
    text = value or ""
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(results: Sequence[Result], checker: Checker, lang: str, extra_columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    tail = ["normalized_build", "product", "cu", "verdict", "action", "kb", "fixed_build", "reason", "note"]
    # An inventory column named like a result column keeps its values under a prefixed name.
    shown = [f"inventory_{c}" if c.lower() in tail else c for c in extra_columns]
    writer.writerow(["server", "build", *shown, *tail])
    for r in results:
        rec = _record(r, checker, lang)
        extras = rec["extra"]
        head = [_cell(rec["server"]), _cell(rec["input"]), *(_cell(extras.get(c)) for c in extra_columns)]
        found = [rec["build"], rec["product_name"], rec["cu"], rec["verdict"], rec["action"], rec["kb"]]
        found += [rec["fixed_build"], rec["reason"], rec["note"]]
        writer.writerow([*head, *(x or "" for x in found)])
    return out.getvalue()


def to_table(
    results: Sequence[Result], checker: Checker, lang: str, *, colour: bool, width: int | None
) -> str:
    from rich.console import Console  # only the table format pays for rich
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Patch status: {checker.advisory}", title_justify="left")
    with_servers = any(r.server is not None for r in results)
    if with_servers:
        table.add_column("Server")
    for name in ("Build", "Product", "CU", "Verdict", "Action", "Details"):
        table.add_column(name, overflow="fold")
    for r in results:
        rec = _record(r, checker, lang)
        words = checker.describe(r.assessment, lang)
        details = " ".join(x for x in (words.reason, words.note) if x)
        cells = [Text(rec["input"]), Text(rec["product_name"] or "-"), Text(rec["cu"] or "-")]
        cells += [Text(words.verdict, style=_STYLE[r.assessment.verdict]), Text(words.action), Text(details)]
        table.add_row(*([Text(rec["server"] or "")] if with_servers else []), *cells)
    counts = summary(results)
    line = f"{len(results)} checked: " + ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    out = io.StringIO()
    console = Console(
        file=out, force_terminal=colour, no_color=not colour, width=width or 160, soft_wrap=False
    )
    console.print(table)
    console.print(line)
    return out.getvalue()
