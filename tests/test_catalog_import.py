"""`iocc import --format exchange-builds`: the product catalog from a build dictionary. Consistent rows become
releases, inconsistent ones are refused with every reason, a catalog file keeps its reviewed releases, and a
second import changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from compiler.authoring.catalog import read_dictionary
from compiler.cli import main
from compiler.pipeline import check
from tests.corpus_fixtures import REPO

DICTIONARY = Path(__file__).parent / "fixtures" / "import" / "exchange-build-dictionary.json"
SHARED = REPO.parent / "shared" / "data" / DICTIONARY.name

# One row of each shape the dictionary holds, and one of each error it is known to carry.
ROWS: dict[str, dict[str, Any]] = {
    "14.3.123.4": {"name": "Exchange Server 2010 SP3", "release_date": "February 12, 2013"},
    "14.3.509.0": {"name": "Update Rollup 31 for Exchange Server 2010 SP3", "release_date": "December 1, 2020"},
    "14.3.224.1": {"name": "Update Rollup 8 v1 for Exchange Server 2010 SP3 (recalled)", "release_date": "December 9, 2014"},
    "15.1.2176.2": {"name": "Exchange Server 2016 CU19", "release_date": "December 15, 2020"},
    "15.1.2176.9": {"name": "Exchange Server 2016 CU19 Mar21SU", "release_date": "March 2, 2021",
                    "urls": ["https://support.microsoft.com/help/5000871"]},
    "15.1.2176.4": {"name": "Exchange Version 2016 CU19 + KB4602269", "release_date": "February 16, 2021",
                    "urls": ["https://support.microsoft.com/help/4602269"]},
    "15.1.2044.8": {"name": "Exchange Version 2019 CU17 + KB581424", "release_date": "November, 2020",
                    "urls": ["https://support.microsoft.com/help/4588741"]},
    "15.1.2106.3": {"name": "Exchange Version 2016 CU18 + KB4581424", "release_date": "October 13, 2020",
                    "urls": ["https://support.microsoft.com/help/4577352"]},
    "15.2.792.3": {"name": "Exchange Server 2019 CU8", "release_date": "December 15, 2020"},
    "15.2.792.5": {"name": "Exchange Server 2019 CU8", "release_date": "December 16, 2020"},
    "15.0.1497.99": {"name": "Exchange Server 2013 CU99 Mar21SU", "release_date": "March 2, 2021"},
    "4.0.837": {"name": "Exchange Version 4.0 RTM (Touchdown)", "release_date": "April, 2096"},
    "6.5.7638.1": {"name": "Exchange Version 2003 SP2", "release_date": "October 19, 2005"},
}  # fmt: skip


def test_each_shape_and_each_error() -> None:
    rows, refused, other = read_dictionary(json.dumps(ROWS))
    assert {(r.product, r.id, r.kind, r.base, r.kb) for r in rows} == {
        ("exchange-server-2010", "sp3", "sp", None, None),
        ("exchange-server-2010", "sp3-ru31", "ru", "sp3", None),
        ("exchange-server-2016", "cu19", "cu", None, None),
        ("exchange-server-2016", "cu19-mar21su", "su", "cu19", "KB5000871"),
        ("exchange-server-2016", "cu19-kb4602269", "su", "cu19", "KB4602269"),
    }
    reasons = {r.build: r.reason for r in refused}
    assert "recalled" in reasons["14.3.224.1"]
    assert "the build belongs to another line" in reasons["15.1.2044.8"]  # a 2016 build labelled 2019
    assert "not a seven-digit KB" in reasons["15.1.2044.8"] and "has no day" in reasons["15.1.2044.8"]
    assert "the name says KB4581424, the support link KB4577352" in reasons["15.1.2106.3"]
    assert "one name for several builds" in reasons["15.2.792.3"] and "one name" in reasons["15.2.792.5"]
    assert "base cu99 is not in the dictionary" in reasons["15.0.1497.99"]
    assert "2096" in reasons["4.0.837"]
    assert other == 1  # Exchange 2003: a line the catalog does not keep


def test_the_shared_dictionary_is_read_without_guessing() -> None:
    if SHARED.is_file():  # beside a checkout; the fixture copy keeps the test self-contained elsewhere
        assert SHARED.read_bytes() == DICTIONARY.read_bytes()
    rows, refused, _ = read_dictionary(DICTIONARY.read_text(encoding="utf-8"))
    assert rows and refused
    reasons = " ".join(r.reason for r in refused)
    for known in ("2096", "belongs to another line", "seven-digit KB"):
        assert known in reasons
    builds = {r.build for r in rows}
    assert not builds & {r.build for r in refused}


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "products").mkdir(parents=True)
    return root


def test_import_writes_a_valid_catalog_and_a_second_import_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path)
    source = tmp_path / "dictionary.json"
    source.write_text(json.dumps(ROWS), encoding="utf-8")
    assert main(["import", str(source), "--format", "exchange-builds", "--root", str(root)]) == 0
    out = capsys.readouterr()
    assert "added" in out.out and "refused" in out.out
    assert "iocc import: added 5 release(s), refused 7 row(s), 1 row(s)" in out.err
    written = {p.name: p.read_bytes() for p in (root / "products").glob("*.yaml")}
    assert set(written) == {"exchange-server-2010.yaml", "exchange-server-2016.yaml"}
    assert check(root).corpus is not None, [d.message for d in check(root).diagnostics]
    assert main(["import", str(source), "--format", "exchange-builds", "--root", str(root)]) == 0
    assert "added 0 release(s)" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in (root / "products").glob("*.yaml")} == written


def test_a_reviewed_release_is_kept_and_the_conflict_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path)
    shutil.copy(REPO / "products" / "exchange-server-2016.yaml", root / "products")
    before = (root / "products" / "exchange-server-2016.yaml").read_text(encoding="utf-8")
    changed = dict(ROWS)
    changed["15.1.2176.9"] = {**ROWS["15.1.2176.9"], "release_date": "March 9, 2021"}
    source = tmp_path / "dictionary.json"
    source.write_text(
        json.dumps({k: v for k, v in changed.items() if k.startswith("15.1.2176")}), encoding="utf-8"
    )
    assert main(["import", str(source), "--format", "exchange-builds", "--root", str(root), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "kept" in out and "cu19-mar21su" in out and "the catalog is kept" in out
    assert (root / "products" / "exchange-server-2016.yaml").read_text(encoding="utf-8") == before


def test_an_unreadable_dictionary_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "broken.json"
    source.write_text("[1, 2", encoding="utf-8")
    assert main(["import", str(source), "--format", "exchange-builds", "--root", str(_repo(tmp_path))]) == 2
    assert "not a readable build dictionary" in capsys.readouterr().err
