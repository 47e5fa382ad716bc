"""The index of advisories (newest first, filterable by status and severity) and the Atom feeds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from compiler.corpus.model import Advisory
from compiler.corpus.vocab import Lang
from compiler.i18n import format_date, severity_label
from compiler.outputs.markdown import attr, inline
from compiler.site.advisory import update_anchors
from compiler.site.labels import labels
from compiler.site.page import DEFAULT_LANG, PageSpot, badge, front_matter, html_table

STATUSES: Final = ("draft", "final", "withdrawn")
SEVERITIES: Final = ("critical", "high", "medium", "low")


def feed_path(lang: Lang) -> str:
    """Where the Atom feed of a language lives in the docs tree (a shared asset, no language suffix)."""
    return f"feed-{lang}.xml"


def newest_first(advisories: Sequence[Advisory]) -> list[Advisory]:
    return sorted(advisories, key=lambda a: (a.published, a.modified, a.id), reverse=True)


def render_index(advisories: Sequence[Advisory], spot: PageSpot) -> str:
    lang = spot.lang
    t = labels(lang)
    parts = [front_matter(title=t["index_title"]), f"# {inline(t['index_title'])}", inline(t["index_intro"])]
    if not advisories:
        parts.append(inline(t["no_advisories"]))
    else:
        status_opts = "".join(f'<option value="{s}">{attr(t["status_" + s])}</option>' for s in STATUSES)
        sev_opts = "".join(
            f'<option value="{s}">{attr(severity_label(s, lang))}</option>' for s in SEVERITIES
        )
        parts.append(
            '<p class="iocc-index-filters">'
            f'<label>{attr(t["status"])} <select data-filter="status" data-table="iocc-index">'
            f'<option value="">{attr(t["all"])}</option>{status_opts}</select></label> '
            f'<label>{attr(t["severity"])} <select data-filter="severity" data-table="iocc-index">'
            f'<option value="">{attr(t["all"])}</option>{sev_opts}</select></label></p>'
        )
        rows, row_attrs = [], []
        for adv in newest_first(advisories):
            rows.append(
                [
                    attr(format_date(adv.published, lang)),
                    f'<a href="{attr(adv.id)}/">{attr(adv.title[lang])}</a>',
                    badge("status", adv.status, t["status_" + adv.status]),
                    badge("severity", adv.severity, severity_label(adv.severity, lang)),
                    badge("tlp", adv.tlp.value, f"TLP:{adv.tlp.value.upper()}"),
                    attr(format_date(adv.modified, lang)),
                ]
            )
            row_attrs.append(f'data-status="{attr(adv.status)}" data-severity="{attr(adv.severity)}"')
        headers = [t["date"], t["advisory"], t["status"], t["severity"], "TLP", t["modified"]]
        parts.append(html_table(headers, rows, css="iocc-index", table_id="iocc-index", row_attrs=row_attrs))
    parts.append(f"[{inline(t['feed'])}](../{feed_path(lang)})")
    return "\n\n".join(parts) + "\n"


LATEST_MARKER: Final = "<!-- iocc:latest -->"
LATEST_COUNT: Final = 5


def render_latest(advisories: Sequence[Advisory], lang: Lang) -> str:
    """For the home page (in place of LATEST_MARKER): the newest advisories and the newest updates over
    all of them, each with its date, linked to its page and place."""
    t = labels(lang)
    if not advisories:
        return inline(t["no_advisories"])
    out = [f"## {inline(t['latest_advisories'])} {{#latest}}"]
    items = []
    for adv in newest_first(advisories)[:LATEST_COUNT]:
        sev = badge("severity", adv.severity, severity_label(adv.severity, lang))
        when = f"{t['published']} {format_date(adv.published, lang)}"
        if adv.modified != adv.published:
            when += f", {t['modified_short']} {format_date(adv.modified, lang)}"
        items.append(f"- [{inline(adv.title[lang])}](advisories/{adv.id}.md) {sev} ({inline(when)})")
    out.append("\n".join(items))
    updates = [
        (up.date, adv, up, ident)
        for adv in advisories
        for up, ident in zip(adv.updates, update_anchors(adv), strict=True)
    ]
    updates.sort(key=lambda u: (u[0], u[1].id, u[3]), reverse=True)
    if updates:
        out.append(f"## {inline(t['latest_updates'])} {{#latest-updates}}")
        out.append(
            "\n".join(
                f"- {inline(format_date(day, lang))}: [{inline(up.title[lang])}](advisories/{adv.id}.md#{ident}) "
                f"({inline(adv.title[lang])})"
                for day, adv, up, ident in updates[:LATEST_COUNT]
            )
        )
    return "\n\n".join(out)


def render_feed(advisories: Sequence[Advisory], lang: Lang, site_url: str, site_name: str) -> bytes:
    """An Atom 1.0 feed: one entry per advisory and one per update, newest first."""
    base = site_url.rstrip("/") + "/" + ("" if lang == DEFAULT_LANG else f"{lang}/")
    entries: list[tuple[str, str, str, str, str, str]] = []  # (updated, id, title, link, summary, published)
    for adv in advisories:
        page = f"{base}advisories/{adv.id}/"
        entries.append(
            (
                adv.modified,
                f"urn:iocc:{lang}:advisory:{adv.id}",
                adv.title[lang],
                page,
                adv.summary[lang],
                adv.published,
            )
        )
        for up, ident in zip(adv.updates, update_anchors(adv), strict=True):
            title = f"{adv.title[lang]}: {up.title[lang]}"
            entries.append(
                (
                    up.date,
                    f"urn:iocc:{lang}:advisory:{adv.id}:{ident}",
                    title,
                    f"{page}#{ident}",
                    up.body[lang],
                    up.date,
                )
            )
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    updated = entries[0][0] if entries else "1970-01-01"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
        f"<id>urn:iocc:{lang}:advisories</id>",
        f"<title>{escape(site_name)}: {escape(labels(lang)['index_title'])}</title>",
        f"<updated>{updated}T00:00:00Z</updated>",
        f'<link rel="self" href={quoteattr(site_url.rstrip("/") + "/" + feed_path(lang))}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(base + "advisories/")}/>',
        f"<author><name>{escape(site_name)}</name></author>",
    ]
    for day, ident, title, link, summary, published in entries:
        out += [
            "<entry>",
            f"<id>{escape(ident)}</id>",
            f"<title>{escape(title)}</title>",
            f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"<published>{published}T00:00:00Z</published>",
            f"<updated>{day}T00:00:00Z</updated>",
            f'<summary type="text">{escape(summary)}</summary>',
            "</entry>",
        ]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")
