"""Regular expressions in authored Sigma rules, read as every query target reads them.

pySigma backends copy a `|re` value into the query as it is. Sentinel (RE2), Splunk (PCRE), our engine
(RE2 in DuckDB, Java in Spark) search the value for the pattern; Elastic's engines (Lucene regexp in
the query string, RLIKE in ES|QL) match the whole value, know no `(?...)` group, read `^` and `$` as
letters and `~ & < > @ #` as operators. A pattern means the same everywhere only in a common form:
`.*` at both ends (a search in every engine), no `(?` group (spell a case out as `[pP]`), no anchors
(use the startswith/endswith modifiers), those operators escaped (`\\~`). `portability(pattern)` says
what a pattern needs; the check reports it (IOC528) at the rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

_OPERATORS: Final = frozenset("~&<>@#")
_NOT_SEARCHES: Final = frozenset({"condition", "timeframe"})


def regex_values(rule: Any) -> Iterator[tuple[str, str]]:
    """(field, pattern) for every value of a `|re` search in a Sigma rule mapping."""
    detection = rule.get("detection") if isinstance(rule, dict) else None
    if not isinstance(detection, dict):
        return
    for name, search in detection.items():
        if name in _NOT_SEARCHES:
            continue
        for item in search if isinstance(search, list) else [search]:
            if not isinstance(item, dict):
                continue
            for key, value in item.items():
                field, *modifiers = str(key).split("|")
                if "re" in modifiers:
                    for pattern in value if isinstance(value, list) else [value]:
                        yield field, str(pattern)


def _outside_classes(pattern: str) -> Iterator[tuple[int, str]]:
    """The characters of a pattern that stand outside a bracket class and are not escaped."""
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]" and pattern[i - 1] not in "[^":
                in_class = False
        elif c == "[":
            in_class = True
        else:
            yield i, c
        i += 1


def portability(pattern: str) -> list[str]:
    """What keeps `pattern` from meaning the same in every target; [] when nothing does."""
    problems: list[str] = []
    plain = list(_outside_classes(pattern))
    if any(c == "(" and pattern[i + 1 : i + 2] == "?" for i, c in plain):
        problems.append("a `(?` group (inline flags such as (?i), non-capturing, lookaround) Elastic has not")
    if any(c in "^$" for _, c in plain):
        problems.append("anchors ^ or $, which Elastic reads as letters (use startswith or endswith)")
    operators = sorted({c for _, c in plain if c in _OPERATORS})
    if operators:
        problems.append(f"{' '.join(operators)} unescaped, an operator in Elastic (write \\{operators[0]})")
    if not (pattern.startswith(".*") and pattern.endswith(".*") and not pattern.endswith("\\.*")):
        problems.append("no `.*` at both ends, so Elastic matches the whole value where the others search")
    return problems


def unportable(rule: Any) -> list[str]:
    """One line per `|re` value of the rule that does not mean the same in every target."""
    return [
        f"{field}|re {pattern!r}: {'; '.join(found)}"
        for field, pattern in regex_values(rule)
        if (found := portability(pattern))
    ]
