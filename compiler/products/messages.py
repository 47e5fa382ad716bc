"""The words of a patch-status verdict (catalog area `patch`).

They travel inside the patch table (`dist/patch/*.json`), so the command line and the site's build checker
fill the same templates with the same values. A template names its values in braces (`{kb}`); a value is
either a string or a {de, en} map. Nothing else is interpreted.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Final

from compiler.corpus.vocab import LANGS
from compiler.i18n.catalog import catalog

# The action of a verdict that needs none is the empty string. gettext cannot say that (an empty msgstr
# means "not translated yet"), so it is added here, before the other actions, where the table has it.
_NO_ACTION: Final = ("action.none", "")


def _words(lang: str) -> dict[str, str]:
    items = list(catalog(lang, "patch").items())
    at = next((n for n, (name, _) in enumerate(items) if name.startswith("action.")), len(items))
    return dict([*items[:at], _NO_ACTION, *items[at:]])


@cache
def messages(languages: tuple[str, ...] = LANGS) -> Mapping[str, Mapping[str, str]]:
    """Every language's words, English (the catalogs' original) first."""
    return {lang: _words(lang) for lang in sorted(languages, key=lambda lang: lang != "en")}
