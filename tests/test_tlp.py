"""A build at `--tlp clear` holds nothing above TLP:CLEAR in any byte of any file of dist/ (the site,
changes.json and SHA256SUMS included); `iocc diff` compares the builds of one level; `iocc new indicators`
chooses a set's TLP on purpose and says how."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from compiler.changes.report import diff
from compiler.cli import main
from compiler.corpus.vocab import Tlp
from compiler.pipeline import load_corpus
from tests.corpus_fixtures import FIXTURES, REPO
from tests.multi_support import ALPHA, AMBER_SET, BETA, MULTI, above, build, holding, repository
from tests.site_support import AMBER_VALUES


def test_a_clear_build_holds_no_byte_above_clear(tmp_path: Path) -> None:
    """Every value and text that only the AMBER set holds (the oracle reads them off the corpus)."""
    root = repository(tmp_path / "repo")
    secret = above(load_corpus(root), Tlp.CLEAR)
    assert len(secret) >= 10  # the fixture does hold restricted content
    out = tmp_path / "dist"
    assert build(root, out, "--locked", "--tlp", "clear") == 0
    assert {p.name for p in out.iterdir()} >= {"changes.json", "SHA256SUMS", "site", "stix", "misp", "csv"}
    assert holding(out, secret) == {}


def test_a_clear_build_holds_nothing_of_an_amber_advisory(tmp_path: Path) -> None:
    """The site fixture's AMBER advisory and AMBER set, by their distinctive values, in every file."""
    root = repository(tmp_path / "repo", FIXTURES / "site")
    out = tmp_path / "dist"
    assert build(root, out, "--tlp", "clear") == 0
    assert holding(out, AMBER_VALUES) == {}


def test_an_amber_build_holds_the_amber_set(tmp_path: Path) -> None:
    """The oracle's other side: the same scan finds the values when the level allows them."""
    root = repository(tmp_path / "repo")
    out = tmp_path / "dist"
    assert build(root, out, "--tlp", "amber", "--only", "stix,csv,changes") == 0
    found = holding(out, ["walrus-amber-c2.example"])
    assert {"stix/all.json", f"stix/{BETA}.json", f"csv/{BETA}.csv", "changes.json"} <= set(found)


def _git(repo: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "GIT_AUTHOR_DATE": "2024-06-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-06-01T00:00:00Z", "PATH": "/usr/bin:/bin"}  # fmt: skip
    subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True, env=env)


def test_diff_names_nothing_above_its_level(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MULTI, root)
    shutil.copytree(REPO / "schemas", root / "schemas")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "one")
    amber = root / "indicators" / BETA / f"{AMBER_SET}.yaml"
    amber.write_text(
        amber.read_text(encoding="utf-8").replace(
            "  - type: domain\n    value: walrus-amber-c2.example\n",
            "  - type: domain\n    value: walrus-amber-c2.example\n  - type: domain\n    value: walrus-second.example\n",
        ),
        encoding="utf-8",
    )
    clear = root / "indicators" / ALPHA / "alpha-network.yaml"
    clear.write_text(
        clear.read_text(encoding="utf-8") + "  - type: domain\n    value: alpha-second.example\n",
        encoding="utf-8",
    )
    _git(root, "commit", "-q", "-am", "two")
    public = diff(root, "HEAD~1", "HEAD")
    assert "walrus" not in repr(public.changes)
    assert public.changes[ALPHA]["indicators"].added == ("alpha-network/domain:alpha-second.example",)
    assert BETA not in public.changes
    partners = diff(root, "HEAD~1", "HEAD", tlp=Tlp.AMBER)
    assert partners.changes[BETA]["indicators"].added == (f"{AMBER_SET}/domain:walrus-second.example",)
    assert main(["diff", "HEAD~1", "HEAD", "--format", "json", "--root", str(root)]) == 0
    assert b"walrus" not in capsys.readouterr().out.encode()
    assert main(["diff", "HEAD~1", "HEAD", "--format", "json", "--tlp", "amber", "--root", str(root)]) == 0
    assert "walrus-second.example" in capsys.readouterr().out


def test_new_indicators_chooses_the_tlp_and_says_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    (root / "advisories").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    assert main(["new", "advisory", "tlp-choice-2025", "--date", "2025-01-02", "--root", str(root)]) == 0
    source = root / "advisories" / "2025" / "tlp-choice-2025.yaml"
    capsys.readouterr()

    def new_set(name: str, *extra: str) -> tuple[str, str]:
        assert main(["new", "indicators", "tlp-choice-2025", name, *extra, "--root", str(root)]) == 0
        text = (root / "indicators" / "tlp-choice-2025" / f"{name}.yaml").read_text(encoding="utf-8")
        tlp = next(line for line in text.splitlines() if line.startswith("tlp: "))
        said = next(line for line in capsys.readouterr().err.splitlines() if line.startswith("tlp: "))
        return tlp, said

    # a draft's TLP is the skeleton's placeholder, never copied: TODO until someone chooses
    assert new_set("draft-default") == (
        "tlp: 'TODO'",
        "tlp: TODO (advisory tlp-choice-2025 is draft: choose the set's TLP, or give --tlp)",
    )
    assert new_set("explicit", "--tlp", "green") == ("tlp: green", "tlp: green (from --tlp)")
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("status: draft", "status: final").replace("tlp: amber", "tlp: clear"), encoding="utf-8"
    )
    assert new_set("from-final") == (
        "tlp: clear",
        "tlp: clear (from advisory tlp-choice-2025, which is final)",
    )
    found = [d for d in main_check(root) if d[0] == "indicators/tlp-choice-2025/draft-default.yaml"]
    assert ("indicators/tlp-choice-2025/draft-default.yaml", "/tlp") in found


def main_check(root: Path) -> list[tuple[str, str]]:
    from compiler.pipeline import check

    return [(d.location.path, d.location.pointer) for d in check(root).diagnostics]


def test_import_into_a_set_whose_tlp_is_not_chosen_takes_nothing_above_clear() -> None:
    from compiler.authoring.merge import merge
    from compiler.authoring.readers import Candidate, Parsed

    text = "id: feed\ntlp: 'TODO'\nindicators: []\n"
    parsed = Parsed(
        candidates=(
            Candidate(type="domain", value="open.example", origin="line 1", tlp="clear"),
            Candidate(type="domain", value="partner.example", origin="line 2", tlp="amber"),
        )
    )
    merged = merge(text, parsed, {})
    assert [(o.value, o.added, o.reason) for o in merged.outcomes] == [
        ("open.example", True, ""),
        (
            "partner.example",
            False,
            "marked TLP:AMBER, more restrictive than TLP:CLEAR (the set's TLP is not chosen yet) (--raise-tlp raises the set's TLP instead)",
        ),
    ]
    assert "partner.example" not in merged.text
