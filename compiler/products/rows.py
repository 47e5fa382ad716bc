"""An advisory's fixes per product as rows people read: each update with the release it installs on and
the CVEs it closes, and the first releases that ship fixes. The site, the mails and CSAF show these."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.corpus.model import Advisory, Product, Release
from compiler.products.builds import build_key


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateRow:
    base: Release  # the release the update installs on (a CU, a service pack, RTM)
    update: Release
    cves: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class IncludedRow:
    release: Release  # the first release that ships the fix; later ones do too
    cves: tuple[str, ...]


def update_rows(adv: Advisory, product: Product) -> list[UpdateRow]:
    """One row per update that closes CVEs of the advisory on this product, by build."""
    cves: dict[str, set[str]] = {}
    found: dict[str, Release] = {}
    for fix in adv.fixes:
        if fix.product.id != product.id:
            continue
        for update in fix.updates:
            found[update.id] = update
            cves.setdefault(update.id, set()).update(fix.cves)
    rows = [
        UpdateRow(base=product.release(u.base or ""), update=u, cves=tuple(sorted(cves[u.id])))
        for u in found.values()
    ]
    return sorted(rows, key=lambda r: build_key(r.update.build))


def included_rows(adv: Advisory, product: Product) -> list[IncludedRow]:
    """The first releases that ship the advisory's fixes on this product, by build."""
    cves: dict[str, set[str]] = {}
    found: dict[str, Release] = {}
    for fix in adv.fixes:
        if fix.product.id == product.id and fix.included_in is not None:
            found[fix.included_in.id] = fix.included_in
            cves.setdefault(fix.included_in.id, set()).update(fix.cves)
    rows = [IncludedRow(release=r, cves=tuple(sorted(cves[r.id]))) for r in found.values()]
    return sorted(rows, key=lambda r: build_key(r.release.build))


def kbs(adv: Advisory, product: Product) -> tuple[str, ...]:
    """The KB articles of every update that closes CVEs of the advisory on this product."""
    return tuple(sorted({r.update.kb for r in update_rows(adv, product) if r.update.kb}))


def short_name(release: Release, product: Product) -> str:
    """A release's name without its product's: "CU20" for "Exchange Server 2016 CU20"."""
    return release.name.removeprefix(product.name).strip() or release.name
