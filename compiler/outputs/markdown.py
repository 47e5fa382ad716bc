"""Writing data into the site's Markdown without letting the data write HTML.

Advisory prose is Markdown and is rendered with the site's extensions (lists, emphasis, code,
links), but it comes from YAML that anyone can propose in a pull request, so:

* `<` and `>` outside code become entities: no raw HTML, no `<javascript:...>` autolinks;
* code spans are paired on one line and written as `<code>` elements whose text is all character
  references; every other backtick is an entity, so Markdown makes no code span of its own;
* `{` and `}` outside code are escaped: no attr_list attributes such as `{: onclick=... }`;
* a fence's info string is reduced to a plain language name (superfences would take attributes);
* ATX headings are escaped, so data cannot add entries to the page's table of contents;
* a `[` that cannot start a link is escaped (compiler.corpus.mdbounds), so Markdown runs in bounded time;
* link targets are checked after rendering by `compiler.site.sanitize` (every page, hand-written too).

Plain values (product names, builds, titles in headings) go through `inline`, which turns every
ASCII punctuation character into an entity so nothing in them is Markdown syntax at all.
"""

from __future__ import annotations

import html
import re
from typing import Final

from compiler.corpus.mdbounds import backslashes_before, bounded_links, code_spans

_FENCE: Final = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_LANG: Final = re.compile(r"[A-Za-z0-9_+-]{1,32}")
_HEADING: Final = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
_BLOCKQUOTE: Final = re.compile(r"^((?: {0,3}>\s?)+)")
_NAMED: Final = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_IN_CODE: Final = frozenset("\\`*_[]()!|{}~^=:")
_PUNCT: Final = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def inline(value: str) -> str:
    """A plain value as inline Markdown that renders as exactly this text."""
    out = []
    for ch in value.replace("\r", " ").replace("\n", " "):
        out.append(f"&#{ord(ch)};" if ch in _PUNCT else ch)
    return "".join(out)


def attr(value: str) -> str:
    """A value for an HTML attribute or element text that the generator writes itself."""
    return html.escape(value, quote=True)


def prose(text: str) -> str:
    """Data Markdown made safe to embed: see the module docstring."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    fence: str | None = None
    chunk: list[str] = []
    for line in lines:
        m = _FENCE.match(line)
        if fence is None and m:
            out.extend(_escape_chunk(chunk))
            chunk = []
            fence = m.group("fence")
            info = m.group("info").strip()
            lang = info.split()[0].lstrip(".{") if info else ""
            lang = lang if _LANG.fullmatch(lang) else ""
            out.append(f"{m.group('indent')}{fence}{lang}")
            continue
        if fence is not None:
            closes = m and m.group("fence")[0] == fence[0] and len(m.group("fence")) >= len(fence)
            if closes and m and not m.group("info").strip():
                fence = None
            out.append(line)
            continue
        chunk.append(line)
    out.extend(_escape_chunk(chunk))
    if fence is not None:  # an unclosed fence would swallow the rest of the page
        out.append(fence)
    return "\n".join(out)


def _escape_chunk(lines: list[str]) -> list[str]:
    """Escape a run of non-fenced lines, one line at a time (see `_line`)."""
    return [_line(line, at_line_start=True) for line in lines]


def _line(line: str, *, at_line_start: bool) -> str:
    """One line with its code spans written as our own `<code>` elements and every other backtick an entity.

    A code span is paired on its own line only: Markdown never pairs backticks across blocks (paragraphs,
    list items, quotes, table cells), so pairing across lines could mistake where code ends and leave data
    unescaped. As no backtick from data reaches Markdown, Markdown makes no code span of its own, and no
    `<`, `>` or `&` from data reaches the HTML unescaped, whatever the backticks are.
    """
    line = bounded_links(line)
    pieces: list[str] = []
    pos = 0
    for start, end, width in code_spans(line):
        pieces.append(_escape_text(line[pos:start], at_line_start=at_line_start and pos == 0))
        pieces.append("<code>" + _entities(line[start + width : end - width].strip()) + "</code>")
        pos = end
    pieces.append(_escape_text(line[pos:], at_line_start=at_line_start and pos == 0))
    return "".join(pieces)


def _entities(text: str) -> str:
    """Code text with `<`, `>`, `&` and every character Markdown acts on inside a line as a character
    reference: Markdown and HTML see only text."""
    return "".join(_NAMED.get(ch) or (f"&#{ord(ch)};" if ch in _IN_CODE else ch) for ch in text)


def _escape_text(text: str, *, at_line_start: bool) -> str:
    out_lines = []
    for number, line in enumerate(text.split("\n")):
        prefix = ""
        if number > 0 or at_line_start:
            quote = _BLOCKQUOTE.match(line)
            if quote:
                prefix, line = quote.group(1), line[quote.end() :]
            line = _HEADING.sub(lambda m: m.group(1) + "\\#" * len(m.group(2)), line)
        line = line.replace("<", "&lt;").replace(">", "&gt;").replace("{", "\\{").replace("}", "\\}")
        line = _backticks(line)
        out_lines.append(prefix + line)
    return "\n".join(out_lines)


def _backticks(line: str) -> str:
    """Backticks outside our code spans as entities; a backslash that escaped one goes, as in Markdown.
    Each backtick looks back over its own run of backslashes only: linear, where a regex backtracks."""
    if "`" not in line:
        return line
    out: list[str] = []
    last = 0
    for m in re.finditer("`", line):
        pos = m.start()
        odd = backslashes_before(line, pos) % 2
        out.append(line[last : pos - odd])
        out.append("&#96;")
        last = pos + 1
    out.append(line[last:])
    return "".join(out)


def indent(text: str, by: int = 4) -> str:
    """Indent every non-empty line, for content inside admonitions, tabs and list items."""
    pad = " " * by
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))


def fence(text: str, lang: str = "text") -> str:
    """A fenced code block whose fence is longer than any backtick run in the text."""
    longest = max((len(m.group(0)) for m in re.finditer(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    body = text.replace("\r\n", "\n").rstrip("\n")
    return f"{marks}{lang if _LANG.fullmatch(lang) else 'text'}\n{body}\n{marks}"
