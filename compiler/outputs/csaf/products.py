"""The CSAF product tree of an advisory: vendor > product name > product version, with stable ids.

Every CU row gives two products: the CU as released (known affected) and the CU with its security
update (fixed); an update rollup row gives the service pack without the rollup and with it; a later
release that contains the fix (e.g. 2016 CU20) is fixed; products not affected hang directly below
their product name. Product ids are readable and stable: `<product id>-<cu>[-<kb>]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from compiler.corpus.model import Advisory, AffectedProduct, CuUpdate
from compiler.products.table import ROLLUP


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    product_id: str
    version: str | None  # product_version branch name; None: directly below the product name
    name: str
    cpe: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductIds:
    """The ids of one affected product, by role."""

    vulnerable: tuple[str, ...]
    fixed: tuple[str, ...]
    rows: tuple[tuple[CuUpdate, str, str], ...]  # (row, vulnerable id, fixed id)
    releases: tuple[tuple[str, str, str], ...]  # (cu, build, id)

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.vulnerable, *self.fixed)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def cu_cpe(product_cpe: str | None, cu: str) -> str | None:
    """The CPE of one CU, NVD style (update field `cumulative_update_19`, `sp1`, `-` for RTM), where the
    product's CPE leaves the update field open; else the product's CPE as it is."""
    if product_cpe is None:
        return None
    fields = product_cpe.split(":")
    if len(fields) != 13 or fields[6] != "*":
        return product_cpe
    match = re.fullmatch(r"(CU|SP)([0-9]+)|RTM", cu)
    if match is None:
        return None
    if cu == "RTM":
        update = "-"
    else:
        update = ("cumulative_update_" if match.group(1) == "CU" else "sp") + match.group(2)
    return ":".join([*fields[:6], update, *fields[7:]])


def ids_of(product: AffectedProduct) -> ProductIds:
    rows = []
    for row in product.updates:
        base = f"{product.id}-{slug(row.cu.split(' ')[0])}"
        fixed = f"{product.id}-{slug(row.cu)}" if ROLLUP.match(row.cu) else f"{base}-{slug(row.kb)}"
        rows.append((row, base, fixed))
    releases = tuple((r.cu, r.build, f"{product.id}-{slug(r.cu)}") for r in product.fixed_releases)
    return ProductIds(
        vulnerable=tuple(v for _, v, _ in rows),
        fixed=(*(f for _, _, f in rows), *(i for _, _, i in releases)),
        rows=tuple(rows),
        releases=releases,
    )


def _items(product: AffectedProduct, vendor_name: str) -> list[Item]:
    full = f"{vendor_name} {product.name}"
    items = []
    for row, vulnerable, fixed in ids_of(product).rows:
        if ROLLUP.match(row.cu):
            sp = row.cu.split(" ")[0]
            items.append(Item(product_id=vulnerable, version=sp, name=f"{full} {sp}", cpe=product.cpe))
            items.append(Item(product_id=fixed, version=row.fixed_build, name=f"{full} {row.cu.replace('(', '').replace(')', '')} ({row.fixed_build})"))  # fmt: skip
            continue
        label = f"{full} {row.cu}"
        version = row.build or row.cu
        shown = f"{label} ({row.build})" if row.build else label
        items.append(
            Item(product_id=vulnerable, version=version, name=shown, cpe=cu_cpe(product.cpe, row.cu))
        )
        items.append(
            Item(product_id=fixed, version=row.fixed_build, name=f"{label} + {row.kb} ({row.fixed_build})")
        )
    for cu, build, pid in ids_of(product).releases:
        items.append(
            Item(product_id=pid, version=build, name=f"{full} {cu} ({build})", cpe=cu_cpe(product.cpe, cu))
        )
    return items


def _full_product_name(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"name": item.name, "product_id": item.product_id}
    if item.cpe:
        out["product_identification_helper"] = {"cpe": item.cpe}
    return out


def product_tree(adv: Advisory) -> dict[str, Any]:
    """The product tree: vendors in order of first appearance, products in data order."""
    by_vendor: dict[str, list[dict[str, Any]]] = {}
    for product in adv.affected:
        versions = [
            {"category": "product_version", "name": item.version, "product": _full_product_name(item)}
            for item in _items(product, product.vendor)
        ]
        by_vendor.setdefault(product.vendor, []).append(
            {"category": "product_name", "name": product.name, "branches": versions}
        )
    for unaffected in adv.not_affected:
        item = Item(
            product_id=unaffected.id,
            version=None,
            name=f"{unaffected.vendor} {unaffected.name}",
            cpe=unaffected.cpe,
        )
        by_vendor.setdefault(unaffected.vendor, []).append(
            {"category": "product_name", "name": unaffected.name, "product": _full_product_name(item)}
        )
    return {
        "branches": [
            {"category": "vendor", "name": vendor, "branches": names} for vendor, names in by_vendor.items()
        ]
    }
