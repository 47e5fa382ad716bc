"""Checks across records: ids, references, TLP consistency, the remediation procedure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from compiler.corpus.load import Document, modeline
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.validate.checks.base import CheckContext, Docs

_INNER_IDS = (
    ("/products/affected", "product"),
    ("/products/not_affected", "product"),
    ("/threat_actors", "id"),
    ("/malware", "id"),
    ("/attack_patterns", "id"),
    ("/vulnerabilities", "cve"),
)
_SCHEMA_OF = {
    "advisory": "advisory.schema.json",
    "indicator-set": "indicator-set.schema.json",
    "product": "product.schema.json",
}
_OWN_IDS = {"indicator-set": (("/indicators", "name"),), "product": (("/releases", "id"),)}


def check_ids(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """An id equals its file's stem, is unique among records of its kind, and a file sits in its kind's
    folder (advisories/<published year>/, indicators/<first advisory>/, products/) and names its schema in a
    modeline."""
    for kind_docs in (docs.advisories, docs.sets, docs.products):
        first: dict[str, Document] = {}
        for doc in kind_docs:
            rid = doc.data["id"]
            stem = PurePosixPath(doc.path).stem
            if rid != stem:
                yield diagnostic(
                    "IOC301", doc.locate("/id"), f"id {rid!r} differs from the file name {stem!r}"
                )
            if rid in first:
                other = first[rid]
                yield diagnostic(
                    "IOC302",
                    doc.locate("/id"),
                    f"id {rid!r} is already used by {other.path}:{other.locate('/id').line}",
                )
            else:
                first[rid] = doc
            yield from _placement(doc)
            yield from _inner_duplicates(doc)


def _placement(doc: Document) -> Iterator[Diagnostic]:
    parts = PurePosixPath(doc.path).parts
    expected_schema = _SCHEMA_OF[doc.kind]
    line = modeline(doc.text)
    if line is None or not line.endswith(expected_schema):
        yield diagnostic(
            "IOC010",
            Location(doc.path, 1, 1, ""),
            f"the first line should be '# yaml-language-server: $schema=<path to schemas/{expected_schema}>'",
        )
    if doc.kind == "advisory" and parts[:1] == ("advisories",):
        year = doc.data["published"][:4]
        if len(parts) != 3:
            yield diagnostic("IOC009", doc.locate(""), f"an advisory lives at advisories/{year}/<id>.yaml")
        elif parts[1] != year:
            yield diagnostic(
                "IOC307",
                doc.locate("/published"),
                f"published in {year} but filed under advisories/{parts[1]}/",
            )
    if doc.kind == "product" and parts[:1] == ("products",) and len(parts) != 2:
        yield diagnostic("IOC009", doc.locate("/id"), "a product line lives at products/<id>.yaml")
    if doc.kind == "indicator-set" and parts[:1] == ("indicators",):
        owner = doc.data["advisories"][0]
        if len(parts) != 3 or parts[1] != owner:
            yield diagnostic(
                "IOC009",
                doc.locate("/advisories/0"),
                f"an indicator set lives at indicators/{owner}/<id>.yaml (its first advisory's folder)",
            )


def _inner_duplicates(doc: Document) -> Iterator[Diagnostic]:
    lists = _INNER_IDS if doc.kind == "advisory" else _OWN_IDS[doc.kind]
    for pointer, key in lists:
        items = _at(doc.data, pointer)
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            value = item.get(key)
            if value is None:
                continue
            if value in seen:
                yield diagnostic(
                    "IOC308",
                    doc.locate(f"{pointer}/{i}/{key}"),
                    f"{key} {value!r} is used twice in this file (first at {pointer}/{seen[value]})",
                )
            else:
                seen[value] = i


def _at(data: Any, pointer: str) -> list[Any]:
    node = data
    for part in pointer.strip("/").split("/"):
        node = node.get(part, []) if isinstance(node, dict) else []
    return node if isinstance(node, list) else []


def check_references(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every advisory a set names exists; every object a set relates to exists in one of its advisories;
    every product a vulnerability names is an affected product of its advisory."""
    advisories = {doc.data["id"]: doc.data for doc in docs.advisories}
    for doc in docs.advisories:
        product_ids = {p["product"] for p in doc.data["products"]["affected"]}
        for i, vuln in enumerate(doc.data["vulnerabilities"]):
            for j, pid in enumerate(vuln.get("products", [])):
                if pid not in product_ids:
                    yield diagnostic(
                        "IOC303",
                        doc.locate(f"/vulnerabilities/{i}/products/{j}"),
                        f"no affected product {pid!r} in this advisory",
                        hint="known: " + ", ".join(sorted(product_ids)),
                    )
    for doc in docs.sets:
        owners = []
        for i, adv_id in enumerate(doc.data["advisories"]):
            if adv_id in advisories:
                owners.append(advisories[adv_id])
            else:
                yield diagnostic("IOC303", doc.locate(f"/advisories/{i}"), f"no advisory with id {adv_id!r}")
        if not owners:
            continue
        known = {
            "malware": {m["id"] for a in owners for m in a.get("malware", [])},
            "threat_actors": {t["id"] for a in owners for t in a.get("threat_actors", [])},
            "vulnerabilities": {v["cve"] for a in owners for v in a["vulnerabilities"]},
            "attack_patterns": {p["id"] for a in owners for p in a.get("attack_patterns", [])},
        }
        for field, ids in doc.data.get("relates_to", {}).items():
            for i, ref in enumerate(ids):
                if ref not in known[field]:
                    yield diagnostic(
                        "IOC303",
                        doc.locate(f"/relates_to/{field}/{i}"),
                        f"{ref!r} is not among the {field.replace('_', ' ')} of "
                        + ", ".join(a["id"] for a in owners),
                    )


def check_tlp(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """A set marked more restrictively than an advisory it belongs to is kept out of that advisory's public
    outputs: say so, since it is rarely what the maintainer meant. A set marked less restrictively than
    its source marks the values is an error: outputs go by the set's TLP, so it would publish them."""
    levels = {doc.data["id"]: Tlp(doc.data["tlp"]) for doc in docs.advisories}
    for doc in docs.sets:
        tlp = Tlp(doc.data["tlp"])
        given = doc.data["source"].get("tlp")
        if given is not None and Tlp(given).rank > tlp.rank:
            yield diagnostic(
                "IOC310",
                doc.locate("/source/tlp"),
                f"the source marks these values TLP:{Tlp(given).value.upper()}, the set only "
                f"TLP:{tlp.value.upper()}; outputs go by the set's TLP",
                hint=f"mark the set `tlp: {given}` (or stricter)",
            )
        for adv_id in doc.data["advisories"]:
            adv_tlp = levels.get(adv_id)
            if adv_tlp is not None and tlp.rank > adv_tlp.rank:
                yield diagnostic(
                    "IOC306",
                    doc.locate("/tlp"),
                    f"TLP:{tlp.value.upper()} is more restrictive than advisory {adv_id} "
                    f"(TLP:{adv_tlp.value.upper()}); outputs at the advisory's level leave this set out",
                )


def check_steps(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """A final advisory carries the three steps: patch, hunt for indicators, rule out false positives."""
    for doc in docs.advisories:
        if doc.data["status"] != "final":
            continue
        kinds = {step["kind"] for step in doc.data["steps"]}
        for needed in ("patch", "hunt", "false-positives"):
            if needed not in kinds:
                yield diagnostic("IOC309", doc.locate("/steps", key=True), f"no step of kind {needed!r}")


MAX_CUSTOMER_RESOURCES = 5  # what a customer reads in a mail; the rest is for partners


def check_customer_resources(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """An advisory gives customers at most five resources (audience: customer): the customer mail lists
    each of them, and a customer does not read a list of links."""
    for doc in docs.advisories:
        customer = [i for i, r in enumerate(doc.data.get("resources", [])) if r.get("audience") == "customer"]
        for i in customer[MAX_CUSTOMER_RESOURCES:]:
            yield diagnostic(
                "IOC316",
                doc.locate(f"/resources/{i}"),
                f"customer resource {customer.index(i) + 1} of {len(customer)}: the customer mail lists at "
                f"most {MAX_CUSTOMER_RESOURCES}; mark this one partner or technical, or drop another",
            )
