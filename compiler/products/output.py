"""Patch-status results as a table (rich), JSON or CSV, in English or German. Rows carry the inventory's
extra columns. Per server: the verdict over all advisories with the minimum build that closes every open
CVE, and each advisory's own verdict with its fixed and open CVEs."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from compiler.i18n.catalog import catalog
from compiler.products.inventory import Server
from compiler.products.verdict import Assessment, Checker, Finding, render

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


def summary_line(results: Sequence[Result], checker: Checker, lang: str) -> str:
    words = checker.messages[lang]
    head = render(words["summary.checked"], {"count": str(len(results))}, lang)
    counts = summary(results)
    return head + ": " + ", ".join(f"{n} {words[f'verdict.{v}']}" for v, n in counts.items() if n)


def _finding(f: Finding, checker: Checker, lang: str) -> dict[str, Any]:
    words = checker.describe(f, lang)
    return {
        "advisory": f.advisory,
        "verdict": f.verdict,
        "verdict_text": words.verdict,
        "reason": words.reason,
        "fixed": list(f.fixed),
        "open": list(f.open),
        "action": words.action,
        "target": f.action.target,
        "kb": f.action.kb,
        "reason_code": f.reason,
        "action_code": f.action.kind,
    }


def _record(r: Result, checker: Checker, lang: str) -> dict[str, Any]:
    a = r.assessment
    overall = _finding(a.overall, checker, lang)
    return {
        "server": r.server.server if r.server else None,
        "input": a.input,
        "build": a.build,
        "product": a.product,
        "product_name": a.product_name,
        "release": a.release,
        "base": a.base,
        "verdict": a.verdict,
        "minimum_build": overall["target"],
        "kb": overall["kb"],
        "action": overall["action"],
        "reason": overall["reason"],
        "open": overall["open"],
        "advisories": [_finding(f, checker, lang) for f in a.findings],
        "extra": dict(r.server.extra) if r.server else {},
    }


def to_json(results: Sequence[Result], checker: Checker, lang: str) -> str:
    doc = {
        "scope": checker.scope,
        "advisories": [{"id": a["id"], "title": a["title"][lang]} for a in checker.advisories],
        "summary": summary(results),
        "summary_text": summary_line(results, checker, lang),
        "results": [_record(r, checker, lang) for r in results],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _cell(value: str | None) -> str:
    text = value or ""
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(results: Sequence[Result], checker: Checker, lang: str, extra_columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    tail = ["normalized_build", "product", "release", "verdict", "open_cves", "minimum_build", "kb", "action"]
    tail.append("reason")
    per_advisory = [a["id"] for a in checker.advisories]
    # An inventory column named like a result column keeps its values under a prefixed name.
    names = {t.lower() for t in tail} | {p.lower() for p in per_advisory}
    shown = [f"inventory_{c}" if c.lower() in names else c for c in extra_columns]
    writer.writerow(
        ["server", "build", *shown, *tail, *(x for p in per_advisory for x in (p, f"{p} open_cves"))]
    )
    for r in results:
        rec = _record(r, checker, lang)
        extras = rec["extra"]
        head = [_cell(rec["server"]), _cell(rec["input"]), *(_cell(extras.get(c)) for c in extra_columns)]
        verdict = checker.messages[lang][f"verdict.{rec['verdict']}"]
        found = [
            rec["build"],
            rec["product_name"],
            rec["release"] or rec["base"],
            verdict,
            " ".join(rec["open"]),
        ]
        found += [rec["minimum_build"], rec["kb"], rec["action"], rec["reason"]]
        by_id = {f["advisory"]: f for f in rec["advisories"]}
        cols = [x for p in per_advisory for x in _advisory_cells(by_id.get(p))]
        writer.writerow([*head, *(_cell(x) for x in found), *cols])
    return out.getvalue()


def _advisory_cells(f: dict[str, Any] | None) -> tuple[str, str]:
    return ("", "") if f is None else (f["verdict_text"], " ".join(f["open"]))


def to_table(
    results: Sequence[Result], checker: Checker, lang: str, *, colour: bool, width: int | None
) -> str:
    from rich.console import Console  # only the table format pays for rich
    from rich.table import Table
    from rich.text import Text

    words = checker.messages[lang]
    t = catalog(lang, "patch-table")
    table = Table(title=f"{t['title']}: {checker.scope}", title_justify="left", show_lines=True)
    with_servers = any(r.server is not None for r in results)
    heads = ("server", "build", "product", "verdict", "advisories", "next")
    for name in heads[0 if with_servers else 1 :]:
        table.add_column(t[name], overflow="fold")
    for r in results:
        rec = _record(r, checker, lang)
        product = rec["release"] or rec["base"] or rec["product_name"]
        per = Text()
        for f in rec["advisories"]:
            if per:
                per.append("\n")
            per.append(f"{f['advisory']}: ")
            per.append(f["verdict_text"], style=_STYLE[f["verdict"]])
            if f["open"]:
                per.append(f" ({', '.join(f['open'])})")
        step = " ".join(x for x in (rec["minimum_build"], rec["action"] or rec["reason"]) if x)
        cells = [
            Text(rec["input"]),
            Text(product or "-"),
            Text(words[f"verdict.{rec['verdict']}"], style=_STYLE[rec["verdict"]]),
        ]
        cells += [per, Text(step)]
        table.add_row(*([Text(rec["server"] or "")] if with_servers else []), *cells)
    out = io.StringIO()
    console = Console(
        file=out, force_terminal=colour, no_color=not colour, width=width or 160, soft_wrap=False
    )
    console.print(table)
    console.print(summary_line(results, checker, lang))
    return out.getvalue()
