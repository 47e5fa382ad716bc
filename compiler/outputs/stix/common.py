"""Constants and small helpers shared by the STIX modules: our identity, the TLP 2.0 markings,
timestamps taken from the data and content hashes (ids come from compiler.corpus.ids)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any, Final

import orjson

from compiler.corpus.ids import stix_id
from compiler.corpus.vocab import Tlp

StixObject = dict[str, Any]

SPEC_VERSION: Final = "2.1"
TLP2_EXTENSION: Final = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

# The well-known TLP 2.0 marking definitions of the OASIS CTI TC's TLP 2.0 extension
# (cti-stix-common-objects, extension-definition-specifications/tlp-2.0), byte for byte.
TLP_MARKING_IDS: Final[dict[Tlp, str]] = {
    Tlp.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    Tlp.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    Tlp.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    Tlp.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    Tlp.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}


def tlp_marking(level: Tlp) -> StixObject:
    return {
        "type": "marking-definition",
        "spec_version": SPEC_VERSION,
        "id": TLP_MARKING_IDS[level],
        "created": "2022-10-01T00:00:00.000Z",
        "name": f"TLP:{level.value.upper()}",
        "extensions": {TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level.value}},
    }


def tlp_of_marking(marking_id: str) -> Tlp:
    for level, mid in TLP_MARKING_IDS.items():
        if mid == marking_id:
            return level
    raise KeyError(marking_id)


def content_hash(obj: StixObject, skip: frozenset[str] = frozenset({"created", "modified"})) -> str:
    """A short, stable digest of an object's content without its version timestamps."""
    body = {k: v for k, v in obj.items() if k not in skip} if skip else obj
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]


IDENTITY_CREATED: Final = "2021-01-01T00:00:00.000Z"
IDENTITY_ID: Final = stix_id("identity", {"name": "iocc", "identity_class": "organization"})
IDENTITY: Final[StixObject] = {
    "type": "identity",
    "spec_version": SPEC_VERSION,
    "id": IDENTITY_ID,
    "created": IDENTITY_CREATED,
    "modified": IDENTITY_CREATED,
    "name": "iocc",
    "description": "The compiler that publishes these advisories and indicators.",
    "identity_class": "organization",
    "object_marking_refs": [TLP_MARKING_IDS[Tlp.CLEAR]],
}


# What a STIX indicator cannot say of itself, carried in a property extension of ours so that a bundle
# iocc wrote imports again without loss: `first_seen` (the date or UTC timestamp when the value was first
# seen) and `description_de` (the German description; `description` holds the English one). Its
# extension-definition object is not put into bundles: medallion (TAXII) reads the `version` STIX requires
# of it as a timestamp and fails; the validator and stix2 accept the reference as it stands.
EXTENSION_ID: Final = stix_id("extension-definition", {"name": "iocc indicator properties", "version": "1.0"})


def timestamp(value: str) -> str:
    """A date or UTC timestamp from the data as a STIX timestamp with milliseconds, by string rules only.

    '2021-03-02' -> '2021-03-02T00:00:00.000Z'; '2021-03-05T10:07:29.0421232Z' -> '...:29.042Z'.
    No clock, no time zone, no locale.
    """
    if len(value) == 10:
        return value + "T00:00:00.000Z"
    body = value[:-1] if value.endswith("Z") else value
    whole, _, fraction = body.partition(".")
    return f"{whole}.{(fraction + '000')[:3]}Z"


def instant(value: str) -> str:
    """A timestamp property other than created/modified, written as stix2 writes it (no '.000')."""
    stamp = timestamp(value)
    return stamp[:-5] + "Z" if stamp.endswith(".000Z") else stamp


def end_of_day(value: str) -> str:
    """valid_until given as a date means 'through that day': the next midnight, UTC."""
    if len(value) == 10:
        return (date.fromisoformat(value) + timedelta(days=1)).isoformat() + "T00:00:00.000Z"
    return timestamp(value)
