"""Drafts stay private: a public build of the multi-advisory fixture holds no byte of its draft, a preview
build (`--include-drafts`) holds it and says so everywhere, and draft to final is one `iocc lock`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.corpus.asof import reference_date
from compiler.corpus.view import drafts, published
from compiler.outputs.context import build_context
from compiler.pipeline import emit_all, load_corpus
from tests.corpus_fixtures import VALID
from tests.multi_support import ALPHA, BETA, DRAFT_MARKS, GAMMA, MULTI, build, dist_bytes, holding, repository


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return repository(tmp_path_factory.mktemp("drafts") / "repo")


@pytest.fixture(scope="module")
def public(repo: Path) -> Path:
    out = repo.parent / "public"
    assert build(repo, out, "--locked") == 0
    return out


@pytest.fixture(scope="module")
def preview(repo: Path) -> Path:
    out = repo.parent / "preview"
    assert build(repo, out, "--include-drafts") == 0
    return out


def test_the_published_corpus_leaves_out_the_draft_and_what_only_it_holds() -> None:
    corpus = load_corpus(MULTI)
    view = published(corpus)
    assert [a.id for a in drafts(corpus)] == [GAMMA]
    assert [a.id for a in view.advisories] == [ALPHA, BETA]
    assert "gamma-iocs" in {s.id for s in corpus.sets} and "gamma-iocs" not in {s.id for s in view.sets}
    shared = next(s for s in view.sets if s.id == "shared-tools")
    assert shared.advisories == (BETA,)  # the draft's id is gone from a set it shares
    assert view.sets_of(GAMMA) == () and [s.id for s in view.sets_of(BETA)] == [
        "beta-partner",
        "beta-rules",
        "shared-tools",
    ]
    assert published(corpus, include_drafts=True) is corpus
    assert published(view) is view  # nothing to leave out: the same corpus, so memoised selections hold
    plain = load_corpus(VALID)
    assert published(plain) is plain


def test_the_pipeline_notes_every_draft_it_leaves_out_or_previews() -> None:
    corpus = load_corpus(MULTI)
    for preview, code in ((False, "IOC503"), (True, "IOC506")):
        ctx = build_context(MULTI, as_of="2024-07-01", preview=preview)
        emitted = emit_all(corpus, ctx, ("csv",))
        assert [
            (n.code, n.location.path, n.location.pointer)
            for n in emitted.notes
            if n.code in ("IOC503", "IOC506")
        ] == [(code, f"advisories/2024/{GAMMA}.yaml", "/status")]
        assert any(GAMMA in a.path for a in emitted.artifacts) is preview


def test_a_drafts_dates_do_not_move_the_reference_date() -> None:
    corpus = load_corpus(MULTI)
    newest_final = max(a.modified for a in corpus.advisories if a.status != "draft")
    assert reference_date(corpus) == newest_final
    assert reference_date(corpus, include_drafts=True) == corpus.advisory(GAMMA).modified > newest_final


def test_a_public_build_holds_no_byte_of_the_draft(public: Path) -> None:
    assert holding(public, DRAFT_MARKS) == {}
    assert not (public / "PREVIEW.txt").exists()
    assert json.loads((public / "changes.json").read_bytes()).get("preview") is None


def test_a_public_build_says_it_left_the_draft_out(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(repo, tmp_path / "dist", "--only", "csv", "--notes") == 0
    err = capsys.readouterr().err
    assert "note[IOC503]" in err and f"{GAMMA} is a draft: left out of every output" in err


def test_a_preview_build_holds_the_draft_and_is_marked_everywhere(preview: Path) -> None:
    found = holding(preview, DRAFT_MARKS)
    for output in ("stix/", "misp/", "csaf/", "rules/yara/", "csv/", "email/", "patch/", "site/"):
        assert any(path.startswith(output) for path in found), output
    assert GAMMA in (preview / "PREVIEW.txt").read_text(encoding="utf-8")
    assert json.loads((preview / "changes.json").read_bytes())["preview"] is True
    pages = [
        (rel, data)
        for rel, data in dist_bytes(preview / "site")
        if rel.endswith(".html") and not rel.startswith("files/")  # files/: the downloads, mails among them
    ]
    assert pages and all(b'<aside class="md-banner">' in data and b"PREVIEW" in data for _, data in pages)
    subjects = [
        line
        for rel, data in dist_bytes(preview / "email")
        if rel.endswith(".eml")
        for line in data.decode().splitlines()
        if line.startswith("Subject:")
    ]
    assert subjects and all(s.startswith("Subject: [PREVIEW] ") for s in subjects)
    txt = [data for rel, data in dist_bytes(preview / "email") if rel.endswith(".txt")]
    assert all(re.match(rb"^[^:\n]+: \[PREVIEW\] ", data) for data in txt)


def test_a_public_site_has_no_banner(public: Path) -> None:
    pages = [
        data for rel, data in dist_bytes(public / "site") if rel.endswith(".html") and "files/" not in rel
    ]
    assert pages and not any(b"md-banner" in data for data in pages)


def test_draft_to_final_is_one_lock_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repository(tmp_path / "repo")
    assert main(["lock", "--check", "--root", str(root)]) == 0  # the draft is in no lock
    source = root / "advisories" / "2024" / f"{GAMMA}.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("status: draft", "status: final"), encoding="utf-8"
    )
    capsys.readouterr()
    assert build(root, tmp_path / "dist", "--locked", "--only", "csv") == 1
    err = capsys.readouterr().err
    stale = [line for line in err.splitlines() if "error[IOC501]" in line]
    assert sorted(re.sub(r".*error\[IOC501\]: (\w+) lock: .*", r"\1", line) for line in stale) == [
        "MISP",
        "STIX",
        "Suricata",
    ]
    assert all(" new" in line for line in stale) and "IOC505" not in err.replace("note[IOC505] x", "")
    assert main(["lock", "--root", str(root)]) == 0
    assert main(["lock", "--check", "--root", str(root)]) == 0
    assert build(root, tmp_path / "dist", "--locked", "--only", "csv") == 0


def test_patch_status_ignores_drafts_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["patch-status", "20.1.300.1", "--root", str(MULTI), "--format", "json"]
    assert main([*base, "--advisory", GAMMA]) == 2
    assert f"no advisory {GAMMA} with product data" in capsys.readouterr().err
    assert main([*base, "--advisory", GAMMA, "--include-drafts"]) == 1  # the CU3 build is vulnerable
    assert [a["id"] for a in json.loads(capsys.readouterr().out)["advisories"]] == [GAMMA]
    assert main(base) == 1  # every final advisory, the draft left out
    assert GAMMA not in {a["id"] for a in json.loads(capsys.readouterr().out)["advisories"]}


def test_a_mail_for_a_draft_only_when_asked_and_then_marked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["email", GAMMA, "--root", str(MULTI)]) == 2
    assert GAMMA not in capsys.readouterr().err.split("known: ")[1]
    assert main(["email", GAMMA, "--root", str(MULTI), "--lang", "en", "--include-drafts"]) == 0
    assert capsys.readouterr().out.startswith("Subject: [PREVIEW] ")
