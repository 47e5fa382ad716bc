"""The patch table: the catalog and what a set of advisories say about it, in the form both verdict
engines read.

`compile_table` turns the model into plain JSON-ready data. The command line (compiler.products.verdict)
and the site's build checker (site/assets/javascripts/build-checker.js) evaluate the SAME table with the
same rules, so everything derived (build keys, which CVEs apply to which product) is computed once, here.
Products are carried with all their releases.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from compiler.corpus.model import Advisory, Product, Release, Text
from compiler.corpus.vocab import LANGS
from compiler.products.builds import build_key, prefix_of
from compiler.products.messages import messages

FORMAT: Final = "iocc-patch-table/2"


def _text(text: Text | None) -> dict[str, str] | None:
    return None if text is None else text.ordered()


def _release(r: Release) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "name": r.name,
        "build": r.build,
        "key": list(build_key(r.build)),
        "base": r.base,
        "kb": r.kb,
        "released": r.released,
    }


def _product(p: Product) -> dict[str, Any]:
    return {
        "id": p.id,
        "vendor": p.vendor,
        "name": p.name,
        "deployment": p.deployment,
        "prefixes": sorted(prefix_of(x) for x in p.build_prefixes),
        "first": list(build_key(p.first_build)) if p.first_build else None,
        "releases": [_release(r) for r in p.releases],
    }


def _advisory(adv: Advisory) -> dict[str, Any]:
    affected_ids = [a.id for a in adv.affected]
    return {
        "id": adv.id,
        "title": _text(adv.title),
        "published": adv.published,
        "modified": adv.modified,
        "affected": [
            {"product": a.id, "since": list(build_key(a.since.build)) if a.since else None}
            for a in adv.affected
        ],
        "not_affected": [{"product": n.id, "reason": _text(n.reason)} for n in adv.not_affected],
        "cves": [{"cve": v.cve, "products": list(v.products or affected_ids)} for v in adv.vulnerabilities],
        "fixes": [
            {
                "product": f.product.id,
                "cves": list(f.cves),
                "updates": [u.id for u in f.updates],
                "included_in": f.included_in.id if f.included_in else None,
            }
            for f in adv.fixes
        ],
    }


def compile_table(
    advisories: Sequence[Advisory], scope: str = "all", catalog: Sequence[Product] = ()
) -> dict[str, Any]:
    """The patch table of these advisories (newest first), JSON-ready and deterministic. It carries the
    products the advisories name and those of `catalog` (the whole catalog, for a fleet: a server on a line no
    advisory names is then "not affected", not an unknown build)."""
    chosen = sorted(advisories, key=lambda a: (a.published, a.id), reverse=True)
    products: dict[str, Product] = {p.id: p for p in catalog}
    for adv in chosen:
        for p in (*(a.product for a in adv.affected), *(n.product for n in adv.not_affected)):
            products[p.id] = p
    return {
        "format": FORMAT,
        "scope": scope,
        "products": [_product(products[k]) for k in sorted(products)],
        "advisories": [_advisory(a) for a in chosen],
        "messages": messages(tuple(chosen[0].title) if chosen else LANGS),
    }
