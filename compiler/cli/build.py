"""`iocc build`: check the corpus, then compile every output into dist/ in one atomic step.

The order: check -> (with --locked) the content locks -> what this build publishes (no drafts unless
--include-drafts, compiler.corpus.view) -> the emitters -> dist/changes.json -> write into a staging folder
-> the site, built by mkdocs from the corpus and the staged downloads -> SHA256SUMS -> swap. Any error
before the swap leaves the previous dist/ as it was. A preview build (--include-drafts) holds the drafts
and says so: dist/PREVIEW.txt, a banner on every site page, PREVIEW in mail subjects, `"preview": true`
in changes.json.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from compiler.cli.common import Progress, add_format, add_root, corpus_root, emit_report
from compiler.corpus.load import relative
from compiler.corpus.model import Corpus
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic, Location, diagnostic, has_errors
from compiler.files.safepath import LinkRefused
from compiler.outputs.artifact import Artifact, BuildContext, strictest
from compiler.outputs.registry import emitters
from compiler.outputs.swap import LeftOver
from compiler.outputs.write import compare_tree, refuse_output_links, write_tree
from compiler.pipeline import as_of_date, check, emit_all, preview_notice, publishable, relocate

if TYPE_CHECKING:
    from compiler.site.generate import DocsTree

SITE = "site"
CHANGES = "changes"


class SiteFailed(Exception):
    """The site build reported errors; the staging folder is discarded."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    add_format(parser)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: <root>/dist)")
    parser.add_argument(
        "--tlp",
        choices=[t.value for t in Tlp],
        default=Tlp.CLEAR.value,
        help="leave out everything marked more restrictively (default: clear, for anything public)",
    )
    parser.add_argument(
        "--as-of", default=None, help="reference date YYYY-MM-DD for validity (default: from data)"
    )
    parser.add_argument(
        "--only",
        default="",
        help=f"comma-separated emitters to run, `{SITE}` and `{CHANGES}` included (default: all)",
    )
    parser.add_argument(
        "--notes", action="store_true", help="list every note in text reports (default: one line per code)"
    )
    parser.add_argument(
        "--locked", action="store_true", help="fail when locks/ is stale (what CI and `make build` use)"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when dist/ is not up to date"
    )
    parser.add_argument(
        "--include-drafts",
        action="store_true",
        help="a preview build: draft advisories are in, every output is marked PREVIEW (never publish it)",
    )


def run(args: argparse.Namespace) -> int:
    found = corpus_root(args, "build")
    if found is None:
        return 2
    root = found
    out = Path(os.path.abspath(args.out or root / "dist"))  # a link is refused below, never followed
    started = time.monotonic()
    only = {name for name in args.only.split(",") if name}
    unknown = sorted(only - {*emitters(), SITE, CHANGES})
    if unknown:
        known = ", ".join(sorted({*emitters(), SITE, CHANGES}))
        print(f"iocc build: --only names no output {', '.join(unknown)} (known: {known})", file=sys.stderr)
        return 2
    try:
        refuse_output_links(out, root)
    except LinkRefused as exc:
        refused = diagnostic("IOC011", Location(relative(exc.link, root)), exc.describe(root))
        _report([refused], root, args)
        print(f"iocc build: not built; nothing under {out} was touched", file=sys.stderr)
        return 1
    progress = Progress()
    progress("checking the corpus ...")
    result = check(root)
    corpus = result.corpus
    if corpus is None or has_errors(result.diagnostics, strict=args.strict):
        return _refuse(progress, result.diagnostics, root, out, args)
    try:
        as_of = as_of_date(corpus, args.as_of, root, include_drafts=args.include_drafts)
    except ValueError as exc:
        progress("")
        print(f"iocc build: {exc}", file=sys.stderr)
        return 2
    ctx = BuildContext(root=root, tlp=Tlp(args.tlp), as_of=as_of, preview=args.include_drafts)
    view = publishable(corpus, ctx)
    findings = list(result.diagnostics)
    if args.locked:
        progress("checking locks/ ...")
        findings.extend(_stale_locks(corpus, ctx))
    progress("compiling outputs ...")
    emitted = emit_all(corpus, ctx, only - {SITE, CHANGES})
    findings.extend(emitted.notes)
    artifacts = list(emitted.artifacts)
    if ctx.preview:
        artifacts.append(preview_notice(corpus))
    tree: DocsTree | None = None
    if not only or SITE in only or CHANGES in only:
        progress("making the site's pages ...")
        tree, failed = _docs_tree(view, ctx, artifacts)
        if failed:
            return _refuse(progress, [*findings, *failed], root, out, args)
    if not only or CHANGES in only:
        progress("comparing with the last release ...")
        changes = _changes(view, ctx, emitted.by_emitter, tree)
        artifacts.append(changes)
        tree = _with_downloads(tree, [changes], view)
    findings = relocate(findings, result.documents)
    if has_errors(findings, strict=args.strict):
        return _refuse(progress, findings, root, out, args)
    if args.check:
        progress("")
        _report(findings, root, args)
        return _report_drift(artifacts, out)
    site_notes: list[Diagnostic] = []

    def finish_site(staging: Path) -> None:
        progress("building the site ...")
        site_notes.extend(_build_site(view, ctx, staging, artifacts, tree))
        if has_errors(site_notes, strict=args.strict):
            raise SiteFailed

    finishers = [finish_site] if not only or SITE in only else []
    progress("writing ...")
    try:
        count = write_tree(artifacts, out, finishers=finishers, root=root)
    except SiteFailed:
        return _refuse(progress, [*findings, *site_notes], root, out, args)
    except LeftOver as exc:  # the swap happened: say so, never "unchanged"
        progress("")
        print(f"iocc build: {exc.strerror}", file=sys.stderr)
        return 2
    except OSError as exc:  # the output folder cannot be written: the machine's problem, not the data's
        progress("")
        where = exc.filename or out
        print(f"iocc build: cannot write {where}: {exc.strerror or exc}; {out} is unchanged", file=sys.stderr)
        return 2
    progress("")
    _report([*findings, *site_notes], root, args)
    _report_overrides(view)
    seconds = time.monotonic() - started
    print(f"iocc build: {count} files in {out} ({seconds:.1f} s)", file=sys.stderr)
    if ctx.preview:
        print("iocc build: a PREVIEW build with drafts (--include-drafts): never publish it", file=sys.stderr)
    return 0


def _refuse(
    progress: Progress, findings: Sequence[Diagnostic], root: Path, out: Path, args: argparse.Namespace
) -> int:
    progress("")
    _report(findings, root, args)
    print(f"iocc build: not built; {out} is unchanged", file=sys.stderr)
    return 1


def _report(findings: Sequence[Diagnostic], root: Path, args: argparse.Namespace) -> None:
    emit_report(findings, root, args.format, notes=args.notes, prog="iocc build")


def _stale_locks(corpus: Corpus, ctx: BuildContext) -> list[Diagnostic]:
    from compiler.pipeline.locks import stale_locks

    return stale_locks(corpus, ctx.root)


def _docs_tree(
    corpus: Corpus, ctx: BuildContext, artifacts: Sequence[Artifact]
) -> tuple[DocsTree | None, list[Diagnostic]]:
    """The site's pages (for changes.json and the site), or IOC580 when the site's sources cannot be read."""
    from compiler.site.build import docs_tree

    try:
        return docs_tree(corpus, ctx, artifacts), []
    except (OSError, ValueError) as exc:
        return None, [diagnostic("IOC580", Location(path="mkdocs.yml"), f"the site was not built: {exc}")]


def _with_downloads(tree: DocsTree | None, artifacts: Sequence[Artifact], corpus: Corpus) -> DocsTree | None:
    from compiler.site.generate import with_downloads

    return with_downloads(tree, artifacts, corpus) if tree is not None else None


def _changes(
    corpus: Corpus, ctx: BuildContext, outputs: Mapping[str, Sequence[Artifact]], tree: DocsTree | None
) -> Artifact:
    """dist/changes.json: every output's ids added, changed and removed since the last release tag, the
    site's pages included, both sides at this build's TLP level (so the file holds nothing the build
    leaves out).

    This build's side is taken from the artifacts and pages it just made, so its emitters do not run
    twice. With `--only`, outputs the build did not make are run for the comparison, so the file always
    covers all."""
    from compiler.changes.compute import snapshot_of
    from compiler.changes.report import changes_since, last_release_tag
    from compiler.site.build import docs_tree

    made = dict(outputs)
    for name, emit in emitters().items():
        if name not in made:
            made[name] = emit(corpus, ctx).artifacts
    if tree is None or made.keys() != outputs.keys():
        tree = docs_tree(corpus, ctx, [a for found in made.values() for a in found])
    head = snapshot_of(corpus, made, ctx.tlp, tree)
    data = changes_since(ctx.root, last_release_tag(ctx.root), head, preview=ctx.preview, tlp=ctx.tlp)
    listed = {
        item
        for per in orjson.loads(data)["advisories"].values()
        for c in per.get("indicators", {}).values()
        for item in c
    }
    every = [a for found in made.values() for a in found]
    return Artifact(
        "changes.json",
        data,
        advisory=None,
        items=tuple(sorted(listed)),
        tlp=strictest(a.tlp for a in every),
    )


def _build_site(
    corpus: Corpus, ctx: BuildContext, staging: Path, artifacts: Sequence[Artifact], tree: DocsTree | None
) -> tuple[Diagnostic, ...]:
    from compiler.site.build import build_site

    return build_site(corpus, ctx, staging, artifacts, tree)


def _report_drift(artifacts: Sequence[Artifact], out: Path) -> int:
    drift = compare_tree(artifacts, out, ignore=lambda p: p == "SHA256SUMS" or p.startswith(f"{SITE}/"))
    for label, paths in (("added", drift.added), ("changed", drift.changed), ("removed", drift.removed)):
        for path in paths:
            print(f"{label}: {path}")
    return 0 if drift.clean else 1


def _report_overrides(corpus: Corpus) -> None:
    """The reviewed exceptions to the false-positive gate: a build always says what it let through."""
    from compiler.gate import overrides

    found = overrides(corpus)
    if not found:
        return
    print(
        f"iocc build: {len(found)} reviewed false-positive override(s) let listed values through:",
        file=sys.stderr,
    )
    for o in found:
        print(f"  {o.set_id}: {o.type} {o.value} (on {', '.join(o.lists)}): {o.reason}", file=sys.stderr)
