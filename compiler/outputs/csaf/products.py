"""The CSAF product tree of an advisory: vendor > product name > product version, with stable ids.

The versions of an affected product line are the releases its fixes speak of: each release an update
installs on (known affected, until the update), each update (fixed for the CVEs it closes, still affected
for the others), and each release that ships fixes. Products not affected hang directly below their product
name. Product ids are readable and stable: `<product id>-<release id>`. Which release is fixed or affected
for which CVE is decided by the same verdict engine as `iocc patch-status` (compiler.products), so CSAF and
the build checker cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from compiler.corpus.model import Advisory, Product, Release
from compiler.products import Checker, compile_table
from compiler.products.builds import build_key
from compiler.products.rows import included_rows, update_rows


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    product_id: str
    version: str | None  # product_version branch name; None: directly below the product name
    name: str
    cpe: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Version:
    """One release of an affected product line in the tree, with the CVEs it is fixed and affected for."""

    product: Product
    release: Release
    product_id: str
    fixed: frozenset[str]
    open: frozenset[str]


def release_id(product: Product, release: Release) -> str:
    return f"{product.id}-{release.id}"


def cu_cpe(product_cpe: str | None, release: Release) -> str | None:
    """The CPE of one RTM, service pack or CU, NVD style (update field `cumulative_update_19`, `sp1`, `-` for
    RTM), where the product's CPE leaves the update field open; None for updates on top of them."""
    if product_cpe is None or release.is_update:
        return None
    fields = product_cpe.split(":")
    if len(fields) != 13 or fields[6] != "*":
        return product_cpe
    match = re.fullmatch(r"(cu|sp)([0-9]+)", release.id)
    if release.kind == "rtm":
        update = "-"
    elif match is not None:
        update = ("cumulative_update_" if match.group(1) == "cu" else "sp") + match.group(2)
    else:
        return None
    return ":".join([*fields[:6], update, *fields[7:]])


def versions(adv: Advisory) -> list[Version]:
    """Every release of the affected products that the advisory's fixes speak of, with its verdicts."""
    checker = Checker(compile_table([adv], adv.id))
    out: list[Version] = []
    for affected in adv.affected:
        product = affected.product
        chosen: dict[str, Release] = {}
        for row in update_rows(adv, product):
            chosen[row.base.id] = row.base
            chosen[row.update.id] = row.update
        for inc in included_rows(adv, product):
            chosen[inc.release.id] = inc.release
        for release in sorted(chosen.values(), key=lambda r: build_key(r.build)):
            [finding] = checker.assess(release.build).findings
            out.append(
                Version(
                    product=product,
                    release=release,
                    product_id=release_id(product, release),
                    fixed=frozenset(finding.fixed),
                    open=frozenset(finding.open),
                )
            )
    return out


def _full_product_name(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"name": item.name, "product_id": item.product_id}
    if item.cpe:
        out["product_identification_helper"] = {"cpe": item.cpe}
    return out


def product_tree(adv: Advisory) -> dict[str, Any]:
    """The product tree: vendors in order of first appearance, products in data order."""
    by_vendor: dict[str, list[dict[str, Any]]] = {}
    found = versions(adv)
    for affected in adv.affected:
        product = affected.product
        branches = [
            {
                "category": "product_version",
                "name": v.release.build,
                "product": _full_product_name(
                    Item(
                        product_id=v.product_id,
                        version=v.release.build,
                        name=f"{product.vendor} {v.release.name} ({v.release.build})",
                        cpe=cu_cpe(product.cpe, v.release),
                    )
                ),
            }
            for v in found
            if v.product.id == product.id
        ]
        by_vendor.setdefault(product.vendor, []).append(
            {"category": "product_name", "name": product.name, "branches": branches}
        )
    for unaffected in adv.not_affected:
        p = unaffected.product
        item = Item(product_id=p.id, version=None, name=f"{p.vendor} {p.name}", cpe=p.cpe)
        by_vendor.setdefault(p.vendor, []).append(
            {"category": "product_name", "name": p.name, "product": _full_product_name(item)}
        )
    return {
        "branches": [
            {"category": "vendor", "name": vendor, "branches": names} for vendor, names in by_vendor.items()
        ]
    }
