"""A maintainer adds a second advisory by following CONTRIBUTING, and nothing under tests/ changes.

A copy of the repository gets a new advisory made with `iocc new advisory` and filled in, an indicator
set made with `iocc new indicators` (its TLP taken from the advisory, which is final by then) and filled
in, and an evidence sample that proves the set (docs/EVIDENCE.md); then `iocc fmt`, `iocc check`,
`iocc lock`, `iocc build --locked` and `iocc test` pass, and so do the copy's own tests of the real
corpus, which now hold two advisories.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from compiler.authoring.fmt import dump_rt, load_rt
from compiler.cli import main
from tests.corpus_fixtures import REPO

NEW = "contrib-gateway-2025-04"
SET = "contrib-files"
SHELL = "C:\\inetpub\\wwwroot\\aspnet_client\\contrib_gate_2025.aspx"
SAMPLE = b'<%@ Page Language="C#" %>\n<!-- contrib gateway test sample, harmless -->\n'
# The test modules of the copy that read the repository's own content.
CORPUS_TESTS = (
    "test_real_corpus.py", "test_build.py", "test_stix.py", "test_misp.py", "test_csaf.py", "test_email.py",
    "test_rules_yara.py", "test_rules_sigma.py", "test_rules_suricata.py", "test_rules_queries.py",
    "test_rules_loki_chirp.py", "test_import.py", "test_patch_real.py", "test_patch_cli.py",
    "test_detect.py", "test_fmt.py", "test_stix_versioning.py", "test_gate.py",
)  # fmt: skip


def _copy_repository(dest: Path) -> Path:
    """The working tree's files (tracked, or new and not ignored), symlinks kept as links."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-co", "--exclude-standard", "-z"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for rel in filter(None, listed.split("\0")):
        source = REPO / rel
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)
    modules = REPO / "tests" / "csaf-validator" / "node_modules"
    if modules.is_dir():
        os.symlink(modules, dest / "tests" / "csaf-validator" / "node_modules")
    return dest


def _text(de: str, en: str) -> dict[str, str]:
    return {"de": de, "en": en}


def _fill_advisory(data: Any) -> None:
    """What a maintainer writes into the skeleton of CONTRIBUTING, step 3 (own words, both languages)."""
    data["status"] = "final"
    data["tlp"] = "clear"
    data["severity"] = "high"
    data["title"] = _text(
        "Contrib-Gateway: Web-Shell nach Lücke im Upload", "Contrib Gateway: web shell after an upload flaw"
    )
    data["summary"] = _text(
        "Angreifer legen über eine Lücke im Upload eine Web-Shell ab.",
        "Attackers drop a web shell through a flaw in the upload.",
    )
    data["announcement"] = _text(
        "Bitte spielt das April-Update ein und sucht nach der Datei.",
        "Please install the April update and look for the file.",
    )
    [vuln] = data["vulnerabilities"]
    vuln["cve"] = "CVE-2025-10001"
    vuln["title"] = _text("Pfad im Upload nicht geprüft", "Upload path not checked")
    vuln["description"] = _text(
        "Der Upload schreibt Dateien an frei gewählte Orte.", "The upload writes files to any place."
    )
    vuln["cvss"] = {
        "version": "3.1",
        "base_score": 8.8,
        "vector": "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
    }
    vuln["cwe"] = "CWE-22"
    vuln["exploited"] = True
    data["products"]["affected"] = [{"product": "contrib-gateway-3"}]
    data["products"]["not_affected"] = [
        {"product": "contrib-gateway-online",
         "reason": _text("Der Hersteller hat den Dienst bereits korrigiert.", "The vendor fixed the service already.")}
    ]  # fmt: skip
    data["fixes"] = [
        {"product": "contrib-gateway-3", "cves": ["CVE-2025-10001"], "updates": ["cu2-kb5900001"]}
    ]
    for step, (de, en) in zip(
        data["steps"],
        [("Update einspielen", "Install the update"), ("Nach der Datei suchen", "Look for the file"), ("Treffer prüfen", "Verify hits")],
        strict=True,
    ):  # fmt: skip
        step["title"] = _text(de, en)
        step["body"] = _text(f"{de}: so schnell wie möglich.", f"{en}: as soon as possible.")
    data["resources"] = [{"title": _text("Meldung des Herstellers", "Vendor advisory"), "url": "https://example.com/contrib/2025-04", "kind": "advisory", "audience": "customer"}]  # fmt: skip


# CONTRIBUTING, step 3, "Products and fixes": a product line the catalog lacks gets its own file.
CATALOG = {
    "contrib-gateway-3.yaml": """# yaml-language-server: $schema=../schemas/product.schema.json
id: contrib-gateway-3
schema_version: 1
vendor: Example
name: Contrib Gateway 3
deployment: on-premises
build_prefixes: ['30.1']
releases:
  - {id: cu2, kind: cu, name: Contrib Gateway 3 CU2, build: '30.1.200.1', released: '2025-01-14'}
  - {id: cu2-kb5900001, kind: su, name: Contrib Gateway 3 CU2 KB5900001, build: '30.1.200.7', released: '2025-04-01', base: cu2, kb: KB5900001}
""",
    "contrib-gateway-online.yaml": """# yaml-language-server: $schema=../schemas/product.schema.json
id: contrib-gateway-online
schema_version: 1
vendor: Example
name: Contrib Gateway Online
deployment: cloud
releases: []
""",
}


def _fill_set(data: Any, sha256: str) -> None:
    """CONTRIBUTING, step 4: the set's texts, source (no URL: the schema does not ask for one), values."""
    data["title"] = _text("Dateien der Web-Shell", "Web shell files")
    data["description"] = _text(
        "Pfad und Hash der abgelegten Web-Shell.", "Path and hash of the dropped web shell."
    )
    data["source"] = {"name": "Contrib incident response", "licence": "CC0-1.0"}
    data["defaults"]["confidence"] = 80
    data["indicators"] = [{"type": "file-path", "value": SHELL}, {"type": "sha256", "value": sha256}]


def _edit(path: Path, fill: Any, *args: Any) -> None:
    tree = load_rt(path.read_text(encoding="utf-8"))
    fill(tree, *args)
    path.write_text(dump_rt(tree), encoding="utf-8")


def _evidence(root: Path, sha256: str) -> None:
    """docs/EVIDENCE.md: a sample that proves the set, laid out as on the server."""
    folder = root / "evidence" / NEW / "webshell"
    sample = folder / "C" / "inetpub" / "wwwroot" / "aspnet_client" / "contrib_gate_2025.aspx"
    sample.parent.mkdir(parents=True)
    sample.write_bytes(SAMPLE)
    (folder / "manifest.yaml").write_text(
        "# yaml-language-server: $schema=../../../schemas/evidence.schema.json\n"
        "id: webshell\nschema_version: 1\n"
        "description:\n"
        "  de: Die abgelegte Web-Shell, von uns nachgestellt.\n"
        "  en: The dropped web shell, recreated by us.\n"
        "server: GW01\n"
        "samples:\n"
        "  - file: C/inetpub/wwwroot/aspnet_client/contrib_gate_2025.aspx\n"
        "    format: file\n"
        "    expect:\n"
        f"      - set: {SET}\n        value: '{SHELL}'\n"
        f"      - set: {SET}\n        value: '{sha256}'\n",
        encoding="utf-8",
    )


def _git(root: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "m", "GIT_AUTHOR_EMAIL": "m@example.com", "GIT_COMMITTER_NAME": "m",
           "GIT_COMMITTER_EMAIL": "m@example.com", "GIT_AUTHOR_DATE": "2025-04-02T00:00:00Z",
           "GIT_COMMITTER_DATE": "2025-04-02T00:00:00Z", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}  # fmt: skip
    subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True, env=env)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clone of CONTRIBUTING, step 1, with the branch of steps 2 to 6 committed."""
    root = _copy_repository(tmp_path_factory.mktemp("contrib") / "repo")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "the repository as it is")
    _git(root, "switch", "-q", "-c", f"advisory/{NEW}")
    sha256 = hashlib.sha256(SAMPLE).hexdigest()
    at = ("--root", str(root))
    assert main(["new", "advisory", NEW, "--date", "2025-04-02", *at]) == 0
    for name, text in CATALOG.items():
        (root / "products" / name).write_text(text, encoding="utf-8")
    _edit(root / "advisories" / "2025" / f"{NEW}.yaml", _fill_advisory)
    assert main(["new", "indicators", NEW, SET, *at]) == 0  # TLP from the advisory, final by now
    _edit(root / "indicators" / NEW / f"{SET}.yaml", _fill_set, sha256)
    _evidence(root, sha256)
    assert main(["fmt", *at]) == 0
    assert main(["lock", *at]) == 0
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", f"Advisory {NEW}")
    return root


def test_the_new_set_takes_the_tlp_of_the_final_advisory(repo: Path) -> None:
    assert "\ntlp: clear\n" in (repo / "indicators" / NEW / f"{SET}.yaml").read_text(encoding="utf-8")


def test_check_lock_build_and_test_pass(repo: Path, tmp_path: Path) -> None:
    at = ("--root", str(repo))
    assert main(["fmt", "--check", *at]) == 0
    assert main(["check", *at]) == 0
    assert main(["lock", "--check", *at]) == 0
    assert main(["build", "--locked", "--out", str(tmp_path / "dist"), *at]) == 0
    assert main(["test", *at]) == 0
    for rel in (f"stix/{NEW}.json", f"csv/{NEW}.csv", f"site/advisories/{NEW}/index.html"):
        assert (tmp_path / "dist" / rel).is_file(), rel


def test_the_diff_names_the_new_advisory(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--format", "json", "--root", str(repo)]) == 0  # the branch against main
    report = json.loads(capsys.readouterr().out)
    assert NEW in report["advisories"]
    assert set(report["advisories"]) <= {NEW, "(all)"}  # no output of another advisory changed
    assert report["advisories"][NEW]["indicators"]["added"] == sorted(
        [f"{SET}/file-path:{SHELL}", f"{SET}/sha256:{hashlib.sha256(SAMPLE).hexdigest()}"]
    )
    assert report["summary"]["removed"] == 0


def test_the_copys_own_corpus_tests_pass_untouched(repo: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTEST_XDIST_WORKER", None)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            *(f"tests/{m}" for m in CORPUS_TESTS),
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
