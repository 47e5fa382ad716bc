"""Every human-readable field carries real German and English text, and nothing that ships is a TODO."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from compiler.corpus.load import Document, join_pointer
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.validate.checks.base import CheckContext, Docs

# `iocc new` fills skeletons with text that starts with TODO; such text never ships.
PLACEHOLDER = re.compile(r"^\s*(?:TODO|TBD|FIXME)\b")


def check_translations(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """In every text map, each configured language is present, not blank and not a TODO placeholder; no
    other field that ships (source name and licence, product vendor and name, names, reasons, ...) is a
    TODO placeholder either. Indicator values (checked by type) and authored rules are not looked at."""
    for doc in (*docs.advisories, *docs.sets, *docs.products):
        yield from _walk(doc, doc.data, [], ctx.languages)


# Fields that become a mail header (the subject): the title, and the customer mail's own subject.
HEADER_FIELDS = ("/title", "/email/subject")


def check_mail_headers(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """A text that becomes a mail subject holds no encoded word that a mail reader would decode into a line
    break or control character (RFC 2047 decoding comes before the line-break check)."""
    from compiler.corpus.textforms import one_line, shown, unsafe_header_text

    for doc in docs.advisories:
        if not isinstance(doc.data, dict):
            continue
        for pointer in HEADER_FIELDS:
            node: Any = doc.data
            for part in pointer.strip("/").split("/"):
                node = node.get(part) if isinstance(node, dict) else None
            for lang in ctx.languages:
                text = node.get(lang) if isinstance(node, dict) else None
                if not isinstance(text, str) or "=?" not in text:
                    continue
                if unsafe_header_text(one_line(text)) is not None:  # raw line breaks are IOC552's
                    yield diagnostic(
                        "IOC554",
                        doc.locate(f"{pointer}/{lang}"),
                        f"the {lang!r} text decodes in a mail reader to {shown(text)[:60]!r}",
                        hint="write the text itself, not an RFC 2047 encoded word",
                    )


def _walk(doc: Document, node: Any, path: list[str | int], langs: tuple[str, ...]) -> Iterator[Diagnostic]:
    if isinstance(node, dict):
        if set(node) == set(langs) and all(isinstance(v, str) for v in node.values()):
            for lang in langs:
                text = node[lang]
                if not text.strip():
                    yield diagnostic(
                        "IOC305", doc.locate(join_pointer([*path, lang])), f"the {lang!r} text is empty"
                    )
                elif PLACEHOLDER.match(text):
                    yield diagnostic(
                        "IOC305",
                        doc.locate(join_pointer([*path, lang])),
                        f"the {lang!r} text is still a placeholder: {text.strip()[:40]!r}",
                    )
            return
        if path and path[-1] == "rule":
            return  # a Sigma rule is not ours to translate
        for key, value in node.items():
            yield from _walk(doc, value, [*path, key], langs)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(doc, item, [*path, i], langs)
    elif isinstance(node, str) and PLACEHOLDER.match(node) and not _is_value(path):
        yield diagnostic(
            "IOC305",
            doc.locate(join_pointer(path)),
            f"{'/'.join(str(p) for p in path)} is still a placeholder: {node.strip()[:40]!r}",
        )


def _is_value(path: list[str | int]) -> bool:
    """An indicator's value: its type's check owns it (a file may well be called TODO.txt)."""
    return len(path) == 3 and path[0] == "indicators" and path[2] == "value"
