"""The product catalog and what advisories say about it (IOC620-IOC635).

The verdict engine (compiler.products) places a build on a product line by its major.minor (and the line's
first build), on a release by the release's build, and decides per CVE from the advisory's fixes. These
checks make sure the catalog allows that without ambiguity and that every reference resolves, so the
model never meets a dangling id.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compiler.corpus.load import Document
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.products.builds import build_key, prefix_of
from compiler.validate.checks.base import CheckContext, Docs

BASES = ("rtm", "sp", "cu")
UPDATES = ("ru", "su", "hu")


def check_catalog(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Per product line: releases ascend by build without repeats, every build carries one of the line's
    prefixes (and is not below its first build), every update names a base release of the line, lies above
    it, and a security or hotfix update keeps its base's third number; on-premises lines that share a prefix
    are told apart by first_build."""
    claims: dict[str, list[tuple[Document, str | None]]] = {}
    for doc in docs.products:
        yield from _releases(doc)
        for prefix in doc.data.get("build_prefixes", []):
            claims.setdefault(prefix_of(prefix), []).append((doc, doc.data.get("first_build")))
    for prefix, owners in sorted(claims.items()):
        unmarked = [doc for doc, first in owners if first is None]
        firsts = [first for _, first in owners if first is not None]
        if len(unmarked) > 1 or len(firsts) != len(set(firsts)):
            for doc in unmarked[1:] or [owners[-1][0]]:
                yield diagnostic(
                    "IOC624",
                    doc.locate("/build_prefixes"),
                    f"builds {prefix}.x also belong to "
                    + ", ".join(d.data["id"] for d, _ in owners if d is not doc),
                    hint="give the newer line a first_build",
                )


def _releases(doc: Document) -> Iterator[Diagnostic]:
    data = doc.data
    prefixes = {prefix_of(p) for p in data.get("build_prefixes", [])}
    first = data.get("first_build")
    by_id: dict[str, dict[str, Any]] = {}
    previous: tuple[int, ...] | None = None
    for i, rel in enumerate(data["releases"]):
        where = f"/releases/{i}"
        build = build_key(rel["build"])
        if previous is not None and build <= previous:
            yield diagnostic(
                "IOC621",
                doc.locate(f"{where}/build"),
                f"{rel['build']} does not come after the release before it",
            )
        previous = build
        major_minor = f"{build[0]}.{build[1]}"
        if major_minor not in prefixes or (first is not None and build < build_key(first)):
            yield diagnostic(
                "IOC622",
                doc.locate(f"{where}/build"),
                f"{rel['build']} is not a build of {data['id']} (prefixes {', '.join(sorted(prefixes)) or 'none'}"
                + (f", from {first}" if first else "")
                + ")",
            )
        by_id.setdefault(rel["id"], rel)
    for i, rel in enumerate(data["releases"]):
        yield from _base(doc, i, rel, by_id)


def _base(
    doc: Document, i: int, rel: dict[str, Any], by_id: dict[str, dict[str, Any]]
) -> Iterator[Diagnostic]:
    base_id = rel.get("base")
    if rel["kind"] not in UPDATES:
        if base_id is not None:
            yield diagnostic(
                "IOC623", doc.locate(f"/releases/{i}/base"), f"a {rel['kind']} release has no base"
            )
        return
    base = by_id.get(base_id) if base_id else None
    if base is None or base["kind"] not in BASES:
        yield diagnostic(
            "IOC623",
            doc.locate(f"/releases/{i}/base"),
            f"{base_id!r} is not an rtm, sp or cu release of {doc.data['id']}",
        )
        return
    mine, theirs = build_key(rel["build"]), build_key(base["build"])
    if mine <= theirs or (rel["kind"] != "ru" and mine[:3] != theirs[:3]):
        yield diagnostic(
            "IOC623",
            doc.locate(f"/releases/{i}/build"),
            f"{rel['build']} does not install on {base['id']} ({base['build']})"
            + ("" if rel["kind"] == "ru" else ": a security or hotfix update keeps its base's third number"),
        )


def check_advisory_products(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every product an advisory names is in the catalog, every release it names belongs to that product and
    has the right kind, a product is listed once (affected or not), every fix is for an affected product and
    a CVE of the advisory that applies to it, and every affected product and applicable CVE has a fix."""
    catalog = {doc.data["id"]: doc.data for doc in docs.products}
    for doc in docs.advisories:
        yield from _advisory(doc, catalog)


def _advisory(doc: Document, catalog: dict[str, dict[str, Any]]) -> Iterator[Diagnostic]:
    data = doc.data
    listed: dict[str, str] = {}
    affected: dict[str, dict[str, Any]] = {}
    for group in ("affected", "not_affected"):
        for i, entry in enumerate(data["products"][group]):
            where = f"/products/{group}/{i}"
            pid = entry["product"]
            if pid not in catalog:
                yield _unknown_product(doc, f"{where}/product", pid, catalog)
                continue
            if pid in listed and listed[pid] != group:
                yield diagnostic(
                    "IOC634",
                    doc.locate(f"{where}/product"),
                    f"{pid} is listed as affected and as not affected",
                )
            listed[pid] = group
            if group == "affected":
                affected[pid] = catalog[pid]
                if "since" in entry:
                    yield from _release_ref(doc, f"{where}/since", catalog[pid], entry["since"], BASES)
    cves = {v["cve"]: v for v in data["vulnerabilities"]}
    closed: set[tuple[str, str]] = set()
    for i, fix in enumerate(data["fixes"]):
        yield from _fix(doc, i, fix, catalog, affected, cves, closed)
    for pid in affected:
        for cve, vuln in cves.items():
            applies = vuln.get("products") or list(affected)
            if pid in applies and (pid, cve) not in closed:
                yield diagnostic(
                    "IOC633",
                    doc.locate("/fixes", key=True),
                    f"no fix closes {cve} on {pid}",
                    hint="add a fix (updates or included_in), or narrow the vulnerability's products",
                )


def _fix(
    doc: Document,
    i: int,
    fix: dict[str, Any],
    catalog: dict[str, dict[str, Any]],
    affected: dict[str, dict[str, Any]],
    cves: dict[str, dict[str, Any]],
    closed: set[tuple[str, str]],
) -> Iterator[Diagnostic]:
    where = f"/fixes/{i}"
    pid = fix["product"]
    if pid not in catalog:
        yield _unknown_product(doc, f"{where}/product", pid, catalog)
        return
    if pid not in affected:
        yield diagnostic(
            "IOC634", doc.locate(f"{where}/product"), f"{pid} is not an affected product of this advisory"
        )
        return
    product = catalog[pid]
    for j, update in enumerate(fix.get("updates", [])):
        yield from _release_ref(doc, f"{where}/updates/{j}", product, update, UPDATES)
    if "included_in" in fix:
        yield from _release_ref(doc, f"{where}/included_in", product, fix["included_in"], BASES)
    for j, cve in enumerate(fix["cves"]):
        vuln = cves.get(cve)
        if vuln is None:
            yield diagnostic(
                "IOC632", doc.locate(f"{where}/cves/{j}"), f"{cve} is not a vulnerability of this advisory"
            )
        elif vuln.get("products") and pid not in vuln["products"]:
            yield diagnostic("IOC632", doc.locate(f"{where}/cves/{j}"), f"{cve} does not apply to {pid} here")
        else:
            closed.add((pid, cve))


def _release_ref(
    doc: Document, where: str, product: dict[str, Any], release_id: str, kinds: tuple[str, ...]
) -> Iterator[Diagnostic]:
    found = next((r for r in product["releases"] if r["id"] == release_id), None)
    if found is None:
        yield diagnostic(
            "IOC631",
            doc.locate(where),
            f"{product['id']} has no release {release_id!r}",
            hint=f"see products/{product['id']}.yaml",
        )
    elif found["kind"] not in kinds:
        yield diagnostic(
            "IOC631",
            doc.locate(where),
            f"{release_id} is a {found['kind']} release; expected one of {', '.join(kinds)}",
        )


def _unknown_product(doc: Document, where: str, pid: str, catalog: dict[str, dict[str, Any]]) -> Diagnostic:
    return diagnostic(
        "IOC630",
        doc.locate(where),
        f"no product {pid!r} in the catalog (products/)",
        hint="known: " + (", ".join(sorted(catalog)) or "none"),
    )
