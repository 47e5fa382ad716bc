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
from compiler.corpus.view import published
from compiler.corpus.vocab import LANGS, Lang, Tlp
from compiler.outputs.context import build_context
from compiler.outputs.csaf.checks import mandatory_failures
from compiler.outputs.csaf.document import TLP_1, file_name, folder, tracking_id
from compiler.outputs.csaf.emit import emit
from compiler.outputs.csaf.schema import schema_errors
from compiler.pipeline import check, load_corpus
from compiler.products.rows import update_rows
from tests.corpus_fixtures import FIXTURES, REPO, make_corpus
from tests.csaf_support import MUTATIONS, documents, golden_outputs, mutated, real_files, synthetic_files
from tests.golden_files import assert_golden
from tests.tools import require_tool


def _real() -> list[Advisory]:
    """The published advisories of the real corpus that have CSAF documents (TLP:CLEAR, with products)."""
    corpus = published(load_corpus(REPO))
    return [a for a in corpus.advisories if a.tlp == Tlp.CLEAR and a.vulnerabilities and a.affected]


REAL = _real()
LANGUAGES = published(
    load_corpus(REPO)
).languages  # one document per language: English original, translations
IDS = [a.id for a in REAL]


def _path(adv: Advisory, lang: Lang) -> str:
    return f"csaf/{folder(adv)}/{file_name(tracking_id(adv, lang))}"


def _doc(adv: Advisory, lang: Lang) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(real_files()[_path(adv, lang)])
    return data


def _stamp(day: str) -> str:
    return f"{day[:10]}T00:00:00.000Z"


def test_csaf_golden() -> None:
    assert_golden("csaf", golden_outputs())


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_every_document_is_schema_valid_and_passes_the_mandatory_tests(which: str) -> None:
    files = real_files() if which == "real" else synthetic_files()
    docs = documents(files)
    assert len(docs) == (len(LANGUAGES) * len(REAL) if which == "real" else len(LANGS))
    for path, doc in docs.items():
        assert schema_errors(doc) == [], path
        assert mandatory_failures(doc) == [], path


def test_output_is_deterministic() -> None:
    again = {a.path: a.data for a in emit(published(load_corpus(REPO)), build_context(REPO)).artifacts}
    assert again == real_files()


@pytest.mark.parametrize("adv", REAL, ids=IDS)
def test_english_original_and_german_translation(adv: Advisory) -> None:
    en, de = _doc(adv, "en"), _doc(adv, "de")
    assert (en["document"]["lang"], en["document"]["publisher"]["category"]) == ("en", "coordinator")
    assert "source_lang" not in en["document"]
    assert (de["document"]["lang"], de["document"]["source_lang"]) == ("de", "en")
    assert de["document"]["publisher"]["category"] == "translator"
    assert en["document"]["tracking"]["id"] == adv.id
    assert de["document"]["tracking"]["id"] == f"{adv.id}-de"
    assert (en["document"]["title"], de["document"]["title"]) == (adv.title.en, adv.title.de)
    original = _path(adv, "en").removeprefix("csaf")
    assert any(r["url"].endswith(original) for r in de["document"]["references"])


@pytest.mark.parametrize("adv", REAL, ids=IDS)
def test_tracking_and_revision_history_come_from_the_data(adv: Advisory) -> None:
    tracking = _doc(adv, "en")["document"]["tracking"]
    assert tracking["status"] == ("draft" if adv.status == "draft" else "final")
    assert tracking["initial_release_date"] == _stamp(adv.published)
    assert tracking["current_release_date"] == _stamp(max([adv.modified, *(u.date for u in adv.updates)]))
    history = [(h["number"], h["date"][:10]) for h in tracking["revision_history"]]
    assert history == [("1", adv.published[:10])] + [
        (str(n), u.date[:10]) for n, u in enumerate(adv.updates, 2)
    ]
    assert tracking["version"] == str(len(adv.updates) + 1)
    assert tracking["generator"]["engine"]["name"] == "iocc"


@pytest.mark.parametrize("adv", REAL, ids=IDS)
def test_tlp_is_mapped_to_tlp_1_and_recorded(adv: Advisory) -> None:
    distribution = _doc(adv, "en")["document"]["distribution"]
    assert distribution["tlp"]["label"] == TLP_1[adv.tlp]
    assert (
        f"TLP:{adv.tlp.value.upper()}" in distribution["text"]
        and f"TLP:{TLP_1[adv.tlp]}" in distribution["text"]
    )


@pytest.mark.parametrize("adv", REAL, ids=IDS)
def test_vulnerabilities_carry_scores_threats_and_every_fix(adv: Advisory) -> None:
    doc = _doc(adv, "en")
    by_cve = {v["cve"]: v for v in doc["vulnerabilities"]}
    assert list(by_cve) == [v.cve for v in adv.vulnerabilities]
    for v in adv.vulnerabilities:
        out = by_cve[v.cve]
        assert out.get("cwe", {}).get("id") == v.cwe
        assert out["scores"][0]["cvss_v3"]["baseScore"] == v.cvss.base_score
        assert any(t["category"] == "exploit_status" for t in out.get("threats", ())) is v.exploited
        details = " ".join(r["details"] for r in out["remediations"])
        for p in adv.affected:
            for row in update_rows(adv, p.product):
                if v.cve in row.cves and row.update.kb:
                    assert row.update.kb in details and row.update.build in details, (
                        v.cve,
                        p.id,
                        row.update.id,
                    )


@pytest.mark.parametrize("adv", REAL, ids=IDS)
def test_product_tree_names_every_product(adv: Advisory) -> None:
    tree = _doc(adv, "en")["product_tree"]
    assert {b["category"] for b in tree["branches"]} == {"vendor"}
    products = [p.product for p in adv.affected] + [p.product for p in adv.not_affected]
    assert {b["name"] for b in tree["branches"]} == {p.vendor for p in products}
    names = {b["name"] for vendor in tree["branches"] for b in vendor["branches"]}
    assert names == {p.name for p in products}


def test_provider_layout() -> None:
    files = real_files()
    meta = json.loads(files["csaf/provider-metadata.json"])
    assert meta["role"] == "csaf_provider" and meta["metadata_version"] == "2.0"
    assert meta["canonical_url"].endswith("/.well-known/csaf/provider-metadata.json")
    folders = sorted({folder(a).split("/")[0] for a in REAL})
    assert [d["directory_url"] for d in meta["distributions"]] == [
        f"https://iocc.example/.well-known/csaf/{f}/" for f in folders
    ]
    current = [_doc(a, "en")["document"]["tracking"]["current_release_date"] for a in REAL]
    assert meta["last_updated"] == max(current)
    for tlp_folder in folders:
        mine = [a for a in REAL if folder(a).startswith(tlp_folder + "/")]
        paths = sorted(_path(a, lang).removeprefix(f"csaf/{tlp_folder}/") for a in mine for lang in LANGUAGES)
        assert files[f"csaf/{tlp_folder}/index.txt"].decode().splitlines() == paths
        rows = list(csv.reader(io.StringIO(files[f"csaf/{tlp_folder}/changes.csv"].decode())))
        dates = {_path(a, lang).removeprefix(f"csaf/{tlp_folder}/"): _doc(a, "en")["document"]["tracking"]["current_release_date"] for a in mine for lang in LANGUAGES}  # fmt: skip
        assert sorted(rows) == sorted([p, d] for p, d in dates.items())
    for adv in REAL:
        for lang in LANGUAGES:
            path = _path(adv, lang)
            assert files[path + ".sha512"].decode().split()[0] == hashlib.sha512(files[path]).hexdigest()


def test_sha256sum_accepts_the_hash_files(tmp_path: Path) -> None:
    sha256sum = require_tool("sha256sum")
    for rel, data in real_files().items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    checked = 0
    for hashes in sorted((tmp_path / "csaf").rglob("*.sha256")):
        result = subprocess.run(
            [sha256sum, "-c", hashes.name], cwd=hashes.parent, capture_output=True, text=True
        )
        assert result.returncode == 0 and ": OK" in result.stdout, result.stdout + result.stderr
        checked += 1
    assert checked == len(LANGUAGES) * len(REAL)


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
    notes = emit(result.corpus, build_context(root)).notes
    assert notes and {(n.code, n.location.path) for n in notes} == {(code, place)}, [n.message for n in notes]


def test_tlp_above_the_build_is_left_out() -> None:
    from compiler.corpus.model import Corpus
    from compiler.corpus.vocab import Tlp
    from tests.patch_support import advisory

    corpus = Corpus(advisories=(advisory(tlp=Tlp.AMBER_STRICT),), sets=())
    assert emit(corpus, build_context(FIXTURES)).artifacts == ()
    files = {a.path: a.data for a in emit(corpus, build_context(FIXTURES, tlp=Tlp.RED)).artifacts}
    doc = json.loads(files["csaf/amber/2021/test-patch-2021.json"])
    assert doc["document"]["distribution"]["tlp"]["label"] == "AMBER"
    assert "AMBER+STRICT" in doc["document"]["distribution"]["text"]


# The shape of product status and remediations, on the synthetic advisory (tests/patch_support.py): fixed
# expectations live in fixtures, not in the real corpus.
SYN_EN = "csaf/white/2021/test-patch-2021.json"


def _vuln(doc: dict[str, Any], cve: str) -> dict[str, Any]:
    return next(v for v in doc["vulnerabilities"] if v["cve"] == cve)


def test_vulnerabilities_carry_status_scores_and_remediations() -> None:
    doc = json.loads(synthetic_files()[SYN_EN])
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
    tree = json.loads(synthetic_files()[SYN_EN])["product_tree"]
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
