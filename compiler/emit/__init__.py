"""Emitters: pure functions from the Corpus to artifacts. One module per format, one registry.

An emitter never writes files and never changes the model. It returns an `Emission`: the
artifacts (paths relative to dist/) and notes, e.g. an indicator type the format cannot express,
which is reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from compiler.diagnostics import Diagnostic
from compiler.model import Corpus
from compiler.vocab import Tlp


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
    from compiler.emit import email

    registry["email"] = email.emit
    from compiler.emit import csaf

    registry["csaf"] = csaf.emit
    from compiler.emit import patch

    registry["patch"] = patch.emit
    from compiler.emit import stix

    registry["stix"] = stix.emit
    from compiler.emit import misp

    registry["misp"] = misp.emit
    from compiler.emit import yara

    registry["yara"] = yara.emit
    from compiler.emit import sigma

    registry["sigma"] = sigma.emit
    from compiler.emit import queries

    registry["queries"] = queries.emit
    from compiler.emit import suricata

    registry["suricata"] = suricata.emit
    from compiler.emit import loki

    registry["loki"] = loki.emit
    from compiler.emit import chirp

    registry["chirp"] = chirp.emit
    from compiler.emit import csv

    registry["csv"] = csv.emit
    from compiler.emit import coverage

    registry["coverage"] = coverage.emit
    return registry


def emitters() -> dict[str, Emitter]:
    """EMITTERS, built on first use."""
    return _registry()
