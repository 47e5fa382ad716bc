"""The patch table: an advisory's product data in the form both verdict engines read.

`compile_table` turns the model into plain JSON-ready data. The command line (compiler.products.verdict)
and the site's build checker (site/assets/javascripts/build-checker.js) evaluate the SAME table with
the same rules, so the derived facts (each row's CU number, whether it is a rollup, the CUs to upgrade
to) are computed once, here.
"""

from __future__ import annotations

import re
from typing import Any, Final

from compiler.corpus.model import Advisory, AffectedProduct, CuUpdate, Text
from compiler.products.messages import MESSAGES

FORMAT: Final = "iocc-patch-table/1"
# "SP3 (RU32)": an update rollup for a service pack. A rollup changes the third build number, so it
# is not matched by CU number: every build of the product below it is vulnerable, and it is the fix.
ROLLUP: Final = re.compile(r"^SP[0-9]+ \(RU[0-9]+\)$")


def parts(build: str) -> tuple[int, int, int, int]:
    """The four numbers of a schema-valid build string."""
    a, b, c, d = (int(x) for x in build.split("."))
    return a, b, c, d


def prefix_of(build_prefix: str) -> str:
    """'15.02' and '15.2' name the same product line."""
    major, minor = (int(x) for x in build_prefix.split("."))
    return f"{major}.{minor}"


def row_key(row: CuUpdate) -> int:
    """The CU's own number: the third part of its build, or of its fixed build where the tables give
    no base build (a security update keeps the CU's third number)."""
    return parts(row.build or row.fixed_build)[2]


def _text(text: Text | None) -> dict[str, str] | None:
    return None if text is None else {"de": text.de, "en": text.en}


def _row(row: CuUpdate) -> dict[str, Any]:
    return {
        "cu": row.cu,
        "key": row_key(row),
        "rollup": bool(ROLLUP.match(row.cu)),
        "build": row.build,
        "released": row.released,
        "fixed_build": row.fixed_build,
        "kb": row.kb,
        "fix_released": row.fix_released,
        "supported": row.supported,
        "source": row.source,
        "note": _text(row.note),
    }


def _upgrade(product: AffectedProduct) -> dict[str, Any]:
    """Where a server without an update for its CU goes: the supported CUs (the newest CU when the data
    marks none), and the KB to install there."""
    supported = [r for r in product.updates if r.supported] or [product.updates[-1]]
    kbs = sorted({r.kb for r in supported})
    return {"cus": [r.cu for r in supported], "kb": ", ".join(kbs)}


def _product(product: AffectedProduct) -> dict[str, Any]:
    releases = sorted(product.fixed_releases, key=lambda r: parts(r.build))
    return {
        "id": product.id,
        "vendor": product.vendor,
        "name": product.name,
        "prefix": prefix_of(product.build_prefix),
        "rows": [_row(r) for r in product.updates],
        "fixed_releases": [{"cu": r.cu, "build": r.build, "released": r.released} for r in releases],
        "upgrade": _upgrade(product),
        "note": _text(product.note),
    }


def compile_table(advisory: Advisory) -> dict[str, Any]:
    """The advisory's patch table, JSON-ready, deterministic (data order kept, releases sorted)."""
    return {
        "format": FORMAT,
        "advisory": advisory.id,
        "title": _text(advisory.title),
        "modified": advisory.modified,
        "products": [_product(p) for p in advisory.affected],
        "not_affected": [
            {"id": p.id, "vendor": p.vendor, "name": p.name, "reason": _text(p.reason)}
            for p in advisory.not_affected
        ],
        "messages": MESSAGES,
    }
