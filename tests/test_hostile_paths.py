"""Committed symbolic links: iocc follows none in the corpus, config, locks or site pages, and never writes
or removes through one on the way to dist/ (IOC011, with nothing read or touched)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from compiler.corpus.vocab import Tlp
from compiler.files.safepath import LinkRefused
from compiler.outputs.artifact import Artifact
from compiler.outputs.write import write_tree
from compiler.site.generate import hand_written
from tests.cli_support import iocc
from tests.corpus_fixtures import make_corpus

SECRET = "iocc-test-secret-4711"
SET_DIR = "indicators/test-advisory-2024"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"id: x\ntoken: {SECRET}\n", encoding="utf-8")
    return outside / "secret.yaml"


def _refused(result_text: str) -> None:
    assert SECRET not in result_text
    assert "IOC011" in result_text


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_a_linked_corpus_file_is_refused_and_never_read(tmp_path: Path, secret_file: Path, fmt: str) -> None:
    root = make_corpus(tmp_path)
    (root / SET_DIR / "leak.yaml").symlink_to(secret_file)
    (root / SET_DIR / "environ.yaml").symlink_to("/proc/self/environ")
    result = iocc("check", "--format", fmt, cwd=root, env={"IOCC_HOSTILE_ENV": SECRET})
    assert result.returncode == 1
    _refused(result.stdout + result.stderr)
    assert f"{SET_DIR}/leak.yaml" in result.stdout + result.stderr
    assert "/proc/self/environ" in result.stdout + result.stderr  # the target is named, never read


def test_links_to_folders_and_a_linked_corpus_folder_are_refused(tmp_path: Path, secret_file: Path) -> None:
    root = make_corpus(tmp_path)
    (root / "advisories" / "elsewhere").symlink_to(secret_file.parent, target_is_directory=True)
    result = iocc("check", cwd=root)
    assert result.returncode == 1
    _refused(result.stderr)
    assert "advisories/elsewhere:1:1: error[IOC011]" in result.stderr
    shutil.rmtree(root / "indicators")
    (root / "indicators").symlink_to(secret_file.parent, target_is_directory=True)
    result = iocc("check", cwd=root)
    assert "indicators:1:1: error[IOC011]" in result.stderr


def test_a_link_named_on_the_command_line_is_refused(tmp_path: Path, secret_file: Path) -> None:
    root = make_corpus(tmp_path)
    (root / SET_DIR / "leak.yaml").symlink_to(secret_file)
    result = iocc("check", f"{SET_DIR}/leak.yaml", cwd=root)
    assert result.returncode == 1
    _refused(result.stderr)


def test_linked_config_and_lock_files_are_refused(tmp_path: Path, secret_file: Path) -> None:
    root = make_corpus(tmp_path)
    (root / "config").mkdir()
    (root / "config" / "gate.yaml").symlink_to(secret_file)
    result = iocc("check", cwd=root)
    assert result.returncode == 1
    _refused(result.stderr)
    (root / "config" / "gate.yaml").unlink()
    (root / "locks").mkdir()
    for name in ("stix.lock.json", "suricata.lock.json"):
        (root / "locks" / name).symlink_to(secret_file)
    result = iocc("lock", "--check", cwd=root)
    assert result.returncode == 1 and SECRET not in result.stdout + result.stderr
    assert "IOC504" in result.stderr and "symbolic link" in result.stderr
    result = iocc("lock", cwd=root)
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert (root / "locks" / "stix.lock.json").is_symlink()
    assert secret_file.read_text(encoding="utf-8").endswith(f"{SECRET}\n")  # never written through


def test_a_linked_site_page_is_refused(tmp_path: Path, secret_file: Path) -> None:
    site = tmp_path / "site"
    (site / "overrides").mkdir(parents=True)
    (site / "index.md").write_text("# Start\n")
    (site / "leak.md").symlink_to(secret_file)
    (site / "overrides" / "main.html").symlink_to(secret_file)
    files, notes = hand_written(site)
    assert sorted(files) == ["index.md"]
    assert [(n.code, n.location.path) for n in notes] == [
        ("IOC011", "site/leak.md"),
        ("IOC011", "site/overrides/main.html"),
    ]
    assert SECRET not in " ".join(n.message for n in notes)


@pytest.mark.parametrize("link", [".", "..", "outside"])
def test_a_committed_dist_link_is_refused_before_anything_is_removed(
    tmp_path: Path, secret_file: Path, link: str
) -> None:
    root = make_corpus(tmp_path)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    target = secret_file.parent if link == "outside" else Path(link)
    (root / "dist").symlink_to(target, target_is_directory=True)
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    result = iocc("build", cwd=root)
    assert result.returncode == 1, result.stderr
    assert "dist:1:1: error[IOC011]" in result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    assert (root / ".git" / "HEAD").is_file() and secret_file.is_file()


def test_a_linked_staging_or_previous_folder_or_out_path_is_refused(
    tmp_path: Path, secret_file: Path
) -> None:
    out = tmp_path / "repo" / "dist"
    out.parent.mkdir()
    for name in (".dist.staging", ".dist.previous"):
        (out.parent / name).symlink_to(secret_file.parent, target_is_directory=True)
        with pytest.raises(LinkRefused):
            write_tree(
                [Artifact("a.txt", b"a\n", advisory=None, items=(), tlp=Tlp.CLEAR)], out, root=out.parent
            )
        (out.parent / name).unlink()
    assert secret_file.is_file() and not out.exists()
    (tmp_path / "repo" / "sub").symlink_to(secret_file.parent, target_is_directory=True)
    with pytest.raises(LinkRefused):
        write_tree(
            [Artifact("a.txt", b"a\n", advisory=None, items=(), tlp=Tlp.CLEAR)],
            tmp_path / "repo" / "sub" / "dist",
            root=out.parent,
        )
    assert sorted(os.listdir(secret_file.parent)) == ["secret.yaml"]


def test_fmt_and_import_do_not_follow_a_linked_set(tmp_path: Path, secret_file: Path) -> None:
    root = make_corpus(tmp_path)
    (root / SET_DIR / "leak.yaml").symlink_to(secret_file)
    result = iocc("fmt", f"{SET_DIR}/leak.yaml", cwd=root)
    assert result.returncode != 0 and SECRET not in result.stdout + result.stderr
    feed = tmp_path / "feed.txt"
    feed.write_text("203.0.113.99\n")
    result = iocc("import", str(feed), "--into", f"{SET_DIR}/leak.yaml", cwd=root)
    assert result.returncode != 0 and SECRET not in result.stdout + result.stderr
    assert secret_file.read_text(encoding="utf-8").endswith(f"{SECRET}\n")


def test_a_linked_mkdocs_config_or_schema_is_refused(tmp_path: Path, secret_file: Path) -> None:
    from compiler.corpus.model import Corpus
    from compiler.outputs.context import build_context
    from compiler.site import build_site
    from compiler.site.page import PageSpot
    from compiler.site.reference import render_schemas

    root = tmp_path / "repo"
    root.mkdir()
    (root / "mkdocs.yml").symlink_to(secret_file)
    notes = build_site(
        Corpus(advisories=(), sets=()), build_context(root, as_of="2024-05-10"), tmp_path / "d", ()
    )
    assert [(n.code, n.location.path) for n in notes] == [("IOC011", "mkdocs.yml")]
    assert SECRET not in " ".join(n.message for n in notes)
    schemas = root / "schemas"
    schemas.mkdir()
    (schemas / "leak.json").symlink_to(secret_file)
    with pytest.raises(LinkRefused):
        render_schemas(schemas, PageSpot(stem="reference/schemas", lang="en"))
