"""Sentences the mail view fills in before a template sees them (catalog area `mail`): the preheader (the
line a mail client shows after the subject in the inbox), the placeholders of a draft and the one-line hint
above a draft that still holds them.

Per language and audience: the customer mail speaks formally, the partner mail informally; the hint
speaks to whoever sends the mail, so it addresses nobody. `{name}`, `{signature}` are the placeholders,
`{severity}`, `{as_of}`, `{steps}` come from the advisory.
"""

from __future__ import annotations

from collections.abc import Mapping

from compiler.corpus.vocab import Lang
from compiler.i18n.catalog import catalog


def preheader_sentence(lang: Lang, audience: str) -> str:
    return catalog(lang, "mail")[f"preheader.{audience}"]


def draft_hint(lang: Lang, audience: str) -> str:
    return catalog(lang, "mail")[f"draft_hint.{audience}"]


def placeholders(lang: Lang) -> Mapping[str, str]:
    """What a draft shows in place of the recipient's name and the sender's signature."""
    words = catalog(lang, "mail")
    return {"name": words["placeholder.name"], "signature": words["placeholder.signature"]}
