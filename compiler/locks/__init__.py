"""Content versions of published objects, kept in locks/: STIX and MISP versions, Suricata SIDs.

The pipeline reads every lock once (compiler.locks.held) and hands them to the emitters. Each output that
versions what it publishes keeps one lock file and answers one question for the pipeline, through its
keeper (compiler.outputs.registry.lock_keepers): what should the file hold for this corpus, and which
objects changed since it was written. The pipeline alone writes the files (`iocc lock`) and reports a
stale one (`iocc build --locked`, `iocc lock --check`).
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.locks.content import Change, LockError

__all__ = ["Change", "LockError", "LockState"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LockState:
    """What one file in locks/ should hold for a corpus."""

    name: str  # file name in locks/
    label: str  # what the lock versions, for messages: "STIX", "MISP", "Suricata"
    data: bytes  # the file's content after `iocc lock`
    changes: tuple[Change, ...] = ()  # objects new, changed or gone since the file was written
