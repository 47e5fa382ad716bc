"""The properties of each kind of STIX object, from the model. English text: STIX carries one language."""

from __future__ import annotations

from typing import Final

from compiler.corpus.kinds import kind
from compiler.corpus.model import AttackPattern, Indicator, IndicatorSet, Malware, ThreatActor, Vulnerability
from compiler.outputs.stix.common import StixObject

# STIX 2.1 malware-type-ov; other words from the data are kept as labels instead.
MALWARE_TYPES: Final = frozenset({
    "adware", "backdoor", "bot", "bootkit", "ddos", "downloader", "dropper", "exploit-kit", "keylogger",
    "ransomware", "remote-access-trojan", "resource-exploitation", "rogue-security-software", "rootkit",
    "screen-capture", "spyware", "trojan", "unknown", "virus", "webshell", "wiper", "worm",
})  # fmt: skip
NAME_LIMIT: Final = 120


def vulnerability(obj: StixObject, v: Vulnerability) -> StixObject:
    obj["name"] = v.cve
    obj["description"] = (
        f"{v.title.en}\n\n{v.description.en}\n\nCVSS {v.cvss.version} base score {v.cvss.base_score:g}"
        f" ({v.cvss.vector})" + (f", as published by {v.cvss.source}." if v.cvss.source else ".")
    )
    obj["external_references"] = [
        {"source_name": "cve", "url": f"https://www.cve.org/CVERecord?id={v.cve}", "external_id": v.cve},
    ]
    if v.cwe:
        number = v.cwe.removeprefix("CWE-")
        obj["external_references"].append(
            {
                "source_name": "cwe",
                "url": f"https://cwe.mitre.org/data/definitions/{number}.html",
                "external_id": v.cwe,
            }
        )
    return obj


def intrusion_set(obj: StixObject, t: ThreatActor) -> StixObject:
    obj["name"] = t.name
    obj["description"] = t.description.en
    if t.aliases:
        obj["aliases"] = list(t.aliases)
    return obj


def threat_actor(obj: StixObject, t: ThreatActor) -> StixObject:
    obj["name"] = t.name
    text = t.description.en
    if t.attribution is not None:
        text += f"\n\nAttribution: {t.attribution.en}"
    obj["description"] = text
    if t.aliases:
        obj["aliases"] = list(t.aliases)
    if t.sophistication:
        obj["sophistication"] = t.sophistication
    return obj


def malware(obj: StixObject, m: Malware) -> StixObject:
    obj["name"] = m.name
    obj["description"] = m.description.en
    kinds = [k for k in m.types if k in MALWARE_TYPES]
    obj["malware_types"] = kinds or ["unknown"]
    obj["is_family"] = True
    if m.aliases:
        obj["aliases"] = list(m.aliases)
    others = [k for k in m.types if k not in MALWARE_TYPES]
    if others:
        obj["labels"] = others
    return obj


def attack_pattern(obj: StixObject, p: AttackPattern) -> StixObject:
    obj["name"] = p.name
    obj["description"] = f"MITRE ATT&CK technique {p.id}: {p.name}."
    path = p.id.replace(".", "/")
    obj["external_references"] = [
        {
            "source_name": "mitre-attack",
            "url": f"https://attack.mitre.org/techniques/{path}/",
            "external_id": p.id,
        }
    ]
    obj["kill_chain_phases"] = [{"kill_chain_name": "mitre-attack", "phase_name": p.tactic}]
    return obj


def _short(value: str) -> str:
    line = " ".join(value.split())
    return line if len(line) <= NAME_LIMIT else line[: NAME_LIMIT - 1] + "…"


def indicator_text(ind: Indicator, s: IndicatorSet) -> tuple[str, str]:
    """(name, description) of an indicator: the value or rule's title, and its own description or the set's."""
    label = kind(ind.type).stix.label
    title = ind.name or ""
    if ind.type == "sigma" and isinstance(ind.rule, dict) and isinstance(ind.rule.get("title"), str):
        title = ind.rule["title"]
    name = f"{label}: {_short(title if ind.is_rule else ind.value)}"
    if ind.description is not None:
        return name, ind.description.en
    return name, f"{s.title.en} (indicator set {s.id})"
