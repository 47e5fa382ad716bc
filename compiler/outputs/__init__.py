"""Emitters: pure functions from the Corpus to artifacts. One module per format, one registry.

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
    options: dict[str, str] = field(default_factory=dict)

    @property
    def locks_dir(self) -> Path:
        return self.root / "locks"


Emitter = Callable[[Corpus, BuildContext], Emission]


def _registry() -> dict[str, Emitter]:
    # Imported here so `iocc check` never pays for the emitters' libraries.
    registry: dict[str, Emitter] = {}
    # emitter registry: one line per format, "name": module.emit
    from compiler.outputs.email import emit as email

    registry["email"] = email.emit
    from compiler.outputs.csaf import emit as csaf

    registry["csaf"] = csaf.emit
    from compiler.outputs import patch

    registry["patch"] = patch.emit
    from compiler.outputs.stix import emit as stix

    registry["stix"] = stix.emit
    from compiler.outputs.misp import emit as misp

    registry["misp"] = misp.emit
    from compiler.outputs.rules import yara

    registry["yara"] = yara.emit
    from compiler.outputs.rules import sigma

    registry["sigma"] = sigma.emit
    from compiler.outputs.rules import queries

    registry["queries"] = queries.emit
    from compiler.outputs.rules import suricata

    registry["suricata"] = suricata.emit
    from compiler.outputs.rules import loki

    registry["loki"] = loki.emit
    from compiler.outputs.rules import chirp

    registry["chirp"] = chirp.emit
    from compiler.outputs import csv

    registry["csv"] = csv.emit
    return registry


def emitters() -> dict[str, Emitter]:
    """EMITTERS, built on first use."""
    return _registry()
