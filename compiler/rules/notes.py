"""Notes the rule emitters return: a type an output cannot express, a value a format cannot carry."""

from __future__ import annotations

from collections.abc import Iterable

from compiler.capabilities import support
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.model import Indicator, IndicatorSet


def locate(indicator_set: IndicatorSet, indicator: Indicator) -> Location:
    """The indicator's place: its set file and JSON pointer (the model keeps no line numbers)."""
    return Location(indicator_set.path, 1, 1, f"/indicators/{indicator.index}")


def not_expressed(
    output: str, sets: Iterable[IndicatorSet], indicators: Iterable[Indicator], *, advisory: str
) -> list[Diagnostic]:
    """IOC530, one per set and atomic type the output cannot express, at the first such indicator.

    Rules in another language are not reported: that a Sigma rule is no YARA rule needs no note.
    """
    by_id = {s.id: s for s in sets}
    first: dict[tuple[str, str], Indicator] = {}
    count: dict[tuple[str, str], int] = {}
    for ind in indicators:
        if ind.is_rule:
            continue
        key = (ind.set_id, ind.type)
        if key in count:
            count[key] += 1
            continue
        how, _ = support(output, ind.type)
        if how:
            count[key] = 0
            continue
        first[key] = ind
        count[key] = 1
    notes = []
    for (set_id, kind), ind in sorted(first.items()):
        _, why = support(output, kind)
        notes.append(
            diagnostic(
                "IOC530",
                locate(by_id[set_id], ind),
                f"{output}: {count[(set_id, kind)]} {kind} indicator(s) of {advisory} not expressed: {why}",
            )
        )
    return notes


def left_out(output: str, indicator_set: IndicatorSet, indicator: Indicator, why: str) -> Diagnostic:
    """IOC534: one value this format cannot carry."""
    return diagnostic(
        "IOC534", locate(indicator_set, indicator), f"{output}: {indicator.type} left out: {why}"
    )
