"""Findings as text (a terminal), JSON, CSV (a spreadsheet) and SARIF 2.1.0 (code-scanning tools).

Log lines are hostile input: the text form shows control characters, bidi controls and line separators
as escapes (no terminal sequence reaches the screen), CSV cells that a spreadsheet would run as a
formula start with `'`, JSON and SARIF carry the text as JSON strings. No output holds a clock time.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import quote

from compiler import __version__
from compiler.scan.findings import Finding
from compiler.scan.run import ScanResult

_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_FORMULA_START: Final = frozenset("=+-@\t\r")
CSV_COLUMNS: Final = ("server", "time", "advisory", "cves", "kind", "rule_or_indicator", "title", "set",
                      "file", "line", "evidence", "hints", "context")  # fmt: skip


def printable(text: str) -> str:
    """One line a terminal shows as it is: unsafe characters as \\xNN or \\uNNNN."""
    return _UNSAFE.sub(
        lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256 else f"\\u{ord(m.group(0)):04x}", text
    )


def cell(text: str) -> str:
    """A spreadsheet-safe cell: a leading `'` keeps a spreadsheet from reading a formula."""
    return "'" + text if text and text[0] in _FORMULA_START else text


def label(f: Finding) -> str:
    return f"rule {f.name}" if f.is_rule else f"{f.kind} {f.name}"


def as_dict(f: Finding) -> dict[str, Any]:
    return {
        "server": f.server, "time": f.time, "advisory": f.advisory, "cves": list(f.cves), "kind": f.kind,
        "name": f.name, "title": f.title, "set": f.set_id, "file": f.file, "line": f.line,
        "evidence": f.evidence, "hints": [{"kind": h.kind, "detail": h.detail} for h in f.hints],
        "context": list(f.context),
    }  # fmt: skip


def render_text(result: ScanResult) -> str:
    out: list[str] = []
    for f in result.findings:
        head = "  ".join(x for x in (f.server or "-", f.time, f.advisory, ",".join(f.cves), label(f)) if x)
        out.append(printable(head))
        out.append(f"  {printable(f.where)}")
        out.append(f"  > {printable(f.evidence)}")
        for h in f.hints:
            out.append(f"  step 3 ({h.kind}): {printable(h.detail)}")
        if f.context:
            out.append(f"  context: {printable(', '.join(f.context))}")
    return "\n".join(out) + ("\n" if out else "")


def render_json(result: ScanResult) -> str:
    doc = {
        "tool": {"name": "iocc", "version": __version__},
        "files": result.files,
        "servers": [
            {"name": s, "findings": sum(f.server == s for f in result.findings)}
            for s in sorted({*result.servers, *result.affected})
        ],
        "logs": [
            {"server": x.server, "format": x.format, "files": x.files, "earliest": x.earliest}
            for x in result.spans
        ],
        "findings": [as_dict(f) for f in result.findings],
        "skipped": [{"file": s.display, "reason": s.reason} for s in result.skipped],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_csv(result: ScanResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for f in result.findings:
        hints = "; ".join(f"{h.kind}: {h.detail}" for h in f.hints)
        values = (f.server, f.time, f.advisory, " ".join(f.cves), f.kind, f.name, f.title, f.set_id, f.file,
                  str(f.line or ""), f.evidence, hints, ", ".join(f.context))  # fmt: skip
        writer.writerow([cell(v) for v in values])
    return buf.getvalue()


def rule_id(f: Finding) -> str:
    return f"{f.advisory}/{f.name}" if f.is_rule else f"{f.advisory}/{f.set_id}/{f.kind}"


def render_sarif(result: ScanResult) -> str:
    ids = sorted({rule_id(f) for f in result.findings})
    index = {r: i for i, r in enumerate(ids)}
    first = {rule_id(f): f for f in reversed(result.findings)}
    rules = [
        {"id": r, "name": first[r].name if first[r].is_rule else first[r].set_id,
         "shortDescription": {"text": first[r].title if first[r].is_rule else f"{first[r].kind} of set {first[r].set_id}"},
         "properties": {"advisory": first[r].advisory, "cves": list(first[r].cves), "kind": first[r].kind}}
        for r in ids
    ]  # fmt: skip
    results = []
    for f in result.findings:
        physical: dict[str, Any] = {"artifactLocation": {"uri": quote(f.file, safe="/!")}}
        if f.line:
            physical["region"] = {"startLine": f.line, "snippet": {"text": f.evidence}}
        hints = "".join(f" Step 3 ({h.kind}): {h.detail}." for h in f.hints)
        results.append({
            "ruleId": rule_id(f), "ruleIndex": index[rule_id(f)], "level": "warning" if f.hints else "error",
            "message": {"text": f"{f.server or 'unknown server'}: {label(f)} ({f.advisory}{', ' + ', '.join(f.cves) if f.cves else ''}).{hints}"},
            "locations": [{"physicalLocation": physical}],
            "properties": {"server": f.server, "time": f.time, "advisory": f.advisory, "cves": list(f.cves),
                           "hints": [{"kind": h.kind, "detail": h.detail} for h in f.hints], "context": list(f.context)},
        })  # fmt: skip
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "iocc", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }  # fmt: skip
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


RENDERERS: Final[dict[str, Callable[[ScanResult], str]]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "sarif": render_sarif,
}
