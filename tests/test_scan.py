"""`iocc scan` over collections made from the evidence corpus (expectations come from its manifests)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import zipfile
from functools import cache
from pathlib import Path, PurePosixPath

import pytest

from compiler.corpus.model import Corpus
from compiler.pipeline import load_corpus
from compiler.scan.run import ScanResult, scan
from tests.scan_support import REPO, as_servers, fingerprint, iocc, manifests, server_of


@cache
def corpus() -> Corpus:
    return load_corpus(REPO)


@pytest.fixture(scope="module")
def positives(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return as_servers(tmp_path_factory.mktemp("pos") / "collection", baseline=False)


@pytest.fixture(scope="module")
def positive_result(positives: Path) -> ScanResult:
    return scan(corpus(), REPO, [positives])


def test_every_expected_match_of_the_evidence_is_a_finding_on_its_server(positive_result: ScanResult) -> None:
    missing = []
    for manifest, data in manifests(baseline=False):
        server = server_of(manifest)
        for sample in data["samples"]:
            for exp in sample.get("expect", []):
                name = exp.get("rule") or exp.get("value")
                lines = sorted(
                    f.line
                    for f in positive_result.findings
                    if f.server == server and f.name == name and f.file.endswith("/" + sample["file"])
                )
                wanted = sorted(exp.get("lines", [])) or lines
                if not lines or lines != wanted:
                    missing.append(f"{server}/{sample['file']}: {name} at {wanted}, found {lines}")
    assert not missing, "\n".join(missing)
    assert all(f.time for f in positive_result.findings if f.line), "a log finding without its time"
    assert all(f.advisory and f.evidence for f in positive_result.findings)


def test_the_baseline_gives_no_finding_and_exit_zero(tmp_path: Path) -> None:
    collection = as_servers(tmp_path / "baseline", baseline=True)
    run = iocc("scan", "--format", "json", str(collection))
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads(run.stdout)
    assert doc["findings"] == []
    assert {s["name"] for s in doc["servers"]} == {p.name for p in collection.iterdir()}


def test_exit_codes_and_usage(positives: Path, tmp_path: Path) -> None:
    assert iocc("scan", str(positives)).returncode == 1
    assert iocc("scan").returncode == 2
    assert iocc("scan", str(tmp_path / "nothing-here")).returncode == 2
    inside = iocc("scan", str(positives), "--output", str(positives / "out.json"))
    assert inside.returncode == 2 and "never writes into the evidence" in inside.stderr
    assert iocc("scan", str(positives), "--report", str(positives / "r")).returncode == 2
    assert iocc("scan", str(positives), "--work", str(positives)).returncode == 2


def test_the_scan_never_writes_into_the_evidence(positives: Path, tmp_path: Path) -> None:
    packed = tmp_path / "packed"
    shutil.copytree(positives, packed)
    server = next(p for p in sorted(packed.iterdir()) if p.is_dir())
    shutil.make_archive(str(server), "zip", server)  # a zip beside the folders: read as a server
    shutil.rmtree(server)
    for path in sorted(packed.rglob("*")):
        if path.is_file():
            path.chmod(0o444)
    for path in sorted(packed.rglob("*"), reverse=True):
        if path.is_dir():
            path.chmod(0o555)
    packed.chmod(0o555)
    before = fingerprint(packed)
    run = iocc("scan", str(packed), "--report", str(tmp_path / "report"), "--output", str(tmp_path / "f.json"),
               "--format", "json")  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert fingerprint(packed) == before
    for path in [packed, *packed.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    found = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["findings"]
    assert server.name in {f["server"] for f in found}, "the zip's findings name the server it stands for"


def test_servers_from_the_layout_gzip_zip_and_single_folders(positives: Path, tmp_path: Path) -> None:
    one = next(
        p for p in sorted(positives.iterdir()) if any(f.suffix.lower() == ".log" for f in p.rglob("*"))
    )
    collection = tmp_path / "c"
    shutil.copytree(one, collection / "SRV-A")
    for log in (collection / "SRV-A").rglob("*"):
        if log.is_file() and log.suffix.lower() == ".log":
            log.with_name(log.name + ".gz").write_bytes(gzip.compress(log.read_bytes()))
            log.unlink()
    with zipfile.ZipFile(collection / "SRV-B.zip", "w") as archive:
        for f in sorted(one.rglob("*")):
            if f.is_file():
                archive.write(f, PurePosixPath(*f.relative_to(one).parts).as_posix())
    result = scan(corpus(), REPO, [collection])
    by_server = {
        s: sorted((f.name, f.line) for f in result.findings if f.server == s) for s in ("SRV-A", "SRV-B")
    }
    direct = sorted((f.name, f.line) for f in scan(corpus(), REPO, [one]).findings)
    assert by_server["SRV-A"] == by_server["SRV-B"] == direct != []
    assert {f.server for f in scan(corpus(), REPO, [one]).findings} == {one.name}
    forced = scan(corpus(), REPO, [one], server="EXCH-X")
    assert {f.server for f in forced.findings} == {"EXCH-X"}


def test_json_csv_sarif_and_text_carry_the_same_findings(positives: Path) -> None:
    outs = {
        fmt: iocc("scan", "--format", fmt, str(positives)).stdout for fmt in ("json", "csv", "sarif", "text")
    }
    found = json.loads(outs["json"])["findings"]
    rows = list(csv.DictReader(io.StringIO(outs["csv"])))
    sarif = json.loads(outs["sarif"])
    assert len(found) == len(rows) == len(sarif["runs"][0]["results"]) > 0
    assert [r["rule_or_indicator"] for r in rows] == [f["name"] for f in found]
    assert sarif["version"] == "2.1.0"
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    for res in sarif["runs"][0]["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert " " not in loc["artifactLocation"]["uri"]
        assert loc.get("region", {"startLine": 1})["startLine"] >= 1
    for f in found:
        assert f"{f['file']}:{f['line']}" in outs["text"] if f["line"] else f["file"] in outs["text"]


def test_output_is_the_same_in_any_timezone_and_locale(positives: Path, tmp_path: Path) -> None:
    first = iocc("scan", "--format", "json", str(positives)).stdout
    env_run = dict(os.environ)
    try:
        os.environ.update({"TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8"})
        second = iocc("scan", "--format", "json", str(positives)).stdout
    finally:
        os.environ.clear()
        os.environ.update(env_run)
    assert first == second


HOSTILE = "<script>alert(1)</script><img/src=x/onerror=alert(2)>[x](javascript:alert(3))```~~~|**b**\x1b[2J"


def _hostile_collection(positives: Path, tmp_path: Path) -> Path:
    """A server with a hostile name whose IIS log carries markup in a line that an indicator matches."""
    result = scan(corpus(), REPO, [positives])
    hit = next(f for f in result.findings if f.kind == "ipv4" and "inetpub" in f.file)
    source = positives / PurePosixPath(hit.file).relative_to(PurePosixPath(positives.as_posix()))
    lines = source.read_text(encoding="utf-8").split("\n")
    fields = next(ln for ln in lines if ln.startswith("#Fields:")).split()[1:]
    cells = lines[hit.line - 1].split(" ")
    cells[fields.index("cs-uri-query")] = HOSTILE
    lines[hit.line - 1] = " ".join(cells)
    server = tmp_path / "hostile" / "EX<i>01|x"
    target = server / PurePosixPath(hit.file).relative_to(PurePosixPath(positives.as_posix())).relative_to(
        hit.server
    )
    target.parent.mkdir(parents=True)
    target.write_text("\n".join(lines), encoding="utf-8")
    return tmp_path / "hostile"


def test_hostile_log_lines_cannot_inject_into_the_reports(positives: Path, tmp_path: Path) -> None:
    import html5lib  # type: ignore[import-untyped]
    import markdown

    collection = _hostile_collection(positives, tmp_path)
    report = tmp_path / "report"
    run = iocc("scan", str(collection), "--report", str(report))
    assert run.returncode == 1, run.stderr
    assert "\x1b" not in run.stdout and "\\x1b[2J" in run.stdout
    for lang in ("de", "en"):
        page = (report / f"iocc-scan.{lang}.html").read_text(encoding="utf-8")
        from_md = markdown.markdown(
            (report / f"iocc-scan.{lang}.md").read_text(encoding="utf-8"),
            extensions=["tables", "fenced_code"],
        )
        for html in (page, from_md):
            doc = html5lib.parse(html, namespaceHTMLElements=False)
            tags = {el.tag for el in doc.iter()}
            assert not tags & {"script", "img", "a", "i"}, tags
            assert not any(k.startswith("on") for el in doc.iter() for k in el.attrib)
            text = "".join(doc.itertext())
            assert "<script>alert(1)</script>" in text and "EX<i>01|x" in text


def test_step_3_hints() -> None:
    import yaml

    from compiler.detect.plan import Target
    from compiler.diagnostics import Location
    from compiler.gate import lists
    from compiler.scan.triage import Triage, scanner_lists

    triage = Triage(REPO)
    target = Target(key="k", advisory="a", kind="sigma", name="n", set_id="s", title="t", cves=(),
                    source=Location("x"))  # fmt: skip
    legit = yaml.safe_load((REPO / "config" / "exchange-legitimate-files.yaml").read_text(encoding="utf-8"))
    folder = next(f for f in legit["folders"] if f.get("files"))
    path = folder["path"].replace(
        "%ExchangeInstallPath%", "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\"
    )
    shipped = triage.hints(target, "file", {}, path + "\\" + folder["files"][0])
    assert [h.kind for h in shipped] == ["shipped-file"]
    slug = scanner_lists()[0]
    raw = json.loads(lists.list_path(slug).read_text(encoding="utf-8"))["list"]
    entry = next(e for e in raw if "." in e and ":" not in e)
    address = entry.split("/")[0]
    assert "scanner" in {
        h.kind for h in triage.hints(target, "iis", {"c-ip": address, "cs-user-agent": "x"}, "")
    }
    agents = yaml.safe_load((REPO / "config" / "crawler-user-agents.yaml").read_text(encoding="utf-8"))
    sample = next(a["contains"] for a in agents["agents"] if a.get("contains"))
    crawler = triage.hints(
        target, "httpproxy", {"ClientIpAddress": "", "UserAgent": f"Mozilla/5.0 ({sample}2.1)"}, ""
    )
    assert [h.kind for h in crawler] == ["crawler"]
    reviewed = Target(key="k", advisory="a", kind="ipv4", name="n", set_id="s", title="t", cves=(),
                      source=Location("x"), override="rfc1918: our lab")  # fmt: skip
    assert [h.kind for h in triage.hints(reviewed, "iis", {"c-ip": "", "cs-user-agent": ""}, "")] == [
        "override"
    ]
    assert (
        triage.hints(target, "iis", {"c-ip": "", "cs-user-agent": "curl/8"}, "C:\\inetpub\\x\\shell.aspx")
        == ()
    )


def test_the_test_proxylogon_table_names_live_rules_in_both_languages() -> None:
    import re

    from compiler.detect.plan import build_plan

    plan = build_plan(corpus(), REPO)
    names = {t.name for t in plan.targets.values() if t.kind in ("sigma", "yara")}
    tables = {}
    for lang in ("de", "en"):
        page = (REPO / "site" / f"scan.{lang}.md").read_text(encoding="utf-8")
        section = page.split("Test-ProxyLogon", 1)[1]
        rows = [ln for ln in section.splitlines() if ln.startswith("| ") and "---" not in ln][1:]
        tables[lang] = [set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", row.split("|")[2])) for row in rows]
    assert len(tables["de"]) == len(tables["en"]) >= 9
    assert tables["de"] == tables["en"]
    cited = set().union(*tables["en"])
    assert cited and cited <= names, sorted(cited - names)
