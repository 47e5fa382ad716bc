"""The build as one library call: check the corpus, then compile every output into dist/ in one atomic step.

The order: check -> the build's context (config/ and locks/ read once, the rules proven on evidence/ when the
coverage output is made; compiler.outputs.context) -> with `locked`, the content locks -> what this build
publishes (no drafts unless `include_drafts`, compiler.corpus.view) -> the emitters -> dist/changes.json ->
write into a staging folder -> the site, built by mkdocs from the corpus and the staged downloads ->
SHA256SUMS -> swap. Any error before the swap leaves the previous dist/ as it was. A preview build holds the
drafts and says so: dist/PREVIEW.txt, a banner on every site page, PREVIEW in mail subjects,
`"preview": true` in changes.json.

`iocc build` (compiler.cli.build) wraps `build()`; tests and the benchmark call it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import orjson

from compiler.corpus.load import relative
from compiler.corpus.model import Corpus
from compiler.corpus.view import published
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic, Location, diagnostic, has_errors
from compiler.files.safepath import LinkRefused
from compiler.gate import Override, overrides
from compiler.outputs.artifact import Artifact, BuildContext, strictest
from compiler.outputs.context import build_context
from compiler.outputs.registry import emitters
from compiler.outputs.write import Drift, compare_tree, refuse_output_links, write_tree
from compiler.pipeline import as_of_date, check, emit_all, preview_notice, relocate

if TYPE_CHECKING:
    from compiler.site.generate import DocsTree

SITE = "site"
CHANGES = "changes"
COVERAGE = "coverage"  # the emitter that needs the proof on evidence/


class SiteFailed(Exception):
    """The site build reported errors; the staging folder is discarded."""


class BuildStopped(Exception):
    """The build could not run or could not write (a usage or machine problem, not the data's): the message
    says why and whether the output folder changed."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    tlp: Tlp = Tlp.CLEAR  # leave out everything marked more restrictively
    as_of: str | None = None  # reference date YYYY-MM-DD; None: from the data (pipeline.as_of_date)
    only: frozenset[str] = frozenset()  # emitters to run, `site` and `changes` included; empty: all
    locked: bool = False  # report stale locks/ as errors
    check: bool = False  # write nothing; compare with the output folder
    include_drafts: bool = False  # a preview build
    strict: bool = False  # warnings fail too


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildResult:
    """What a build did. `outcome`: `built` (written), `checked` (compared, see drift), `refused` (findings
    with errors; the output folder is unchanged) or `untouched` (the output folder is a link; nothing under
    it was touched)."""

    outcome: Literal["built", "checked", "refused", "untouched"]
    findings: tuple[Diagnostic, ...]  # every finding of the build, to report
    files: int = 0  # files written
    drift: Drift | None = None  # `check`: how the output folder differs from this build
    overrides: tuple[Override, ...] = field(default=())  # the reviewed false-positive exceptions let through


def outputs() -> frozenset[str]:
    """Every name `BuildOptions.only` may hold."""
    return frozenset({*emitters(), SITE, CHANGES})


def build(
    root: Path, out: Path, options: BuildOptions, progress: Callable[[str], None] = lambda _: None
) -> BuildResult:
    """Check the corpus under `root` and compile every output (or those in options.only) into `out`.
    BuildStopped when the reference date is malformed or the output folder cannot be written."""
    unknown = sorted(options.only - outputs())
    if unknown:
        raise BuildStopped(
            f"--only names no output {', '.join(unknown)} (known: {', '.join(sorted(outputs()))})"
        )
    try:
        refuse_output_links(out, root)
    except LinkRefused as exc:
        refused = diagnostic("IOC011", Location(relative(exc.link, root)), exc.describe(root))
        return BuildResult(outcome="untouched", findings=(refused,))
    progress("checking the corpus ...")
    result = check(root)
    corpus = result.corpus
    if corpus is None or has_errors(result.diagnostics, strict=options.strict):
        return BuildResult(outcome="refused", findings=tuple(result.diagnostics))
    findings = list(result.diagnostics)
    compiled = _compile(root, corpus, options, findings, progress)
    if isinstance(compiled, list):
        return BuildResult(outcome="refused", findings=(*findings, *compiled))
    findings = relocate(findings, result.documents)
    if has_errors(findings, strict=options.strict):
        return BuildResult(outcome="refused", findings=tuple(findings))
    if options.check:
        drift = compare_tree(
            compiled.artifacts, out, ignore=lambda p: p == "SHA256SUMS" or p.startswith(f"{SITE}/")
        )
        return BuildResult(outcome="checked", findings=tuple(findings), drift=drift)
    return _write(compiled, root, out, options, findings, progress)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Compiled:
    """What the emitters made of the published corpus, and the site's pages."""

    view: Corpus  # what this build publishes
    ctx: BuildContext
    artifacts: list[Artifact]
    tree: DocsTree | None


def _compile(
    root: Path,
    corpus: Corpus,
    options: BuildOptions,
    findings: list[Diagnostic],
    progress: Callable[[str], None],
) -> _Compiled | list[Diagnostic]:
    """Run the emitters, make the site's pages and changes.json; their notes go to `findings`. The site's
    sources failing to read gives that failure instead."""
    only = options.only
    try:
        as_of = as_of_date(corpus, options.as_of, root, include_drafts=options.include_drafts)
    except ValueError as exc:
        raise BuildStopped(str(exc)) from None
    view = published(corpus, include_drafts=options.include_drafts)
    chosen = only - {SITE, CHANGES}
    changes = not only or CHANGES in only
    ctx = build_context(
        root,
        tlp=options.tlp,
        as_of=as_of,
        preview=options.include_drafts,
        proven=view if changes or not chosen or COVERAGE in chosen else None,
    )
    if options.locked:
        progress("checking locks/ ...")
        from compiler.pipeline.locks import stale_locks

        findings.extend(stale_locks(corpus, ctx))
    progress("compiling outputs ...")
    emitted = emit_all(corpus, ctx, chosen)
    findings.extend(emitted.notes)
    artifacts = list(emitted.artifacts)
    if ctx.preview:
        artifacts.append(preview_notice(corpus))
    tree: DocsTree | None = None
    if not only or SITE in only or changes:
        progress("making the site's pages ...")
        tree, failed = _docs_tree(view, ctx, artifacts)
        if failed:
            return failed
    if changes:
        progress("comparing with the last release ...")
        made = _changes(view, ctx, emitted.by_emitter, tree)
        artifacts.append(made)
        tree = _with_downloads(tree, [made], view)
    return _Compiled(view=view, ctx=ctx, artifacts=artifacts, tree=tree)


def _write(
    compiled: _Compiled,
    root: Path,
    out: Path,
    options: BuildOptions,
    findings: list[Diagnostic],
    progress: Callable[[str], None],
) -> BuildResult:
    """Stage the artifacts, build the site into the staging folder, swap it in."""
    site_notes: list[Diagnostic] = []
    view, ctx, artifacts = compiled.view, compiled.ctx, compiled.artifacts

    def finish_site(staging: Path) -> None:
        progress("building the site ...")
        site_notes.extend(_build_site(view, ctx, staging, artifacts, compiled.tree))
        if has_errors(site_notes, strict=options.strict):
            raise SiteFailed

    progress("writing ...")
    try:
        count = write_tree(
            artifacts,
            out,
            finishers=[finish_site] if not options.only or SITE in options.only else [],
            root=root,
        )
    except SiteFailed:
        return BuildResult(outcome="refused", findings=(*findings, *site_notes))
    except OSError as exc:
        raise _stopped(exc, out) from None
    return BuildResult(
        outcome="built", findings=(*findings, *site_notes), files=count, overrides=overrides(view)
    )


def _stopped(exc: OSError, out: Path) -> BuildStopped:
    from compiler.outputs.swap import LeftOver

    if isinstance(exc, LeftOver):  # the swap happened: say so, never "unchanged"
        return BuildStopped(exc.strerror or str(exc))
    where = exc.filename or out  # the output folder cannot be written: the machine's problem, not the data's
    return BuildStopped(f"cannot write {where}: {exc.strerror or exc}; {out} is unchanged")


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
    corpus: Corpus, ctx: BuildContext, made_by: Mapping[str, Sequence[Artifact]], tree: DocsTree | None
) -> Artifact:
    """dist/changes.json: every output's ids added, changed and removed since the last release tag, the
    site's pages included, both sides at this build's TLP level (so the file holds nothing the build
    leaves out).

    This build's side is taken from the artifacts and pages it just made, so its emitters do not run
    twice. With `only`, outputs the build did not make are run for the comparison, so the file always
    covers all."""
    from compiler.changes.compute import snapshot_of
    from compiler.changes.report import changes_since, last_release_tag
    from compiler.site.build import docs_tree

    made = dict(made_by)
    for name, emit in emitters().items():
        if name not in made:
            made[name] = emit(corpus, ctx).artifacts
    if tree is None or made.keys() != made_by.keys():
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
