"""Deterministic ids: UUIDv5 over RFC 8785 canonical JSON of an object's identifying properties.

STIX cyber-observables use STIX's own namespace and algorithm; everything else (indicators,
reports, relationships, Sigma and YARA rule ids, MISP uuids, bundles) uses iocc's namespace the same
way. This is the only module that makes ids.

Ids are made for every object of a build, so the canonical JSON takes a fast path: for values without
floats whose mapping keys are ASCII, orjson with sorted keys writes exactly the RFC 8785 form (a test
holds both equal on adversarial text); anything else goes through the rfc8785 library.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, Final

import orjson
import rfc8785

# STIX 2.1, section 2.9: the namespace for deterministic SCO ids.
STIX_SCO_NAMESPACE: Final = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
# iocc's own namespace, derived once from a fixed name.
IOCC_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "urn:iocc")

_IOCC_NS: Final = IOCC_NAMESPACE.bytes
_SCO_NS: Final = STIX_SCO_NAMESPACE.bytes
_VARIANT: Final = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


def _plain(value: Any) -> bool:
    """True when orjson's sorted output is the RFC 8785 form: no floats, ASCII keys."""
    if isinstance(value, dict):
        return all(k.isascii() and _plain(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    return not isinstance(value, float)


def canonical_json(value: Any) -> str:
    """RFC 8785 (JCS) canonical JSON."""
    if _plain(value):
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    return bytes(rfc8785.dumps(value)).decode("utf-8")


def _uuid5(namespace: bytes, name: str) -> str:
    """str(uuid.uuid5(namespace, name)) without building UUID objects (a test holds both equal)."""
    h = hashlib.sha1(namespace + name.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def stable_uuid(kind: str, identity: Any) -> str:
    """A UUIDv5 that depends only on `kind` and the canonical form of `identity`."""
    return _uuid5(_IOCC_NS, kind + ":" + canonical_json(identity))


def stix_id(stix_type: str, identity: Any) -> str:
    """An id like `indicator--<uuid5>` for an SDO/SRO/SMO from its identifying properties."""
    return f"{stix_type}--{stable_uuid(stix_type, identity)}"


def sco_id(stix_type: str, contributing: dict[str, Any]) -> str:
    """The STIX 2.1 deterministic id of a cyber-observable from its ID contributing properties."""
    return f"{stix_type}--{_uuid5(_SCO_NS, canonical_json(contributing))}"
