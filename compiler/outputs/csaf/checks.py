"""The CSAF 2.0 mandatory tests (section 6.1) that iocc's documents rely on, written for iocc.

`mandatory_failures(doc)` returns (test, JSON pointer, message) for every failure, sorted. Together
with the schema (compiler.outputs.csaf.schema) this is the always-on gate of the CSAF emitter; the tests also
run BSI Secvisogram's validator where Node is installed (tests/csaf-validator/).

Covered: 6.1.1-6.1.12, 6.1.14-6.1.23, 6.1.26, 6.1.27.4-6.1.27.6, 6.1.27.11, 6.1.28-6.1.31. Not covered, because
iocc never writes what they test: 6.1.13 (purl), 6.1.24 (involvements), 6.1.25 (file hashes), 6.1.27.1-3
and 6.1.27.7-10 (other profiles), 6.1.32-6.1.33 (flags).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any, Final

from compiler.corpus.cvss import NAMES, VECTOR, base_score
from compiler.outputs.csaf.schema import cwe_names
from compiler.outputs.csaf.tracking import Failure, tracking_failures

_LANG: Final = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-[a-zA-Z0-9]{5,8})*$")
_RANGE_WORDS: Final = ("after", "all", "before", "earlier", "later", "prior", "versions")
_STATUS_GROUPS: Final = {
    "affected": ("first_affected", "known_affected", "last_affected"),
    "not affected": ("known_not_affected",),
    "fixed": ("first_fixed", "fixed"),
    "under investigation": ("under_investigation",),
}
_STANDARD: Final = {"csaf_base", "csaf_security_incident_response", "csaf_informational_advisory", "csaf_security_advisory", "csaf_vex"}  # fmt: skip


def _definitions(doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(product id, pointer) of every full_product_name in the product tree."""
    tree = doc.get("product_tree", {})

    def branches(items: list[Any], path: str) -> Iterator[tuple[str, str]]:
        for i, branch in enumerate(items):
            if "product" in branch:
                yield branch["product"]["product_id"], f"{path}/{i}/product/product_id"
            yield from branches(branch.get("branches", []), f"{path}/{i}/branches")

    yield from branches(tree.get("branches", []), "/product_tree/branches")
    for i, fpn in enumerate(tree.get("full_product_names", [])):
        yield fpn["product_id"], f"/product_tree/full_product_names/{i}/product_id"
    for i, rel in enumerate(tree.get("relationships", [])):
        yield (
            rel["full_product_name"]["product_id"],
            f"/product_tree/relationships/{i}/full_product_name/product_id",
        )


def _references(doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(product id, pointer) of every place that refers to a product id."""
    tree = doc.get("product_tree", {})
    for g, group in enumerate(tree.get("product_groups", [])):
        for i, pid in enumerate(group["product_ids"]):
            yield pid, f"/product_tree/product_groups/{g}/product_ids/{i}"
    for r, rel in enumerate(tree.get("relationships", [])):
        for key in ("product_reference", "relates_to_product_reference"):
            yield rel[key], f"/product_tree/relationships/{r}/{key}"
    for v, vuln in enumerate(doc.get("vulnerabilities", [])):
        base = f"/vulnerabilities/{v}"
        for status, ids in vuln.get("product_status", {}).items():
            for i, pid in enumerate(ids):
                yield pid, f"{base}/product_status/{status}/{i}"
        for key in ("remediations", "scores", "threats", "flags"):
            field = "products" if key == "scores" else "product_ids"
            for n, item in enumerate(vuln.get(key, [])):
                for i, pid in enumerate(item.get(field, [])):
                    yield pid, f"{base}/{key}/{n}/{field}/{i}"


def _product_ids(doc: dict[str, Any]) -> Iterator[Failure]:
    yield from _defined_once(doc)
    yield from _relation_cycles(doc)
    yield from _group_ids(doc)


def _defined_once(doc: dict[str, Any]) -> Iterator[Failure]:
    """6.1.1 and 6.1.2: every product id used is defined, and defined once."""
    defined = Counter(pid for pid, _ in _definitions(doc))
    for pid, pointer in _definitions(doc):
        if defined[pid] > 1:
            yield "6.1.2", pointer, f"product id {pid!r} is defined {defined[pid]} times"
    for pid, pointer in _references(doc):
        if pid not in defined:
            yield "6.1.1", pointer, f"product id {pid!r} is used but never defined"


def _relation_cycles(doc: dict[str, Any]) -> Iterator[Failure]:
    """6.1.3: no product is defined through a relationship that leads back to itself."""
    relations: dict[str, set[str]] = {}
    for rel in doc.get("product_tree", {}).get("relationships", []):
        new = rel["full_product_name"]["product_id"]
        relations.setdefault(new, set()).update(
            {rel["product_reference"], rel["relates_to_product_reference"]}
        )
    for start in relations:
        if _reaches(relations, start):
            yield "6.1.3", "/product_tree/relationships", f"product id {start!r} is defined through itself"


def _reaches(relations: dict[str, set[str]], start: str) -> bool:
    """Whether the products `start` is made of lead back to `start`."""
    seen: set[str] = set()
    todo = list(relations[start])
    while todo:
        pid = todo.pop()
        if pid == start:
            return True
        if pid not in seen:
            seen.add(pid)
            todo.extend(relations.get(pid, ()))
    return False


def _group_ids(doc: dict[str, Any]) -> Iterator[Failure]:
    """6.1.4 and 6.1.5: every product group id used is defined, and defined once."""
    groups = Counter(g["group_id"] for g in doc.get("product_tree", {}).get("product_groups", []))
    for gid, count in groups.items():
        if count > 1:
            yield "6.1.5", "/product_tree/product_groups", f"group id {gid!r} is defined {count} times"
    for v, vuln in enumerate(doc.get("vulnerabilities", [])):
        for key in ("remediations", "threats", "flags"):
            for n, item in enumerate(vuln.get(key, [])):
                for i, gid in enumerate(item.get("group_ids", [])):
                    if gid not in groups:
                        yield "6.1.4", f"/vulnerabilities/{v}/{key}/{n}/group_ids/{i}", f"group id {gid!r} is never defined"  # fmt: skip


def _vulnerabilities(doc: dict[str, Any]) -> Iterator[Failure]:
    cves = Counter(v.get("cve") for v in doc.get("vulnerabilities", []) if v.get("cve"))
    for v, vuln in enumerate(doc.get("vulnerabilities", [])):
        base = f"/vulnerabilities/{v}"
        if vuln.get("cve") and cves[vuln["cve"]] > 1:
            yield "6.1.23", f"{base}/cve", f"{vuln['cve']} is used by {cves[vuln['cve']]} vulnerabilities"
        yield from _status_groups(vuln, base)
        yield from _scores(vuln, base)
        yield from _cwe(vuln, base)
        for r, remediation in enumerate(vuln.get("remediations", [])):
            if not remediation.get("product_ids") and not remediation.get("group_ids"):
                yield "6.1.29", f"{base}/remediations/{r}", "a remediation refers to no product"


def _status_groups(vuln: dict[str, Any], base: str) -> Iterator[Failure]:
    """6.1.6: no product is in two groups of the product status (affected and fixed, say)."""
    status = vuln.get("product_status", {})
    owner: dict[str, str] = {}
    for group, keys in _STATUS_GROUPS.items():
        for key in keys:
            for pid in status.get(key, []):
                if owner.setdefault(pid, group) != group:
                    yield "6.1.6", f"{base}/product_status", f"{pid!r} is both {owner[pid]} and {group}"


def _scores(vuln: dict[str, Any], base: str) -> Iterator[Failure]:
    """6.1.7: one score per product and CVSS version; 6.1.8-6.1.10 for each CVSS 3 score."""
    per_version: Counter[tuple[str, str]] = Counter()
    for s, score in enumerate(vuln.get("scores", [])):
        for kind in ("cvss_v2", "cvss_v3"):
            if kind in score:
                for pid in score.get("products", []):
                    per_version[(pid, kind + str(score[kind].get("version")))] += 1
        if "cvss_v3" in score:
            yield from _cvss3(score["cvss_v3"], f"{base}/scores/{s}/cvss_v3")
    for (pid, version), count in per_version.items():
        if count > 1:
            yield "6.1.7", f"{base}/scores", f"{pid!r} has {count} scores of {version}"


def _cwe(vuln: dict[str, Any], base: str) -> Iterator[Failure]:
    """6.1.11: the CWE is in the list, under its name there."""
    cwe = vuln.get("cwe")
    if cwe is None:
        return
    name = cwe_names().get(cwe["id"])
    if name is None:
        yield "6.1.11", f"{base}/cwe/id", f"{cwe['id']} is not in the CWE list"
    elif name != cwe["name"]:
        yield "6.1.11", f"{base}/cwe/name", f"the name of {cwe['id']} is {name!r}"


def _cvss3(cvss: dict[str, Any], pointer: str) -> Iterator[Failure]:
    vector = cvss.get("vectorString", "")
    computed = base_score(vector)
    if computed is None or not VECTOR.match(vector):
        yield "6.1.8", f"{pointer}/vectorString", f"not a CVSS 3.x base vector: {vector!r}"
        return
    if computed.version != cvss.get("version"):
        yield "6.1.10", f"{pointer}/version", f"version {cvss.get('version')} differs from the vector"
    for key, (name, _) in NAMES.items():
        if name in cvss and cvss[name] != computed.metrics[name]:
            yield "6.1.10", f"{pointer}/{name}", f"{name} {cvss[name]} differs from the vector's {key}"
    if abs(float(cvss.get("baseScore", -1)) - computed.score) > 1e-9:
        yield (
            "6.1.9",
            f"{pointer}/baseScore",
            f"base score {cvss.get('baseScore')} differs from {computed.score}",
        )
    if cvss.get("baseSeverity") != computed.severity:
        yield "6.1.9", f"{pointer}/baseSeverity", f"base severity {cvss.get('baseSeverity')} differs from {computed.severity}"  # fmt: skip


def _document(doc: dict[str, Any]) -> Iterator[Failure]:
    document = doc["document"]
    yield from _languages(document)
    yield from _category(document["category"])
    if document["category"] == "csaf_security_advisory":
        yield from _security_advisory(doc)


def _languages(document: dict[str, Any]) -> Iterator[Failure]:
    """6.1.12, 6.1.15, 6.1.28: language tags are valid; a translation names a source language of its own."""
    for key in ("lang", "source_lang"):
        if key in document and not _LANG.match(document[key]):
            yield "6.1.12", f"/document/{key}", f"{document[key]!r} is not a language tag"
    if document["publisher"]["category"] == "translator" and not document.get("source_lang"):
        yield "6.1.15", "/document/source_lang", "a translator's document needs source_lang"
    if document.get("source_lang") and document.get("lang", "").lower() == document["source_lang"].lower():
        yield "6.1.28", "/document/source_lang", "a translation has the language of its source"


def _category(category: str) -> Iterator[Failure]:
    """6.1.26: a category that is no CSAF profile does not look like one."""
    if category not in _STANDARD:
        folded = re.sub(r"[-_ ]", "", category.lower())
        if folded.startswith("csaf") or folded in {s.replace("_", "") for s in _STANDARD}:
            yield "6.1.26", "/document/category", f"{category!r} is reserved for CSAF profiles"


def _security_advisory(doc: dict[str, Any]) -> Iterator[Failure]:
    """6.1.27.4-6.1.27.6 and 6.1.27.11: what the security advisory profile requires."""
    if "product_tree" not in doc:
        yield "6.1.27.4", "/", "a security advisory needs a product tree"
    if not doc.get("vulnerabilities"):
        yield "6.1.27.11", "/", "a security advisory needs vulnerabilities"
    for v, vuln in enumerate(doc.get("vulnerabilities", [])):
        if not vuln.get("notes"):
            yield "6.1.27.5", f"/vulnerabilities/{v}", "a vulnerability needs notes"
        if not vuln.get("product_status"):
            yield "6.1.27.6", f"/vulnerabilities/{v}", "a vulnerability needs a product status"


def _branch_names(doc: dict[str, Any]) -> Iterator[Failure]:
    def walk(items: list[Any], path: str) -> Iterator[Failure]:
        for i, branch in enumerate(items):
            name = branch.get("name", "")
            if branch.get("category") == "product_version":
                words = name.lower().split()
                if any(op in name for op in ("<", ">")) or any(w in words for w in _RANGE_WORDS):
                    yield "6.1.31", f"{path}/{i}/name", f"product version {name!r} reads as a range"
            yield from walk(branch.get("branches", []), f"{path}/{i}/branches")

    yield from walk(doc.get("product_tree", {}).get("branches", []), "/product_tree/branches")


def mandatory_failures(doc: dict[str, Any]) -> list[Failure]:
    """Every failure of the covered mandatory tests, sorted. Call on a schema-valid document."""
    found = [
        *_product_ids(doc),
        *_vulnerabilities(doc),
        *tracking_failures(doc),
        *_document(doc),
        *_branch_names(doc),
    ]
    return sorted(set(found))
