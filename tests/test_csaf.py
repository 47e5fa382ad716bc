"""CSAF 2.0 output: schema-valid, passing the mandatory tests, carrying the advisory's facts; the provider
layout with hashes that sha256sum accepts; golden files; the emitter's gate codes IOC610-IOC612."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from compiler.corpus.model import Advisory
from compiler.outputs.artifact import BuildContext
from compiler.outputs.csaf.checks import mandatory_failures
from compiler.outputs.csaf.emit import emit
from compiler.outputs.csaf.schema import schema_errors
from compiler.pipeline import check
from tests.corpus_fixtures import FIXTURES, make_corpus
from tests.csaf_support import MUTATIONS, documents, golden_outputs, mutated, real_files, synthetic_files
from tests.golden_files import assert_golden
from tests.tools import require_tool

# the synthetic advisory (tests/patch_support.py): fixed expectations live in fixtures, not the real corpus
EN = "csaf/white/2021/test-patch-2021.json"
DE = "csaf/white/2021/test-patch-2021-de.json"


def _public() -> list[Advisory]:
    from compiler.corpus.vocab import Tlp
    from compiler.pipeline import load_corpus
    from tests.corpus_fixtures import REPO

    corpus = load_corpus(REPO)
    return [
        a for a in corpus.advisories if a.status != "draft" and Tlp.CLEAR.allows(a.tlp) and a.vulnerabilities
    ]


def test_csaf_golden() -> None:
    assert_golden("csaf", golden_outputs())


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_every_document_is_schema_valid_and_passes_the_mandatory_tests(which: str) -> None:
    files = real_files() if which == "real" else synthetic_files()
    docs = documents(files)
    assert len(docs) == 2 * (len(_public()) if which == "real" else 1)
    for path, doc in docs.items():
        assert schema_errors(doc) == [], path
        assert mandatory_failures(doc) == [], path


def test_output_is_deterministic() -> None:
    from compiler.pipeline import load_corpus
    from tests.corpus_fixtures import REPO

    again = {a.path: a.data for a in emit(load_corpus(REPO), BuildContext(root=REPO)).artifacts}
    assert again == real_files()


def test_english_original_and_german_translation() -> None:
    en, de = json.loads(synthetic_files()[EN]), json.loads(synthetic_files()[DE])
    assert (en["document"]["lang"], en["document"]["publisher"]["category"]) == ("en", "coordinator")
    assert "source_lang" not in en["document"]
    assert (de["document"]["lang"], de["document"]["source_lang"]) == ("de", "en")
    assert de["document"]["publisher"]["category"] == "translator"
    assert en["document"]["tracking"]["id"] == "test-patch-2021"
    assert de["document"]["tracking"]["id"] == "test-patch-2021-de"
    assert de["document"]["title"] == "[de] Test advisory"
    assert any(r["url"].endswith("/white/2021/test-patch-2021.json") for r in de["document"]["references"])


def test_tracking_and_revision_history_come_from_the_data() -> None:
    tracking = json.loads(synthetic_files()[EN])["document"]["tracking"]
    assert tracking["status"] == "final"
    assert tracking["initial_release_date"] == "2021-03-02T00:00:00.000Z"
    assert tracking["current_release_date"] == "2021-03-16T00:00:00.000Z"
    history = [(h["number"], h["date"][:10]) for h in tracking["revision_history"]]
    assert history == [("1", "2021-03-02"), ("2", "2021-03-08"), ("3", "2021-03-16")]
    assert tracking["version"] == "3"
    assert tracking["generator"]["engine"]["name"] == "iocc"


def test_tlp_is_mapped_to_tlp_1_and_recorded() -> None:
    distribution = json.loads(synthetic_files()[EN])["document"]["distribution"]
    assert distribution["tlp"]["label"] == "WHITE"
    assert "TLP:CLEAR" in distribution["text"] and "TLP:WHITE" in distribution["text"]


def _vuln(doc: dict[str, Any], cve: str) -> dict[str, Any]:
    return next(v for v in doc["vulnerabilities"] if v["cve"] == cve)


def test_vulnerabilities_carry_status_scores_and_remediations() -> None:
    doc = json.loads(synthetic_files()[EN])
    ssrf = _vuln(doc, "CVE-2021-26855")
    status = ssrf["product_status"]
    assert {"server-2016-cu19", "server-2016-cu8", "server-2013-sp1"} <= set(status["known_affected"])
    assert {"server-2016-cu19-mar21su", "server-2016-cu20"} <= set(status["fixed"])
    assert {"exchange-online", "server-2010-sp3"} <= set(status["known_not_affected"])
    assert ssrf["cwe"] == {"id": "CWE-918", "name": "Server-Side Request Forgery (SSRF)"}
    cvss = ssrf["scores"][0]["cvss_v3"]
    assert (cvss["baseScore"], cvss["baseSeverity"], cvss["attackVector"]) == (9.1, "CRITICAL", "NETWORK")
    fix = next(r for r in ssrf["remediations"] if r["product_ids"] == ["server-2016-cu19"])
    assert (
        fix["category"] == "vendor_fix" and "KB5000871" in fix["details"] and "15.1.2176.9" in fix["details"]
    )
    assert fix["url"].endswith("/5000871")
    upgrade = next(r for r in ssrf["remediations"] if "CU20" in r["details"])
    assert "server-2016-cu19" in upgrade["product_ids"] and "15.1.2242.4" in upgrade["details"]
    uv = _vuln(doc, "CVE-2021-26857")
    assert "server-2010-sp3" in uv["product_status"]["known_affected"]
    rollup = next(r for r in uv["remediations"] if r["product_ids"] == ["server-2010-sp3"])
    assert "KB5000978" in rollup["details"] and "14.3.513.0" in rollup["details"]
    assert ssrf["threats"][0]["category"] == "exploit_status"


def test_product_tree_has_vendor_product_version_branches() -> None:
    tree = json.loads(synthetic_files()[EN])["product_tree"]
    [vendor] = tree["branches"]
    assert (vendor["category"], vendor["name"]) == ("vendor", "Microsoft")
    names = [b["name"] for b in vendor["branches"]]
    assert names == [
        "Exchange Server 2010",
        "Exchange Server 2013",
        "Exchange Server 2016",
        "Exchange Online",
    ]
    cu19 = next(b for b in vendor["branches"][2]["branches"] if b["name"] == "15.1.2176.2")
    assert cu19["category"] == "product_version"
    assert (
        cu19["product"]["product_identification_helper"]["cpe"]
        == "cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_19:*:*:*:*:*:*"
    )


def test_provider_layout() -> None:
    files = real_files()
    public = _public()
    meta = json.loads(files["csaf/provider-metadata.json"])
    assert meta["role"] == "csaf_provider" and meta["metadata_version"] == "2.0"
    assert meta["canonical_url"].endswith("/.well-known/csaf/provider-metadata.json")
    assert [d["directory_url"] for d in meta["distributions"]] == [
        "https://iocc.example/.well-known/csaf/white/"
    ]
    assert meta["last_updated"] == max(a.modified for a in public) + "T00:00:00.000Z"
    paths = sorted(f"{a.published[:4]}/{a.id}{sfx}.json" for a in public for sfx in ("", "-de"))
    assert files["csaf/white/index.txt"].decode().splitlines() == paths
    rows = list(csv.reader(io.StringIO(files["csaf/white/changes.csv"].decode())))
    modified = {f"{a.published[:4]}/{a.id}{sfx}.json": a.modified for a in public for sfx in ("", "-de")}
    assert sorted(rows) == sorted([p, modified[p] + "T00:00:00.000Z"] for p in paths)
    for path in paths:
        data = files[f"csaf/white/{path}"]
        assert files[f"csaf/white/{path}.sha512"].decode().split()[0] == hashlib.sha512(data).hexdigest()


def test_sha256sum_accepts_the_hash_files(tmp_path: Path) -> None:
    sha256sum = require_tool("sha256sum")
    for rel, data in real_files().items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    folder = tmp_path / "csaf" / "white" / "2021"
    for name in sorted(p.name for p in folder.glob("*.sha256")):
        result = subprocess.run([sha256sum, "-c", name], cwd=folder, capture_output=True, text=True)
        assert result.returncode == 0 and ": OK" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("test_id", sorted(MUTATIONS))
def test_mandatory_checks_catch_each_broken_document(test_id: str) -> None:
    doc = next(d for p, d in documents(synthetic_files()).items() if not p.endswith("-de.json"))
    assert test_id in {f[0] for f in mandatory_failures(mutated(doc, test_id))}


def test_schema_check_refuses_a_bad_cvss_object() -> None:
    doc = next(iter(documents(synthetic_files()).values()))
    doc["vulnerabilities"][0]["scores"][0]["cvss_v3"]["attackVector"] = "SPACE"
    assert [p for p, _ in schema_errors(doc)] == ["/vulnerabilities/0/scores/0/cvss_v3"]


@pytest.mark.parametrize("fixture", sorted((FIXTURES / "csaf").glob("IOC*")), ids=lambda p: p.stem)
def test_emitter_gate_codes(fixture: Path, tmp_path: Path) -> None:
    """A fixture is one advisory file with a `# place:` line, or a folder laid out like a corpus (an advisory
    with its `# place:` line and the catalog files it needs)."""
    code = fixture.stem.split("-")[0]
    files = (
        {p.relative_to(fixture).as_posix(): p.read_bytes() for p in fixture.rglob("*.yaml")}
        if fixture.is_dir()
        else {"": fixture.read_bytes()}
    )
    place = next(
        line.split(": ", 1)[1]
        for data in files.values()
        for line in data.decode().splitlines()
        if line.startswith("# place:")
    )
    if "" in files:
        files = {place: files.pop("")}
    root = make_corpus(tmp_path, files)
    result = check(root)
    assert result.corpus is not None, [d.message for d in result.diagnostics]
    notes = emit(result.corpus, BuildContext(root=root)).notes
    assert notes and {(n.code, n.location.path) for n in notes} == {(code, place)}, [n.message for n in notes]


def test_tlp_above_the_build_is_left_out() -> None:
    from compiler.corpus.model import Corpus
    from compiler.corpus.vocab import Tlp
    from tests.patch_support import advisory

    corpus = Corpus(advisories=(advisory(tlp=Tlp.AMBER_STRICT),), sets=())
    assert emit(corpus, BuildContext(root=FIXTURES)).artifacts == ()
    files = {a.path: a.data for a in emit(corpus, BuildContext(root=FIXTURES, tlp=Tlp.RED)).artifacts}
    doc = json.loads(files["csaf/amber/2021/test-patch-2021.json"])
    assert doc["document"]["distribution"]["tlp"]["label"] == "AMBER"
    assert "AMBER+STRICT" in doc["document"]["distribution"]["text"]
