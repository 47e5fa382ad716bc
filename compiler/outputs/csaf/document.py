"""One CSAF 2.0 security advisory per advisory and language (English original, one translation per other
configured language, e.g. German).

A translated document is a translation in the CSAF sense: its own tracking id (`<id>-de`), `lang` de,
`source_lang` en, and publisher category `translator`. Everything is built from the data: dates come
from the advisory (`published`, the updates, `modified`), never from the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from compiler import __version__
from compiler.corpus.cvss import base_score
from compiler.corpus.filenames import ORIGINAL, csaf_file_name
from compiler.corpus.model import Advisory, Product, Vulnerability
from compiler.corpus.vocab import Lang, Tlp
from compiler.i18n.catalog import catalog
from compiler.outputs.csaf.products import Version, product_tree, versions
from compiler.outputs.csaf.schema import cwe_names
from compiler.products.rows import included_rows, short_name, update_rows

TLP_1: Final = {
    Tlp.CLEAR: "WHITE", Tlp.GREEN: "GREEN", Tlp.AMBER: "AMBER", Tlp.AMBER_STRICT: "AMBER", Tlp.RED: "RED",
}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Publisher:
    name: str
    namespace: str  # URL of the publisher
    base_url: str  # where the provider's folder is served, without a trailing slash
    contact: str | None = None


def timestamp(date: str) -> str:
    return f"{date[:10]}T00:00:00.000Z"


def tracking_id(adv: Advisory, lang: Lang) -> str:
    return adv.id if lang == ORIGINAL else f"{adv.id}-{lang}"


def file_name(tracking: str) -> str:
    return csaf_file_name(tracking)


def folder(adv: Advisory) -> str:
    """`<tlp label>/<year of the initial release>`, the directory layout of CSAF 2.0 section 7.1.11."""
    return f"{TLP_1[adv.tlp].lower()}/{adv.published[:4]}"


def document_url(adv: Advisory, lang: Lang, publisher: Publisher) -> str:
    return f"{publisher.base_url}/{folder(adv)}/{file_name(tracking_id(adv, lang))}"


def kb_url(adv: Advisory, kb: str) -> str:
    """A resource of the advisory that names the KB, else Microsoft's support URL for it."""
    digits = kb[2:]
    for resource in adv.resources:
        if f"kb{digits}" in resource.url.lower():
            return resource.url
    return f"https://support.microsoft.com/help/{digits}"


def _fill(template: str, **values: str) -> str:
    return template.format(**values)


def _revision_history(adv: Advisory, lang: Lang) -> list[dict[str, str]]:
    words = catalog(lang, "csaf")
    history = [{"date": timestamp(adv.published), "number": "1", "summary": words["initial"]}]
    for n, update in enumerate(adv.updates, start=2):
        history.append({"date": timestamp(update.date), "number": str(n), "summary": update.title[lang]})
    return history


def _tracking(adv: Advisory, lang: Lang) -> dict[str, Any]:
    history = _revision_history(adv, lang)
    current = max([adv.modified, *(u.date for u in adv.updates)])
    return {
        "current_release_date": timestamp(current),
        "generator": {"engine": {"name": "iocc", "version": __version__}},
        "id": tracking_id(adv, lang),
        "initial_release_date": timestamp(adv.published),
        "revision_history": history,
        "status": "draft" if adv.status == "draft" else "final",
        "version": history[-1]["number"],
    }


def _notes(adv: Advisory, lang: Lang) -> list[dict[str, str]]:
    words = catalog(lang, "csaf")
    notes = [
        {"category": "summary", "text": adv.summary[lang], "title": words["summary"]},
        {"category": "description", "text": adv.announcement[lang], "title": words["announcement"]},
    ]
    for n, step in enumerate(adv.steps, start=1):
        notes.append({"category": "general", "text": step.body[lang], "title": _fill(words["step"], n=str(n), title=step.title[lang])})  # fmt: skip
    if adv.status == "withdrawn":
        notes.insert(0, {"category": "general", "text": words["withdrawn"], "title": words["withdrawn"]})
    return notes


def _references(adv: Advisory, lang: Lang, publisher: Publisher) -> list[dict[str, str]]:
    words = catalog(lang, "csaf")
    refs = [{"category": "self", "summary": _fill(words["self"], lang_name=words["lang_name"]), "url": document_url(adv, lang, publisher)}]  # fmt: skip
    if lang != ORIGINAL:
        refs.append({"category": "external", "summary": words["original"], "url": document_url(adv, ORIGINAL, publisher)})  # fmt: skip
    else:
        refs.append({"category": "external", "summary": words["translation"], "url": document_url(adv, "de", publisher)})  # fmt: skip
    refs += [{"category": "external", "summary": r.title[lang], "url": r.url} for r in adv.resources]
    return refs


def _distribution(adv: Advisory, lang: Lang) -> dict[str, Any]:
    words = catalog(lang, "csaf")
    extra = words["strict"] if adv.tlp == Tlp.AMBER_STRICT else ""
    text = _fill(words["tlp"], tlp2=adv.tlp.value.upper(), tlp1=TLP_1[adv.tlp], extra=extra)
    return {"text": text, "tlp": {"label": TLP_1[adv.tlp], "url": "https://www.first.org/tlp/"}}


def _cvss(vuln: Vulnerability) -> dict[str, Any] | None:
    computed = base_score(vuln.cvss.vector)
    if computed is None:
        return None
    return {
        "version": computed.version,
        "vectorString": vuln.cvss.vector,
        **computed.metrics,
        "baseScore": vuln.cvss.base_score,
        "baseSeverity": computed.severity,
    }


def _vulnerability(adv: Advisory, vuln: Vulnerability, lang: Lang, found: list[Version]) -> dict[str, Any]:
    words = catalog(lang, "csaf")
    status = _product_status(adv, vuln, found)
    affected = status.get("known_affected")
    remediations = _remediations(adv, vuln, lang, found)
    notes = [{"category": "description", "text": vuln.description[lang], "title": words["description"]}]
    if vuln.evidence is not None:
        notes.append({"category": "details", "text": vuln.evidence[lang], "title": words["evidence"]})
    out: dict[str, Any] = {"cve": vuln.cve}
    name = cwe_names().get(vuln.cwe) if vuln.cwe else None
    if vuln.cwe and name is not None:
        out["cwe"] = {"id": vuln.cwe, "name": name}
    out["notes"] = notes
    out["product_status"] = status
    out["release_date"] = timestamp(adv.published)
    if remediations:
        out["remediations"] = remediations
    cvss = _cvss(vuln)
    if cvss is not None and affected:
        out["scores"] = [{"cvss_v3": cvss, "products": affected}]
    if vuln.exploited:
        out["threats"] = [{"category": "exploit_status", "details": words["exploited"]}]
    out["title"] = vuln.title[lang]
    return out


def _product_status(adv: Advisory, vuln: Vulnerability, found: list[Version]) -> dict[str, list[str]]:
    """The versions open to the CVE, fixed for it, and outside it (with the products not affected)."""
    affected = [v.product_id for v in found if vuln.cve in v.open]
    fixed = [v.product_id for v in found if vuln.cve in v.fixed]
    outside = [v.product_id for v in found if vuln.cve not in v.open | v.fixed]
    status: dict[str, list[str]] = {}
    if affected:
        status["known_affected"] = affected
    if fixed:
        status["fixed"] = fixed
    not_affected = [*outside, *(p.id for p in adv.not_affected)]
    if not_affected:
        status["known_not_affected"] = not_affected
    return status


def _remediations(
    adv: Advisory, vuln: Vulnerability, lang: Lang, found: list[Version]
) -> list[dict[str, Any]]:
    """Per affected product: a fix per update that closes the CVE, then per release that includes the fix."""
    fixes: list[dict[str, Any]] = []
    for a in adv.affected:
        fixes += _vendor_fixes(adv, a.product, vuln, lang, found)
        fixes += _upgrades(adv, a.product, vuln, lang, found)
    return fixes


def _vendor_fixes(
    adv: Advisory, product: Product, vuln: Vulnerability, lang: Lang, found: list[Version]
) -> Iterator[dict[str, Any]]:
    """One fix per update that closes the CVE, for the versions of the product open to it on the update's base."""
    for row in update_rows(adv, product):
        if vuln.cve not in row.cves:
            continue
        on_base = [
            v.product_id for v in found
            if v.product.id == product.id and vuln.cve in v.open and (v.release.id == row.base.id or v.release.base == row.base.id)
        ]  # fmt: skip
        if not on_base:
            continue
        details = _fill(
            catalog(lang, "csaf")["install"], kb=row.update.kb or "", product=product.name,
            cu=short_name(row.base, product), fixed_build=row.update.build,
        )  # fmt: skip
        fix: dict[str, Any] = {"category": "vendor_fix", "details": details, "product_ids": on_base}
        if row.update.kb:
            fix["url"] = kb_url(adv, row.update.kb)
        yield fix


def _upgrades(
    adv: Advisory, product: Product, vuln: Vulnerability, lang: Lang, found: list[Version]
) -> Iterator[dict[str, Any]]:
    """One fix per release that ships the CVE's fix, for every version of the product still open to it."""
    for inc in included_rows(adv, product):
        if vuln.cve not in inc.cves:
            continue
        still = [v.product_id for v in found if v.product.id == product.id and vuln.cve in v.open]
        if still:
            details = _fill(
                catalog(lang, "csaf")["upgrade"], cu=short_name(inc.release, product), build=inc.release.build
            )
            yield {"category": "vendor_fix", "details": details, "product_ids": still}


def document(adv: Advisory, lang: Lang, publisher: Publisher) -> dict[str, Any]:
    """The CSAF 2.0 document of one advisory in one language, as JSON-ready data."""
    translated = lang != ORIGINAL
    pub: dict[str, str] = {"category": "translator" if translated else "coordinator", "name": publisher.name, "namespace": publisher.namespace}  # fmt: skip
    if publisher.contact:
        pub["contact_details"] = publisher.contact
    doc: dict[str, Any] = {
        "aggregate_severity": {"text": catalog(lang, "csaf")[f"severity.{adv.severity}"]},
        "category": "csaf_security_advisory",
        "csaf_version": "2.0",
        "distribution": _distribution(adv, lang),
        "lang": lang,
        "notes": _notes(adv, lang),
        "publisher": pub,
        "references": _references(adv, lang, publisher),
    }
    if translated:
        doc["source_lang"] = ORIGINAL
    doc["title"] = adv.title[lang]
    doc["tracking"] = _tracking(adv, lang)
    found = versions(adv)
    return {
        "document": doc,
        "product_tree": product_tree(adv),
        "vulnerabilities": [_vulnerability(adv, v, lang, found) for v in adv.vulnerabilities],
    }
