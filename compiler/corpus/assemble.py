"""Valid documents to the frozen Corpus. Runs only when validation found no error."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import yaml

from compiler.corpus.kinds import canonical, is_atomic, is_rule
from compiler.corpus.load import Document
from compiler.corpus.model import (
    Advisory,
    AffectedProduct,
    AttackPattern,
    Corpus,
    Cvss,
    FalsePositiveOverride,
    Fix,
    Indicator,
    IndicatorSet,
    Malware,
    Product,
    Relations,
    Release,
    Resource,
    Source,
    Step,
    Text,
    ThreatActor,
    UnaffectedProduct,
    Update,
    Vulnerability,
    Withdrawal,
)
from compiler.corpus.vocab import LANGS, Tlp

# The languages of the model being assembled (build sets it), so the many text fields need no parameter.
_LANGUAGES: ContextVar[tuple[str, ...]] = ContextVar("languages", default=LANGS)


def build(documents: tuple[Document, ...] | list[Document], languages: tuple[str, ...] = LANGS) -> Corpus:
    """The model of valid documents whose texts hold exactly `languages` (the check made sure)."""
    token = _LANGUAGES.set(languages)
    try:
        return _build(documents, languages)
    finally:
        _LANGUAGES.reset(token)


def _build(documents: tuple[Document, ...] | list[Document], languages: tuple[str, ...]) -> Corpus:
    products = sorted((_product(d) for d in documents if d.kind == "product"), key=lambda p: p.id)
    catalog = {p.id: p for p in products}
    advisories = sorted(
        (_advisory(d, catalog) for d in documents if d.kind == "advisory"), key=lambda a: a.id
    )
    sets = sorted((_set(d) for d in documents if d.kind == "indicator-set"), key=lambda s: s.id)
    by_advisory: dict[str, list[IndicatorSet]] = {}
    for s in sets:
        for adv_id in s.advisories:
            by_advisory.setdefault(adv_id, []).append(s)
    return Corpus(
        languages=languages,
        advisories=tuple(advisories),
        sets=tuple(sets),
        products=tuple(products),
        _by_advisory={k: tuple(v) for k, v in sorted(by_advisory.items())},
    )


def _text(value: dict[str, str] | None) -> Text | None:
    return None if value is None else _req_text(value)


def _req_text(value: dict[str, str]) -> Text:
    """The configured languages' texts, in their order (the schema requires each)."""
    return Text({lang: value[lang] for lang in _LANGUAGES.get()})


def _product(doc: Document) -> Product:
    d = doc.data
    return Product(
        id=d["id"],
        path=doc.path,
        vendor=d["vendor"],
        name=d["name"],
        deployment=d["deployment"],
        build_prefixes=tuple(d.get("build_prefixes", ())),
        first_build=d.get("first_build"),
        end_of_support=d.get("end_of_support"),
        cpe=d.get("cpe"),
        note=_text(d.get("note")),
        releases=tuple(
            Release(
                id=r["id"],
                kind=r["kind"],
                name=r["name"],
                build=r["build"],
                released=r["released"],
                base=r.get("base"),
                kb=r.get("kb"),
                source=r.get("source"),
                note=_text(r.get("note")),
            )
            for r in d["releases"]
        ),
    )


def _fix(raw: dict[str, Any], catalog: dict[str, Product]) -> Fix:
    product = catalog[raw["product"]]
    included = raw.get("included_in")
    return Fix(
        product=product,
        cves=tuple(raw["cves"]),
        updates=tuple(product.release(u) for u in raw.get("updates", ())),
        included_in=product.release(included) if included else None,
        note=_text(raw.get("note")),
    )


def _affected(raw: dict[str, Any], catalog: dict[str, Product]) -> AffectedProduct:
    product = catalog[raw["product"]]
    since = raw.get("since")
    return AffectedProduct(
        product=product, since=product.release(since) if since else None, note=_text(raw.get("note"))
    )


def _advisory(doc: Document, catalog: dict[str, Product]) -> Advisory:
    d = doc.data
    products = d["products"]
    return Advisory(
        id=d["id"],
        path=doc.path,
        status=d["status"],
        tlp=Tlp(d["tlp"]),
        severity=d["severity"],
        published=d["published"],
        modified=d["modified"],
        title=_req_text(d["title"]),
        summary=_req_text(d["summary"]),
        announcement=_req_text(d["announcement"]),
        vulnerabilities=tuple(
            Vulnerability(
                cve=v["cve"],
                title=_req_text(v["title"]),
                description=_req_text(v["description"]),
                cvss=Cvss(**v["cvss"]),
                cvss_alternatives=tuple(Cvss(**c) for c in v.get("cvss_alternatives", ())),
                cwe=v.get("cwe"),
                exploited=v.get("exploited", False),
                attack_chain=v.get("attack_chain", False),
                evidence=_text(v.get("evidence")),
                products=tuple(v.get("products", ())),
            )
            for v in d["vulnerabilities"]
        ),
        affected=tuple(_affected(p, catalog) for p in products["affected"]),
        not_affected=tuple(
            UnaffectedProduct(product=catalog[p["product"]], reason=_req_text(p["reason"]))
            for p in products["not_affected"]
        ),
        fixes=tuple(_fix(f, catalog) for f in d["fixes"]),
        steps=tuple(
            Step(
                kind=s["kind"],
                title=_req_text(s["title"]),
                body=_req_text(s["body"]),
                customer_body=_text(s.get("customer_body")),
                priority=_text(s.get("priority")),
                customer_priority=_text(s.get("customer_priority")),
            )
            for s in d["steps"]
        ),
        resources=tuple(
            Resource(title=_req_text(r["title"]), url=r["url"], kind=r["kind"], audience=r["audience"])
            for r in d["resources"]
        ),
        updates=tuple(
            Update(
                date=u["date"],
                title=_req_text(u["title"]),
                body=_req_text(u["body"]),
                date_note=_text(u.get("date_note")),
            )
            for u in d["updates"]
        ),
        threat_actors=tuple(
            ThreatActor(
                id=t["id"],
                name=t["name"],
                description=_req_text(t["description"]),
                aliases=tuple(t.get("aliases", ())),
                attribution=_text(t.get("attribution")),
                country=t.get("country"),
                sophistication=t.get("sophistication"),
            )
            for t in d.get("threat_actors", ())
        ),
        malware=tuple(
            Malware(
                id=m["id"],
                name=m["name"],
                types=tuple(m["types"]),
                description=_req_text(m["description"]),
                aliases=tuple(m.get("aliases", ())),
            )
            for m in d.get("malware", ())
        ),
        attack_patterns=tuple(AttackPattern(**p) for p in d.get("attack_patterns", ())),
        email_subject=_text(d.get("email", {}).get("subject")),
        email_preheader=_text(d.get("email", {}).get("preheader")),
    )


def _set(doc: Document) -> IndicatorSet:
    d = doc.data
    src = d["source"]
    defaults = d["defaults"]
    rel = d.get("relates_to", {})
    return IndicatorSet(
        id=d["id"],
        path=doc.path,
        advisories=tuple(d["advisories"]),
        title=_req_text(d["title"]),
        description=_req_text(d["description"]),
        tlp=Tlp(d["tlp"]),
        source=Source(
            name=src["name"],
            licence=src["licence"],
            url=src.get("url"),
            tlp=Tlp(src["tlp"]) if "tlp" in src else None,
            retrieved=src.get("retrieved"),
        ),
        relates_to=Relations(
            malware=tuple(rel.get("malware", ())),
            threat_actors=tuple(rel.get("threat_actors", ())),
            vulnerabilities=tuple(rel.get("vulnerabilities", ())),
            attack_patterns=tuple(rel.get("attack_patterns", ())),
        ),
        indicators=tuple(_indicator(d["id"], i, raw, defaults) for i, raw in enumerate(d["indicators"])),
    )


def _indicator(set_id: str, index: int, raw: dict[str, Any], defaults: dict[str, Any]) -> Indicator:
    kind = raw["type"]
    rule = raw.get("rule") if "rule" in raw else None
    if is_atomic(kind):
        value = canonical(kind, raw["value"])
    elif not is_rule(kind):  # the schema's enum and the registry are one list (tests/test_kinds.py)
        raise ValueError(f"{kind!r} is no registered indicator type")
    elif isinstance(rule, dict):
        value = yaml.safe_dump(rule, sort_keys=False, allow_unicode=True, width=1000)
    elif isinstance(rule, str):
        value = rule
    else:
        raise ValueError(f"a {kind} rule without its text")
    withdrawn = raw.get("withdrawn")
    override = raw.get("false_positive_override")
    return Indicator(
        type=kind,
        value=value,
        set_id=set_id,
        index=index,
        confidence=raw.get("confidence", defaults["confidence"]),
        valid_from=defaults["valid_from"],
        valid_until=raw.get("valid_until", defaults.get("valid_until")),
        name=raw.get("name"),
        rule=rule,
        description=_text(raw.get("description")),
        first_seen=raw.get("first_seen"),
        tags=tuple(raw.get("tags", ())),
        withdrawn=Withdrawal(date=withdrawn["date"], reason=_req_text(withdrawn["reason"]))
        if withdrawn
        else None,
        false_positive_override=(
            FalsePositiveOverride(lists=tuple(override["lists"]), reason=override["reason"])
            if override
            else None
        ),
    )
