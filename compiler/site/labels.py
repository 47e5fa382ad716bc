"""The site's own words (catalog area `site`; the same terms the mails use where they overlap)."""

from __future__ import annotations

from collections.abc import Mapping

from compiler.corpus.vocab import Lang
from compiler.i18n.catalog import catalog


def labels(lang: Lang) -> Mapping[str, str]:
    return catalog(lang, "site")
