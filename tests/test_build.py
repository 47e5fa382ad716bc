"""`iocc build` end to end on the real corpus: every output and the site in one atomic step, checksums that
`sha256sum -c` accepts, links that resolve, dist/changes.json, identical bytes across time zones and
locales, and a build that refuses (leaving dist/ as it was) when locks/ is stale or the site fails."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.corpus.view import published
from compiler.corpus.vocab import Tlp
from compiler.outputs.artifact import Artifact
from compiler.outputs.context import build_context
from compiler.pipeline import as_of_date, emit_all, load_corpus
from compiler.site.downloads import public_advisories
from tests.cli_support import iocc
from tests.multi_support import MULTI
from tests.site_support import broken_links
from tests.tools import require_tool

ROOT = Path(__file__).resolve().parent.parent
# What a build reads from the repository besides the package itself.
BUILD_INPUTS = (
    "advisories",
    "indicators",
    "products",
    "evidence",
    "schemas",
    "locks",
    "config",
    "site",
    "mkdocs.yml",
)


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


@functools.cache
def _expected() -> tuple[list[str], tuple[Artifact, ...]]:
    """What a build of the repository publishes, from the content: the public advisories, and every
    artifact the emitters make of it."""
    corpus = load_corpus(ROOT)
    ctx = build_context(ROOT, as_of=as_of_date(corpus, None, ROOT), proven=published(corpus))
    public = [a.id for a in public_advisories(published(corpus))]
    return public, emit_all(corpus, ctx).artifacts


def test_every_output_and_the_site_are_built(dist: Path) -> None:
    public, artifacts = _expected()
    for a in artifacts:
        assert (dist / a.path).read_bytes() == a.data, a.path
    for rel in ("misp/manifest.json", "changes.json", "site/index.html"):
        assert (dist / rel).is_file(), rel
    for adv in public:
        for rel in (f"site/advisories/{adv}/index.html", f"site/en/advisories/{adv}/index.html"):
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
    """Every file of a TLP:CLEAR build is offered on the site, byte for byte."""
    files = dist / "site" / "files"
    offered = {p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file()}
    built = {
        p.relative_to(dist).as_posix()
        for p in dist.rglob("*")
        if p.is_file() and p.relative_to(dist).parts[0] != "site" and p.name != "SHA256SUMS"
    }
    assert offered == built
    assert all((files / rel).read_bytes() == (dist / rel).read_bytes() for rel in offered)


def test_changes_json_lists_every_output_of_every_advisory(dist: Path) -> None:
    """Without a release tag, changes.json lists everything as added, each under its advisory."""
    public, artifacts = _expected()
    changes = json.loads((dist / "changes.json").read_bytes())
    if changes["base"] != "(empty)":
        return  # a tagged checkout compares with its release; the fixture tests hold the content of the file
    for adv in public:
        outputs = changes["advisories"][adv]
        assert {"stix", "email", "site"} <= set(outputs), adv
        assert all(set(c) == {"added"} or not (c["changed"] or c["removed"]) for c in outputs.values())
    owned = {a.advisory for a in artifacts if a.advisory}
    assert owned <= set(changes["advisories"])
    assert changes["summary"]["removed"] == changes["summary"]["changed"] == 0


def test_another_time_zone_and_locale_give_identical_bytes(dist: Path, tmp_path: Path) -> None:
    other = tmp_path / "dist"
    result = iocc(
        "build", "--locked", "--out", str(other), cwd=ROOT, env=_env(TZ="Pacific/Kiritimati", LC_ALL="C")
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert (other / "SHA256SUMS").read_bytes() == (dist / "SHA256SUMS").read_bytes()


def test_a_stale_lock_refuses_the_locked_build_and_keeps_dist(tmp_path: Path) -> None:
    root = _copy_repo(tmp_path / "repo")
    corpus = published(load_corpus(root))
    public = {a.id for a in corpus.advisories if a.tlp == Tlp.CLEAR}
    s = next(s for s in corpus.sets if s.tlp == Tlp.CLEAR and set(s.advisories) & public and s.indicators)
    target = root / s.path
    text = target.read_text(encoding="utf-8")
    dist = root / "dist"
    dist.mkdir()
    (dist / "keep.txt").write_text("previous release\n")
    assert iocc("lock", "--check", cwd=root, env=_env()).returncode == 0
    found = re.search(r"\bconfidence: (\d+)", text)  # the set's default or an indicator's own
    assert found is not None, s.path
    other = str(int(found.group(1)) % 100 + 1)
    target.write_text(text[: found.start(1)] + other + text[found.end(1) :], encoding="utf-8")
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
    assert "locks/suricata.lock.json:1:1: error[IOC501]: Suricata lock:" in result.stderr


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
        "build",
        "--only",
        "yara",
        "--format",
        "json",
        "--out",
        str(tmp_path / "d"),
        "--root",
        str(MULTI),
        cwd=ROOT,
        env=_env(),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    notes = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "IOC530"]
    assert notes  # the fixture holds values YARA cannot express (IP addresses)
    documents = {d.path: d for d in check(MULTI).documents}
    for note in notes:
        where = documents[note["path"]].locate(note["pointer"])
        assert (note["line"], note["column"]) == (where.line, where.column) != (1, 1), note


def test_text_reports_sum_notes_up_per_code_unless_asked(tmp_path: Path) -> None:
    multi = ("--root", str(MULTI))
    short = iocc("build", "--only", "queries", "--out", str(tmp_path / "a"), *multi, cwd=ROOT, env=_env())
    full = iocc(
        "build", "--only", "queries", "--notes", "--out", str(tmp_path / "b"), *multi, cwd=ROOT, env=_env()
    )
    assert short.returncode == full.returncode == 0
    listed = [line for line in full.stderr.splitlines() if ": note[IOC531] /" in line]
    assert len(listed) >= 2
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
