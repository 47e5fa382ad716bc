"""`iocc build` end to end on the real corpus: every output and the site in one atomic step, checksums that
`sha256sum -c` accepts, links that resolve, dist/changes.json, identical bytes across time zones and
locales, and a build that refuses (leaving dist/ as it was) when locks/ is stale or the site fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site_support import broken_links
from tests.test_cli import iocc
from tests.tools import require_tool

ROOT = Path(__file__).resolve().parent.parent
ADVISORY = "exchange-hafnium-2021-03"
# What a build reads from the repository besides the package itself.
BUILD_INPUTS = ("advisories", "indicators", "schemas", "locks", "config", "site", "mkdocs.yml")


def _env(**extra: str) -> dict[str, str]:
    env = {"NO_COLOR": "1", **extra}
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "dist"
    result = iocc("build", "--locked", "--out", str(out), cwd=ROOT, env=_env())
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def _copy_repo(dest: Path) -> Path:
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy2(source, dest / name)
    return dest


def test_every_output_and_the_site_are_built(dist: Path) -> None:
    for rel in (
        f"stix/{ADVISORY}.json",
        "misp/manifest.json",
        f"rules/yara/{ADVISORY}.yar",
        f"rules/suricata/{ADVISORY}.rules",
        f"csv/{ADVISORY}.csv",
        f"email/de/{ADVISORY}.customer.eml",
        f"email/en/{ADVISORY}.partner.txt",
        "changes.json",
        "site/index.html",
        f"site/advisories/{ADVISORY}/index.html",
        f"site/en/advisories/{ADVISORY}/index.html",
    ):
        assert (dist / rel).is_file(), rel
    assert not [p for p in dist.parent.glob(".dist.*") if p.name != ".dist.lock"], (
        "the staging folder was left behind"
    )


def test_the_checksums_pass_sha256sum(dist: Path) -> None:
    sha256sum = require_tool("sha256sum")
    done = subprocess.run(
        [sha256sum, "--check", "--strict", "--quiet", "SHA256SUMS"],
        cwd=dist,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    listed = {line.split("  ", 1)[1] for line in (dist / "SHA256SUMS").read_text().splitlines()}
    on_disk = {p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file()}
    assert listed == on_disk - {"SHA256SUMS"}


def test_every_link_of_the_real_site_resolves(dist: Path) -> None:
    assert broken_links(dist / "site") == []


def test_the_site_offers_the_real_downloads(dist: Path) -> None:
    site = dist / "site"
    for rel in (f"rules/yara/{ADVISORY}.yar", f"csv/{ADVISORY}.csv"):
        copies = [p for p in site.rglob(Path(rel).name) if p.is_file()]
        assert copies, rel
        assert all(p.read_bytes() == (dist / rel).read_bytes() for p in copies), rel


def test_changes_json_lists_every_output_of_the_advisory(dist: Path) -> None:
    changes = json.loads((dist / "changes.json").read_bytes())
    outputs = changes["advisories"][ADVISORY]
    assert {"stix", "yara", "sigma", "suricata", "csv", "email", "csaf"} <= set(outputs)
    assert changes["summary"]["added"] > 100
    assert changes["summary"]["removed"] == 0


def test_another_time_zone_and_locale_give_identical_bytes(dist: Path, tmp_path: Path) -> None:
    other = tmp_path / "dist"
    result = iocc(
        "build", "--locked", "--out", str(other), cwd=ROOT, env=_env(TZ="Pacific/Kiritimati", LC_ALL="C")
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert (other / "SHA256SUMS").read_bytes() == (dist / "SHA256SUMS").read_bytes()


def test_a_stale_lock_refuses_the_locked_build_and_keeps_dist(tmp_path: Path) -> None:
    root = _copy_repo(tmp_path / "repo")
    target = root / "indicators" / ADVISORY / "attacker-ips.yaml"
    text = target.read_text(encoding="utf-8")
    dist = root / "dist"
    dist.mkdir()
    (dist / "keep.txt").write_text("previous release\n")
    assert iocc("lock", "--check", cwd=root, env=_env()).returncode == 0
    assert "  confidence: 50\n" in text
    target.write_text(text.replace("  confidence: 50\n", "  confidence: 40\n", 1), encoding="utf-8")
    result = iocc("build", "--locked", "--only", "stix", cwd=root, env=_env())
    assert result.returncode == 1
    assert "IOC501" in result.stderr
    assert sorted(p.name for p in dist.iterdir()) == ["keep.txt"]
    check = iocc("lock", "--check", cwd=root, env=_env())
    assert check.returncode == 1 and "IOC501" in check.stderr
    assert iocc("lock", cwd=root, env=_env()).returncode == 0
    assert iocc("lock", "--check", cwd=root, env=_env()).returncode == 0


def test_a_stale_suricata_lock_fails_the_lock_check(tmp_path: Path) -> None:
    root = _copy_repo(tmp_path / "repo")
    lock = root / "locks" / "suricata.lock.json"
    data = json.loads(lock.read_bytes())
    data["rules"] = dict(list(data["rules"].items())[1:])
    lock.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    result = iocc("lock", "--check", cwd=root, env=_env())
    assert result.returncode == 1
    assert "locks/suricata.lock.json does not match the corpus" in result.stderr


def test_a_failing_site_build_keeps_the_previous_dist(tmp_path: Path) -> None:
    root = _copy_repo(tmp_path / "repo")
    # A link to a page that does not exist is a warning, which the strict site build refuses.
    (root / "site" / "index.en.md").write_text("# Home\n\n[nowhere](nowhere.md)\n", encoding="utf-8")
    dist = root / "dist"
    dist.mkdir()
    (dist / "keep.txt").write_text("previous release\n")
    result = iocc("build", "--only", "csv,site", cwd=root, env=_env())
    assert result.returncode == 1, result.stderr[-3000:]
    assert "IOC580" in result.stderr
    assert sorted(p.name for p in dist.iterdir()) == ["keep.txt"]
    assert not (root / ".dist.staging").exists()


def test_a_source_archive_without_git_builds_the_same_bytes(dist: Path, tmp_path: Path) -> None:
    """A release tarball on a machine without git: changes.json compares with an empty corpus (as a
    checkout without release tags does), and every other output is the same as the checkout's."""
    tree = tmp_path / "src"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    shutil.rmtree(tree / "compiler")  # the code under test is the working tree's (installed editable)
    for name in BUILD_INPUTS:  # the working tree's corpus, which the module's dist was built from
        shutil.rmtree(tree / name) if (tree / name).is_dir() else (tree / name).unlink()
    _copy_repo(tree)
    python_dir = str(Path(sys.executable).parent)
    result = iocc("build", "--locked", "--out", str(tree / "dist"), cwd=tree, env=_env(PATH=python_dir))
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads((tree / "dist" / "changes.json").read_bytes())["base"] == "(empty)"

    def sums(folder: Path) -> list[str]:
        lines = (folder / "SHA256SUMS").read_text().splitlines()
        return [line for line in lines if not line.endswith("  changes.json")]

    assert sums(tree / "dist") == sums(dist)
    tagged = (
        subprocess.run(["git", "-C", str(ROOT), "describe", "--tags"], capture_output=True).returncode == 0
    )
    if not tagged:  # then the checkout's changes.json compares with an empty corpus too
        assert (tree / "dist" / "changes.json").read_bytes() == (dist / "changes.json").read_bytes()


def test_build_findings_point_at_the_line_of_their_pointer(tmp_path: Path) -> None:
    from compiler.pipeline import check

    result = iocc(
        "build", "--only", "yara", "--format", "json", "--out", str(tmp_path / "d"), cwd=ROOT, env=_env()
    )
    assert result.returncode == 0, result.stderr[-2000:]
    notes = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "IOC530"]
    assert notes
    documents = {d.path: d for d in check(ROOT).documents}
    for note in notes:
        where = documents[note["path"]].locate(note["pointer"])
        assert (note["line"], note["column"]) == (where.line, where.column) != (1, 1), note


def test_text_reports_sum_notes_up_per_code_unless_asked(tmp_path: Path) -> None:
    short = iocc("build", "--only", "queries", "--out", str(tmp_path / "a"), cwd=ROOT, env=_env())
    full = iocc("build", "--only", "queries", "--notes", "--out", str(tmp_path / "b"), cwd=ROOT, env=_env())
    assert short.returncode == full.returncode == 0
    listed = [line for line in full.stderr.splitlines() if ": note[IOC531] /" in line]
    assert len(listed) >= 10
    assert f"note[IOC531] x{len(listed)}: " in short.stderr
    assert ": note[IOC531] /" not in short.stderr


def test_a_misspelt_output_is_a_usage_error_that_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "keep.txt").write_text("previous release\n")
    result = iocc("build", "--only", "yara,yarra", "--out", str(out), cwd=ROOT, env=_env())
    assert result.returncode == 2
    assert "yarra" in result.stderr and "known: " in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_an_output_folder_that_cannot_be_written_is_said_plainly(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    result = iocc("build", "--only", "csv", "--out", str(blocker / "dist"), cwd=ROOT, env=_env())
    assert result.returncode == 2
    assert "cannot write" in result.stderr and "Not a directory" in result.stderr
    assert "IOC900" not in result.stderr and "Traceback" not in result.stderr
    assert blocker.read_text() == "not a folder\n"
