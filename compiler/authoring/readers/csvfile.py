"""CSV feeds: a value column and a type column (like Microsoft's MSTIC feeds), or a column named
after a type (`ip`, `sha256`, `user_agent`...), or a single column of values whose type is guessed.

Recognised columns (case and punctuation ignored): value = Indicator, Value, IOC, Observable;
type = IndicatorType, Type, IOC_Type; first seen = FirstSeen, First_Seen; marking = TLP.
"""

from __future__ import annotations

import csv
import io
import re

from compiler.authoring.readers import (
    ADDRESS,
    Candidate,
    Parsed,
    Rejected,
    guess_type,
    ip_type,
    markings,
    stamp,
    type_aliases,
)
from compiler.corpus.vocab import Tlp
from compiler.engines.agents import wire_from_iis

_VALUE = ("indicator", "value", "ioc", "observable", "indicatorvalue")
_TYPE = ("indicatortype", "type", "ioctype", "observabletype")
_FIRST_SEEN = ("firstseen",)
_TLP = ("tlp", "tlplevel", "tlplabel", "tlpmarking", "marking", "markings", "trafficlightprotocol")


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _column(headers: list[str], names: tuple[str, ...]) -> str | None:
    for header in headers:
        if _norm(header) in names:
            return header
    return None


def _typed_column(headers: list[str]) -> tuple[str, str] | None:
    """A column whose name is a type (e.g. `ip`, `sha256`, `user_agent_iis_log_form`)."""
    for header in headers:
        key = header.strip().lower()
        for alias, kind in type_aliases().items():
            if key == alias or key.startswith(alias + "_"):
                return header, kind
    return None


def _resolve(kind: str, value: str) -> str:
    return ip_type(value) if kind == ADDRESS else kind


def _row_tlp(row: dict[str | None, object], tlp_col: str | None) -> str | None:
    """The strictest marking of a row: its TLP column, and a `TLP:<level>` label in any cell (tags)."""
    cells = [str(v) for v in row.values() if isinstance(v, str)]
    cells += [str(x) for v in row.values() if isinstance(v, list) for x in v]  # cells past the header
    column = markings.level(str(row.get(tlp_col) or "")) if tlp_col else None
    return markings.strictest((column, *(markings.labels(c) for c in cells)))


def _strictest(*levels: str | None) -> str | None:
    return markings.strictest(Tlp(t) for t in levels if t is not None)


def read(text: str) -> Parsed:
    first_line = text.split("\n", 1)[0]
    delimiter = (
        "\t"
        if first_line.count("\t") > first_line.count(",")
        else (";" if first_line.count(";") > first_line.count(",") else ",")
    )
    table = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = list(table)
    except csv.Error as exc:  # e.g. a cell over the csv module's field limit: say where
        raise ValueError(f"line {table.reader.line_num}: {exc}") from None
    headers = [h for h in table.fieldnames or [] if h is not None]
    value_col = _column(headers, _VALUE)
    type_col = _column(headers, _TYPE)
    fixed: tuple[str, str] | None = None
    if value_col is None:
        fixed = _typed_column(headers)
        if fixed is not None:
            value_col = fixed[0]
        elif headers:
            value_col = headers[0]
    seen_col = _column(headers, _FIRST_SEEN)
    header_tlp = markings.labels(" ".join(headers))  # a `TLP:AMBER` above the columns marks every row
    tlp_col = _column(headers, _TLP)
    candidates: list[Candidate] = []
    rejected: list[Rejected] = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        origin = f"row {number}"
        value = (row.get(value_col or "") or "").strip()
        if not value:
            rejected.append(Rejected(origin=origin, value="", reason="the row has no value"))
            continue
        notes: tuple[str, ...] = ()
        if fixed is not None:
            kind: str | None = _resolve(fixed[1], value)
            if kind == "user-agent" and "iis" in _norm(fixed[0]) and "+" in value:
                wire = wire_from_iis(value)  # the corpus holds agents as sent: say what was assumed
                notes = (f"read from IIS log form {value!r}: each + taken as a space, but before http://",)
                value = wire
        elif type_col is not None:
            label = (row.get(type_col) or "").strip()
            alias = type_aliases().get(label.lower())
            kind = _resolve(alias, value) if alias else None
            if kind is None:
                rejected.append(
                    Rejected(origin=origin, value=value, reason=f"type {label!r} has no iocc type")
                )
                continue
        else:
            kind = guess_type(value)
        if kind is None:
            rejected.append(
                Rejected(origin=origin, value=value, reason="the value's type is not recognisable")
            )
            continue
        candidates.append(
            Candidate(
                type=kind,
                value=value,
                origin=origin,
                first_seen=stamp(row.get(seen_col or "")),
                tlp=_strictest(header_tlp, _row_tlp(row, tlp_col)),
                notes=notes,
            )
        )
    return Parsed(candidates=tuple(candidates), rejected=tuple(rejected))
