"""What the MISP feed holds, as plain data, and its versioning against locks/misp.lock.json.

An event per advisory and marking (like the STIX reports: a TLP:CLEAR feed and a TLP:AMBER one hold
different attributes, so they are different events), an attribute per indicator plus one per CVE.
Uuids are UUIDv5 of what identifies them. A withdrawn indicator becomes a deleted attribute; one that
left the corpus too (the lock remembers it). Timestamps move only when content moves (the rules of
compiler.locks.content, in whole seconds), and an event is never older than its newest attribute.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from compiler.corpus.ids import stable_uuid
from compiler.corpus.kinds import kind
from compiler.corpus.model import Advisory, Corpus, Indicator, IndicatorSet
from compiler.corpus.vocab import Tlp
from compiler.locks import LockState
from compiler.locks.content import Entry, Record, Versioning, lock_bytes, version
from compiler.locks.held import MISP_LOCK
from compiler.outputs.artifact import BuildContext
from compiler.outputs.stix.common import content_hash, timestamp
from compiler.outputs.stix.patterns import pattern

LOCK_NAME: Final = MISP_LOCK
LEVELS: Final = tuple(sorted(Tlp, key=lambda t: t.rank))
THREAT_LEVELS: Final = {"critical": 1, "high": 1, "medium": 2, "low": 3}


@dataclass(slots=True)
class PlannedAttribute:
    uuid: str
    fields: dict[str, Any]  # type, category, value, comment, to_ids, deleted, first_seen?, tags
    created: str  # STIX-style timestamp
    revoked_at: str | None
    tlp: Tlp
    origin: tuple[str, str]
    item: str = ""  # the Indicator.item_id it stands for ("" for a CVE)


@dataclass(slots=True)
class PlannedEvent:
    uuid: str
    advisory: Advisory
    mark: Tlp
    fields: dict[str, Any]  # info, date, threat_level_id, analysis, tags
    attributes: list[PlannedAttribute] = field(default_factory=list)


@dataclass(slots=True)
class Feed:
    events: dict[Tlp, list[PlannedEvent]]
    versioning: Versioning  # attributes and events together, by uuid


def event_uuid(advisory_id: str, mark: Tlp) -> str:
    return stable_uuid("misp-event", {"advisory": advisory_id, "tlp": mark.value})


def lock_state(corpus: Corpus, ctx: BuildContext) -> LockState:
    """What locks/misp.lock.json should hold (the lock keeper of the `misp` output)."""
    versioning = plan(corpus, ctx).versioning
    return LockState(
        name=LOCK_NAME, label="MISP", data=lock_bytes(versioning.lock), changes=tuple(versioning.changes)
    )


def plan(corpus: Corpus, ctx: BuildContext) -> Feed:
    """Every level's events, dated against the lock as the build read it (LockError when it could not be)."""
    events: dict[Tlp, list[PlannedEvent]] = {}
    made: dict[tuple[str, tuple[str, ...]], PlannedEvent] = {}  # levels that see the same sets share events
    for level in LEVELS:
        events[level] = []
        for adv in corpus.advisories:
            if not level.allows(adv.tlp):
                continue
            chosen = tuple(s for s in corpus.sets_of(adv.id) if level.allows(s.tlp))
            key = (adv.id, tuple(s.id for s in chosen))
            if key not in made:
                made[key] = _event(adv, chosen)
            events[level].append(made[key])
    unique = {e.uuid: e for level in LEVELS for e in events[level]}
    old = ctx.locks.misp.get()
    stamp = timestamp(ctx.as_of)
    attrs = version(_attribute_records(unique.values()), _only(old, "attribute"), stamp, seconds=True)
    deleted: dict[str, list[str]] = defaultdict(list)
    for uuid, entry in attrs.tombstones.items():
        deleted[entry.stub["event"]].append(f"{uuid}:{entry.modified}")
    records = [
        _event_record(e, attrs, deleted.get(e.uuid, []))
        for e in sorted(unique.values(), key=lambda e: e.uuid)
    ]
    evs = version(records, _only(old, "event"), stamp, seconds=True)
    # An event is never older than its newest attribute (MISP pulls an event only when its timestamp moves).
    newest: dict[str, str] = defaultdict(str)
    for entry in attrs.lock.values():
        newest[entry.stub["event"]] = max(newest[entry.stub["event"]], entry.modified)
    for uuid, entry in list(evs.lock.items()):
        if newest[uuid] > entry.modified:
            evs.lock[uuid] = entry._replace(modified=newest[uuid])
            if uuid in evs.versions:
                evs.versions[uuid] = evs.versions[uuid]._replace(modified=newest[uuid])
            if uuid in evs.tombstones:
                evs.tombstones[uuid] = evs.lock[uuid]
    merged = Versioning(
        versions={**attrs.versions, **evs.versions},
        tombstones={**attrs.tombstones, **evs.tombstones},
        lock={**attrs.lock, **evs.lock},
        changes=[*attrs.changes, *evs.changes],
    )
    return Feed(events=events, versioning=merged)


def _only(old: Mapping[str, Entry], what: str) -> dict[str, Entry]:
    return {k: e for k, e in old.items() if e.stub.get("kind") == what}


def _attribute_records(events: Any) -> list[Record]:
    records = []
    for ev in sorted(events, key=lambda e: e.uuid):
        for a in ev.attributes:
            stub = {"kind": "attribute", "event": ev.uuid, **a.fields}
            records.append(
                Record(
                    id=a.uuid,
                    hash=content_hash(stub, frozenset()),
                    created=a.created,
                    revoked_at=a.revoked_at,
                    tlp=a.tlp,
                    advisories=(ev.advisory.id,),
                    stub=stub,
                    origin=a.origin,
                )
            )
    return records


def _event_record(ev: PlannedEvent, attrs: Versioning, deleted: list[str]) -> Record:
    stub = {"kind": "event", "advisory": ev.advisory.id, "tlp": ev.mark.value, **ev.fields}
    content = {
        **stub,
        "attributes": sorted(f"{a.uuid}:{attrs.lock[a.uuid].hash}" for a in ev.attributes),
        "deleted": sorted(deleted),
    }
    newest = max(
        (attrs.versions[a.uuid].modified for a in ev.attributes if a.uuid in attrs.versions), default=""
    )
    return Record(
        id=ev.uuid,
        hash=content_hash(content, frozenset()),
        created=max(timestamp(ev.advisory.modified), newest),
        revoked_at=None,
        tlp=ev.mark,
        advisories=(ev.advisory.id,),
        stub=stub,
        origin=(ev.advisory.path, ""),
    )


def _event(adv: Advisory, chosen: tuple[IndicatorSet, ...]) -> PlannedEvent:
    mark = max([adv.tlp, *(s.tlp for s in chosen)], key=lambda t: t.rank)
    ev_uuid = event_uuid(adv.id, mark)
    fields = {
        "info": adv.title.en,
        "date": adv.published,
        "threat_level_id": THREAT_LEVELS[adv.severity],
        "analysis": 2,
        "tags": [f"tlp:{mark.value}"],
    }
    event = PlannedEvent(uuid=ev_uuid, advisory=adv, mark=mark, fields=fields)
    withdrawn = timestamp(adv.modified) if adv.status == "withdrawn" else None
    for i, v in enumerate(adv.vulnerabilities):
        event.attributes.append(
            PlannedAttribute(
                uuid=stable_uuid("misp-attribute", {"event": ev_uuid, "cve": v.cve}),
                fields=_fields("External analysis", "vulnerability", v.cve, v.title.en, False, withdrawn, ()),
                created=timestamp(adv.published),
                revoked_at=withdrawn,
                tlp=adv.tlp,
                origin=(adv.path, f"/vulnerabilities/{i}"),
            )
        )
    seen: set[str] = set()
    for s in chosen:
        for ind in s.indicators:
            attr = _attribute(ev_uuid, s, ind, withdrawn, mark)
            if attr.uuid not in seen:  # the same value twice in one set: IOC203 reports it
                seen.add(attr.uuid)
                event.attributes.append(attr)
    return event


def _attribute(
    ev_uuid: str, s: IndicatorSet, ind: Indicator, withdrawn: str | None, mark: Tlp
) -> PlannedAttribute:
    misp = kind(ind.type).misp
    category, misp_type = misp.category, misp.type
    key = (
        {"set": s.id, "type": ind.type, "name": ind.name}
        if ind.is_rule
        else {"set": s.id, "pattern": pattern(ind.type, ind.value)}
    )
    revoked_at = timestamp(ind.withdrawn.date) if ind.withdrawn is not None else withdrawn
    comment = ind.description.en if ind.description is not None else ""
    if ind.withdrawn is not None:
        comment = f"Withdrawn {ind.withdrawn.date}: {ind.withdrawn.reason.en}"
    tags = list(ind.tags)
    if s.tlp != mark:
        tags.append(f"tlp:{s.tlp.value}")
    fields = _fields(category, misp_type, ind.value, comment, True, revoked_at, tags)
    if ind.first_seen is not None:
        fields["first_seen"] = timestamp(ind.first_seen)
    return PlannedAttribute(
        uuid=stable_uuid("misp-attribute", {"event": ev_uuid, **key}),
        fields=fields,
        created=timestamp(ind.valid_from),
        revoked_at=revoked_at,
        tlp=s.tlp,
        origin=(s.path, f"/indicators/{ind.index}"),
        item=ind.item_id,
    )


def _fields(
    category: str, kind: str, value: str, comment: str, to_ids: bool, revoked_at: str | None, tags: Any
) -> dict[str, Any]:
    return {
        "type": kind,
        "category": category,
        "value": value,
        "comment": comment,
        "to_ids": to_ids and revoked_at is None,
        "deleted": revoked_at is not None,
        "tags": list(tags),
    }
