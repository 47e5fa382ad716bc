"""The MISP feed of one TLP level, written with PyMISP: manifest.json, hashes.csv and one <uuid>.json per event."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any, Final, NamedTuple

import orjson
from pymisp import MISPEvent, MISPOrganisation

from compiler.corpus.ids import stable_uuid
from compiler.corpus.vocab import Tlp
from compiler.locks.content import Entry
from compiler.outputs.misp.plan import Feed

ORG_NAME: Final = "iocc"
ORG_UUID: Final = str(stable_uuid("misp-org", ORG_NAME))


def epoch(stamp: str) -> int:
    """A STIX-style UTC timestamp as Unix seconds, without the machine's time zone."""
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())


def _aware(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC)


class FeedFile(NamedTuple):
    data: bytes
    advisory: str | None  # an event's advisory; None for manifest.json and hashes.csv
    items: tuple[str, ...]  # Indicator.item_id of its live attributes
    tlp: Tlp


def feed_files(feed: Feed, level: Tlp) -> dict[str, FeedFile]:
    """The files of the feed at `level`, by name inside dist/misp/, with what each holds."""
    v = feed.versioning
    tombstoned_attrs: dict[str, list[tuple[str, Entry]]] = {}
    for uuid, entry in sorted(v.tombstones.items()):
        if entry.stub.get("kind") == "attribute":
            tombstoned_attrs.setdefault(entry.stub["event"], []).append((uuid, entry))
    events: list[MISPEvent] = []
    meta: dict[str, tuple[str | None, tuple[str, ...], Tlp]] = {}  # event uuid -> advisory, items, tlp
    for planned in feed.events[level]:
        if planned.uuid in v.tombstones:
            continue
        items = sorted({a.item for a in planned.attributes if a.item and a.uuid in v.versions})
        meta[planned.uuid] = (planned.advisory.id, tuple(items), planned.mark)
        rows = [
            (a.uuid, a.fields, v.versions[a.uuid].modified)
            for a in planned.attributes
            if a.uuid in v.versions
        ]
        done = {r[0] for r in rows}
        rows += [
            (u, _deleted(e.stub), e.modified)
            for u, e in tombstoned_attrs.get(planned.uuid, [])
            if u not in done
        ]
        events.append(_event(planned.uuid, planned.fields, v.versions[planned.uuid].modified, rows))
    for uuid, entry in sorted(v.tombstones.items()):
        if entry.stub.get("kind") == "event" and level.allows(entry.tlp):
            meta[uuid] = (entry.stub.get("advisory"), (), entry.tlp)
            rows = [(u, _deleted(e.stub), e.modified) for u, e in tombstoned_attrs.get(uuid, [])]
            events.append(_event(uuid, entry.stub, entry.modified, rows))
    files: dict[str, FeedFile] = {}
    manifest: dict[str, Any] = {}
    hashes: list[str] = []
    for ev in sorted(events, key=lambda e: e.uuid):
        data = orjson.dumps(ev.to_feed(), option=orjson.OPT_INDENT_2) + b"\n"
        files[f"{ev.uuid}.json"] = FeedFile(data, *meta[ev.uuid])
        manifest.update(ev.manifest)
        for attr in ev.attributes:
            if not attr.deleted:
                hashes.append(f"{hashlib.md5(attr.value.encode('utf-8')).hexdigest()},{ev.uuid}")
    every = tuple(sorted({i for _, items, _ in meta.values() for i in items}))
    tlp = max((t for _, _, t in meta.values()), key=lambda t: t.rank, default=Tlp.CLEAR)
    files["manifest.json"] = FeedFile(
        orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n", None, every, tlp
    )
    files["hashes.csv"] = FeedFile("".join(f"{line}\n" for line in sorted(hashes)).encode(), None, every, tlp)
    return files


def _deleted(stub: dict[str, Any]) -> dict[str, Any]:
    """A revoked attribute (withdrawn, or gone from the corpus): MISP soft-deletes it on the next pull."""
    return {**stub, "deleted": True, "to_ids": False}


def _event(
    uuid: str, fields: dict[str, Any], modified: str, rows: list[tuple[str, dict[str, Any], str]]
) -> MISPEvent:
    ev = MISPEvent()
    ev.uuid = uuid
    ev.info = fields["info"]
    ev.set_date(date.fromisoformat(fields["date"]))
    ev.threat_level_id = fields["threat_level_id"]
    ev.analysis = fields["analysis"]
    ev.published = True
    ev.timestamp = epoch(modified)
    ev.publish_timestamp = epoch(modified)
    org = MISPOrganisation()
    org.name = ORG_NAME
    org.uuid = ORG_UUID
    ev.Orgc = org
    for tag in fields["tags"]:
        ev.add_tag(tag)
    for attr_uuid, f, stamp in sorted(rows, key=lambda r: r[0]):
        extra: dict[str, Any] = {}
        if "first_seen" in f:
            extra["first_seen"] = _aware(f["first_seen"])
        attr = ev.add_attribute(
            f["type"],
            f["value"],
            category=f["category"],
            comment=f["comment"],
            to_ids=f["to_ids"],
            deleted=f["deleted"],
            disable_correlation=False,
            uuid=attr_uuid,
            timestamp=epoch(stamp),
            **extra,
        )
        assert not isinstance(attr, list)
        for tag in f["tags"]:
            attr.add_tag(tag)
    return ev
