"""`iocc diff`: between two revisions of a fixture corpus, exactly the changed ids, per advisory and output."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

from compiler.changes.compute import Changes, Report, build_snapshot, items_of
from compiler.changes.report import changes_since, diff, last_release_tag, to_json, to_markdown
from compiler.cli import main
from compiler.corpus.vocab import Tlp
from compiler.outputs.artifact import Artifact
from tests.corpus_fixtures import FIXTURES, REPO, VALID

SET = "indicators/test-advisory-2024/test-set.yaml"
ADV = "test-advisory-2024"
SHA = "5f1c0d2a9e2b4c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d"


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "GIT_AUTHOR_DATE": "2024-06-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-06-01T00:00:00Z", "PATH": "/usr/bin:/bin"}  # fmt: skip
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env
    ).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository: revision `one` is the valid fixture corpus, `two` changes its indicator set."""
    root = tmp_path_factory.mktemp("diff") / "repo"
    shutil.copytree(VALID, root)
    shutil.copytree(REPO / "schemas", root / "schemas")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "one")
    _git(root, "tag", "one")
    shutil.copy(FIXTURES / "diff" / "test-set.rev2.yaml", root / SET)
    _git(root, "commit", "-q", "-am", "two")
    _git(root, "tag", "two")
    return root


@cache
def _report(root: Path) -> Report:
    return diff(root, "one", "two")


def test_indicators_lists_exactly_the_changed_ids(repo: Path) -> None:
    c = _report(repo).changes[ADV]["indicators"]
    assert c == Changes(
        added=("test-set/domain:evil-two.example", "test-set/ipv4:198.51.100.77"),
        changed=(f"test-set/sha256:{SHA}",),
        removed=(
            "test-set/domain:evil.example",
            "test-set/file-path:C:\\inetpub\\wwwroot\\aspnet_client\\shell.aspx",
        ),
    )


def test_stix_lists_the_indicator_objects_that_changed(repo: Path) -> None:
    c = _report(repo).changes[ADV]["stix"]

    def kind(ids: Iterable[str]) -> list[str]:
        return sorted(i.split("--")[0] for i in ids if i.startswith("indicator--"))

    assert kind(c.added) == ["indicator", "indicator"]
    assert kind(c.removed) == ["indicator", "indicator"]
    assert kind(c.changed) == ["indicator"]
    old = build_snapshot(_checkout(repo, "one"))["stix"][ADV]
    new = build_snapshot(_checkout(repo, "two"))["stix"][ADV]
    assert set(c.added) == set(new) - set(old) and set(c.removed) == set(old) - set(new)


def _checkout(repo: Path, rev: str) -> Path:
    from compiler.changes.compute import checkout

    dest = repo.parent / f"checkout-{rev}"
    if not dest.exists():
        checkout(repo, rev, dest)
    return dest


def test_the_same_revision_twice_changes_nothing(repo: Path) -> None:
    assert diff(repo, "two", "two").changes == {}


def test_working_tree_against_a_revision(repo: Path) -> None:
    report = diff(repo, "two", None)
    assert report.changes == {} and report.head == "(working tree)"


def test_json_and_markdown(repo: Path) -> None:
    report = _report(repo)
    data = json.loads(to_json(report))
    assert data["summary"]["added"] >= 2 and data["base"] == "one" and data["head"] == "two"
    assert data["advisories"][ADV]["indicators"]["changed"] == [f"test-set/sha256:{SHA}"]
    assert to_json(report) == to_json(_report(repo))  # deterministic
    md = to_markdown(report)
    assert md.startswith("### iocc diff: `one` → `two`")
    assert f"| `{ADV}` | indicators | 2 | 1 | 2 |" in md
    assert "`test-set/domain:evil-two.example`" in md


def test_changes_since_a_tag_and_since_nothing(repo: Path) -> None:
    assert last_release_tag(repo) == "two"
    assert json.loads(changes_since(repo, "two"))["summary"] == {"added": 0, "changed": 0, "removed": 0}
    first = json.loads(changes_since(repo, None))
    assert first["base"] == "(empty)" and first["summary"]["removed"] == 0
    assert len(first["advisories"][ADV]["indicators"]["added"]) == 5


def test_cli(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "changes.json"
    assert main(["diff", "one", "two", "--format", "json", "--output", str(out), "--root", str(repo)]) == 0
    assert (
        json.loads(out.read_bytes())["advisories"][ADV]["indicators"]["added"][0]
        == "test-set/domain:evil-two.example"
    )
    assert main(["diff", "nope", "--root", str(repo)]) == 2
    assert "not a git revision" in capsys.readouterr().err


def _art(path: str, data: bytes) -> Artifact:
    return Artifact(path, data, advisory=None, items=(), tlp=Tlp.CLEAR)


def test_items_of_each_format() -> None:
    yara = _art("rules/yara/a.yar", b"rule one { condition: true }\nprivate rule two { condition: false }\n")
    assert [i for i, _ in items_of(yara)] == ["rule one", "rule two"]
    suricata = _art(
        "rules/suricata/a.rules", b'# c\nalert ip any any -> any any (msg:"x"; sid:9000001; rev:1;)\n'
    )
    assert [i for i, _ in items_of(suricata)] == ["sid 9000001"]
    misp = _art("misp/u.json", json.dumps({"Event": {"uuid": "e", "Attribute": [{"uuid": "a"}]}}).encode())
    assert [i for i, _ in items_of(misp)] == ["attribute a", "event e"]
    other = _art("csv/a.csv", b"x\n")
    assert [i for i, _ in items_of(other)] == ["csv/a.csv"]


def test_a_builds_own_artifacts_give_the_same_snapshot_as_running_the_emitters() -> None:
    from compiler.changes.compute import snapshot, snapshot_of
    from compiler.corpus.view import published
    from compiler.outputs.context import build_context
    from compiler.pipeline import as_of_date, emit_all, load_corpus
    from compiler.site.build import docs_tree
    from tests.multi_support import MULTI

    corpus = load_corpus(MULTI)
    ctx = build_context(MULTI, as_of=as_of_date(corpus, None, MULTI))
    emitted = emit_all(corpus, ctx)
    view = published(corpus)
    made = snapshot_of(view, emitted.by_emitter, ctx.tlp, docs_tree(view, ctx, emitted.artifacts))
    assert made == snapshot(corpus, ctx)
    assert {adv for per in made.values() for adv in per} == {"multi-alpha-2024", "multi-beta-2024", "(all)"}
