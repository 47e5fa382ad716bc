"""What every emitter hands to the pipeline: artifacts and notes, and the options of the build it runs in.

An emitter never writes files and never changes the model. It returns an `Emission`: the
artifacts (paths relative to dist/, each with its owner, its items and its TLP) and notes, e.g. an
indicator type the format cannot express, which is reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.corpus.model import Corpus, Indicator
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic
from compiler.locks.held import Locks
from compiler.outputs.settings import Settings

if TYPE_CHECKING:
    from compiler.detect.prove import Proof


@dataclass(frozen=True, slots=True)
class Artifact:
    """One file of dist/ with what the emitter that made it knows about it. The site's download lists,
    changes.json and `iocc diff` read these fields; nothing guesses them from file names or bytes."""

    path: str  # relative to dist/, posix separators
    data: bytes
    _: KW_ONLY
    advisory: str | None  # the advisory the file belongs to; None for a corpus-wide file (aggregate, index)
    items: tuple[str, ...]  # the indicators and rules it holds (Indicator.item_id), sorted
    tlp: Tlp  # the most restrictive marking of anything it holds


def strictest(levels: Iterable[Tlp]) -> Tlp:
    """The most restrictive of `levels`; TLP:CLEAR when there is none."""
    return max(levels, key=lambda t: t.rank, default=Tlp.CLEAR)


def item_ids(indicators: Iterable[Indicator]) -> tuple[str, ...]:
    """The sorted, distinct item ids of `indicators` (Artifact.items)."""
    return tuple(sorted({i.item_id for i in indicators}))


@dataclass(frozen=True, slots=True, kw_only=True)
class Emission:
    artifacts: tuple[Artifact, ...]
    notes: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildContext:
    """Everything one build hands its emitters besides the corpus: what it read once (config/, locks/, the
    proof on evidence/) and its options. Nothing here comes from the clock or the machine, and an emitter
    reads nothing else: compiler.outputs.context makes one for a repository."""

    root: Path  # repository root: the site and changes.json read from it; emitters only resolve options
    settings: Settings  # config/, read once
    locks: Locks  # locks/, read once
    tlp: Tlp = Tlp.CLEAR  # the most restrictive marking an output may carry
    as_of: str = "1970-01-01"  # reference date (YYYY-MM-DD) for valid_until; see pipeline.as_of_date
    preview: bool = False  # `--include-drafts`: drafts are in (compiler.corpus.view), outputs say so
    options: dict[str, str] = field(default_factory=dict)
    evidence: Proof | None = None  # every rule proven on evidence/ (the coverage output); None: no proof


Emitter = Callable[[Corpus, BuildContext], Emission]
