"""Product data that the patch-status verdicts can rely on (IOC601-IOC606).

The verdict engine (compiler.products) matches a build to a CU by its third number and compares the
rest; these checks make sure the data allows that without ambiguity.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compiler.corpus.load import Document
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.products.table import ROLLUP, prefix_of
from compiler.validate.checks.base import CheckContext, Docs


def _parts(build: str) -> tuple[int, ...]:
    return tuple(int(x) for x in build.split("."))


def check_products(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Per advisory: build prefixes are unique; per product: every build carries the product's
    major.minor, CU rows ascend by CU number without repeats, a fixed build is above its CU's build and
    keeps its third number, a rollup row stands alone, and later releases with the fix are newer than
    every listed CU."""
    for doc in docs.advisories:
        seen: dict[str, int] = {}
        for p, product in enumerate(doc.data["products"]["affected"]):
            base = f"/products/affected/{p}"
            prefix = prefix_of(product["build_prefix"])
            if prefix in seen:
                yield diagnostic(
                    "IOC605",
                    doc.locate(f"{base}/build_prefix"),
                    f"build_prefix {prefix} is also the prefix of /products/affected/{seen[prefix]}",
                )
            seen.setdefault(prefix, p)
            yield from _product(doc, base, prefix, product)


def _product(doc: Document, base: str, prefix: str, product: dict[str, Any]) -> Iterator[Diagnostic]:
    rows = product["updates"]
    keys: list[int] = []
    for u, row in enumerate(rows):
        here = f"{base}/updates/{u}"
        foreign = False
        for name in ("build", "fixed_build"):
            value = row.get(name)
            if value is not None and prefix_of(".".join(value.split(".")[:2])) != prefix:
                foreign = True
                yield diagnostic(
                    "IOC602", doc.locate(f"{here}/{name}"), f"{value} is not a {prefix}.x.y build"
                )
        if foreign:
            continue  # comparing builds of two products says nothing more
        fixed = _parts(row["fixed_build"])
        if row.get("build") is not None:
            build = _parts(row["build"])
            if fixed <= build:
                yield diagnostic(
                    "IOC603",
                    doc.locate(f"{here}/fixed_build"),
                    f"fixed build {row['fixed_build']} is not above the CU's build {row['build']}",
                )
            elif fixed[2] != build[2] and not ROLLUP.match(row["cu"]):
                yield diagnostic(
                    "IOC603",
                    doc.locate(f"{here}/fixed_build"),
                    f"a security update keeps the CU's third number ({build[2]}), but the fixed build has {fixed[2]}",
                )
        if ROLLUP.match(row["cu"]):
            if len(rows) > 1:
                yield diagnostic(
                    "IOC606",
                    doc.locate(f"{here}/cu"),
                    f"{row['cu']} is an update rollup; it must be the only row of its product",
                )
            continue
        key = _parts(row.get("build") or row["fixed_build"])[2]
        if keys and key <= keys[-1]:
            yield diagnostic(
                "IOC601",
                doc.locate(f"{here}/cu"),
                f"{row['cu']} has CU number {key}, not above the row before ({keys[-1]}); list CUs oldest first",
            )
        keys.append(key)
    releases = product.get("fixed_releases", [])
    newest = max(keys, default=-1)
    builds: set[str] = set()
    for r, release in enumerate(releases):
        here = f"{base}/fixed_releases/{r}/build"
        build = release["build"]
        if prefix_of(".".join(build.split(".")[:2])) != prefix:
            yield diagnostic("IOC602", doc.locate(here), f"{build} is not a {prefix}.x.y build")
        if _parts(build)[2] <= newest or build in builds:
            yield diagnostic(
                "IOC604",
                doc.locate(here),
                f"{build} is not newer than every listed CU (the newest has CU number {newest}), or is listed twice",
            )
        builds.add(build)
