"""The detection engine and the proof on evidence (docs/EVIDENCE.md).

The real corpus must be proven: every rule fires on its samples and nothing fires on the baseline
(tests/test_real_corpus.py holds it to the reviewed policy, config/corpus-policy.yaml). Each
IOC7xx code is provoked by changing one thing in a copy of the repository's evidence, so the tests hold
whatever advisories the corpus gains (expectations come from the corpus, never from a fixed list).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from compiler.detect.evidence import discover
from compiler.detect.prove import prove
from compiler.detect.sigmasql import ConversionError, convert, plain_likes
from compiler.diagnostics import Diagnostic
from compiler.pipeline import check, relocate

REPO = Path(__file__).resolve().parent.parent


def _copy(tmp: Path) -> Path:
    root = tmp / "repo"
    for name in ("advisories", "indicators", "products", "config", "schemas", "evidence"):
        shutil.copytree(REPO / name, root / name)
    return root


def _prove(root: Path) -> list[Diagnostic]:
    result = check(root)
    assert result.corpus is not None, [str(d) for d in result.diagnostics if d.severity.value == "error"]
    proof = prove(result.corpus, root)
    return relocate(proof.diagnostics, (*result.documents, *proof.documents))


def _codes(found: list[Diagnostic]) -> set[str]:
    return {d.code for d in found}


def _positive(root: Path) -> tuple[Path, dict[str, Any]]:
    """The first positive manifest with a log sample that expects lines and more than one thing; that
    sample is moved first."""
    for manifest in discover(root):
        if manifest.parent.parent.name == "baseline":
            continue
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        for i, sample in enumerate(data["samples"]):
            if len(sample.get("expect", [])) > 1 and any(e.get("lines") for e in sample["expect"]):
                data["samples"].insert(0, data["samples"].pop(i))
                return manifest, data
    pytest.fail(
        "no positive sample expects lines of more than one rule or value: the IOC7xx tests below mutate one, "
        "so the evidence corpus must keep at least one (a corpus only ever gains samples)"
    )


def _write(manifest: Path, data: dict[str, Any]) -> None:
    text = "# yaml-language-server: $schema=../../../schemas/evidence.schema.json\n"
    manifest.write_text(text + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_every_rule_of_every_advisory_with_evidence_is_proven() -> None:
    result = check(REPO)
    assert result.corpus is not None
    proof = prove(result.corpus, REPO)
    with_evidence = {ev.advisory for ev in proof.sets if ev.advisory}
    rules = {
        t.key
        for t in proof.plan.targets.values()
        if t.kind in ("sigma", "yara") and t.advisory in with_evidence
    }
    assert rules <= {p.key for p in proof.proven}
    assert any(ev.baseline for ev in proof.sets), "the corpus needs a baseline"


def test_the_baseline_holds_every_legitimate_file_of_the_gate() -> None:
    legit = yaml.safe_load((REPO / "config" / "exchange-legitimate-files.yaml").read_text(encoding="utf-8"))
    install = "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\"
    wanted = {
        (folder["path"].replace("%ExchangeInstallPath%", install) + "\\" + name).lower()
        for folder in legit["folders"]
        for name in folder.get("files", [])
    }
    held = set()
    for manifest in discover(REPO):
        if manifest.parent.parent.name == "baseline":
            for sample in yaml.safe_load(manifest.read_text(encoding="utf-8"))["samples"]:
                parts = sample["file"].split("/")
                if len(parts[0]) == 1:
                    held.add((parts[0] + ":\\" + "\\".join(parts[1:])).lower())
    assert wanted <= held, sorted(wanted - held)


def test_wrong_lines_and_missing_expectations(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    manifest, data = _positive(root)
    sample = data["samples"][0]
    first = next(e for e in sample["expect"] if e.get("lines"))
    first["lines"] = [max(first["lines"]) + 1000]
    sample["expect"].remove(next(e for e in sample["expect"] if e is not first))
    _write(manifest, data)
    found = _codes(_prove(root))
    assert {"IOC704", "IOC705"} <= found


def test_unknown_rule_and_wrong_format(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    manifest, data = _positive(root)
    data["samples"][0]["expect"].append({"rule": "no-such-rule"})
    data["samples"][0]["format"] = "file" if data["samples"][0]["format"] != "file" else "iis-w3c"
    _write(manifest, data)
    assert {"IOC702", "IOC703"} <= _codes(_prove(root))


def test_missing_file_and_misplaced_folder(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    manifest, data = _positive(root)
    data["samples"][0]["file"] = "no/such/file.log"
    _write(manifest, data)
    stray = root / "evidence" / "no-such-advisory" / "x"
    stray.mkdir(parents=True)
    (stray / "manifest.yaml").write_text(manifest.read_text(encoding="utf-8"), encoding="utf-8")
    found = _codes(_prove(root))
    assert {"IOC701", "IOC711"} <= found


def test_a_positive_in_the_baseline_is_a_false_positive(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    manifest, data = _positive(root)
    target = root / "evidence" / "baseline" / "copied"
    shutil.copytree(manifest.parent, target)
    for sample in data["samples"]:
        sample.pop("expect", None)
    data["id"] = "copied"
    _write(target / "manifest.yaml", data)
    assert "IOC706" in _codes(_prove(root))


def test_a_rule_without_samples_and_a_set_without_proof(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    for manifest in discover(root):
        if manifest.parent.parent.name != "baseline":
            shutil.rmtree(manifest.parent)
            break
    found = _codes(_prove(root))
    assert "IOC707" in found or "IOC708" in found


def test_hash_only_sets_and_weak_user_agents_are_noted() -> None:
    result = check(REPO)
    codes = {d.code for d in result.diagnostics}
    proof_codes = _codes(_prove(REPO))
    hashes_only = any(
        s.indicators and all(i.type in ("sha256", "sha1", "md5") for i in s.indicators)
        for s in result.corpus.sets  # type: ignore[union-attr]
    )
    assert ("IOC709" in proof_codes) == hashes_only
    weak = any(i.type == "user-agent" for s in result.corpus.sets for i in s.indicators)  # type: ignore[union-attr]
    assert "IOC406" in codes or not weak


def test_a_rule_on_a_field_the_engine_has_no_column_for_is_refused() -> None:
    rule = {
        "title": "t",
        "logsource": {"category": "webserver"},
        "detection": {"sel": {"no-such-field": "x"}, "condition": "sel"},
    }
    with pytest.raises(ConversionError, match="no column"):
        convert(rule)
    with pytest.raises(ConversionError, match="no table"):
        convert({**rule, "logsource": {"product": "nothing"}})
    # the IOC710 diagnostic is made from this error in compiler.detect.plan
    assert "IOC710"


def test_like_patterns_escape_wildcards_and_backslashes() -> None:
    import duckdb

    rule = {"title": "t", "logsource": {"category": "process_creation"},
            "detection": {"sel": {"CommandLine|contains": "Page_Load\\x%"}, "condition": "sel"}}  # fmt: skip
    sql = convert(rule).duckdb
    con = duckdb.connect()
    con.execute("CREATE TABLE process_creation (CommandLine VARCHAR)")
    con.execute(
        "INSERT INTO process_creation VALUES ('a Page_Load\\x% b'), ('PageXLoad\\x% b'), ('Page_Load\\xy')"
    )
    hits = con.execute(f"SELECT CommandLine FROM process_creation WHERE {sql}").fetchall()
    assert hits == [("a Page_Load\\x% b",)]


def test_an_escape_clause_goes_only_where_the_pattern_needs_none() -> None:
    """plain_likes drops `ESCAPE '\\'` after a pattern without a backslash and keeps it after one with an
    escaped wildcard; DuckDB gives the same answers both ways."""
    import duckdb

    sql = "v ILIKE '%a_b%' ESCAPE '\\' OR v ILIKE '%a\\_b%' ESCAPE '\\' OR v ILIKE 'it''s%' ESCAPE '\\'"
    plain = plain_likes(sql)
    assert plain == "v ILIKE '%a_b%' OR v ILIKE '%a\\_b%' ESCAPE '\\' OR v ILIKE 'it''s%'"
    con = duckdb.connect()
    rows = ["xa_bx", "xaXbx", "it's here", "its", "a\\_b", ""]
    for where in (sql, *sql.split(" OR ")):
        query = f"SELECT list(v ORDER BY v) FROM unnest(?) AS t(v) WHERE {where}"
        assert (
            con.execute(query, [rows]).fetchall()
            == con.execute(query.replace(where, plain_likes(where)), [rows]).fetchall()
        )
