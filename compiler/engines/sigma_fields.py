"""The form of a field name in an authored Sigma rule: plain, so no query language reads it as syntax.

pySigma backends write field names into queries with little or no escaping: ES|QL between backticks,
Splunk between double quotes, Lucene bare before a colon, KQL as an identifier. A name holding a backtick,
quote, colon, space or parenthesis can end the name and continue the query (`x` or true or `y` makes an
ES|QL query that matches every event). So a field name is refused unless it has the plain form every
target writes as one name: a letter or `_` first, then letters, digits, `_`, `.` and `-`; at most 128
characters. Real log fields (`cs-uri-query`, `c-useragent`, `CommandLine`, `winlog.event_data.x`) fit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

FIELD: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,127}")
_NOT_SEARCHES: Final = frozenset({"condition", "timeframe"})


def field_names(rule: Any) -> Iterator[str]:
    """Every field name a Sigma rule mapping uses: detection keys (before `|modifiers`) and `fields`."""
    if not isinstance(rule, dict):
        return
    detection = rule.get("detection")
    if isinstance(detection, dict):
        for name, search in detection.items():
            if name in _NOT_SEARCHES:
                continue
            for item in search if isinstance(search, list) else [search]:
                if isinstance(item, dict):
                    for key in item:
                        field = str(key).split("|", 1)[0]
                        if field:  # `|all` and the like: modifiers of a keyword search
                            yield field
    fields = rule.get("fields")
    if isinstance(fields, list):
        yield from (str(f) for f in fields)


def bad_fields(rule: Any) -> list[str]:
    """The field names of `rule` that do not have the plain form, in order, each once."""
    return list(dict.fromkeys(f for f in field_names(rule) if not FIELD.fullmatch(f)))
