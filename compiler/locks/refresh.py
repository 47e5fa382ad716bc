"""Both content locks (STIX and MISP) as one step: compute, compare, report, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from compiler.corpus.model import Corpus
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.locks.content import NOT_STALE, Change, LockError, Versioning, write_lock
from compiler.outputs.misp import plan as misp_plan
from compiler.outputs.stix import bundle

SHOWN_PER_LOCK: Final = 50
_WHAT: Final = {
    "new": "is new since the lock was written",
    "changed": "changed since the lock was written",
    "removed": "is gone from the corpus and will be published revoked",
    "metadata": "moved to another advisory or TLP level since the lock was written",
}


@dataclass(frozen=True, slots=True)
class LockState:
    path: Path
    versioning: Versioning


def lock_states(corpus: Corpus, root: Path, as_of: str) -> list[LockState]:
    """What each lock should hold for this corpus (raises LockError when a lock cannot be read)."""
    return [
        LockState(bundle.lock_path(root), bundle.prepare(corpus, root, as_of).versioning),
        LockState(misp_plan.lock_path(root), misp_plan.plan(corpus, root, as_of).versioning),
    ]


def write_locks(states: list[LockState]) -> list[Path]:
    written = []
    for s in states:
        strip = bundle.DERIVED if s.path.name == bundle.LOCK_NAME else frozenset()
        if write_lock(s.path, s.versioning.lock, strip):
            written.append(s.path)
    return written


def stale_lock_diagnostics(corpus: Corpus, root: Path) -> list[Diagnostic]:
    """IOC501 for every object a lock does not match (IOC504 when a lock cannot be read); [] when both are current.

    Staleness does not depend on the as-of date, so none is asked for.
    """
    diagnostics: list[Diagnostic] = []
    for path in (bundle.lock_path(root), misp_plan.lock_path(root)):
        try:
            state = (
                bundle.prepare(corpus, root, "1970-01-01").versioning
                if path == bundle.lock_path(root)
                else misp_plan.plan(corpus, root, "1970-01-01").versioning
            )
        except LockError as exc:
            diagnostics.append(diagnostic("IOC504", Location(_rel(path, root), 1, 1, ""), str(exc)))
            continue
        diagnostics.extend(_stale(path, root, state))
    return diagnostics


def _stale(path: Path, root: Path, state: Versioning) -> list[Diagnostic]:
    lock_file = _rel(path, root)
    hint = "run `iocc lock` and commit locks/"
    if not path.exists():
        return [
            diagnostic("IOC501", Location(lock_file, 1, 1, ""), f"{lock_file} does not exist yet", hint=hint)
        ]
    changes = [c for c in state.changes if c.kind not in NOT_STALE]
    found = [_one(c, lock_file, hint) for c in changes[:SHOWN_PER_LOCK]]
    if len(changes) > SHOWN_PER_LOCK:
        more = len(changes) - SHOWN_PER_LOCK
        found.append(
            diagnostic("IOC501", Location(lock_file, 1, 1, ""), f"... and {more} more objects", hint=hint)
        )
    return found


def _one(change: Change, lock_file: str, hint: str) -> Diagnostic:
    source, pointer = change.origin
    where = Location(source or lock_file, 1, 1, pointer)
    return diagnostic("IOC501", where, f"{change.id} {_WHAT[change.kind]} ({lock_file})", hint=hint)


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
