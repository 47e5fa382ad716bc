"""Values of the data's vocabularies as words of the page language, so no page shows a raw enum value
(`initial-access`, `css-exchange`): ATT&CK tactics (catalog area `tactic`) by the names MITRE gives them in
English, in German as the German security press writes them."""

from __future__ import annotations

from compiler.corpus.vocab import Lang
from compiler.i18n.catalog import catalog


def tactic(value: str, lang: Lang) -> str:
    """The tactic's name in the page language (the value itself for one the schema does not know yet)."""
    return catalog(lang, "tactic").get(value, value)
