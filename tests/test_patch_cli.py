"""`iocc patch-status`: inventories, formats, exit codes, and the published table giving the same answers."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.corpus.model import Corpus
from compiler.corpus.vocab import Tlp
from compiler.outputs.context import build_context
from compiler.outputs.patch import emit, table_bytes
from compiler.products import InventoryError, compile_table, read_inventory
from tests.corpus_fixtures import REPO
from tests.patch_support import CATALOG, advisory, both, second_advisory

INVENTORY = Path(__file__).parent / "fixtures" / "patch" / "inventory.csv"


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The patch table of the synthetic catalog and its two advisories, as `iocc build` publishes one."""
    path = tmp_path_factory.mktemp("patch") / "all.json"
    path.write_bytes(table_bytes(compile_table(both(), "all", CATALOG)))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["patch-status", "--root", str(REPO), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_inventory_as_csv_carries_extra_columns(capsys: pytest.CaptureFixture[str], table: Path) -> None:
    code, out, _ = run(capsys, "--inventory", str(INVENTORY), "--format", "csv", "--table", str(table))
    assert code == 1  # mx01 is vulnerable
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["server"] for r in rows] == [
        "mx01.example.net", "mx02.example.net", "mx03.example.net", "legacy.example.net", "cloud", "typo.example.net",
    ]  # fmt: skip
    assert [r["verdict"] for r in rows] == [
        "vulnerable", "vulnerable", "not affected", "vulnerable", "not affected", "unknown build",
    ]  # fmt: skip
    assert rows[0]["customer"] == "ACME" and rows[2]["site"] == "Köln"
    assert (rows[0]["kb"], rows[0]["minimum_build"]) == ("KB5003435", "15.1.2176.14")
    assert (
        rows[1]["test-patch-2021"] == "fixed"
        and rows[1]["test-patch-2021b open_cves"] == "CVE-2021-31207 CVE-2021-34473"
    )
    assert rows[3]["kb"] == "KB5000978" and rows[3]["test-patch-2021b"] == "not affected"
    assert rows[2]["normalized_build"] == "15.2.792.3" and rows[2]["release"] == "CU8"


def test_json_output_in_german(capsys: pytest.CaptureFixture[str], table: Path) -> None:
    code, out, _ = run(
        capsys, "15.1.2176.14", "15.1.2176.12", "--format", "json", "--lang", "de", "--table", str(table)
    )
    assert code == 1
    doc = json.loads(out)
    assert [a["id"] for a in doc["advisories"]] == ["test-patch-2021b", "test-patch-2021"]
    assert doc["summary"] == {"vulnerable": 1, "unknown build": 0, "fixed": 1, "not affected": 0}
    assert doc["summary_text"] == "2 geprüft: 1 verwundbar, 1 behoben"
    second = doc["results"][1]
    assert second["minimum_build"] == "15.1.2176.14" and second["open"] == ["CVE-2021-31207"]
    [b] = [f for f in second["advisories"] if f["advisory"] == "test-patch-2021b"]
    assert (
        b["reason"] == "Exchange Server 2016 15.1.2176.12: 1 von 2 CVEs behoben; noch offen: CVE-2021-31207."
    )


def test_table_output_and_exit_code(capsys: pytest.CaptureFixture[str], table: Path) -> None:
    code, out, _ = run(capsys, "15.1.2176.2", "--table", str(table))
    assert code == 1
    assert "vulnerable" in out and "KB5003435" in out and "1 checked: 1 vulnerable" in out


def test_one_advisory_of_a_table(capsys: pytest.CaptureFixture[str], table: Path) -> None:
    code, out, _ = run(
        capsys, "15.1.2176.9", "--advisory", "test-patch-2021", "--format", "json", "--table", str(table)
    )
    assert code == 0 and [a["id"] for a in json.loads(out)["advisories"]] == ["test-patch-2021"]


def test_unknown_builds_fail_only_when_asked(capsys: pytest.CaptureFixture[str], table: Path) -> None:
    assert run(capsys, "nonsense", "--table", str(table))[0] == 0
    assert run(capsys, "nonsense", "--fail-on-unknown", "--table", str(table))[0] == 1


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
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and message in err


def test_inventory_without_build_column_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("host,version\nmx,15.1.2176.2\n", encoding="utf-8")
    code, _, err = run(capsys, "--inventory", str(bad))
    assert code == 2 and "missing column(s) server, build" in err


def test_published_table_answers_like_the_corpus(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from compiler.pipeline import load_corpus

    corpus = load_corpus(REPO)
    [artifact] = [a for a in emit(corpus, build_context(REPO)).artifacts if a.path == "patch/all.json"]
    table = tmp_path / "table.json"
    table.write_bytes(artifact.data)
    builds = [r.build for p in corpus.products for r in p.releases[::7]]
    builds += [p.name for p in corpus.products] + ["15.1.2176", "nonsense"]
    from_corpus = json.loads(run(capsys, *builds, "--format", "json")[1])
    from_table = json.loads(run(capsys, *builds, "--format", "json", "--table", str(table))[1])
    assert from_corpus == from_table


def test_csv_cells_cannot_become_formulas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, table: Path
) -> None:
    inv = tmp_path / "inv.csv"
    inv.write_text("server,build,verdict\n=cmd|calc,15.1.2176.9,@SUM(A1)\n", encoding="utf-8")
    _, out, _ = run(capsys, "--inventory", str(inv), "--format", "csv", "--table", str(table))
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["server"] == "'=cmd|calc" and row["inventory_verdict"] == "'@SUM(A1)"


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
    corpus = Corpus(advisories=(advisory(tlp=Tlp.AMBER), second_advisory()), sets=(), products=CATALOG)
    clear = [a.path for a in emit(corpus, build_context(REPO, tlp=Tlp.CLEAR)).artifacts]
    assert clear == ["patch/all.json", "patch/test-patch-2021b.json"]
    assert b'test-patch-2021"' not in emit(corpus, build_context(REPO)).artifacts[0].data
    assert len(emit(corpus, build_context(REPO, tlp=Tlp.AMBER)).artifacts) == 3


def test_patch_table_golden() -> None:
    from tests.golden_files import assert_golden

    corpus = Corpus(advisories=both(), sets=(), products=CATALOG)
    files = {a.path.removeprefix("patch/"): a.data for a in emit(corpus, build_context(REPO)).artifacts}
    assert_golden("patch", files)
