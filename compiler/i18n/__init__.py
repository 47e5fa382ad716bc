"""Locale-aware formatting and the interface strings (gettext catalogs, compiler.i18n.catalog).

Every function takes the language explicitly and hands it to Babel, so the machine's locale
(LC_ALL, LANG, TZ) never changes the output. Dates in the model are plain `YYYY-MM-DD` strings
(or timestamps that start with one); they are formatted as calendar dates, with no time zone.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from functools import lru_cache

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal as _babel_format_decimal

from compiler.corpus.vocab import LANGS, Lang
from compiler.i18n.catalog import catalog as _catalog
from compiler.i18n.catalog import has_catalog as _has_catalog

__all__ = ["LANGS", "format_date", "format_number", "parse_date", "severity_label", "ui"]


def parse_date(value: str) -> _dt.date:
    """The calendar date of a model date (`2021-03-03`) or timestamp (`2021-03-03T10:00:00Z`)."""
    head = value[:10]
    if len(value) > 10 and value[10] != "T":
        raise ValueError(f"not a date or timestamp: {value!r}")
    return _dt.date.fromisoformat(head)


@lru_cache(maxsize=4096)
def format_date(value: str, lang: Lang) -> str:
    """`2021-03-03` -> `3. März 2021` (de) or `March 3, 2021` (en).

    Cached: Babel's formatting is the slowest part of rendering a mail.
    """
    if not _has_catalog(lang):
        raise ValueError(f"unknown language: {lang!r}")
    return str(_babel_format_date(parse_date(value), format="long", locale=lang))


@lru_cache(maxsize=1024)
def format_number(value: float, lang: Lang, *, digits: int = 1) -> str:
    """A decimal with a fixed number of fraction digits: 9.1 -> `9,1` (de) or `9.1` (en)."""
    if not _has_catalog(lang):
        raise ValueError(f"unknown language: {lang!r}")
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return str(_babel_format_decimal(value, format=pattern, locale=lang))


def ui(lang: Lang) -> Mapping[str, str]:
    """The short labels the mails and the site share, so both call a thing by the same name (catalog area `ui`)."""
    return _catalog(lang, "ui")


def severity_label(severity: str, lang: Lang) -> str:
    return _catalog(lang, "severity")[severity]
