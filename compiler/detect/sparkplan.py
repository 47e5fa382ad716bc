"""The detection plan as Spark SQL, for fleets whose logs sit in a lake (`iocc scan --plan spark`).

The same plan the DuckDB engine runs (compiler.detect.plan): the Sigma conditions in the Spark dialect
that pySigma's Databricks backend writes (compiler.detect.sigmasql), the atomic indicators as a value
table joined on the same expressions (compiler.detect.atomic.atomic_columns). It expects one table per
log source, named as the engine's tables, with the engine's text columns (compiler.detect.formats;
file tables also the derived `iocc_path`, `iocc_name` and hash columns), `raw` where the table keeps the
whole line, and `iocc_file`, `iocc_line` saying where each row came from. Every query returns
`(key, iocc_file, iocc_line)`; `iocc_targets` says what each key is. YARA is not part of it: it runs
where the files are.

Statements end with a line holding only `;`, so a runner can split the script without parsing SQL.
"""

from __future__ import annotations

from typing import Final

from compiler.detect.atomic import atomic_columns
from compiler.detect.formats import TABLES
from compiler.detect.plan import Plan

END: Final = "\n;\n"


def literal(text: str) -> str:
    """A Spark SQL string literal (Spark reads backslash escapes in literals by default)."""
    return (
        "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r") + "'"
    )


def _values_view(name: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    if not rows:
        nulls = ", ".join(f"CAST(NULL AS STRING) AS {c}" for c in columns)
        return f"CREATE OR REPLACE TEMPORARY VIEW {name} AS SELECT {nulls} WHERE false"
    body = ",\n  ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
    return f"CREATE OR REPLACE TEMPORARY VIEW {name} AS SELECT * FROM VALUES\n  {body}\nAS t({', '.join(columns)})"


def table_query(plan: Plan, table: str) -> str | None:
    """One query over a table: the rows any rule or indicator of the plan matches, with their keys."""
    checks = plan.sigma_for(table)
    parts: list[str] = []
    if checks:
        flags = ",\n    ".join(f"IF(({c.spark}), {literal(c.target.key)}, NULL)" for c in checks)
        parts.append(
            f"SELECT key, iocc_file, iocc_line FROM (\n  SELECT iocc_file, iocc_line, "
            f"explode(array_compact(array(\n    {flags}))) AS key\n  FROM {table}\n) AS flagged"
        )
    for kind, expr in atomic_columns(table, "spark"):
        if plan.values.get(kind):
            parts.append(  # no table has a column named kind, v or key
                f"SELECT k.key, src.iocc_file, src.iocc_line FROM {table} AS src\n"
                f"  JOIN iocc_values AS k ON k.kind = {literal(kind)} AND k.v = {expr}"
            )
    return "\nUNION ALL\n".join(parts) if parts else None


def render_plan(plan: Plan) -> str:
    targets = sorted(plan.targets.values(), key=lambda t: t.key)
    statements = [
        _values_view(
            "iocc_targets",
            ("key", "advisory", "kind", "name", "title", "cves", "weak"),
            [(t.key, t.advisory, t.kind, t.name, t.title, " ".join(t.cves), t.weak) for t in targets],
        ),
        _values_view(
            "iocc_values",
            ("kind", "v", "key"),
            [
                (kind, v, key)
                for kind in sorted(plan.values)
                for v in sorted(plan.values[kind])
                for key in plan.values[kind][v]
            ],
        ),
    ]
    names = []
    for table in TABLES:
        query = table_query(plan, table)
        if query is not None:
            names.append(table)
            statements.append(f"-- table {table}\n{query}")
    head = (
        "-- iocc detection plan, Spark SQL (iocc scan --plan spark); docs/SCAN.md.\n"
        f"-- Tables read: {', '.join(names)}. Each query returns (key, iocc_file, iocc_line); iocc_targets\n"
        "-- says what each key is (weak: context only, never a finding on its own).\n"
    )
    return head + END.join(statements) + END
