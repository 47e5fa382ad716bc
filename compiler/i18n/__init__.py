"""Locale-aware formatting and the short interface strings shared by the mails and the site.

Every function takes the language explicitly and hands it to Babel, so the machine's locale
(LC_ALL, LANG, TZ) never changes the output. Dates in the model are plain `YYYY-MM-DD` strings
(or timestamps that start with one); they are formatted as calendar dates, with no time zone.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Final

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal as _babel_format_decimal

from compiler.corpus.vocab import LANGS, Lang

__all__ = ["LANGS", "UI", "format_date", "format_number", "parse_date", "severity_label", "ui"]


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
    if lang not in LANGS:
        raise ValueError(f"unknown language: {lang!r}")
    return str(_babel_format_date(parse_date(value), format="long", locale=lang))


@lru_cache(maxsize=1024)
def format_number(value: float, lang: Lang, *, digits: int = 1) -> str:
    """A decimal with a fixed number of fraction digits: 9.1 -> `9,1` (de) or `9.1` (en)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language: {lang!r}")
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return str(_babel_format_decimal(value, format=pattern, locale=lang))


# Short labels. Sentences belong in the templates; only words and phrases that several outputs
# share live here, so the mail and the site call a thing by the same name.
UI: Final[Mapping[Lang, Mapping[str, str]]] = MappingProxyType(
    {
        "de": MappingProxyType(
            {
                "subject": "Betreff",
                "preheader": "Vorschautext",
                "affected": "Betroffen",
                "not_affected": "Nicht betroffen",
                "vulnerabilities": "Schwachstellen",
                "priority": "Vorrang",
                "resources": "Weitere Informationen",
                "as_of": "Stand",
                "latest_update": "Neueste Ergänzung",
                "severity": "Schweregrad",
            }
        ),
        "en": MappingProxyType(
            {
                "subject": "Subject",
                "preheader": "Preheader",
                "affected": "Affected",
                "not_affected": "Not affected",
                "vulnerabilities": "Vulnerabilities",
                "priority": "Priority",
                "resources": "Further information",
                "as_of": "As of",
                "latest_update": "Latest addition",
                "severity": "Severity",
            }
        ),
    }
)

_SEVERITY: Final[Mapping[Lang, Mapping[str, str]]] = MappingProxyType(
    {
        "de": MappingProxyType(
            {"low": "niedrig", "medium": "mittel", "high": "hoch", "critical": "kritisch"}
        ),
        "en": MappingProxyType({"low": "low", "medium": "medium", "high": "high", "critical": "critical"}),
    }
)


def ui(lang: Lang) -> Mapping[str, str]:
    """The interface strings of one language."""
    return UI[lang]


def severity_label(severity: str, lang: Lang) -> str:
    return _SEVERITY[lang][severity]
