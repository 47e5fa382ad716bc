"""The flow as library calls: check -> publish -> emit -> write. Each stage takes the previous stage's value.

`check` (compiler.validate.run) loads, validates and assembles the corpus; `publishable` decides once
which advisories and sets this build publishes (compiler.corpus.view: no drafts unless a preview build);
`emit_all` runs every registered emitter over that, with the build's context (compiler.outputs.context:
config/ and locks/ read once, so the emitters read nothing). compiler.pipeline.build puts the whole build
together, compiler.pipeline.locks the lock files. The verbs in compiler.cli are thin wrappers around these
calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from compiler.corpus import asof
from compiler.corpus.model import Corpus
from compiler.corpus.view import drafts, published
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic, Location, diagnostic, sort_key
from compiler.outputs.artifact import Artifact, BuildContext
from compiler.outputs.registry import emitters
from compiler.validate.run import CheckResult, CorpusError, check, find_root, load_corpus, relocate

__all__ = [
    "CheckResult",
    "CorpusError",
    "Emitted",
    "as_of_date",
    "check",
    "draft_notes",
    "emit_all",
    "find_root",
    "load_corpus",
    "preview_notice",
    "publishable",
    "relocate",
]


def as_of_date(
    corpus: Corpus, explicit: str | None = None, root: Path | None = None, *, include_drafts: bool = False
) -> str:
    """The reference date for validity (compiler.corpus.asof): --as-of, else SOURCE_DATE_EPOCH, else the latest
    `modified` of a published advisory (a draft's only in a preview build). Never the wall clock. Raises
    ValueError on a malformed date."""
    return asof.reference_date(corpus, explicit, root, include_drafts=include_drafts)


def publishable(corpus: Corpus, ctx: BuildContext) -> Corpus:
    """What this build publishes: the corpus without drafts, or all of it for a preview build."""
    return published(corpus, include_drafts=ctx.preview)


def draft_notes(corpus: Corpus, ctx: BuildContext) -> list[Diagnostic]:
    """IOC503 per draft a public build leaves out; IOC506 per draft a preview build holds."""
    if ctx.preview:
        return [
            diagnostic(
                "IOC506", Location(a.path, 1, 1, "/status"), f"{a.id} is a draft: this preview build holds it"
            )
            for a in drafts(corpus)
        ]
    return [
        diagnostic(
            "IOC503", Location(a.path, 1, 1, "/status"), f"{a.id} is a draft: left out of every output"
        )
        for a in drafts(corpus)
    ]


PREVIEW_FILE = "PREVIEW.txt"


def preview_notice(corpus: Corpus) -> Artifact:
    """dist/PREVIEW.txt of a preview build: what makes it one, so nobody publishes it by mistake."""
    held = [f"  {a.id}: {a.title.en}\n" for a in drafts(corpus)] or [
        "  (none: the corpus holds no draft now)\n"
    ]
    text = (
        "PREVIEW: this dist/ was built with `iocc build --include-drafts`. It holds these draft advisories,\n"
        "which are not published; do not publish or send anything in it.\n\n" + "".join(held)
    )
    return Artifact(PREVIEW_FILE, text.encode("utf-8"), advisory=None, items=(), tlp=Tlp.CLEAR)


@dataclass(frozen=True, slots=True, kw_only=True)
class Emitted:
    by_emitter: dict[str, tuple[Artifact, ...]]  # emitter name -> its artifacts, in name order
    notes: tuple[Diagnostic, ...]

    @property
    def artifacts(self) -> tuple[Artifact, ...]:
        return tuple(a for found in self.by_emitter.values() for a in found)


def emit_all(corpus: Corpus, ctx: BuildContext, only: Iterable[str] = ()) -> Emitted:
    """Run the registered emitters (all, or those named in `only`) over what this build publishes
    (`publishable`: drafts are left out with a note unless ctx.preview) and gather their output."""
    chosen = set(only)
    view = publishable(corpus, ctx)
    notes: list[Diagnostic] = draft_notes(corpus, ctx)
    by_emitter: dict[str, tuple[Artifact, ...]] = {}
    for name, emit in sorted(emitters().items()):
        if chosen and name not in chosen:
            continue
        emission = emit(view, ctx)
        notes.extend(emission.notes)
        by_emitter[name] = emission.artifacts
    notes.sort(key=sort_key)
    return Emitted(by_emitter=by_emitter, notes=tuple(notes))
