"""The indicator tables (one per type, filterable) and the detection rules of an advisory page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from compiler.corpus.kinds import Rule, atomic_names, kind
from compiler.corpus.model import Indicator, IndicatorSet
from compiler.corpus.vocab import Lang
from compiler.i18n import format_date
from compiler.outputs.markdown import attr, fence, indent, inline, prose
from compiler.site.downloads import Download
from compiler.site.labels import labels
from compiler.site.page import (
    PageSpot,
    anchor,
    badge,
    cell_text,
    download_link,
    external_link,
    html_table,
    scrolling,
)

# Pages with thousands of rows are slow to build and to use (TOOLING.md); the CSV holds every row.
MAX_ROWS: Final = 250

_QUERY_LEXERS: Final = {".kql": "kql", ".yml": "yaml", ".yaml": "yaml", ".json": "json", ".ndjson": "json"}
_QUERY_NAMES: Final = {
    "kql/sentinel": "KQL: Microsoft Sentinel",
    "kql/defender": "KQL: Microsoft Defender XDR",
    "splunk": "Splunk SPL",
    "elastic/lucene": "Elastic (Lucene)",
    "elastic/esql": "Elastic ES|QL",
}


def set_anchor(set_id: str) -> str:
    """The id of a set's row in the sets table, which the indicator rows link to."""
    return f"set-{anchor(set_id)}"


def sets_table(sets: Sequence[IndicatorSet], lang: Lang) -> str:
    """Each set once, with its source, TLP, licence and retrieval date; indicator rows link here."""
    t = labels(lang)
    rows = []
    for s in sets:
        source = external_link(s.source.url, s.source.name) if s.source.url else attr(s.source.name)
        retrieved = format_date(s.source.retrieved, lang) if s.source.retrieved else ""
        rows.append(
            [
                f"{attr(s.title[lang])}<br><code>{attr(s.id)}</code>",
                source,
                badge("tlp", s.tlp.value, f"TLP:{s.tlp.value.upper()}"),
                attr(s.source.licence),
                attr(retrieved),
                str(len(s.indicators)),
            ]
        )
    headers = [t["set"], t["source"], "TLP", t["licence"], t["retrieved"], t["count"]]
    ids = [f'id="{attr(set_anchor(s.id))}"' for s in sets]
    return scrolling(html_table(headers, rows, css="iocc-sets", row_attrs=ids))


def _row(ind: Indicator, s: IndicatorSet, lang: Lang, as_of: str) -> list[str]:
    """One table row. A withdrawn value is struck through with date and reason; a value past its
    `valid_until` on the build's reference date is struck through as expired (rule files leave both
    out); a value that will expire says until when it is valid."""
    t = labels(lang)
    value = f"<code>{attr(ind.value)}</code>"
    if ind.withdrawn is not None:
        when = format_date(ind.withdrawn.date, lang)
        value = f"<del>{value}</del><br><em>{attr(t['withdrawn'])} {attr(when)}: {cell_text(ind.withdrawn.reason[lang])}</em>"
    elif ind.valid_until:
        day = ind.valid_until[:10]
        until = f"{attr(t['valid_until'])} {attr(format_date(day, lang))}"
        if day < as_of:
            value = f'<del>{value}</del><br><em class="iocc-expired">{until}, {attr(t["expired"])}</em>'
        else:
            value = f"{value}<br><small>{until}</small>"
    desc = cell_text(ind.description[lang]) if ind.description else ""
    if ind.tags:
        desc += (" " if desc else "") + " ".join(
            f'<span class="iocc-tag">{attr(tag)}</span>' for tag in ind.tags
        )
    return [
        value,
        f'<a href="#{attr(set_anchor(s.id))}" title="{attr(s.title[lang])}: {attr(s.source.name)}">'
        f"<code>{attr(s.id)}</code></a>",
        badge("tlp", s.tlp.value, f"TLP:{s.tlp.value.upper()}"),
        str(ind.confidence),
        attr(format_date(ind.first_seen, lang)) if ind.first_seen else "",
        desc,
    ]


def fragment_marker(key: str) -> str:
    """Where a large table goes: the plugin puts the HTML in after Markdown ran (on_page_content).

    Python-Markdown's raw HTML handling is the slowest part of a page with hundreds of rows, and the
    tables are HTML the generator escaped itself, so they skip it. Search still indexes them.
    """
    return f'<div class="iocc-fragment" data-key="{attr(key)}"></div>'


def indicator_tables(
    sets: Sequence[IndicatorSet],
    spot: PageSpot,
    csv: Download | None,
    fragments: dict[str, str],
    as_of: str = "1970-01-01",
) -> str:
    """Markdown with one marker per type table; the tables themselves go into `fragments`."""
    lang = spot.lang
    t = labels(lang)
    blocks: list[str] = []
    for name in atomic_names():
        pairs = [(ind, s) for s in sets for ind in s.indicators if ind.type == name]
        if not pairs:
            continue
        ident = f"ioc-{anchor(name)}"
        blocks.append(f"### {inline(kind(name).label(lang))} ({len(pairs)}) {{#{ident}}}")
        shown = pairs[:MAX_ROWS]
        headers = [t["value"], t["set"], "TLP", t["confidence"], t["first_seen"], t["description"]]
        rows = [_row(ind, s, lang, as_of) for ind, s in shown]
        search = (
            f'<p class="iocc-filter-box"><input type="search" class="iocc-filter" data-table="{ident}-table" '
            f'placeholder="{attr(t["filter_placeholder"])}" aria-label="{attr(t["filter"])}"></p>'
        )
        key = f"{lang}/{spot.stem}/{ident}"
        table = html_table(headers, rows, css="iocc-ioc", table_id=f"{ident}-table")
        fragments[key] = search + "\n" + scrolling(table)
        blocks.append(fragment_marker(key))
        if len(pairs) > len(shown):
            note = attr(t["shown_of"].format(shown=len(shown), total=len(pairs)))
            link = download_link(spot.root, csv.site_path, csv.name) if csv else ""
            blocks.append(f'<p class="iocc-truncated">{note} {link}</p>')
    return "\n\n".join(blocks)


def rule_title(ind: Indicator) -> str:
    if ind.type == "sigma" and isinstance(ind.rule, dict) and isinstance(ind.rule.get("title"), str):
        return str(ind.rule["title"])
    return ind.name or f"{ind.set_id}-{ind.index}"


def rules_section(
    sets: Sequence[IndicatorSet], spot: PageSpot, queries: Mapping[str, tuple[Download, ...]]
) -> str:
    """Each rule in a highlighted code block, then the queries the build made from it (KQL, SPL, ...):
    `queries` maps a rule's item id (Indicator.item_id) to the query files that hold it."""
    lang = spot.lang
    t = labels(lang)
    blocks: list[str] = []
    for s in sets:
        for ind in s.indicators:
            if not ind.is_rule:
                continue
            name = ind.name or f"{s.id}-{ind.index}"
            declared = kind(ind.type)
            title = f"{declared.label(lang)}: {rule_title(ind)}"
            blocks.append(f"### {inline(title)} {{#rule-{anchor(name)}}}")
            meta = f"<code>{attr(name)}</code> · {attr(s.source.name)} · " + badge(
                "tlp", s.tlp.value, f"TLP:{s.tlp.value.upper()}"
            )
            blocks.append(f'<p class="iocc-rule-meta">{meta}</p>')
            if ind.description:
                blocks.append(prose(ind.description[lang]))
            blocks.append(fence(ind.value, declared.lexer if isinstance(declared, Rule) else "text"))
            found = queries.get(ind.item_id, ())
            if found:
                blocks.append(f"**{inline(t['queries'])}**")
                for q in found:
                    lexer = next((v for k, v in _QUERY_LEXERS.items() if q.path.endswith(k)), "text")
                    text = q.text
                    folder = "/".join(q.path.split("/")[1:-1])
                    tab = f'=== "{inline(_QUERY_NAMES.get(folder, folder))}"'
                    blocks.append(tab + "\n\n" + indent(fence(text, lexer)))
    return "\n\n".join(blocks)
