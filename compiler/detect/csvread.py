"""Logs in the CSV family as DuckDB reads them: which files go together, and which columns a scan reads.

Files of one table with the same `#Fields` and compression are read by one `read_csv` (DuckDB reads
them in parallel). A scan reads only the columns its conditions need, the time and the server (a
finding names them); DuckDB's reader then skips making the others, which is most of the cost of
reading a wide log. Any column a condition names but the relation lacks is a binding error in DuckDB,
never a silent miss, so the choice below may take too many columns, never too few.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from compiler.detect.atomic import atomic_columns, q
from compiler.detect.formats import TABLES, iis_column

if TYPE_CHECKING:
    from compiler.detect.plan import Plan
    from compiler.detect.sources import Source

CSV_TABLES: Final = (("iis", "iis-w3c"), ("httpproxy", "exchange-httpproxy"),
                     ("ecp", "exchange-ecp-server"), ("oabgen", "exchange-oabgenerator"))  # fmt: skip


def groups(sources: list[Source], table: str, fmt: str) -> list[list[Source]]:
    """The sources of a format, by their `#Fields` and compression: one read_csv each."""
    by: dict[tuple[tuple[str, ...], bool], list[Source]] = {}
    for s in sources:
        if s.format == fmt:
            by.setdefault((s.fields, s.gzip), []).append(s)
    return [by[k] for k in sorted(by)]


def key_columns(table: str, plan: Plan) -> tuple[str, ...]:
    """The columns a scan of the table reads, in table order: those the Sigma conditions or the atomic
    comparisons name (found as text: a name inside a literal costs a column, not a finding), the time
    and the server. The whole-line tables read `raw`."""
    spec = TABLES[table]
    if not spec.columns:
        return ("raw",)
    text = " ".join([*(c.duckdb for c in plan.sigma_for(table)), *(e for _k, e in atomic_columns(table))])
    low = text.lower()
    return tuple(c for c in spec.columns if c.lower() in low or c in spec.time or c == spec.server)


def lit(text: str) -> str:
    """A DuckDB string literal."""
    return "'" + text.replace("'", "''") + "'"


def csv_relation(table: str, group: list[Source], columns: tuple[str, ...]) -> str:
    """SQL reading one group of files: the given columns (text, never NULL) and `iocc_file`, the path
    of the file a row comes from; header lines (`#...`) left out."""
    first = group[0]
    files = "[" + ", ".join(lit(str(s.path)) for s in group) + "]"
    common = (
        "auto_detect=false, header=false, filename=true, null_padding=true, strict_mode=false, "
        f"compression={lit('gzip' if first.gzip else 'none')}"
    )
    spec = TABLES[table]
    if spec.raw and not spec.columns:
        read = (
            f"read_csv({files}, {common}, delim='\\x1f', quote='', escape='', columns={{'raw': 'VARCHAR'}})"
        )
        return (
            f"SELECT COALESCE(raw, '') AS raw, filename AS iocc_file FROM {read} "
            "WHERE NOT starts_with(COALESCE(raw, ''), '#')"
        )
    if table == "iis":
        names = [iis_column(f) for f in first.fields]
        opts = "delim=' ', quote='', escape=''"
    else:
        names = list(first.fields)
        opts = "delim=',', quote='\"', escape='\"'"
    cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(names))) + "}"
    read = f"read_csv({files}, {common}, {opts}, columns={cols})"
    position = {n: i for i, n in reversed(list(enumerate(names)))}
    select = [
        f"COALESCE(c{position[c]}, '') AS {q(c)}" if c in position else f"'' AS {q(c)}" for c in columns
    ]
    # header lines start with `#`; DuckDB's `comment` would also cut values at a `#` inside a line
    return (
        f"SELECT {', '.join(select)}, filename AS iocc_file FROM {read} "
        "WHERE NOT starts_with(COALESCE(c0, ''), '#')"
    )
