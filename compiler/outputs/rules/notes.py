"""Notes the rule emitters return: a type an output cannot express, a value a format cannot carry."""

from __future__ import annotations

from collections.abc import Iterable

from compiler.corpus.model import Indicator, IndicatorSet
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.outputs.targets import support


def locate(indicator_set: IndicatorSet, indicator: Indicator) -> Location:
    """The indicator's place: its set file and JSON pointer (the model keeps no line numbers)."""
    return Location(indicator_set.path, 1, 1, f"/indicators/{indicator.index}")


def not_expressed(
    output: str, sets: Iterable[IndicatorSet], indicators: Iterable[Indicator], *, advisory: str
) -> list[Diagnostic]:
    """IOC530, one per atomic type the output cannot express in one advisory, at its first indicator.

    Rules in another language are not reported: that a Sigma rule is no YARA rule needs no note.
    """
    by_id = {s.id: s for s in sets}
    first: dict[str, Indicator] = {}
    count: dict[str, int] = {}
    in_sets: dict[str, set[str]] = {}
    for ind in indicators:
        if ind.is_rule:
            continue
        if ind.type not in count:
            count[ind.type] = 0
            if support(output, ind.type)[0]:
                continue
            first[ind.type] = ind
            in_sets[ind.type] = set()
        if ind.type in first:
            count[ind.type] += 1
            in_sets[ind.type].add(ind.set_id)
    notes = []
    for kind, ind in sorted(first.items()):
        why = support(output, kind)[1]
        sets_text = f"{len(in_sets[kind])} set(s)"
        message = (
            f"{output}: {count[kind]} {kind} indicator(s) of {advisory} in {sets_text} not expressed: {why}"
        )
        notes.append(diagnostic("IOC530", locate(by_id[ind.set_id], ind), message))
    return notes


def left_out(output: str, indicator_set: IndicatorSet, indicator: Indicator, why: str) -> Diagnostic:
    """IOC534: one value this format cannot carry."""
    return diagnostic(
        "IOC534", locate(indicator_set, indicator), f"{output}: {indicator.type} left out: {why}"
    )
