"""Sigma: `rules/sigma/<rule-id>.yml` for the authored rules (as written) and generated rules.

Generated rules group values: one rule per advisory, indicator type and log source (each type's `Sigma`
entry in compiler.corpus.kinds), split into parts of `chunk` values (config/rules.yaml), so conversion cost grows
with rules, not values. Ids are stable UUIDv5s of (advisory, type, log source, part); `related` links
the rules of the same values in the other log sources. Tags carry ATT&CK, CVE and TLP.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import yaml

from compiler.corpus import ids
from compiler.corpus.ids import stable_uuid
from compiler.corpus.kinds import atomic
from compiler.corpus.kinds.kind import Sigma, SigmaField
from compiler.corpus.model import Advisory, Corpus, Indicator
from compiler.corpus.vocab import Tlp
from compiler.engines.agents import iis_form
from compiler.outputs.artifact import Artifact, BuildContext, Emission, item_ids
from compiler.outputs.escape import one_line, sigma_plain
from compiler.outputs.rules.notes import not_expressed
from compiler.outputs.rules.select import Live, live
from compiler.outputs.rules.yamltext import scalar
from compiler.outputs.targets import LOGSOURCES

_REFERENCE_KINDS: Final = ("advisory", "guidance")
_MAX_REFERENCES: Final = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class SigmaDoc:
    """One Sigma rule of the build, as a mapping in Sigma's key order."""

    id: str
    title: str
    advisory: str
    origin: str  # "generated" or "authored"
    rule: dict[str, Any]
    source_path: str  # set file the values or the rule come from
    pointer: str
    kind: str = ""  # indicator type of a generated rule's values
    values: tuple[str, ...] = ()  # a generated rule's literal values, as its fields compare them
    items: tuple[str, ...] = ()  # the indicators it stands for (Indicator.item_id)
    tlp: Tlp = Tlp.CLEAR  # their strictest marking (the advisory's included)

    def artifact(self, path: str, data: bytes) -> Artifact:
        """A file made from this rule alone (the rule, or a query converted from it)."""
        return Artifact(path, data, advisory=self.advisory, items=self.items, tlp=self.tlp)


def sigma_tlp(tlp: Tlp) -> str:
    return "tlp." + tlp.value.replace("+", "-")


def level(confidence: int) -> str:
    return "high" if confidence >= 80 else "medium" if confidence >= 50 else "low"


def tags(lv: Live, indicators: list[Indicator], tlp: Tlp) -> list[str]:
    """ATT&CK tactics and techniques, CVEs (from the sets' relates_to, else the advisory) and the TLP."""
    sets = {lv.set_of(i).id: lv.set_of(i) for i in indicators}.values()
    techniques = sorted({t for s in sets for t in s.relates_to.attack_patterns})
    cves = sorted({c for s in sets for c in s.relates_to.vulnerabilities}) or sorted(
        v.cve for v in lv.advisory.vulnerabilities
    )
    tactic_of = {p.id: p.tactic for p in lv.advisory.attack_patterns}
    tactics = sorted({tactic_of[t] for t in techniques if t in tactic_of})
    return [
        *(f"attack.{t}" for t in tactics),
        *(f"attack.{t.lower()}" for t in techniques),
        *(f"cve.{c[4:]}" for c in cves),
        sigma_tlp(tlp),
    ]


def references(adv: Advisory) -> list[str]:
    urls = [r.url for r in adv.resources if r.kind in _REFERENCE_KINDS]
    return list(dict.fromkeys(urls))[:_MAX_REFERENCES]


def _title(form: Sigma, logsource: str, adv_id: str, part: int, parts: int) -> str:
    title = f"{form.label} in {LOGSOURCES[logsource].label}"
    suffix = f" (Part {part} of {parts})" if parts > 1 else ""
    advisory = " - Advisory " + "-".join(p[:1].upper() + p[1:] for p in adv_id.split("-"))
    return title + advisory + suffix if len(title + advisory + suffix) <= 110 else title + suffix


def _generated(
    lv: Live, kind: str, form: Sigma, values: list[Indicator], author: str, chunk: int
) -> list[SigmaDoc]:
    adv = lv.advisory
    parts = [values[i : i + chunk] for i in range(0, len(values), chunk)]
    fields = form.fields

    def rule_id(logsource: str, part: int) -> str:
        return str(
            stable_uuid(
                "sigma-rule", {"advisory": adv.id, "type": kind, "logsource": logsource, "part": part}
            )
        )

    docs = []
    for n, whole in enumerate(parts, 1):
        members = {sf.logsource: whole for sf in fields}
        present = list(fields)
        for sf in present:
            part = members[sf.logsource]
            tlp = lv.tlp_of(part)
            values_of = [sigma_plain(logged(sf, i)) for i in part]
            keys = [f"{f}|{sf.modifier}" if sf.modifier else f for f in sf.fields]
            if len(keys) == 1:
                detection: dict[str, Any] = {"selection": {keys[0]: values_of}, "condition": "selection"}
            else:
                detection = {
                    f"selection_{f.lower()}": {k: values_of} for f, k in zip(sf.fields, keys, strict=True)
                }
                detection["condition"] = "1 of selection_*"
            ls = LOGSOURCES[sf.logsource]
            logsource = {"category": ls.category} | ({"product": ls.product} if ls.product else {})
            this = rule_id(sf.logsource, n)
            rule: dict[str, Any] = {
                "title": _title(form, sf.logsource, adv.id, n, len(parts)),
                "id": this,
            }
            related = [rule_id(o.logsource, n) for o in present if o.logsource != sf.logsource]
            if related:
                rule["related"] = [{"id": r, "type": "similar"} for r in related]
            rule |= {
                "status": "test" if adv.status == "final" else "experimental",
                "description": one_line(
                    f"Matches {len(part)} {kind} indicator(s) published with advisory {adv.id} "
                    f"({adv.title.en}) in {ls.label.lower()}. Generated by iocc from the reviewed "
                    f"indicator sets {', '.join(sorted({i.set_id for i in part}))}.",
                    limit=1000,
                ),
            }
            refs = references(adv)
            if refs:
                rule["references"] = refs
            rule |= {"author": author, "date": adv.published}
            if adv.modified != adv.published:
                rule["modified"] = adv.modified
            rule |= {
                "tags": tags(lv, part, tlp),
                "logsource": logsource,
                "detection": detection,
                "falsepositives": [form.false_positives],
                "level": level(max(i.confidence for i in part)),
            }
            first = lv.set_of(part[0])
            docs.append(
                SigmaDoc(
                    id=this,
                    title=rule["title"],
                    advisory=adv.id,
                    origin="generated",
                    rule=rule,
                    source_path=first.path,
                    pointer=f"/indicators/{part[0].index}",
                    kind=kind,
                    values=tuple(logged(sf, i) for i in part),
                    items=item_ids(part),
                    tlp=tlp,
                )
            )
    return docs


def _authored(lv: Live, ind: Indicator) -> SigmaDoc:
    rule = dict(ind.rule)
    if not rule.get("id"):
        rule = {
            "title": rule.get("title"),
            "id": str(ids.stable_uuid("sigma-authored", [ind.set_id, ind.name])),
        } | rule
    existing = [str(t) for t in rule.get("tags") or []]
    if not any(t.startswith("tlp.") for t in existing):
        rule["tags"] = [*existing, sigma_tlp(lv.tlp_of([ind]))]
    s = lv.set_of(ind)
    return SigmaDoc(
        id=str(rule["id"]),
        title=str(rule.get("title", "")),
        advisory=lv.advisory.id,
        origin="authored",
        rule=rule,
        source_path=s.path,
        pointer=f"/indicators/{ind.index}/rule",
        items=(ind.item_id,),
        tlp=lv.tlp_of([ind]),
    )


def logged(sf: SigmaField, ind: Indicator) -> str:
    """The value as the field's log source records it: user agents are held as sent, and a web server log
    in IIS's W3C format writes each space as `+` (compiler.engines.agents); a proxy logs the header as sent."""
    value = sf.prefix + ind.value
    return iis_form(value) if sf.iis else value


def documents(corpus: Corpus, ctx: BuildContext) -> list[SigmaDoc]:
    """Every Sigma rule of the build: per advisory the authored rules, then the generated ones."""
    cfg = ctx.settings.rules
    docs: list[SigmaDoc] = []
    seen: set[str] = set()
    for lv in live(corpus, ctx):
        for ind in sorted(lv.of_type("sigma"), key=lambda i: (i.set_id, i.name or "")):
            doc = _authored(lv, ind)
            if doc.id not in seen:
                seen.add(doc.id)
                docs.append(doc)
        for k in atomic():
            if not isinstance(k.sigma, Sigma) or not k.sigma.fields:
                continue
            values = sorted(lv.of_type(k.name), key=lambda i: i.value)
            if values:
                docs.extend(_generated(lv, k.name, k.sigma, values, cfg.author, cfg.chunk))
    return docs


def dump(doc: SigmaDoc) -> bytes:
    """The rule file: a comment naming its origin, then the rule as block YAML. A generated rule's value
    lists are written by hand (compiler.outputs.rules.yamltext), the rest by libyaml."""
    origin = "authored in" if doc.origin == "authored" else "generated from"
    head = f"# iocc: {doc.origin} rule of advisory {doc.advisory}, {origin} {doc.source_path}\n"
    if doc.origin != "generated":
        return (head + _yaml(doc.rule)).encode("utf-8")
    rule = doc.rule
    before = {k: v for k, v in rule.items() if k not in ("detection", "falsepositives", "level")}
    lines = [head, _yaml(before), "detection:\n"]
    for name, content in rule["detection"].items():
        if name == "condition":
            lines.append(f"  condition: {scalar(content)}\n")
            continue
        lines.append(f"  {scalar(name)}:\n")
        for key, values in content.items():
            lines.append(f"    {scalar(key)}:\n")
            lines.extend(f"    - {scalar(v)}\n" for v in values)
    lines.append(_yaml({"falsepositives": rule["falsepositives"], "level": rule["level"]}))
    return "".join(lines).encode("utf-8")


def _yaml(data: dict[str, Any]) -> str:
    text: str = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=2**31 - 1)
    return text


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    artifacts = [doc.artifact(f"rules/sigma/{doc.id}.yml", dump(doc)) for doc in documents(corpus, ctx)]
    notes = [
        n
        for lv in live(corpus, ctx)
        for n in not_expressed("sigma", lv.sets, lv.indicators, advisory=lv.advisory.id)
    ]
    return Emission(artifacts=tuple(artifacts), notes=tuple(notes))
