"""What every emitter hands to the pipeline: artifacts and notes, and the options of the build it runs in.

An emitter never writes files and never changes the model. It returns an `Emission`: the
artifacts (paths relative to dist/) and notes, e.g. an indicator type the format cannot express,
which is reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from compiler.corpus.model import Corpus
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Artifact:
    path: str  # relative to dist/, posix separators
    data: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class Emission:
    artifacts: tuple[Artifact, ...]
    notes: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildContext:
    """Options of one build. Nothing here comes from the clock or the machine."""

    root: Path  # repository root (locks/ lives there)
    tlp: Tlp = Tlp.CLEAR  # the most restrictive marking an output may carry
    as_of: str = "1970-01-01"  # reference date (YYYY-MM-DD) for valid_until; see pipeline.as_of_date
    preview: bool = False  # `--include-drafts`: drafts are in (compiler.corpus.view), outputs say so
    options: dict[str, str] = field(default_factory=dict)

    @property
    def locks_dir(self) -> Path:
        return self.root / "locks"


Emitter = Callable[[Corpus, BuildContext], Emission]
