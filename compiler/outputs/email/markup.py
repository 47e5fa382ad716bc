"""Markdown from advisory fields, rendered for a mail: readable plain text and sanitised HTML.

Python-Markdown parses the text into an element tree with raw HTML switched off (no HTML
blocks, no inline tags, no character entities, no obfuscated mail links), so every `<`, `&`
and `{{` in the data stays a character. Two small renderers walk that tree. They know a fixed
set of elements and write every attribute themselves: the HTML can hold no tag, attribute or
URL that did not pass through here, links keep only http, https and mailto targets, and images
(remote resources) become their alt text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from typing import Final
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from compiler.corpus.mdbounds import bounded_markdown
from compiler.corpus.textforms import clean, one_line

__all__ = ["clean", "one_line"]
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES: Final = re.compile(r"\s+")

__all__ = ["NOWRAP", "Rendered", "clean", "render", "safe_url"]

# Marks a plain-text line the wrapper must leave alone (preformatted code). Never in data: clean() drops it.
NOWRAP: Final = "\x1f"
_BREAK: Final = "\x1e"  # a hard line break (<br>) inside a paragraph, until whitespace is collapsed
SAFE_SCHEMES: Final = frozenset({"http", "https", "mailto"})

STYLE: Final[dict[str, str]] = {
    "p": "margin:0 0 12px 0;",
    "ul": "margin:0 0 12px 0;padding-left:24px;",
    "ol": "margin:0 0 12px 0;padding-left:24px;",
    "li": "margin:0 0 6px 0;",
    "a": "color:#0b5cad;text-decoration:underline;",
    "code": "font-family:Consolas,'Courier New',monospace;font-size:90%;background:#f2f2f2;padding:0 2px;",
    "pre": "font-family:Consolas,'Courier New',monospace;font-size:90%;background:#f2f2f2;"
    "padding:8px;margin:0 0 12px 0;white-space:pre-wrap;",
    "blockquote": "margin:0 0 12px 0;padding-left:12px;border-left:3px solid #cccccc;color:#444444;",
    "h": "font-size:16px;margin:16px 0 8px 0;",
    "hr": "border:0;border-top:1px solid #cccccc;margin:16px 0;",
}
_INLINE_SIMPLE: Final = {"strong": "strong", "b": "strong", "em": "em", "i": "em"}
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str  # logical lines: one line per paragraph or list item, wrapped later
    html: str  # sanitised HTML fragment with inline styles
    inline_html: str  # the same without the paragraph around it when the text is one paragraph
    dropped: tuple[str, ...] = ()  # link targets that were removed (unsafe or relative)


def safe_url(url: str | None) -> str | None:
    """The URL when a mail may link to it (absolute http(s) with a host, or mailto), else None."""
    if not url:
        return None
    url = url.strip()
    if _CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme in ("http", "https") and not parts.netloc:
        return None
    return url


class _Capture(Treeprocessor):
    """Keeps the finished tree; runs after every built-in tree processor."""

    root: ET.Element | None = None

    def run(self, root: ET.Element) -> None:
        self.root = root


@lru_cache(maxsize=1)
def _parser() -> tuple[markdown.Markdown, _Capture]:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    for name in ("html", "entity", "automail"):
        md.inlinePatterns.deregister(name)
    capture = _Capture(md)
    md.treeprocessors.register(capture, "iocc_capture", -100)
    return md, capture


def _tree(text: str) -> ET.Element:
    md, capture = _parser()
    md.reset()
    capture.root = None
    md.convert(text)
    if capture.root is None:  # pragma: no cover - Markdown always runs tree processors
        raise RuntimeError("markdown produced no tree")
    return _flattened(capture.root)


MAX_DEPTH: Final = 24


def _flattened(root: ET.Element) -> ET.Element:
    """The tree with every element deeper than MAX_DEPTH reduced to its text: the walkers below recurse,
    and data can nest emphasis or lists thousands deep. Iterative, so this pass cannot overflow itself."""
    stack: list[tuple[ET.Element, int]] = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth >= MAX_DEPTH and len(el):
            el.text = "".join(el.itertext())
            for child in list(el):
                el.remove(child)
            continue
        stack.extend((child, depth + 1) for child in el)
    return root


@lru_cache(maxsize=8192)
def render(value: str) -> Rendered:
    """Render one Markdown field of the advisory (cached: the same field feeds several mails)."""
    root = _tree(bounded_markdown(clean(value)))
    walker = _Walker()
    text = "\n\n".join("\n".join(block) for block in walker.blocks(root))
    blocks = walker.html_blocks(root)
    children = list(root)
    if len(children) == 1 and children[0].tag == "p" and not (root.text or "").strip():
        inline = _Walker()._html_inline(children[0]).strip()
    else:
        inline = blocks
    return Rendered(text=text, html=blocks, inline_html=inline, dropped=tuple(walker.dropped))


class _Walker:
    def __init__(self) -> None:
        self.dropped: list[str] = []
        self._seen: set[int] = set()

    def _link(self, el: ET.Element) -> str | None:
        href = el.get("href")
        url = safe_url(href)
        if url is None and href is not None and id(el) not in self._seen:
            self._seen.add(id(el))
            self.dropped.append(href)
        return url

    # plain text ---------------------------------------------------------------------------------

    def blocks(self, el: ET.Element) -> list[list[str]]:
        """The block children of `el` as lists of logical lines."""
        out: list[list[str]] = []
        if (el.text or "").strip():
            out.append([self._collapse(el.text or "")])
        for child in el:
            out.extend(self._block(child))
            if (child.tail or "").strip():
                out.append([self._collapse(child.tail or "")])
        return out

    def _block(self, el: ET.Element) -> list[list[str]]:
        tag = el.tag
        if tag == "p" or tag in _HEADINGS:
            return [self._collapse(self._inline(el)).split("\n")]
        if tag in ("ul", "ol"):
            return [self._list(el)]
        if tag == "pre":
            code = _code(el).rstrip("\n")
            return [[NOWRAP + "    " + line for line in code.split("\n")]]
        if tag == "blockquote":
            return [["> " + line if line else ">" for line in _join(self.blocks(el))]]
        if tag == "hr":
            return [["-" * 24]]
        return self.blocks(el)

    def _list(self, el: ET.Element) -> list[str]:
        lines: list[str] = []
        start = int(el.get("start", "1")) if el.tag == "ol" else 1
        for i, item in enumerate(child for child in el if child.tag == "li"):
            marker = f"{start + i}. " if el.tag == "ol" else "- "
            if any(c.tag in ("p", "ul", "ol", "pre", "blockquote") for c in item):
                body = _join(self.blocks(item))
            else:
                body = self._collapse(self._inline(item)).split("\n")
            pad = " " * len(marker)
            for j, line in enumerate(body or [""]):
                lines.append((marker if j == 0 else pad if line else "") + line)
        return lines

    def _inline(self, el: ET.Element) -> str:
        parts = [el.text or ""]
        for child in el:
            tag = child.tag
            if tag == "br":
                parts.append(_BREAK)
            elif tag == "code":
                parts.append(_code(child))
            elif tag == "img":
                parts.append(child.get("alt", ""))
            elif tag == "a":
                label = self._collapse(self._inline(child)).strip()
                url = self._link(child)
                if url is None or label == url:
                    parts.append(label or (url or ""))
                elif not label:
                    parts.append(url)
                else:
                    parts.append(f"{label} ({url})")
            else:
                parts.append(self._inline(child))
            parts.append(child.tail or "")
        return "".join(parts)

    @staticmethod
    def _collapse(value: str) -> str:
        return "\n".join(_SPACES.sub(" ", part).strip() for part in value.split(_BREAK))

    # HTML ---------------------------------------------------------------------------------------

    def html_blocks(self, el: ET.Element) -> str:
        out: list[str] = []
        if (el.text or "").strip():
            out.append(_p(_esc(el.text or "")))
        for child in el:
            out.append(self._html_block(child))
            if (child.tail or "").strip():
                out.append(_p(_esc(child.tail or "")))
        return "\n".join(s for s in out if s)

    def _html_block(self, el: ET.Element) -> str:
        tag = el.tag
        if tag == "p":
            return _p(self._html_inline(el).strip())
        if tag in _HEADINGS:
            return f'<p style="{STYLE["h"]}"><strong>{self._html_inline(el).strip()}</strong></p>'
        if tag in ("ul", "ol"):
            start = el.get("start")
            attr = f' start="{int(start)}"' if tag == "ol" and start and start.isdigit() else ""
            items = []
            for item in el:
                if item.tag != "li":
                    continue
                if any(c.tag in ("p", "ul", "ol", "pre", "blockquote") for c in item):
                    inner = self.html_blocks(item)
                else:
                    inner = self._html_inline(item).strip()
                items.append(f'<li style="{STYLE["li"]}">{inner}</li>')
            return f'<{tag}{attr} style="{STYLE[tag]}">' + "".join(items) + f"</{tag}>"
        if tag == "pre":
            return f'<pre style="{STYLE["pre"]}">{_esc(_code(el).rstrip(chr(10)))}</pre>'
        if tag == "blockquote":
            return f'<blockquote style="{STYLE["blockquote"]}">{self.html_blocks(el)}</blockquote>'
        if tag == "hr":
            return f'<hr style="{STYLE["hr"]}">'
        return self.html_blocks(el)

    def _html_inline(self, el: ET.Element) -> str:
        parts = [_esc(el.text or "")]
        for child in el:
            tag = child.tag
            if tag == "br":
                parts.append("<br>")
            elif tag == "code":
                parts.append(f'<code style="{STYLE["code"]}">{_esc(_code(child))}</code>')
            elif tag == "img":
                parts.append(_esc(child.get("alt", "")))
            elif tag == "a":
                inner = self._html_inline(child)
                url = self._link(child)
                if url is None:
                    parts.append(inner)
                else:
                    parts.append(f'<a href="{html.escape(url, quote=True)}" style="{STYLE["a"]}">{inner}</a>')
            elif tag in _INLINE_SIMPLE:
                name = _INLINE_SIMPLE[tag]
                parts.append(f"<{name}>{self._html_inline(child)}</{name}>")
            else:
                parts.append(self._html_inline(child))
            parts.append(_esc(child.tail or ""))
        return "".join(parts)


def _join(blocks: list[list[str]]) -> list[str]:
    lines: list[str] = []
    for i, block in enumerate(blocks):
        if i:
            lines.append("")
        lines.extend(block)
    return lines


def _code(el: ET.Element) -> str:
    """The text of a code span or block. Python-Markdown stores it HTML-escaped (&, <, >); undo exactly that."""
    text = "".join(el.itertext())
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _esc(value: str) -> str:
    return html.escape(value, quote=False)


def _p(inner: str) -> str:
    return f'<p style="{STYLE["p"]}">{inner}</p>' if inner else ""
