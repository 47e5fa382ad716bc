"""Atomic indicator values: valid for their type, canonical, and not repeated across the corpus."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compiler.corpus.kinds import canonical, dedupe_key, is_atomic
from compiler.corpus.load import Document
from compiler.corpus.values import unsafe
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.validate.checks.base import CheckContext, Docs


def check_values(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Each atomic value is valid for its type (hash length and hex, IP forms, CIDR without host bits, domain
    names incl. IDNA, URLs, absolute Windows paths) and written in canonical form (lower-case hashes,
    refanged `hxxp` and `[.]`)."""
    for doc in docs.sets:
        for i, ind in _atomic(doc):
            value = ind["value"]
            if unsafe(value):
                continue  # IOC107 says which character, at the same place
            try:
                fixed = canonical(ind["type"], value)
            except ValueError as exc:
                yield diagnostic("IOC201", doc.locate(f"/indicators/{i}/value"), str(exc))
                continue
            if fixed != value:
                yield diagnostic(
                    "IOC202",
                    doc.locate(f"/indicators/{i}/value"),
                    f"not canonical; write {fixed!r}",
                    hint="iocc fmt rewrites values into canonical form",
                )


def _atomic(doc: Document) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, indicator) of each atomic indicator with a text value; tolerant of any shape, because this
    check also runs on documents the schema refused (all findings of a file in one report)."""
    items = doc.data.get("indicators") if isinstance(doc.data, dict) else None
    for i, ind in enumerate(items if isinstance(items, list) else []):
        if isinstance(ind, dict) and is_atomic(ind.get("type")) and isinstance(ind.get("value"), str):
            yield i, ind


def check_duplicates(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """The same atomic value (same type, canonical form; Windows paths ignore case) appears once in the
    corpus; a repeat is reported at the later place, naming the first."""
    first: dict[tuple[str, str], tuple[Document, int]] = {}
    for doc in docs.sets:
        for i, ind in enumerate(doc.data["indicators"]):
            if not is_atomic(ind["type"]):
                continue
            try:
                key = dedupe_key(ind["type"], canonical(ind["type"], ind["value"]))
            except ValueError:
                continue
            if key in first:
                other, j = first[key]
                where = other.locate(f"/indicators/{j}/value")
                yield diagnostic(
                    "IOC203",
                    doc.locate(f"/indicators/{i}/value"),
                    f"{ind['type']} {ind['value']!r} also appears at {where.path}:{where.line}",
                )
            else:
                first[key] = (doc, i)
