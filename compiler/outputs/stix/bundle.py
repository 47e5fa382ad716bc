"""Versioned STIX objects and TLP-filtered bundles.

`prepare()` turns the corpus into the graph, adds one report per advisory and output level, and dates
everything against the lock. `select()` picks what one bundle holds at one TLP level: only objects
the level allows, every reference resolvable inside the bundle, every marking that is used.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

import orjson

from compiler.corpus.ids import stix_id
from compiler.corpus.model import Advisory, Corpus
from compiler.corpus.vocab import Tlp
from compiler.locks import LockState
from compiler.locks.content import Entry, Record, Versioning, lock_bytes, version
from compiler.locks.held import STIX_LOCK
from compiler.outputs.artifact import BuildContext
from compiler.outputs.stix.common import (
    IDENTITY,
    IDENTITY_ID,
    SPEC_VERSION,
    TLP_MARKING_IDS,
    StixObject,
    instant,
    tlp_marking,
)
from compiler.outputs.stix.common import timestamp as ts
from compiler.outputs.stix.graph import RANK, Graph, Node, Observable, _head, _mark, build_graph

LOCK_NAME: Final = STIX_LOCK
LEVELS: Final = tuple(sorted(Tlp, key=lambda t: t.rank))
# Properties the lock need not store: the id is its key, the marking follows from its TLP, the rest is fixed.
DERIVED: Final = frozenset(
    {"type", "spec_version", "id", "created_by_ref", "created", "modified", "object_marking_refs"}
)


@dataclass(slots=True)
class State:
    graph: Graph
    reports: dict[Tlp, list[Node]]
    versioning: Versioning


def lock_state(corpus: Corpus, ctx: BuildContext) -> LockState:
    """What locks/stix.lock.json should hold (the lock keeper of the `stix` output)."""
    versioning = prepare(corpus, ctx).versioning
    return LockState(
        name=LOCK_NAME,
        label="STIX",
        data=lock_bytes(versioning.lock, DERIVED),
        changes=tuple(versioning.changes),
    )


def prepare(corpus: Corpus, ctx: BuildContext) -> State:
    """The graph, its reports for every level, dated against locks/stix.lock.json as the build read it
    (LockError if it could not be read)."""
    graph = build_graph(corpus)
    # Levels that see the same objects get the same reports: compute each distinct set once.
    ranks = sorted(
        {n.need for n in graph.nodes.values()}
        | {o.need for o in graph.observables.values()}
        | {RANK[a.tlp] for a in graph.advisories.values()}
    )
    made: dict[int, list[Node]] = {}
    reports: dict[Tlp, list[Node]] = {}
    for level in LEVELS:
        key = max((r for r in ranks if r <= RANK[level]), default=-1)
        if key not in made:
            made[key] = _reports(graph, level)
        reports[level] = made[key]
    nodes: dict[str, Node] = dict(graph.nodes)
    for level in LEVELS:
        nodes.update((r.id, r) for r in reports[level])
    versioning = version(_records(nodes.values()), ctx.locks.stix.get(), ts(ctx.as_of))
    return State(graph=graph, reports=reports, versioning=versioning)


def _records(nodes: Iterable[Node]) -> list[Record]:
    out = []
    for n in nodes:
        body = n.obj if n.revoked_at is None else {**n.obj, "revoked": True}
        digest = hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]
        advisories = tuple(n.advisories) if len(n.advisories) == 1 else tuple(sorted(n.advisories))
        # the stub is the object itself: the lock leaves out DERIVED properties when it writes the file
        out.append(Record(n.id, digest, n.created, n.revoked_at, n.tlp, advisories, n.obj, n.origin))
    return out


def included(graph: Graph, level: Tlp) -> dict[str, Node]:
    """The graph's nodes that an output of `level` holds (relationships only with both ends)."""
    if level in graph.seen_at:
        return graph.seen_at[level]
    rank = RANK[level]
    nodes = graph.nodes.items()
    out = {k: n for k, n in nodes if n.need <= rank and n.obj["type"] != "relationship"}
    for k, n in nodes:
        ends = n.obj.get("source_ref") in out and n.obj.get("target_ref") in out
        if n.need <= rank and n.obj["type"] == "relationship" and ends:
            out[k] = n
    graph.seen_at[level] = out
    return out


def observables_at(graph: Graph, level: Tlp) -> dict[str, Observable]:
    rank = RANK[level]
    return {k: o for k, o in graph.observables.items() if o.need <= rank}


def _reports(graph: Graph, level: Tlp) -> list[Node]:
    by_advisory: dict[str, list[tuple[str, Tlp]]] = defaultdict(list)
    for n in included(graph, level).values():
        for a in n.advisories:
            by_advisory[a].append((n.id, n.tlp))
    for k, o in observables_at(graph, level).items():
        for a in o.advisories:
            by_advisory[a].append((k, o.tlp))
    reports = []
    for adv in sorted(graph.advisories.values(), key=lambda a: a.id):
        if not level.allows(adv.tlp):
            continue
        refs = by_advisory.get(adv.id, [])
        mark = max([adv.tlp, *(t for _, t in refs)], key=lambda t: t.rank)
        object_refs = sorted(k for k, _ in refs) or [IDENTITY_ID]
        node = Node(
            id=report_id(adv.id, mark),
            obj=_mark(_report(adv, mark, object_refs), mark),
            created=ts(adv.published),
            tlp=mark,
            advisories={adv.id},
            origin=(adv.path, ""),
            revoked_at=ts(adv.modified) if adv.status == "withdrawn" else None,
        )
        reports.append(node)
    return reports


def report_id(advisory_id: str, mark: Tlp) -> str:
    """One report per advisory and marking: a TLP:CLEAR output and a TLP:AMBER one list different objects."""
    return stix_id("report", {"advisory": advisory_id, "tlp": mark.value})


def _report(adv: Advisory, mark: Tlp, object_refs: list[str]) -> StixObject:
    obj = _head("report", report_id(adv.id, mark))
    obj["name"] = adv.title.en
    obj["description"] = adv.summary.en
    obj["report_types"] = ["threat-report"]
    obj["published"] = instant(adv.published)
    obj["object_refs"] = object_refs
    obj["labels"] = [f"severity:{adv.severity}"]
    refs: list[dict[str, str]] = [{"source_name": "iocc", "external_id": adv.id}]
    for r in adv.resources:
        refs.append(
            {"source_name": urlsplit(r.url).hostname or "web", "url": r.url, "description": r.title.en}
        )
    obj["external_references"] = refs
    return obj


def finalize(obj: StixObject, created: str, modified: str, revoked: bool) -> StixObject:
    if not revoked and "modified" in obj:  # the common case: fill the placeholders, keep the key order
        out = dict(obj)
        out["created"] = created
        out["modified"] = modified
        return out
    out = {
        "type": obj["type"],
        "spec_version": obj["spec_version"],
        "id": obj["id"],
        "created_by_ref": obj["created_by_ref"],
        "created": created,
        "modified": modified,
    }
    if revoked:
        out["revoked"] = True
    out.update((k, v) for k, v in obj.items() if k not in ("created", "modified"))
    return out


def _tombstone(object_id: str, entry: Entry) -> StixObject:
    head: StixObject = {
        "type": object_id.partition("--")[0],
        "spec_version": SPEC_VERSION,
        "id": object_id,
        "created_by_ref": IDENTITY_ID,
    }
    return finalize(
        {**head, **entry.stub, "object_marking_refs": [TLP_MARKING_IDS[entry.tlp]]},
        entry.created,
        entry.modified,
        True,
    )


@dataclass(slots=True)
class Pool:
    """Every object an output of one level may hold, finalised and sorted by id (so grouped by type), with
    every reference resolvable, and which advisories each belongs to."""

    level: Tlp
    objects: dict[str, StixObject]
    by_advisory: dict[str, list[str]]
    linked: list[str]  # ids of the objects that point at others (relationships, files in folders, reports)

    @property
    def body(self) -> list[StixObject]:
        return list(self.objects.values())


def pool_at(state: State, level: Tlp) -> Pool:
    graph, v = state.graph, state.versioning
    found: dict[str, StixObject] = {}
    advs: dict[str, Iterable[str]] = {}
    for k, n in [*included(graph, level).items(), *((r.id, r) for r in state.reports[level])]:
        if k not in v.tombstones:
            ver = v.versions[k]
            found[k] = finalize(n.obj, ver.created, ver.modified, n.revoked_at is not None)
            advs[k] = n.advisories
    tombstones = [k for k, e in v.tombstones.items() if level.allows(e.tlp)]
    for k in tombstones:
        found[k] = _tombstone(k, v.tombstones[k])
        advs[k] = v.tombstones[k].advisories
    for k, o in observables_at(graph, level).items():
        found[k] = {**o.obj, "object_marking_refs": [TLP_MARKING_IDS[o.tlp]]}
        advs[k] = o.advisories
    # Live objects resolve by construction; revoked ones from the lock may point at what this level leaves out.
    _close(found, dict(found), sorted(tombstones))
    keys = sorted(found)
    objects = {k: found[k] for k in keys}
    by_advisory: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        for a in advs[k]:
            by_advisory[a].append(k)
    linked = [k for k in keys if objects[k]["type"] in _LINKED]
    return Pool(level=level, objects=objects, by_advisory=by_advisory, linked=linked)


def select(pool: Pool, advisory: str | None = None) -> list[StixObject]:
    """The objects of one bundle: the whole pool (advisory=None) or one advisory's part of it."""
    if advisory is None or len(pool.by_advisory.get(advisory, ())) == len(pool.objects):
        body = pool.body  # everything (no closure needed: the pool is closed)
    else:
        chosen = {k: pool.objects[k] for k in pool.by_advisory.get(advisory, ()) if k in pool.objects}
        body = list(chosen.values())
        if _close(chosen, pool.objects, pool.linked):
            body = [chosen[k] for k in sorted(chosen)]
    markings = {m for o in body for m in o["object_marking_refs"]} | set(IDENTITY["object_marking_refs"])
    head = [IDENTITY, *(tlp_marking(t) for t in LEVELS if TLP_MARKING_IDS[t] in markings)]
    return [*head, *body]


_LINKED: Final = frozenset({"relationship", "file", "report"})


def _ends(obj: StixObject) -> tuple[str, ...]:
    kind = obj["type"]
    if kind == "relationship":
        return (obj["source_ref"], obj["target_ref"])
    if kind == "file" and "parent_directory_ref" in obj:
        return (obj["parent_directory_ref"],)
    return ()


def _close(chosen: dict[str, StixObject], pool: dict[str, StixObject], linked: Iterable[str]) -> bool:
    """Make the references of the `linked` objects resolve inside the bundle: pull in what the pool has,
    drop or trim what it has not. True when the bundle changed."""
    changed = False
    candidates = [k for k in linked if k in chosen]
    for k in candidates:
        for ref in _ends(chosen[k]):
            if ref not in chosen and ref in pool:
                chosen[ref] = pool[ref]
                changed = True
    for k in candidates:
        obj = chosen[k]
        if any(ref not in chosen for ref in _ends(obj)):
            del chosen[k]  # a revoked relationship whose end this output does not hold
            changed = True
        elif obj["type"] == "report" and any(r not in chosen for r in obj["object_refs"]):
            refs = [r for r in obj["object_refs"] if r in chosen] or [IDENTITY_ID]
            chosen[k] = {**obj, "object_refs": refs}
            changed = True
    return changed


_PLACEHOLDER: Final = "bundle--00000000-0000-0000-0000-000000000000"


class BundleWriter:
    """Writes bundles as indented JSON; each bundle's id depends on its scope and on the bytes of what it
    holds. Two bundles with the same objects (one advisory holding all of all.json) are serialised once."""

    def __init__(self) -> None:
        self._last: tuple[list[StixObject], bytes, str] | None = None

    def write(self, scope: str, level: Tlp, objects: list[StixObject]) -> bytes:
        if self._last is not None and _same(self._last[0], objects):
            _, data, digest = self._last
        else:
            bundle = {"type": "bundle", "id": _PLACEHOLDER, "objects": objects}
            data = orjson.dumps(bundle, option=orjson.OPT_INDENT_2)
            digest = hashlib.sha256(data).hexdigest()
            self._last = (objects, data, digest)
        bundle_id = stix_id("bundle", {"scope": scope, "tlp": level.value, "content": digest})
        at = data.index(_PLACEHOLDER.encode())  # near the start: one copy of the rest, with the final newline
        return b"".join((data[:at], bundle_id.encode(), memoryview(data)[at + len(_PLACEHOLDER) :], b"\n"))


def _same(a: list[StixObject], b: list[StixObject]) -> bool:
    return len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))


def bundle_bytes(scope: str, level: Tlp, objects: list[StixObject]) -> bytes:
    return BundleWriter().write(scope, level, objects)
