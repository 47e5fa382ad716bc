"""Deterministic ids: UUIDv5 over RFC 8785 canonical JSON of an object's identifying properties.

STIX cyber-observables use STIX's own namespace and algorithm; everything else (indicators,
reports, relationships, Sigma rule ids, MISP uuids, bundles) uses iocc's namespace the same way.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

import rfc8785

# STIX 2.1, section 2.9: the namespace for deterministic SCO ids.
STIX_SCO_NAMESPACE: Final = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
# iocc's own namespace, derived once from a fixed name.
IOCC_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "urn:iocc")


def canonical_json(value: Any) -> bytes:
    """RFC 8785 (JCS) canonical JSON."""
    return bytes(rfc8785.dumps(value))


def stable_uuid(kind: str, identity: Any) -> uuid.UUID:
    """A UUIDv5 that depends only on `kind` and the canonical form of `identity`."""
    return uuid.uuid5(IOCC_NAMESPACE, kind + ":" + canonical_json(identity).decode("utf-8"))


def stix_id(stix_type: str, identity: Any) -> str:
    """An id like `indicator--<uuid5>` for an SDO/SRO/SMO from its identifying properties."""
    return f"{stix_type}--{stable_uuid(stix_type, identity)}"


def sco_id(stix_type: str, contributing: dict[str, Any]) -> str:
    """The STIX 2.1 deterministic id of a cyber-observable from its ID contributing properties."""
    name = canonical_json(contributing).decode("utf-8")
    return f"{stix_type}--{uuid.uuid5(STIX_SCO_NAMESPACE, name)}"
