"""The diff as JSON (dist/changes.json) and as Markdown for a pull-request comment; git revisions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import orjson

from compiler.changes.compute import Report, Snapshot, compare, revision_snapshot
from compiler.corpus.vocab import Tlp

MAX_LISTED = 50  # ids listed per output and kind in Markdown; JSON always lists all


def git(repo: Path, *args: str) -> str | None:
    """git's output, or None when git fails or is not installed (a source archive builds without it)."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def merge_base(repo: Path) -> str | None:
    """Where the current branch left main (or origin/main)."""
    for main in ("main", "origin/main"):
        found = git(repo, "merge-base", "HEAD", main)
        if found:
            return found
    return git(repo, "rev-parse", "HEAD")


def last_release_tag(repo: Path) -> str | None:
    """The newest tag reachable from HEAD (releases are tagged), or None."""
    return git(repo, "describe", "--tags", "--abbrev=0")


def diff(
    repo: Path,
    base: str | None,
    head: str | None,
    *,
    as_of: str | None = None,
    only: tuple[str, ...] = (),
    tlp: Tlp = Tlp.CLEAR,
) -> Report:
    """Compare two revisions as builds at `tlp`; `base`/`head` None means the merge base / the working tree."""
    base_rev = merge_base(repo) if base is None else base
    old = revision_snapshot(repo, base_rev or "", as_of, only, tlp)
    new = revision_snapshot(repo, head, as_of, only, tlp)
    return compare(old, new, base=base_rev or "(empty)", head=head or "(working tree)")


def to_json(report: Report, *, preview: bool = False) -> bytes:
    """The report as JSON; a preview build's (`iocc build --include-drafts`) says so in `"preview": true`."""
    added, changed, removed = report.totals()
    body: dict[str, object] = {"preview": True} if preview else {}
    body |= {
        "base": report.base,
        "head": report.head,
        "summary": {"added": added, "changed": changed, "removed": removed},
        "advisories": {
            adv: {
                output: {"added": list(c.added), "changed": list(c.changed), "removed": list(c.removed)}
                for output, c in per.items()
            }
            for adv, per in report.changes.items()
        },
    }
    return orjson.dumps(body, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def changes_since(
    root: Path, ref: str | None, head: Snapshot | None = None, *, preview: bool = False, tlp: Tlp = Tlp.CLEAR
) -> bytes:
    """dist/changes.json: `head` (a build's own snapshot at `tlp`; else the working tree's) against `ref`
    (the last release tag) built at the same `tlp`; with no ref, against an empty corpus, so the first
    release lists all as added. The release side is always what a public build published (no drafts)."""
    old = revision_snapshot(root, ref or "", tlp=tlp)
    new = revision_snapshot(root, None, tlp=tlp) if head is None else head
    label = "(working tree)" if head is None else "(this preview build)" if preview else "(this build)"
    return to_json(compare(old, new, base=ref or "(empty)", head=label), preview=preview)


def _code(text: str) -> str:
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def to_markdown(report: Report) -> str:
    added, changed, removed = report.totals()
    lines = [
        f"### iocc diff: {_code(report.base[:12])} → {_code(report.head[:40])}",
        "",
        f"**{added}** added, **{changed}** changed, **{removed}** removed.",
    ]
    if not report.changes:
        lines += ["", "No output changes."]
        return "\n".join(lines) + "\n"
    lines += ["", "| advisory | output | added | changed | removed |", "|---|---|--:|--:|--:|"]
    for adv, per in report.changes.items():
        for output, c in per.items():
            lines.append(
                f"| {_code(adv)} | {output} | {len(c.added)} | {len(c.changed)} | {len(c.removed)} |"
            )
    for adv, per in report.changes.items():
        lines += ["", f"<details><summary>{adv}</summary>", ""]
        for output, c in per.items():
            for label, ids in (("added", c.added), ("changed", c.changed), ("removed", c.removed)):
                if not ids:
                    continue
                lines.append(f"- **{output}**, {label}:")
                lines += [f"  - {_code(i)}" for i in ids[:MAX_LISTED]]
                if len(ids) > MAX_LISTED:
                    lines.append(f"  - … and {len(ids) - MAX_LISTED} more (see the JSON)")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
