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
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import orjson

from compiler.model import Advisory, Corpus
from compiler.stix.common import (
    IDENTITY,
    IDENTITY_ID,
    SPEC_VERSION,
    TLP_MARKING_IDS,
    StixObject,
    content_hash,
    instant,
    sdo_id,
    tlp_marking,
)
from compiler.stix.common import timestamp as ts
from compiler.stix.graph import Graph, Node, _head, _mark, build_graph
from compiler.stix.lock import Entry, Record, Versioning, read_lock, version
from compiler.vocab import Tlp

LOCK_NAME: Final = "stix.lock.json"
TYPE_ORDER: Final = (
    "identity", "marking-definition", "report", "intrusion-set", "threat-actor", "location", "malware",
    "attack-pattern", "vulnerability", "indicator", "relationship",
)  # fmt: skip
TYPE_RANK: Final = {t: i for i, t in enumerate(TYPE_ORDER)}
LEVELS: Final = tuple(sorted(Tlp, key=lambda t: t.rank))
# Properties the lock need not store: the id is its key, the marking follows from its TLP, the rest is fixed.
DERIVED: Final = frozenset({"type", "spec_version", "id", "created_by_ref", "object_marking_refs"})


@dataclass(slots=True)
class State:
    graph: Graph
    reports: dict[Tlp, list[Node]]
    versioning: Versioning


def lock_path(root: Path) -> Path:
    return root / "locks" / LOCK_NAME


def prepare(corpus: Corpus, root: Path, as_of: str) -> State:
    """The graph, its reports for every level, dated against locks/stix.lock.json (LockError if unreadable)."""
    graph = build_graph(corpus)
    reports = {level: _reports(graph, level) for level in LEVELS}
    nodes: dict[str, Node] = dict(graph.nodes)
    for level in LEVELS:
        nodes.update((r.id, r) for r in reports[level])
    versioning = version(_records(nodes.values()), read_lock(lock_path(root)), ts(as_of))
    return State(graph=graph, reports=reports, versioning=versioning)


def _records(nodes: Iterable[Node]) -> Iterable[Record]:
    for n in sorted(nodes, key=lambda n: n.id):
        body = n.obj if n.revoked_at is None else {**n.obj, "revoked": True}
        yield Record(
            id=n.id,
            hash=content_hash(body, frozenset()),
            created=n.created,
            revoked_at=n.revoked_at,
            tlp=n.tlp,
            advisories=tuple(sorted(n.advisories)),
            stub={k: v for k, v in n.obj.items() if k not in DERIVED},
            origin=n.origin,
        )


def allowed(graph: Graph, level: Tlp, tlp: Tlp, advisories: Iterable[str]) -> bool:
    """An object may appear at `level` when its own marking and one of its advisories' markings allow it."""
    if not level.allows(tlp):
        return False
    return any(a in graph.advisories and level.allows(graph.advisories[a].tlp) for a in advisories)


def included(graph: Graph, level: Tlp) -> dict[str, Node]:
    """The graph's nodes that an output of `level` holds (relationships only with both ends)."""
    out = {
        k: n
        for k, n in graph.nodes.items()
        if n.obj["type"] != "relationship" and allowed(graph, level, n.tlp, n.advisories)
    }
    for k, n in graph.nodes.items():
        ends = n.obj.get("source_ref") in out and n.obj.get("target_ref") in out
        if n.obj["type"] == "relationship" and ends and allowed(graph, level, n.tlp, n.advisories):
            out[k] = n
    return out


def _reports(graph: Graph, level: Tlp) -> list[Node]:
    by_advisory: dict[str, list[tuple[str, Tlp]]] = defaultdict(list)
    for n in included(graph, level).values():
        for a in n.advisories:
            by_advisory[a].append((n.id, n.tlp))
    for o in graph.observables.values():
        if allowed(graph, level, o.tlp, o.advisories):
            for a in o.advisories:
                by_advisory[a].append((o.obj["id"], o.tlp))
    reports = []
    for adv in sorted(graph.advisories.values(), key=lambda a: a.id):
        if not level.allows(adv.tlp):
            continue
        refs = by_advisory.get(adv.id, [])
        mark = max([adv.tlp, *(t for _, t in refs)], key=lambda t: t.rank)
        object_refs = sorted(k for k, _ in refs) or [IDENTITY_ID]
        node = Node(
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
    return sdo_id("report", {"advisory": advisory_id, "tlp": mark.value})


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
    out: StixObject = {
        "type": obj["type"],
        "spec_version": obj["spec_version"],
        "id": obj["id"],
        "created_by_ref": obj["created_by_ref"],
        "created": created,
        "modified": modified,
    }
    if revoked:
        out["revoked"] = True
    out.update(obj)
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
    """Every object an output of one level may hold, finalised, and which advisories each belongs to."""

    level: Tlp
    objects: dict[str, StixObject]
    by_advisory: dict[str, list[str]]


def pool_at(state: State, level: Tlp) -> Pool:
    graph, v = state.graph, state.versioning
    objects: dict[str, StixObject] = {}
    by_advisory: dict[str, list[str]] = defaultdict(list)

    def put(k: str, obj: StixObject, advisories: Iterable[str]) -> None:
        objects[k] = obj
        for a in advisories:
            by_advisory[a].append(k)

    for k, n in [*included(graph, level).items(), *((r.id, r) for r in state.reports[level])]:
        if k not in v.tombstones:
            ver = v.versions[k]
            put(k, finalize(n.obj, ver.created, ver.modified, n.revoked_at is not None), n.advisories)
    for k, e in v.tombstones.items():
        if level.allows(e.tlp):
            put(k, _tombstone(k, e), e.advisories)
    for k, o in graph.observables.items():
        if allowed(graph, level, o.tlp, o.advisories):
            put(k, o.obj, o.advisories)
    return Pool(level=level, objects=objects, by_advisory=by_advisory)


def select(pool: Pool, advisory: str | None = None) -> list[StixObject]:
    """The objects of one bundle: the whole pool (advisory=None) or one advisory's part of it."""
    if advisory is None:
        chosen = dict(pool.objects)
    else:
        chosen = {k: pool.objects[k] for k in pool.by_advisory.get(advisory, ())}
    _close(chosen, pool.objects)
    markings = {m for obj in chosen.values() for m in obj.get("object_marking_refs", ())}
    markings |= set(IDENTITY["object_marking_refs"])
    head = [IDENTITY, *(tlp_marking(t) for t in LEVELS if TLP_MARKING_IDS[t] in markings)]
    body = sorted(chosen.values(), key=lambda o: (TYPE_RANK.get(o["type"], 99), o["id"]))
    return [*head, *body]


def _close(chosen: dict[str, StixObject], pool: dict[str, StixObject]) -> None:
    """Make every reference resolve inside the bundle: pull in what is available, trim what is not."""
    for k in sorted(chosen):
        obj = chosen[k]
        for prop in ("source_ref", "target_ref", "parent_directory_ref"):
            ref = obj.get(prop)
            if ref is not None and ref not in chosen and ref in pool:
                chosen[ref] = pool[ref]
    for k in sorted(chosen):
        obj = chosen[k]
        if any(obj.get(p) is not None and obj[p] not in chosen for p in ("source_ref", "target_ref")):
            del chosen[k]  # a revoked relationship whose end this output does not hold
        elif "object_refs" in obj and any(r not in chosen for r in obj["object_refs"]):
            refs = [r for r in obj["object_refs"] if r in chosen] or [IDENTITY_ID]
            chosen[k] = {**obj, "object_refs": refs}


def bundle_bytes(scope: str, level: Tlp, objects: list[StixObject]) -> bytes:
    """A bundle as indented JSON; its id depends on the scope and on every (id, modified) it holds."""
    digest = hashlib.sha256()
    parts = []
    for obj in objects:
        digest.update(f"{obj['id']}|{obj.get('modified', '')}\n".encode())
        parts.append(b"    " + orjson.dumps(obj, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    "))
    bundle_id = sdo_id("bundle", {"scope": scope, "tlp": level.value, "content": digest.hexdigest()})
    head = f'{{\n  "type": "bundle",\n  "id": "{bundle_id}",\n  "objects": [\n'.encode()
    return head + b",\n".join(parts) + b"\n  ]\n}\n"
