"""Checks shared by the mail tests: a strict HTML parse, an allow-list of what mail HTML may hold, MIME reading."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser

from tests.tools import missing

ALLOWED_TAGS = frozenset(
    {"html", "head", "meta", "title", "body", "div", "p", "ul", "ol", "li", "strong", "em", "code", "pre",
     "a", "br", "blockquote", "hr", "mark"}
)  # fmt: skip
ALLOWED_ATTRS = frozenset({"style", "href", "lang", "charset", "name", "content", "start"})
VOID = frozenset({"meta", "br", "hr"})


def html5_errors(document: str) -> list[str]:
    """Parse errors of the WHATWG HTML parser (html5lib, strict mode collects every error)."""
    try:
        import html5lib  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover
        missing("html5lib is not installed")
        raise
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(document)
    return [f"{pos}: {code} {data}" for pos, code, data in parser.errors]


INLINE = frozenset({"a", "b", "strong", "em", "i", "code", "span", "mark", "small", "sub", "sup"})


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []
        self.hidden: list[bool] = []  # per open element: hidden by display:none (a preheader)
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag not allowed: <{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRS:
                self.problems.append(f"attribute not allowed: {name} on <{tag}>")
            if name == "href" and not re.match(r"^(https?://[^/\s]+|mailto:)", value or ""):
                self.problems.append(f"link target not allowed: {value!r}")
            if name == "style" and value and re.search(r"url\s*\(|expression\s*\(|@import", value, re.I):
                self.problems.append(f"style loads a resource: {value!r}")
        if tag not in INLINE:
            self.text.append(
                " "
            )  # block elements separate words in a browser's rendering; inline ones do not
        hidden = any(n == "style" and re.search(r"display\s*:\s*none", v or "") for n, v in attrs)
        if tag not in VOID:
            self.stack.append(tag)
            self.hidden.append(hidden)
        if tag in ("title", "head") or (hidden and tag not in VOID):
            self._skip += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing tag: <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.problems.append(f"end tag of a void element: </{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            return
        self.stack.pop()
        hidden = self.hidden.pop()
        if tag not in INLINE:
            self.text.append(" ")
        if tag in ("title", "head") or hidden:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def audit_html(document: str) -> tuple[list[str], str]:
    """Problems (disallowed tags, attributes, link targets; unbalanced tags) and the visible text (without
    what display:none hides, such as the preheader)."""
    audit = _Audit()
    audit.feed(document)
    audit.close()
    if audit.stack:
        audit.problems.append(f"unclosed: {audit.stack}")
    if not document.startswith("<!DOCTYPE html>\n"):
        audit.problems.append("no HTML5 doctype")
    return audit.problems, "".join(audit.text)


def read_eml(data: bytes) -> EmailMessage:
    msg = message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def part_text(part: EmailMessage) -> str:
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")
