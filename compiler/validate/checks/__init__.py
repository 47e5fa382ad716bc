"""Checks beyond the schema, over every schema-valid document at once.

Each check is a function `(Docs, CheckContext) -> Iterable[Diagnostic]` whose docstring states its rule.
CHECKS lists them in the order they run; the diagnostics are sorted afterwards anyway.
"""

from __future__ import annotations

from compiler.validate.checks.base import Check, CheckContext, Docs

__all__ = ["Check", "CheckContext", "Docs", "all_checks"]


def local_checks() -> tuple[Check, ...]:
    """Checks of one document on its own, written for any shape: they run on documents the schema refused
    too, so one report holds all findings of a file (its schema errors and its values' problems)."""
    from compiler.validate.checks import text, values

    return (text.check_translations, text.check_mail_headers, values.check_values)


def all_checks() -> tuple[Check, ...]:
    """CHECKS over the schema-valid documents, imported on first use. One line per check module."""
    from compiler.validate.checks import corpus, dates, gate, language, names, products, rules, scores, values

    return (
        corpus.check_ids,
        names.check_file_names,
        corpus.check_references,
        corpus.check_tlp,
        corpus.check_steps,
        corpus.check_customer_resources,
        dates.check_dates,
        values.check_duplicates,
        products.check_catalog,
        products.check_advisory_products,
        scores.check_scores,
        gate.check_gate,
        rules.check_rules,
        language.check_language,
        # further checks: one line each
    )
