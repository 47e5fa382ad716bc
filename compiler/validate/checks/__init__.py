"""Checks beyond the schema, over every schema-valid document at once.

Each check is a function `(Docs, CheckContext) -> Iterable[Diagnostic]` whose docstring states its rule.
CHECKS lists them in the order they run; the diagnostics are sorted afterwards anyway.
"""

from __future__ import annotations

from compiler.validate.checks.base import Check, CheckContext, Docs

__all__ = ["Check", "CheckContext", "Docs", "all_checks"]


def all_checks() -> tuple[Check, ...]:
    """CHECKS, imported on first use. One line per check module."""
    from compiler.validate.checks import corpus, dates, gate, products, rules, scores, text, values

    return (
        corpus.check_ids,
        corpus.check_references,
        corpus.check_tlp,
        corpus.check_steps,
        dates.check_dates,
        text.check_translations,
        values.check_values,
        values.check_duplicates,
        products.check_catalog,
        products.check_advisory_products,
        scores.check_scores,
        gate.check_gate,
        rules.check_rules,
        # further checks: one line each
    )
