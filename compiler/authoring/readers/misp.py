"""MISP event JSON (a single event, `{"Event": ...}`, or a list/`response` of them).

Attributes of the event and of its objects are read. Attributes with `to_ids: false` are context,
not detection material, and are skipped, as are deleted ones. Composite types (`filename|sha256`,
`domain|ip`, `ip-dst|port`) give one candidate per part that iocc can hold; no other value is split.
`tlp:` tags of the event, an object and the attribute mark the value (the strictest wins).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compiler.authoring.readers import (
    ADDRESS,
    Candidate,
    Parsed,
    Rejected,
    ip_type,
    load_json,
    markings,
    misp_types,
    stamp,
)
from compiler.corpus.kinds import is_rule

_DROP = {"port"}  # parts of composite types that iocc does not keep


def _events(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:  # an event list, a response, an event: nothing nests deeper
        return
    if isinstance(data, list):
        for item in data:
            yield from _events(item, depth + 1)
    elif isinstance(data, dict):
        if isinstance(data.get("Event"), dict):
            yield data["Event"]
        elif "response" in data:
            yield from _events(data["response"], depth + 1)
        elif "Attribute" in data or "Object" in data:
            yield data


def _attributes(event: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Every attribute with the strictest TLP tag of the event, its object (if any) and itself."""
    event_tlp = markings.misp_tags(event)
    for attr in _list(event.get("Attribute")):
        yield attr, markings.strictest((event_tlp, markings.misp_tags(attr)))
    for obj in _list(event.get("Object")):
        object_tlp = markings.strictest((event_tlp, markings.misp_tags(obj)))
        for attr in _list(obj.get("Attribute")):
            yield attr, markings.strictest((object_tlp, markings.misp_tags(attr)))


def _list(items: Any) -> list[dict[str, Any]]:
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _kind(misp_type: str, value: str) -> str | None:
    kind = misp_types().get(misp_type)
    if kind == ADDRESS:
        return ip_type(value)
    if kind == "file-name" and ("\\" in value or "/" in value):
        return "file-path"
    return kind


def read(text: str) -> Parsed:
    data = load_json(text)
    candidates: list[Candidate] = []
    rejected: list[Rejected] = []
    for event in _events(data):
        for attr, tlp in _attributes(event):
            origin = f"attribute {attr.get('uuid') or attr.get('id') or '?'}"
            misp_type, value = str(attr.get("type", "")), str(attr.get("value", ""))
            if attr.get("deleted") in (True, "1", 1):
                rejected.append(Rejected(origin=origin, value=value, reason="deleted in MISP"))
                continue
            if attr.get("to_ids") in (False, "0", 0):
                rejected.append(
                    Rejected(origin=origin, value=value, reason="to_ids is off: context, not an indicator")
                )
                continue
            types = misp_type.split("|")
            # Only a composite type (`filename|sha256`, `domain|ip`) splits its value; any other value keeps
            # its `|` (URLs, user agents, YARA and Sigma text). Parts that do not line up are refused.
            values = value.split("|", len(types) - 1) if len(types) > 1 else [value]
            if len(values) != len(types):
                reason = f"the {misp_type} value has {len(values)} part(s), not {len(types)}"
                rejected.append(Rejected(origin=origin, value=value, reason=reason))
                continue
            for part_type, part_value in zip(types, values, strict=True):
                if part_type in _DROP:
                    continue
                kind = _kind(part_type, part_value)
                if kind is None:
                    reason = f"MISP type {part_type!r} has no iocc type"
                    rejected.append(Rejected(origin=origin, value=part_value, reason=reason))
                    continue
                name = f"misp-{str(attr.get('uuid') or '')[:8]}" if is_rule(kind) else None
                candidates.append(
                    Candidate(
                        type=kind,
                        value=part_value,
                        origin=origin,
                        first_seen=stamp(str(attr.get("first_seen") or "")),
                        tlp=tlp,
                        name=name,
                    )
                )
    return Parsed(candidates=tuple(candidates), rejected=tuple(rejected))
