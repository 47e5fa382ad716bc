"""The indicator type to output table shown on the site, as `compiler.outputs.targets` declares it (from the
type declarations in compiler.corpus.kinds)."""

from __future__ import annotations

from compiler.outputs.targets import OUTPUTS, support, types

Table = dict[str, dict[str, str]]  # type -> output -> mark


def capability_table() -> tuple[list[str], Table]:
    """(outputs, {type: {output: "✓ how" or "– why not"}})."""
    table: Table = {}
    for kind in types():
        row: dict[str, str] = {}
        for output in OUTPUTS:
            how, why = support(output, kind)
            row[output] = f"✓ {how}" if how else f"– {why}"
        table[kind] = row
    return list(OUTPUTS), table
