"""`iocc patch-status`: inventories, formats, exit codes, and the published table giving the same answers."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.corpus.model import Advisory, Corpus
from compiler.corpus.vocab import Tlp
from compiler.outputs.artifact import BuildContext
from compiler.outputs.patch import emit
from compiler.products import InventoryError, read_inventory
from tests.corpus_fixtures import REPO
from tests.patch_support import advisory, fact_advisories

INVENTORY = Path(__file__).parent / "fixtures" / "patch" / "inventory.csv"


# The advisories that publish Microsoft's March 2021 Exchange updates answer with that table's facts.
FACTS = fact_advisories()


@pytest.fixture(scope="module", params=FACTS, ids=[a.id for a in FACTS])
def adv(request: pytest.FixtureRequest) -> Advisory:
    found: Advisory = request.param
    return found


def run(capsys: pytest.CaptureFixture[str], adv: Advisory, *args: str) -> tuple[int, str, str]:
    code = main(["patch-status", "--root", str(REPO), "--advisory", adv.id, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_inventory_as_csv_carries_extra_columns(capsys: pytest.CaptureFixture[str], adv: Advisory) -> None:
    code, out, _ = run(capsys, adv, "--inventory", str(INVENTORY), "--format", "csv")
    assert code == 1  # mx01 is vulnerable
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["server"] for r in rows] == [
        "mx01.example.net", "mx02.example.net", "mx03.example.net", "legacy.example.net", "cloud", "typo.example.net",
    ]  # fmt: skip
    assert [r["verdict"] for r in rows] == [
        "vulnerable", "fixed", "vulnerable", "vulnerable", "not affected", "unknown build",
    ]  # fmt: skip
    assert rows[0]["customer"] == "ACME" and rows[2]["site"] == "Köln"
    assert rows[0]["kb"] == "KB5000871" and rows[0]["fixed_build"] == "15.1.2176.9"
    assert rows[3]["kb"] == "KB5000978"
    assert rows[2]["normalized_build"] == "15.2.792.3" and rows[2]["cu"] == "CU8"


def test_json_output(capsys: pytest.CaptureFixture[str], adv: Advisory) -> None:
    code, out, _ = run(capsys, adv, "15.2.792.10", "15.2.858.5", "--format", "json", "--lang", "de")
    assert code == 0
    doc = json.loads(out)
    assert doc["advisory"] == adv.id
    assert doc["summary"] == {"vulnerable": 0, "unknown build": 0, "fixed": 2, "not affected": 0}
    assert doc["results"][1]["cu"] == "CU9" and "Korrektur" in doc["results"][1]["reason"]


def test_table_output_and_exit_code(capsys: pytest.CaptureFixture[str], adv: Advisory) -> None:
    code, out, _ = run(capsys, adv, "15.1.2176.2")
    assert code == 1
    assert "vulnerable" in out and "KB5000871" in out and "1 checked: 1 vulnerable" in out


def test_unknown_builds_fail_only_when_asked(capsys: pytest.CaptureFixture[str], adv: Advisory) -> None:
    assert run(capsys, adv, "nonsense")[0] == 0
    assert run(capsys, adv, "nonsense", "--fail-on-unknown")[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give build numbers"),
        (("15.1.2176.2", "--inventory", "x.csv"), "not both"),
        (("--inventory", "/nonexistent/inv.csv"), "inv.csv"),
        (("15.1.2176.2", "--advisory", "no-such-advisory"), "no advisory"),
        (("15.1.2176.2", "--table", "/nonexistent/table.json"), "cannot read"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], adv: Advisory, args: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, adv, *args)
    assert code == 2 and message in err


def test_inventory_without_build_column_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], adv: Advisory, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("host,version\nmx,15.1.2176.2\n", encoding="utf-8")
    code, _, err = run(capsys, adv, "--inventory", str(bad))
    assert code == 2 and "missing column(s) server, build" in err


def test_published_table_answers_like_the_corpus(
    capsys: pytest.CaptureFixture[str], adv: Advisory, tmp_path: Path
) -> None:
    from compiler.pipeline import load_corpus

    corpus = load_corpus(REPO)
    [artifact] = [
        a for a in emit(corpus, BuildContext(root=REPO)).artifacts if a.path == f"patch/{adv.id}.json"
    ]
    table = tmp_path / "table.json"
    table.write_bytes(artifact.data)
    builds = ["15.1.2176.2", "15.0.1367.3", "14.3.509.0", "Exchange Online", "15.1.2176", "15.2.858.5"]
    from_corpus = json.loads(run(capsys, adv, *builds, "--format", "json")[1])
    from_table = json.loads(run(capsys, adv, *builds, "--format", "json", "--table", str(table))[1])
    assert from_corpus == from_table


def test_csv_cells_cannot_become_formulas(
    capsys: pytest.CaptureFixture[str], adv: Advisory, tmp_path: Path
) -> None:
    inv = tmp_path / "inv.csv"
    inv.write_text("server,build,note\n=cmd|calc,15.1.2176.9,@SUM(A1)\n", encoding="utf-8")
    _, out, _ = run(capsys, adv, "--inventory", str(inv), "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["server"] == "'=cmd|calc" and row["inventory_note"] == "'@SUM(A1)"


def test_read_inventory_forms() -> None:
    inv = read_inventory("\ufeffServer;BUILD;Kunde\nmx1;15.1.2176.2;ACME\n\nmx2;15.2.792.10\n")
    assert [(s.server, s.build, s.extra) for s in inv.servers] == [
        ("mx1", "15.1.2176.2", (("Kunde", "ACME"),)),
        ("mx2", "15.2.792.10", (("Kunde", ""),)),
    ]
    for text, message in [
        ("", "empty"),
        ("server\nmx1\n", "missing column(s) build"),
        ("server,build,server\n", "twice"),
        ("server,build\nmx,1,2\n", "line 2 has 3 fields"),
        ('server,build\n"mx,1\n', "not a readable CSV"),
    ]:
        with pytest.raises(InventoryError, match=re.escape(message)):
            read_inventory(text)


def test_emitter_leaves_out_advisories_above_the_build_tlp() -> None:
    corpus = Corpus(advisories=(advisory(tlp=Tlp.AMBER),), sets=())
    assert emit(corpus, BuildContext(root=REPO, tlp=Tlp.CLEAR)).artifacts == ()
    assert len(emit(corpus, BuildContext(root=REPO, tlp=Tlp.AMBER)).artifacts) == 1


def test_patch_table_golden() -> None:
    from tests.golden_files import assert_golden

    corpus = Corpus(advisories=(advisory(),), sets=())
    files = {a.path.removeprefix("patch/"): a.data for a in emit(corpus, BuildContext(root=REPO)).artifacts}
    assert_golden("patch", files)
