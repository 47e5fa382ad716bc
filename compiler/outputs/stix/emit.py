"""The `stix` emitter: dist/stix/<advisory-id>.json per advisory and dist/stix/all.json, at the build's TLP level.

Objects are plain dicts serialised with orjson (the stix2 library checks them in the tests); ids are
deterministic and `modified` comes from locks/stix.lock.json (see compiler.locks.content).
"""

from __future__ import annotations

from typing import Final

from compiler.corpus.memory import paused_gc
from compiler.corpus.model import Corpus
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.locks.content import LockError
from compiler.outputs.artifact import Artifact, BuildContext, Emission, strictest
from compiler.outputs.stix.bundle import LOCK_NAME, BundleWriter, State, pool_at, prepare, select
from compiler.outputs.stix.common import TLP_MARKING_IDS, StixObject


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    with paused_gc():
        return _emit(corpus, ctx)


def _emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    try:
        state = prepare(corpus, ctx)
    except LockError as exc:
        return Emission(artifacts=(), notes=(_lock_error(exc),))
    pool = pool_at(state, ctx.tlp)
    writer = BundleWriter()
    everything = select(pool)
    artifacts = [_bundle(state, "stix/all.json", None, writer.write("all", ctx.tlp, everything), everything)]
    for adv_id, adv in sorted(state.graph.advisories.items()):
        if ctx.tlp.allows(adv.tlp):
            objects = select(pool, adv_id)
            data = writer.write(adv_id, ctx.tlp, objects)
            artifacts.append(_bundle(state, f"stix/{adv_id}.json", adv_id, data, objects))
    return Emission(artifacts=tuple(artifacts), notes=tuple(notes(state)))


_LEVEL_OF: Final = {marking: level for level, marking in TLP_MARKING_IDS.items()}


def _bundle(
    state: State, path: str, advisory: str | None, data: bytes, objects: list[StixObject]
) -> Artifact:
    """A bundle with its metadata: the indicators its indicator objects stand for and its strictest marking
    (the marking definitions themselves are not content)."""
    nodes = state.graph.nodes
    items = sorted({nodes[o["id"]].item for o in objects if o["id"] in nodes and nodes[o["id"]].item})
    marks = {
        m for o in objects if o["type"] != "marking-definition" for m in o.get("object_marking_refs", ())
    }
    tlp = strictest(_LEVEL_OF[m] for m in marks if m in _LEVEL_OF)
    return Artifact(path, data, advisory=advisory, items=tuple(items), tlp=tlp)


def stix_objects(corpus: Corpus, ctx: BuildContext) -> list[StixObject]:
    """The objects of dist/stix/all.json (for the benchmark: json.dumps of these against `emit`)."""
    return select(pool_at(prepare(corpus, ctx), ctx.tlp))


def notes(state: State) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: set[tuple[str, str]] = set()
    for change in state.versioning.changes:
        if change.kind in ("revived", "frozen") and change.origin not in seen:
            seen.add(change.origin)  # an indicator's relationships come back with it: one note for all
            path, pointer = change.origin
            what = "is back" if change.kind == "revived" else "changed"
            found.append(
                diagnostic(
                    "IOC502",
                    Location(path, 1, 1, pointer),
                    f"{change.id} was revoked earlier and {what}; its revoked version stays published",
                    hint="a revoked STIX object has no later versions: give the indicator a new identity "
                    "(another set or value)",
                )
            )
    return found


def _lock_error(exc: LockError) -> Diagnostic:
    where = Location(f"locks/{LOCK_NAME}", 1, 1, "")
    return diagnostic("IOC504", where, str(exc), hint="`iocc lock` writes a new one")
