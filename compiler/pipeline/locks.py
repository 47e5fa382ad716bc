"""The lock files in locks/ as one step: what each keeper wants, written by `iocc lock`, compared by
`iocc build --locked` and `iocc lock --check`.

A stale lock is reported once, as one IOC501 line per lock file with the counts ("STIX lock: 35 objects
new or changed"); each object behind the count is an IOC505 note at its source, listed with --notes.

Locks version what is published, so a keeper sees the corpus without drafts (compiler.corpus.view) in
every build, a preview build too: a draft turning final is one `iocc lock`, whose objects are all new.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Final

from compiler.corpus.model import Corpus
from compiler.corpus.view import published
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.files.safepath import LinkRefused, read_bytes
from compiler.locks import LockError, LockState
from compiler.locks.content import NOT_STALE, Change, write_bytes
from compiler.outputs.artifact import BuildContext
from compiler.outputs.registry import lock_keepers

HINT: Final = "run `iocc lock` and commit locks/"
_WHAT: Final = {
    "new": "is new since the lock was written",
    "changed": "changed since the lock was written",
    "removed": "is gone from the corpus and will be published revoked",
    "metadata": "moved to another advisory or TLP level since the lock was written",
}
_COUNTED: Final = {"new": "new", "changed": "changed", "removed": "gone", "metadata": "moved"}


def lock_states(corpus: Corpus, ctx: BuildContext) -> list[LockState]:
    """What every lock should hold for this corpus, dated at ctx.as_of (raises LockError when a lock could not
    be read)."""
    view = published(corpus)
    return [keep(view, ctx) for _, keep in sorted(lock_keepers().items())]


def write_locks(states: list[LockState], root: Path) -> list[str]:
    """Write the locks that differ; the names of those written."""
    return [s.name for s in states if write_bytes(root / "locks" / s.name, s.data)]


def stale_locks(corpus: Corpus, ctx: BuildContext) -> list[Diagnostic]:
    """IOC501 per lock file that does not match the corpus (IOC504 when one cannot be read), with an IOC505
    note per object behind it. Staleness does not depend on the as-of date, so the context's is not used."""
    found: list[Diagnostic] = []
    view = published(corpus)
    undated = replace(ctx, as_of="1970-01-01")
    for name, keep in sorted(lock_keepers().items()):
        try:
            state = keep(view, undated)
        except LockError as exc:
            found.append(diagnostic("IOC504", Location(f"locks/{name}", 1, 1, ""), str(exc)))
            continue
        found.extend(_stale(state, ctx.root))
    return found


def _stale(state: LockState, root: Path) -> list[Diagnostic]:
    rel = f"locks/{state.name}"
    path = root / "locks" / state.name
    if not path.is_file() and not path.is_symlink():
        return [
            diagnostic(
                "IOC501", Location(rel, 1, 1, ""), f"{state.label} lock: {rel} does not exist yet", hint=HINT
            )
        ]
    try:
        held = read_bytes(path, root)
    except LinkRefused as exc:
        return [diagnostic("IOC504", Location(rel, 1, 1, ""), exc.describe(root))]
    except OSError as exc:
        return [diagnostic("IOC504", Location(rel, 1, 1, ""), f"cannot read {rel}: {exc.strerror}")]
    if held == state.data:
        return []
    changes = [c for c in state.changes if c.kind not in NOT_STALE]
    counts = Counter(_COUNTED.get(c.kind, c.kind) for c in changes)
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "its content differs"
    objects = f"{len(changes)} object(s): " if changes else ""
    head = diagnostic("IOC501", Location(rel, 1, 1, ""), f"{state.label} lock: {objects}{summary}", hint=HINT)
    return [head, *(_one(c, rel) for c in changes)]


def _one(change: Change, lock_file: str) -> Diagnostic:
    source, pointer = change.origin
    where = Location(source or lock_file, 1, 1, pointer)
    return diagnostic("IOC505", where, f"{change.id} {_WHAT.get(change.kind, change.kind)} ({lock_file})")
