"""Publishing a STIX bundle to a TAXII 2.1 collection with taxii2-client.

The objects go in envelopes that respect the API root's max_content_length; each envelope's status is
polled until the server reports it complete. With `skip_present`, the collection's manifest is read
first (paged) and versions it already holds are not sent again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from taxii2client.v21 import ApiRoot, Collection, as_pages

from compiler.corpus.vocab import Tlp
from compiler.outputs.stix.common import TLP_MARKING_IDS, StixObject

ENVELOPE_OVERHEAD: Final = 64
DEFAULT_MAX_BYTES: Final = 10 * 1024 * 1024


@dataclass(slots=True)
class PublishResult:
    sent: int = 0
    skipped: int = 0
    succeeded: int = 0
    failed: int = 0
    pending: int = 0
    statuses: list[str] = field(default_factory=list)  # "id: status" per envelope
    failures: list[str] = field(default_factory=list)  # "object-id: message"

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.pending == 0


def above(objects: list[StixObject], level: Tlp) -> list[str]:
    """Ids of objects marked more restrictively than `level` (a bundle for a wider audience must have none)."""
    allowed = {TLP_MARKING_IDS[t] for t in Tlp if level.allows(t)}
    known = set(TLP_MARKING_IDS.values())
    return [
        o["id"]
        for o in objects
        if any(m in known and m not in allowed for m in o.get("object_marking_refs", ()))
    ]


def envelopes(objects: list[StixObject], max_bytes: int) -> Iterator[list[StixObject]]:
    """Split objects into envelopes whose JSON stays below max_bytes (one object per envelope at least)."""
    batch: list[StixObject] = []
    size = ENVELOPE_OVERHEAD
    for obj in objects:
        n = len(json.dumps(obj, ensure_ascii=False).encode("utf-8")) + 2
        if batch and size + n > max_bytes:
            yield batch
            batch, size = [], ENVELOPE_OVERHEAD
        batch.append(obj)
        size += n
    if batch:
        yield batch


def present_versions(collection: Collection, per_request: int = 100) -> set[tuple[str, str]]:
    """(id, version) of everything the collection holds, read page by page."""
    found: set[tuple[str, str]] = set()
    for page in as_pages(collection.get_manifest, per_request=per_request):
        for record in page.get("objects", []):
            found.add((record["id"], record.get("version", "")))
    return found


def is_present(obj: StixObject, present: set[tuple[str, str]], present_ids: set[str]) -> bool:
    """Versioned objects match by (id, modified); observables have no versions, so their id is enough."""
    version = obj.get("modified", obj.get("created"))
    return obj["id"] in present_ids if version is None else (obj["id"], version) in present


def publish(
    api_root_url: str,
    collection_id: str,
    objects: list[StixObject],
    *,
    user: str | None = None,
    password: str | None = None,
    skip_present: bool = False,
    timeout: int = 120,
) -> PublishResult:
    api_root_url = api_root_url if api_root_url.endswith("/") else api_root_url + "/"
    auth: dict[str, Any] = {"user": user, "password": password} if user is not None else {}
    root = ApiRoot(api_root_url, **auth)
    max_bytes = int(root.max_content_length or DEFAULT_MAX_BYTES)
    collection = Collection(f"{api_root_url}collections/{collection_id}/", **auth)
    result = PublishResult()
    to_send = objects
    if skip_present:
        present = present_versions(collection)
        present_ids = {object_id for object_id, _ in present}
        to_send = [o for o in objects if not is_present(o, present, present_ids)]
        result.skipped = len(objects) - len(to_send)
    for batch in envelopes(to_send, max_bytes):
        status = collection.add_objects(
            {"objects": batch}, wait_for_completion=True, poll_interval=1, timeout=timeout
        )
        result.sent += len(batch)
        result.succeeded += int(status.success_count)
        result.failed += int(status.failure_count)
        result.pending += int(status.pending_count)
        result.statuses.append(f"{status.id}: {status.status}")
        for failure in status.failures:
            result.failures.append(f"{failure.get('id')}: {failure.get('message', 'failed')}")
    return result
