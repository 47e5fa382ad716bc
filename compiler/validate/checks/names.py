"""Ids that become file names: every output file an id names must be its own, on every file system.

An advisory id names files in many outputs (stix/<id>.json beside stix/all.json, the site's
advisories/<id>/ beside advisories/index, CSAF's <id>.json and <id>-<lang>.json); a Sigma rule's id names
rules/sigma/<id>.yml and one query file per target. Windows cannot create files named after its devices
(con, nul, com1, ...), whatever their extension, and macOS and Windows do not tell names apart by case.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from compiler.corpus.filenames import ORIGINAL
from compiler.corpus.filenames import csaf_file_name as file_name
from compiler.corpus.load import Document
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.validate.checks.base import CheckContext, Docs

RESERVED: Final = frozenset({"all", "index"})
DEVICES: Final = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def check_file_names(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """An advisory id is not reserved (`all`, `index`) nor a Windows device name; no two advisories' CSAF
    documents share a file name (advisory `x-de` beside `x`'s German document); no two Sigma rules' ids are
    equal but for case (their files would be one file on macOS and Windows, or one rule would be lost)."""
    csaf: dict[str, str] = {}
    for doc in docs.advisories:
        ident = doc.data["id"]
        if ident in RESERVED or ident in DEVICES:
            why = "a Windows device name" if ident in DEVICES else "the name of a file every build writes"
            yield diagnostic("IOC311", doc.locate("/id"), f"advisory id {ident!r} is {why}")
        for lang in ctx.languages:
            tracking = ident if lang == ORIGINAL else f"{ident}-{lang}"
            name = file_name(tracking)
            if name in csaf and csaf[name] != ident:
                yield diagnostic(
                    "IOC311",
                    doc.locate("/id"),
                    f"the CSAF document {name} of advisory {ident!r} ({lang}) is also one of advisory {csaf[name]!r}",
                )
            csaf.setdefault(name, ident)
    sigma: dict[str, tuple[Document, int]] = {}
    for doc in docs.sets:
        for i, ind in enumerate(doc.data["indicators"]):
            rule: Any = ind.get("rule")
            if (
                ind.get("type") != "sigma"
                or not isinstance(rule, dict)
                or not isinstance(rule.get("id"), str)
            ):
                continue
            key = rule["id"].casefold()
            if key in sigma:
                other, j = sigma[key]
                where = other.locate(f"/indicators/{j}/rule/id")
                yield diagnostic(
                    "IOC311",
                    doc.locate(f"/indicators/{i}/rule/id"),
                    f"Sigma rule id {rule['id']!r} is also used, case aside, at {where.path}:{where.line}",
                )
            else:
                sigma[key] = (doc, i)
