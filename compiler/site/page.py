"""Small shared pieces of generated pages: where a page sits, badges, raw HTML tables, links."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from compiler.corpus.vocab import Lang
from compiler.outputs.markdown import attr
from compiler.outputs.siteinfo import DEFAULT_LANG as DEFAULT_LANG
from compiler.site.sanitize import safe_url

TABLE_CLASS = "iocc-table"  # every generated table carries it (iocc.css styles them as the theme does)
# Kept as they are in a Markdown link target; everything else (spaces, parentheses) is %-encoded.
_URL_SAFE = ":/?#@!$&'*+,;=%~"


@dataclass(frozen=True, slots=True, kw_only=True)
class PageSpot:
    """A generated page: its source path without language suffix (e.g. `advisories/x`) and language."""

    stem: str
    lang: Lang

    @property
    def src(self) -> str:
        return f"{self.stem}.{self.lang}.md"

    @property
    def root(self) -> str:
        """The relative URL from this page to the site root (use_directory_urls)."""
        parts = self.stem.split("/")
        if parts[-1] == "index":
            parts = parts[:-1]
        depth = len(parts) + (0 if self.lang == DEFAULT_LANG else 1)
        return "../" * depth if depth else "./"


def front_matter(**fields: str) -> str:
    """YAML front matter; every value is written as a JSON string, which YAML reads back unchanged.

    The theme prints these values as HTML without escaping them (the page title in <title>, the header,
    the navigation, breadcrumbs and footer; the description in a <meta> attribute), so each value is
    HTML-escaped here, once, with quotes: a title is text wherever the theme puts it."""
    lines = ["---"]
    lines += [f"{key}: {json.dumps(attr(value), ensure_ascii=True)}" for key, value in fields.items()]
    lines.append("---")
    return "\n".join(lines)


def badge(kind: str, value: str, text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return f'<span class="iocc-badge iocc-{kind}-{slug}">{attr(text)}</span>'


def cell_text(text: str) -> str:
    """Plain text for a table cell: escaped, with `code` spans kept as code and newlines as spaces."""
    out = []
    for i, piece in enumerate(re.split(r"`+", " ".join(text.split()))):
        out.append(f"<code>{attr(piece)}</code>" if i % 2 else attr(piece))
    return "".join(out)


def html_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    css: str,
    table_id: str | None = None,
    row_attrs: Sequence[str] | None = None,
) -> str:
    """A raw HTML table on one block (no blank lines). Cells are HTML the caller already escaped.

    Every table gets the class `iocc-table` besides its own: the theme styles only tables without a class
    (`table:not([class])`), so site/assets/stylesheets/iocc.css gives these the theme's table look."""
    ident = f' id="{attr(table_id)}"' if table_id else ""
    out = [f'<table class="{TABLE_CLASS} {attr(css)}"{ident}>', "<thead><tr>"]
    out += [f'<th scope="col">{attr(h)}</th>' for h in headers]
    out.append("</tr></thead><tbody>")
    for n, row in enumerate(rows):
        extra = f" {row_attrs[n]}" if row_attrs else ""
        out.append(f"<tr{extra}>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def scrolling(table: str) -> str:
    """Material's wrapper for a table wider than the column: it scrolls sideways instead of squeezing."""
    return f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">{table}</div></div>'


def external_link(url: str, text: str) -> str:
    """An HTML link to an external URL, or the text alone when the URL's scheme is not allowed."""
    if not safe_url(url):
        return attr(text)
    return f'<a href="{attr(url)}" rel="noopener">{attr(text)}</a>'


def md_link(url: str, text_md: str) -> str:
    """A Markdown link to an external URL; text_md is already inline-safe Markdown."""
    if not safe_url(url):
        return text_md
    target = quote(url, safe=_URL_SAFE)
    return f"[{text_md}]({target})"


def download_link(root: str, site_path: str, text: str, *, download: bool = True) -> str:
    flag = " download" if download else ""
    return f'<a href="{attr(root + quote(site_path))}"{flag}>{attr(text)}</a>'


def anchor(value: str) -> str:
    """A stable, language-independent anchor id."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
