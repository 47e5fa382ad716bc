"""Values of the data's vocabularies as words of the page language, so no page shows a raw enum value
(`initial-access`, `css-exchange`): ATT&CK tactics by the names MITRE gives them in English, in German as
the German security press writes them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from compiler.corpus.vocab import Lang

TACTICS: Final[Mapping[Lang, Mapping[str, str]]] = {
    "de": {
        "reconnaissance": "Aufklärung", "resource-development": "Aufbau von Ressourcen",
        "initial-access": "Erstzugriff", "execution": "Ausführung", "persistence": "Persistenz",
        "privilege-escalation": "Rechteausweitung", "defense-evasion": "Umgehung der Abwehr",
        "credential-access": "Zugriff auf Anmeldedaten", "discovery": "Erkundung",
        "lateral-movement": "Seitwärtsbewegung", "collection": "Sammeln von Daten",
        "command-and-control": "Steuerung (Command and Control)", "exfiltration": "Ausleitung von Daten",
        "impact": "Auswirkung",
    },
    "en": {
        "reconnaissance": "Reconnaissance", "resource-development": "Resource Development",
        "initial-access": "Initial Access", "execution": "Execution", "persistence": "Persistence",
        "privilege-escalation": "Privilege Escalation", "defense-evasion": "Defense Evasion",
        "credential-access": "Credential Access", "discovery": "Discovery",
        "lateral-movement": "Lateral Movement", "collection": "Collection",
        "command-and-control": "Command and Control", "exfiltration": "Exfiltration", "impact": "Impact",
    },
}  # fmt: skip


def tactic(value: str, lang: Lang) -> str:
    """The tactic's name in the page language (the value itself for one the schema does not know yet)."""
    return TACTICS[lang].get(value, value)
