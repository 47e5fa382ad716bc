"""The provider layout of CSAF 2.0 section 7 for a static host, under dist/csaf/:

    provider-metadata.json                  requirement 7 (role csaf_provider, directory distribution)
    <tlp>/index.txt, <tlp>/changes.csv      requirements 12 and 13, one pair per TLP folder
    <tlp>/<year>/<file>.json                requirements 1, 2 and 11
    <tlp>/<year>/<file>.json.sha256/.sha512 requirement 18 (hashes; OpenPGP signatures are not made)

Every date is from the documents; the same corpus gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from compiler.outputs.csaf.document import Publisher


def document_bytes(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def hash_files(path: str, data: bytes) -> list[tuple[str, bytes]]:
    """`<file>.sha256` and `<file>.sha512` in the `sha256sum` format (hash, two spaces, file name)."""
    name = path.rsplit("/", 1)[-1]
    return [
        (f"{path}.sha256", f"{hashlib.sha256(data).hexdigest()}  {name}\n".encode()),
        (f"{path}.sha512", f"{hashlib.sha512(data).hexdigest()}  {name}\n".encode()),
    ]


def folder_indexes(entries: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    """index.txt and changes.csv per TLP folder, from (path below csaf/, current_release_date).

    index.txt lists the documents relative to the folder, sorted; changes.csv pairs each with its
    current release date, newest first, both fields quoted as in the specification's example."""
    folders: dict[str, list[tuple[str, str]]] = {}
    for path, date in entries:
        tlp, rest = path.split("/", 1)
        folders.setdefault(tlp, []).append((rest, date))
    out = []
    for tlp, items in sorted(folders.items()):
        index = "".join(f"{rest}\n" for rest, _ in sorted(items))
        changes = "".join(f'"{rest}","{date}"\n' for rest, date in sorted(items, key=lambda i: (i[1], i[0]), reverse=True))  # fmt: skip
        out += [(f"{tlp}/index.txt", index.encode()), (f"{tlp}/changes.csv", changes.encode())]
    return out


def provider_metadata(publisher: Publisher, tlp_folders: list[str], last_updated: str) -> dict[str, Any]:
    pub: dict[str, str] = {
        "category": "coordinator",
        "name": publisher.name,
        "namespace": publisher.namespace,
    }
    if publisher.contact:
        pub["contact_details"] = publisher.contact
    return {
        "canonical_url": f"{publisher.base_url}/provider-metadata.json",
        "distributions": [{"directory_url": f"{publisher.base_url}/{tlp}/"} for tlp in sorted(tlp_folders)],
        "last_updated": last_updated,
        "list_on_CSAF_aggregators": True,
        "metadata_version": "2.0",
        "mirror_on_CSAF_aggregators": True,
        "publisher": pub,
        "role": "csaf_provider",
    }
