"""The flow as library calls: check -> emit -> write. Each stage takes the previous stage's value.

`check` (compiler.validate.run) loads, validates and assembles the corpus; `emit_all` runs every
registered emitter over it. The verbs in compiler.cli are thin wrappers around these calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from compiler.corpus import asof
from compiler.corpus.model import Corpus
from compiler.diagnostics import Diagnostic, sort_key
from compiler.outputs.artifact import Artifact, BuildContext
from compiler.outputs.registry import emitters
from compiler.validate.run import CheckResult, CorpusError, check, find_root, load_corpus, relocate

__all__ = [
    "CheckResult",
    "CorpusError",
    "Emitted",
    "as_of_date",
    "check",
    "emit_all",
    "find_root",
    "load_corpus",
    "relocate",
]


def as_of_date(corpus: Corpus, explicit: str | None = None, root: Path | None = None) -> str:
    """The reference date for validity (compiler.corpus.asof): --as-of, else SOURCE_DATE_EPOCH, else the latest
    advisory `modified` in the data. Never the wall clock. Raises ValueError on a malformed date."""
    return asof.reference_date(corpus, explicit, root)


@dataclass(frozen=True, slots=True, kw_only=True)
class Emitted:
    by_emitter: dict[str, tuple[Artifact, ...]]  # emitter name -> its artifacts, in name order
    notes: tuple[Diagnostic, ...]

    @property
    def artifacts(self) -> tuple[Artifact, ...]:
        return tuple(a for found in self.by_emitter.values() for a in found)


def emit_all(corpus: Corpus, ctx: BuildContext, only: Iterable[str] = ()) -> Emitted:
    """Run the registered emitters (all, or those named in `only`) and gather their output."""
    chosen = set(only)
    notes: list[Diagnostic] = []
    by_emitter: dict[str, tuple[Artifact, ...]] = {}
    for name, emit in sorted(emitters().items()):
        if chosen and name not in chosen:
            continue
        emission = emit(corpus, ctx)
        notes.extend(emission.notes)
        by_emitter[name] = emission.artifacts
    notes.sort(key=sort_key)
    return Emitted(by_emitter=by_emitter, notes=tuple(notes))
