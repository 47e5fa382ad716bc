"""Sentences the mail view fills in before a template sees them: the preheader (the line a mail client
shows after the subject in the inbox) and the one-line hint above a draft that still holds placeholders.

Per language and audience: the customer mail speaks formally, the partner mail informally; the hint
speaks to whoever sends the mail, so it addresses nobody. `{name}`, `{signature}` are the placeholders,
`{severity}`, `{as_of}`, `{steps}` come from the advisory.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from compiler.corpus.vocab import Lang

PREHEADER: Final[Mapping[Lang, Mapping[str, str]]] = {
    "de": {
        "customer": "Sicherheitswarnung, Schweregrad {severity}: was Sie jetzt tun sollten, in {steps} Schritten.",
        "partner": "Schweregrad {severity}, Stand {as_of}: {steps} Schritte für euch und eure Kunden, "
        "dazu eine fertige Kundenmail.",
    },
    "en": {
        "customer": "Security warning, {severity} severity: what you should do now, in {steps} steps.",
        "partner": "{severity} severity, as of {as_of}: {steps} steps for you and your customers, "
        "plus a ready-made customer mail.",
    },
}

DRAFT_HINT: Final[Mapping[Lang, Mapping[str, str]]] = {
    "de": {
        "customer": "Vor dem Versand: {name} durch Anrede und Namen ersetzen (etwa „Frau Dr. Berger“), "
        "{signature} durch die eigene Signatur, dann diese Zeile löschen.",
        "partner": "Vor dem Versand: {name} durch den Vornamen oder das Team ersetzen (etwa „Anna“ oder "
        "„Team Contoso“), {signature} durch die eigene Signatur, dann diese Zeile löschen.",
    },
    "en": {
        "customer": "Before sending: replace {name} with the title and name (such as “Ms Berger”), "
        "{signature} with your signature, then delete this line.",
        "partner": "Before sending: replace {name} with a first name or the team (such as “Anna” or "
        "“Contoso team”), {signature} with your signature, then delete this line.",
    },
}
