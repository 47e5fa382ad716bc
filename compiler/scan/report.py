"""The report a partner hands to a customer: German and English, Markdown and HTML, from one view.

Everything that comes from the collection (server and file names, log lines, hint details) is hostile:
in HTML it is escaped by Jinja2's autoescape; in Markdown every plain value has its punctuation written
as character references (so nothing in it is Markdown or HTML), and log lines sit in fenced code blocks
whose fence is longer than any backtick run in them. Control characters are shown as escapes in both.
The report holds no clock time: the same scan gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from compiler import __version__
from compiler.i18n.catalog import catalog
from compiler.scan.findings import Finding
from compiler.scan.labels import FORMAT_NAMES
from compiler.scan.render import printable
from compiler.scan.run import ScanResult

MAX_LISTED: Final = 200  # findings listed one by one per server; the JSON and CSV outputs hold all
# characters that can start Markdown or HTML anywhere in a line (a value never starts a line)
_MARKUP: Final = frozenset("\\`*_[]<>&|!{}~#@")


def md(value: str) -> str:
    """A value from the collection as inline Markdown that renders as exactly this text: every character
    that could start markup (emphasis, links, HTML, table cells, autolinks) is a character reference."""
    text = printable(value)
    return "".join(f"&#{ord(c)};" if c in _MARKUP else c for c in text)


def md_code(text: str) -> str:
    """A fenced code block holding `text` as it is (one line, control characters escaped)."""
    body = printable(text)
    longest = max((len(m.group(0)) for m in re.finditer(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{body}\n{fence}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    server: str
    count: int
    found: bool


def view(result: ScanResult, lang: str, esc: Callable[[str], str] = str) -> dict[str, Any]:
    """What both forms show, in the order they show it; `esc` escapes the data inside sentences."""
    t = catalog(lang, "scan")
    servers = sorted({*result.servers, *result.affected})
    by_server: dict[str, list[Finding]] = {s: [] for s in servers}
    for f in result.findings:
        by_server[f.server].append(f)
    titles = [esc(f"{adv} ({result.titles[adv][lang]})") for adv in sorted(result.titles)]
    return {
        "t": t,
        "lang": lang,
        "intro": t["intro"].format(files=result.files, servers=len(servers), advisories="; ".join(titles)),
        "rows": [Row(server=s, count=len(by_server[s]), found=bool(by_server[s])) for s in servers],
        "any_found": bool(result.findings),
        "details": [(s, fs[:MAX_LISTED], max(0, len(fs) - MAX_LISTED)) for s, fs in by_server.items() if fs],
        "spans": [(x.server, FORMAT_NAMES.get(x.format, x.format), x.files, x.earliest) for x in result.spans],
        "skipped": [(s.display, s.reason) for s in result.skipped],
        "footer": t["footer"].format(version=__version__),
    }  # fmt: skip


def _what(f: Finding, t: dict[str, str]) -> str:
    return f"{t['rule']} {f.name}" if f.is_rule else f"{t['indicator']} ({f.kind}) {f.name}"


def render_markdown(result: ScanResult, lang: str) -> str:
    v = view(result, lang, md)
    t = v["t"]  # our own words: written as they are
    out = [f"# {t['title']}", v["intro"], f"## {t['summary']}"]
    table = [f"| {t['server']} | {t['findings']} | {t['verdict']} |", "|---|---:|---|"]
    for r in v["rows"]:
        table.append(
            f"| {md(r.server) if r.server else t['unknown_server']} | {r.count} | {t['found'] if r.found else t['clean']} |"
        )
    out.append("\n".join(table))
    out.append(f"## {t['meaning']}")
    out.append(t["meaning_found"] if v["any_found"] else t["meaning_clean"])
    if v["details"]:
        out.append(f"## {t['details']}")
    for server, found, more in v["details"]:
        out.append(f"### {md(server) if server else t['unknown_server']}")
        for n, f in enumerate(found, 1):
            facts = [
                f"**{t['time']}:** {md(f.time)}" if f.time else "",
                f"**{t['advisory']}:** {md(f.advisory)}",
                f"**{t['cve']}:** {md(', '.join(f.cves))}" if f.cves else "",
                f"**{t['file']}:** {md(f.where)}",
            ]
            out.append(f"#### {n}. {md(_what(f, t))}")
            out.append(md(f.title))
            out.append("\n".join(f"- {x}" for x in facts if x))
            out.append(f"**{t['evidence'] if f.line else t['evidence_file']}:**\n\n{md_code(f.evidence)}")
            for h in f.hints:
                out.append(f"> **{t['hint']}:** {t['hint_' + h.kind]} ({md(h.detail)})")
            if f.context:
                out.append(f"**{t['context']}:** {md(', '.join(f.context))}")
        if more:
            out.append(t["more"].format(n=more))
    out.append(f"## {t['logs']}")
    if v["spans"]:
        rows = [f"| {t['server']} | {t['format']} | {t['files']} | {t['earliest']} |", "|---|---|---:|---|"]
        rows += [f"| {md(s)} | {fmt} | {n} | {md(e)} |" for s, fmt, n, e in v["spans"]]
        out.append("\n".join(rows))
    else:
        out.append(t["no_logs"])
    if v["skipped"]:
        out.append(f"## {t['skipped']}")
        out.append("\n".join(f"- {md(d)}: {md(r)}" for d, r in v["skipped"]))
    out.append("---")
    out.append(v["footer"])
    return "\n\n".join(out) + "\n"


@cache
def _template() -> Any:
    from jinja2 import PackageLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=PackageLoader("compiler", "templates/scan"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["printable"] = printable
    env.globals["what"] = _what
    return env.get_template("report.html.j2")


def render_html(result: ScanResult, lang: str) -> str:
    return str(_template().render(**view(result, lang)))


def render_report(result: ScanResult, lang: str, form: str) -> bytes:
    """The report in `lang` (de, en) as `form` (md, html)."""
    text = render_markdown(result, lang) if form == "md" else render_html(result, lang)
    return text.encode("utf-8")
