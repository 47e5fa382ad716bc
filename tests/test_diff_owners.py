"""`iocc diff` between two revisions of the multi-advisory fixture puts every change under the advisory
whose output it is (as the emitters and the site say), corpus-wide files under (all), pages included, and
the draft nowhere."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from compiler.changes.compute import ALL, Report
from compiler.changes.report import diff, to_markdown
from tests.multi_support import ALPHA, BETA, GAMMA, repository


def _git(repo: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "GIT_AUTHOR_DATE": "2024-07-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-07-01T00:00:00Z", "PATH": "/usr/bin:/bin"}  # fmt: skip
    subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True, env=env)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """Revision two adds a domain to the second advisory's rules set, rewords the first advisory's
    summary, and edits the draft."""
    root = repository(tmp_path_factory.mktemp("owners") / "repo")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "one")
    _edit(
        root / "indicators" / BETA / "beta-rules.yaml",
        "  - type: domain\n    value: beta-drop.example\n",
        "  - type: domain\n    value: beta-drop.example\n  - type: domain\n    value: beta-second.example\n",
    )
    _edit(
        root / "advisories" / "2024" / f"{ALPHA}.yaml",
        "it is being exploited.",
        "it is being exploited widely.",
    )
    _edit(
        root / "advisories" / "2024" / f"{GAMMA}.yaml",
        "Heron draft, not published yet.",
        "Heron draft, reworded.",
    )
    _git(root, "commit", "-q", "-am", "two")
    return diff(root, "HEAD~1", "HEAD")


def test_changes_belong_to_the_two_published_advisories_and_to_all(report: Report) -> None:
    assert set(report.changes) == {ALPHA, BETA, ALL}
    assert "heron" not in to_markdown(report).lower()


def test_the_new_value_is_the_second_advisorys_in_every_output_that_holds_it(report: Report) -> None:
    beta = report.changes[BETA]
    assert beta["indicators"].added == ("beta-rules/domain:beta-second.example",)
    assert {"stix", "misp", "csv", "yara", "suricata", "sigma", "queries", "chirp", "site"} <= set(beta)
    assert beta["site"].changed == (f"advisories/{BETA}.de.md", f"advisories/{BETA}.en.md")
    assert any(i.startswith("sid ") for i in beta["suricata"].added)
    assert [i for i in beta["csv"].changed] == [f"csv/{BETA}.csv"]


def test_the_reworded_summary_is_the_first_advisorys(report: Report) -> None:
    alpha = report.changes[ALPHA]
    assert {"email", "csaf", "site", "stix"} <= set(alpha) <= {"email", "csaf", "site", "stix", "misp"}
    # the English summary changed; the German page too, as its file list gives the English mail's size and
    # SHA-256
    assert alpha["site"].changed == (f"advisories/{ALPHA}.de.md", f"advisories/{ALPHA}.en.md")
    assert alpha["email"].changed and all(f"email/en/{ALPHA}." in path for path in alpha["email"].changed)


def test_all_holds_only_files_of_no_single_advisory(report: Report) -> None:
    everything = report.changes[ALL]
    assert "indicators" not in everything
    for output, c in everything.items():
        for item in (*c.added, *c.changed, *c.removed):
            assert ALPHA not in item and BETA not in item, (output, item)
    assert "blocklists/domain.txt" in everything["csv"].changed
    assert {"feed-en.xml", "downloads.en.md"} <= set(everything["site"].changed)
