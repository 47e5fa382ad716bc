"""CSV per advisory and blocklists: RFC 4180 round trip, safe in spreadsheets, TLP and validity applied."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.corpus.vocab import Tlp
from compiler.outputs.csv import COLUMNS
from compiler.outputs.escape import csv_cell
from tests.rules_support import context, emit, fixture_corpus


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 right
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_round_trips_every_live_value_and_defuses_formulas() -> None:
    files = emit("csv", fixture_corpus(), context())
    rows = _rows(files["csv/rules-test-2024.csv"])
    assert list(rows[0]) == list(COLUMNS)
    values = {r["value"] for r in rows}
    assert "'=cmd|calc.aspx" in values and "'@SUM(1+1)*cmd" in values
    assert "'-sep\u00a0line\u3000nel" in values  # a leading "-" is a formula start too
    assert 'Mozilla/5.0 "quoted" \\back\\slash; semi;colon */ end|pipe' in values
    assert "192.0.2.201" not in values  # TLP:AMBER set
    assert "198.51.100.99" not in values  # withdrawn
    assert "87e378878e4693013203e1e6f8c3522234c5288c3ad93107a9f144523bf94a43" not in values  # expired
    assert {r["tlp"] for r in rows} == {"TLP:CLEAR"}
    assert all(not r[c].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for c in COLUMNS)


def test_blocklists_hold_one_raw_value_a_line_per_type() -> None:
    files = emit("csv", fixture_corpus(), context(tlp=Tlp.AMBER))
    ipv4 = files["blocklists/ipv4.txt"].decode().split("\n")
    assert ipv4 == ["192.0.2.201", "198.51.100.23", ""]
    ua = files["blocklists/user-agent.txt"].decode("utf-8")
    assert "-sep\u00a0line\u3000nel\n" in ua and "@SUM(1+1)*cmd\n" in ua  # raw values, not spreadsheet cells
    assert "blocklists/sigma.txt" not in files and "blocklists/email.txt" in files


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_no_cell_starts_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell == text or cell == "'" + text
