"""The `misp` emitter: a MISP feed in dist/misp/ (manifest.json, hashes.csv, <event-uuid>.json) at the build's TLP level.

Built with PyMISP without a MISP server; uuids are stable and timestamps come from locks/misp.lock.json
(see compiler.outputs.misp.plan), so MISP re-imports an event only when its content changed.
"""

from __future__ import annotations

from compiler.corpus.memory import paused_gc
from compiler.corpus.model import Corpus
from compiler.diagnostics import Location, diagnostic
from compiler.locks.content import LockError
from compiler.outputs.artifact import Artifact, BuildContext, Emission
from compiler.outputs.misp.feed import feed_files
from compiler.outputs.misp.plan import LOCK_NAME, plan


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    with paused_gc():
        return _emit(corpus, ctx)


def _emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    try:
        feed = plan(corpus, ctx)
    except LockError as exc:
        where = Location(f"locks/{LOCK_NAME}", 1, 1, "")
        note = diagnostic("IOC504", where, str(exc), hint="`iocc lock` writes a new one")
        return Emission(artifacts=(), notes=(note,))
    files = feed_files(feed, ctx.tlp)
    return Emission(
        artifacts=tuple(
            Artifact(f"misp/{name}", f.data, advisory=f.advisory, items=f.items, tlp=f.tlp)
            for name, f in sorted(files.items())
        )
    )
