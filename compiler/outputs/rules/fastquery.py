"""Fast conversion of generated Sigma rules: pySigma converts each rule shape once, the values are spliced in.

A generated rule is a list of literal values under one or two fields. Its query depends on the values only
through how the backend writes each one, so pySigma converts a template of the rule with sentinel values
(once per target and rule shape: log source, fields, one value or several), and each real value is
written the way the backend writes a literal (the backend's own quote and escape settings, read from it).
This keeps conversion cost at a few string operations per value instead of pySigma's per-value parsing
and processing. Tests prove the result equal to pySigma's own conversion, on adversarial and fuzzed values.
A template that does not show the sentinels as expected makes the caller fall back to full conversion.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any, Final

SENTINELS: Final = ("IOCCVALUESENTINELA", "IOCCVALUESENTINELB")
_KUSTO_STAR: Final = re.compile(r"\\\*")

Render = Callable[[str], str]


def _table(chars: str, escape: str) -> dict[int, str]:
    return {ord(c): escape + c for c in set(chars)}


def _escaper(chars: str, escape: str) -> Callable[[str], str]:
    """str.translate, skipped when no character needs escaping (the common case, and 5x faster)."""
    table = _table(chars, escape)
    needs = re.compile("[" + re.escape("".join(sorted(set(chars)))) + "]") if chars else None

    def apply(value: str) -> str:
        return value.translate(table) if needs is not None and needs.search(value) else value

    return apply


def renderer(backend: Any) -> Render:
    """How `backend` writes a literal string value (pySigma's convert_value_str on a plain SigmaString)."""
    name: str = backend.__class__.__name__
    esc: str = backend.escape_char or ""
    wild: str = (backend.wildcard_multi or "") + (backend.wildcard_single or "")
    quote: str = backend.str_quote
    escaped = _escaper(wild + quote + backend.add_escaped, esc)
    if backend.filter_chars:
        raise ValueError("backends that filter characters are converted in full")
    if name == "LuceneBackend":
        phrase = _escaper(wild + quote + backend.add_escaped.replace(" ", ""), esc)

        def lucene(value: str) -> str:
            if " " in value:  # the backend phrase-quotes multi-word values
                return quote + phrase(value) + quote
            return escaped(value) if value else quote + quote

        return lucene
    if backend.str_quote_pattern is not None:
        raise ValueError("backends that quote by pattern are converted in full")
    if name == "KustoBackend":
        return lambda value: (
            quote + (_KUSTO_STAR.sub("*", escaped(value)) if "*" in value else escaped(value)) + quote
        )
    return lambda value: quote + escaped(value) + quote


def shape(rule: dict[str, Any]) -> tuple[Any, ...] | None:
    """What a template must share with `rule`, or None when the rule is not a list of literal values."""
    detection = rule["detection"]
    fields = []
    for name, selection in detection.items():
        if name == "condition":
            continue
        (key, values), *more = selection.items()
        if more or "|" in key or not isinstance(values, list):
            return None
        fields.append((name, key))
    logsource = tuple(sorted(rule["logsource"].items()))
    return (logsource, tuple(fields), detection["condition"], min(len(values), 2))


def template(rule: dict[str, Any]) -> dict[str, Any]:
    """The rule with its values replaced by one or two sentinels."""
    out = copy.deepcopy({k: v for k, v in rule.items() if k != "detection"})
    detection: dict[str, Any] = {}
    for name, selection in rule["detection"].items():
        if name == "condition":
            detection[name] = selection
            continue
        (key, values), *_ = selection.items()
        detection[name] = {key: list(SENTINELS[: min(len(values), 2)])}
    out["detection"] = detection
    return out


def splice(query: str, values: list[str], groups: int, render: Render) -> str | None:
    """The template query with the sentinels replaced by `values`; None when the template does not hold
    exactly `groups` sentinel lists as expected."""
    first = render(SENTINELS[0])
    if len(values) == 1:
        if query.count(first) != groups or SENTINELS[1] in query:
            return None
        return query.replace(first, render(values[0]))
    pattern = re.compile(re.escape(first) + r"(.*?)" + re.escape(render(SENTINELS[1])), re.S)
    matches = list(pattern.finditer(query))
    if len(matches) != groups or len({m.group(1) for m in matches}) != 1:
        return None
    rest = pattern.sub("", query)
    if SENTINELS[0] in rest or SENTINELS[1] in rest:
        return None
    joined = matches[0].group(1).join(render(v) for v in values)
    return pattern.sub(lambda _: joined, query)
