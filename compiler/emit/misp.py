"""The `misp` emitter: a MISP feed in dist/misp/ (manifest.json, hashes.csv, <event-uuid>.json) at the build's TLP level.

Built with PyMISP without a MISP server; uuids are stable and timestamps come from locks/misp.lock.json
(see compiler.misp.plan), so MISP re-imports an event only when its content changed.
"""

from __future__ import annotations

from compiler.diagnostics import Location, diagnostic
from compiler.emit import Artifact, BuildContext, Emission
from compiler.memory import paused_gc
from compiler.misp.feed import feed_files
from compiler.misp.plan import lock_path, plan
from compiler.model import Corpus
from compiler.stix.lock import LockError


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    with paused_gc():
        return _emit(corpus, ctx)


def _emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    try:
        feed = plan(corpus, ctx.root, ctx.as_of)
    except LockError as exc:
        rel = lock_path(ctx.root).relative_to(ctx.root).as_posix()
        note = diagnostic("IOC504", Location(rel, 1, 1, ""), str(exc), hint="`iocc lock` writes a new one")
        return Emission(artifacts=(), notes=(note,))
    files = feed_files(feed, ctx.tlp)
    return Emission(artifacts=tuple(Artifact(f"misp/{name}", data) for name, data in sorted(files.items())))
