"""Dates in order: within an advisory, its updates; within a product line, its releases; within a set, its
validity."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.corpus.load import Document
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.validate.checks.base import CheckContext, Docs


def check_dates(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """published <= every update date <= modified, updates oldest first; an update of a product is not
    released before the release it installs on; valid_from <= valid_until; a withdrawal is not before
    valid_from."""
    for doc in docs.advisories:
        yield from _advisory(doc)
    for doc in docs.products:
        yield from _product(doc)
    for doc in docs.sets:
        yield from _set(doc)


def _day(value: str) -> str:
    return value[:10]


def _advisory(doc: Document) -> Iterator[Diagnostic]:
    data = doc.data
    published, modified = data["published"], data["modified"]
    if modified < published:
        yield diagnostic(
            "IOC304", doc.locate("/modified"), f"modified {modified} is before published {published}"
        )
    previous = published
    for i, update in enumerate(data["updates"]):
        date = update["date"]
        if date < published:
            yield diagnostic(
                "IOC304", doc.locate(f"/updates/{i}/date"), f"{date} is before published {published}"
            )
        elif date > modified:
            yield diagnostic(
                "IOC304",
                doc.locate(f"/updates/{i}/date"),
                f"{date} is after modified {modified}; modified is the date of the latest change",
            )
        if date < previous:
            yield diagnostic(
                "IOC304",
                doc.locate(f"/updates/{i}/date"),
                f"{date} comes after {previous}: list updates oldest first",
            )
        previous = max(previous, date)


def _product(doc: Document) -> Iterator[Diagnostic]:
    released = {r["id"]: r["released"] for r in doc.data["releases"]}
    for i, rel in enumerate(doc.data["releases"]):
        base = released.get(rel.get("base") or "")
        if base and rel["released"] < base:
            yield diagnostic(
                "IOC304",
                doc.locate(f"/releases/{i}/released"),
                f"released {rel['released']}, before {rel['base']} ({base}) it installs on",
            )


def _set(doc: Document) -> Iterator[Diagnostic]:
    defaults = doc.data["defaults"]
    start = _day(defaults["valid_from"])
    if "valid_until" in defaults and _day(defaults["valid_until"]) < start:
        yield diagnostic(
            "IOC304", doc.locate("/defaults/valid_until"), f"valid_until is before valid_from ({start})"
        )
    for i, ind in enumerate(doc.data["indicators"]):
        until = ind.get("valid_until")
        if until and _day(until) < start:
            yield diagnostic(
                "IOC304",
                doc.locate(f"/indicators/{i}/valid_until"),
                f"valid_until is before valid_from ({start})",
            )
        withdrawn = ind.get("withdrawn")
        if withdrawn and withdrawn["date"] < start:
            yield diagnostic(
                "IOC304",
                doc.locate(f"/indicators/{i}/withdrawn/date"),
                f"withdrawn before it became valid ({start})",
            )
