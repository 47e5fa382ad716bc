"""Inventories: a CSV of servers with their builds in, one verdict per server out.

Columns `server` and `build` are required (case-insensitive; a UTF-8 byte-order mark and the
semicolon separator of German spreadsheet exports are accepted); every other column is carried along.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from compiler.products.verdict import Assessment, Checker


class InventoryError(ValueError):
    """The inventory cannot be read as asked (missing column, not CSV)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Server:
    server: str
    build: str
    extra: tuple[tuple[str, str], ...] = ()  # other columns, in file order


@dataclass(frozen=True, slots=True, kw_only=True)
class Inventory:
    servers: tuple[Server, ...]
    extra_columns: tuple[str, ...] = ()


def _dialect(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def read_inventory(text: str) -> Inventory:
    """Parse an inventory CSV. Raises InventoryError with a message a user can act on."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InventoryError("the inventory is empty; expected a header line with the columns server,build")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InventoryError(f"not a readable CSV file: {exc}") from exc
    header = [h.strip() for h in rows[0]]
    lowered = [h.lower() for h in header]
    missing = [c for c in ("server", "build") if c not in lowered]
    if missing:
        raise InventoryError(
            f"missing column(s) {', '.join(missing)}; the header has: {', '.join(header) or '(nothing)'}"
        )
    if len(set(lowered)) != len(lowered):
        raise InventoryError(f"a column name appears twice in the header: {', '.join(header)}")
    i_server, i_build = lowered.index("server"), lowered.index("build")
    others = [i for i in range(len(header)) if i not in (i_server, i_build)]
    servers = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if len(row) > len(header):
            raise InventoryError(f"line {number} has {len(row)} fields, the header {len(header)}")
        row = [*row, *[""] * (len(header) - len(row))]
        servers.append(
            Server(
                server=row[i_server].strip(),
                build=row[i_build],
                extra=tuple((header[i], row[i]) for i in others),
            )
        )
    return Inventory(servers=tuple(servers), extra_columns=tuple(header[i] for i in others))


def assess_inventory(servers: Iterable[Server] | Sequence[str], checker: Checker) -> list[Assessment]:
    """One assessment per server (or per bare build string), in input order. Repeated builds are
    answered once: an inventory of thousands of servers has few distinct builds."""
    seen: dict[str, Assessment] = {}
    out = []
    for item in servers:
        build = item if isinstance(item, str) else item.build
        found = seen.get(build)
        if found is None:
            found = seen[build] = checker.assess(build)
        out.append(found)
    return out
