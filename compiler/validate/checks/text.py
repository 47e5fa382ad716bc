"""Every human-readable field carries real German and English text."""

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
    """In every {de, en} text map, both languages are present, not blank and not a TODO placeholder."""
    for doc in (*docs.advisories, *docs.sets):
        yield from _walk(doc, doc.data, [])


def _walk(doc: Document, node: Any, path: list[str | int]) -> Iterator[Diagnostic]:
    if isinstance(node, dict):
        if set(node) == {"de", "en"} and all(isinstance(v, str) for v in node.values()):
            for lang in ("de", "en"):
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
            yield from _walk(doc, value, [*path, key])
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(doc, item, [*path, i])
