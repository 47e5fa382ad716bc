"""STIX patterns and cyber-observables for atomic indicators, built by construction.

Every value enters a pattern only as a string literal escaped by STIX's rules (backslash and single
quote), so a value can never change a pattern's structure; the tests prove every pattern valid with
the OASIS pattern validator. One form per type (fixed spacing, fixed property names, canonical
values), so equivalent indicators always give the same pattern and the same id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from compiler.corpus.ids import sco_id
from compiler.outputs.stix.common import SPEC_VERSION, StixObject

HASH_KEYS: Final = {"sha256": "'SHA-256'", "sha1": "'SHA-1'", "md5": "MD5"}
HASH_NAMES: Final = {"sha256": "SHA-256", "sha1": "SHA-1", "md5": "MD5"}
# Observables must hold a valid URI (RFC 3986) or e-mail address; the OASIS validator checks e-mail addresses
# more narrowly than RFC 5322 does. A value outside these forms keeps its indicator but gets no observable.
_URI: Final = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?\[\]]|%[0-9A-Fa-f]{2})*"
)
_EMAIL: Final = re.compile(r"[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+")


def literal(value: str) -> str:
    """A STIX pattern string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def split_path(path: str) -> tuple[str, str]:
    """(directory, file name) of a Windows or POSIX path; the directory keeps no trailing separator."""
    cut = max(path.rfind("\\"), path.rfind("/"))
    if cut < 0:
        return "", path
    directory = path[:cut]
    if directory.endswith(":") or not directory:  # C:\x.exe or /x: the root folder keeps its separator
        directory = path[: cut + 1]
    return directory, path[cut + 1 :]


def _is_v6(value: str) -> bool:
    return ":" in value


def pattern(kind: str, value: str) -> str:
    """The STIX pattern of one canonical atomic value."""
    return _PATTERNS[kind](value)


def _hash(kind: str) -> Callable[[str], str]:
    key = HASH_KEYS[kind]
    return lambda v: f"[file:hashes.{key} = {literal(v)}]"


def _file_path(value: str) -> str:
    directory, name = split_path(value)
    if not directory:
        return f"[file:name = {literal(name)}]"
    return f"[file:parent_directory_ref.path = {literal(directory)} AND file:name = {literal(name)}]"


_PATTERNS: Final[dict[str, Callable[[str], str]]] = {
    "sha256": _hash("sha256"),
    "sha1": _hash("sha1"),
    "md5": _hash("md5"),
    "ipv4": lambda v: f"[ipv4-addr:value = {literal(v)}]",
    "ipv6": lambda v: f"[ipv6-addr:value = {literal(v)}]",
    "cidr": lambda v: f"[{'ipv6' if _is_v6(v) else 'ipv4'}-addr:value ISSUBSET {literal(v)}]",
    "domain": lambda v: f"[domain-name:value = {literal(v)}]",
    "url": lambda v: f"[url:value = {literal(v)}]",
    "email": lambda v: f"[email-addr:value = {literal(v)}]",
    "file-name": lambda v: f"[file:name = {literal(v)}]",
    "file-path": _file_path,
    "user-agent": lambda v: (
        f"[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = {literal(v)}]"
    ),
}


def _simple(stix_type: str, value: str) -> StixObject:
    return {
        "type": stix_type,
        "spec_version": SPEC_VERSION,
        "id": sco_id(stix_type, {"value": value}),
        "value": value,
    }


def observables(kind: str, value: str) -> tuple[StixObject, ...]:
    """The cyber-observables one atomic value describes (the first is the main one); () when none fits.

    User agents have no observable of their own (only inside network traffic that was never seen),
    so they get none.
    """
    if kind in HASH_KEYS:
        hashes = {HASH_NAMES[kind]: value}
        return (
            {
                "type": "file",
                "spec_version": SPEC_VERSION,
                "id": sco_id("file", {"hashes": hashes}),
                "hashes": hashes,
            },
        )
    if kind in ("ipv4", "ipv6", "cidr"):
        return (_simple("ipv6-addr" if _is_v6(value) else "ipv4-addr", value),)
    if kind == "domain":
        return (_simple("domain-name", value),)
    if kind == "url":
        return (_simple("url", value),) if _URI.fullmatch(value) else ()
    if kind == "email":
        return (_simple("email-addr", value),) if _EMAIL.fullmatch(value) else ()
    if kind == "file-name":
        return (
            {
                "type": "file",
                "spec_version": SPEC_VERSION,
                "id": sco_id("file", {"name": value}),
                "name": value,
            },
        )
    if kind == "file-path":
        directory, name = split_path(value)
        if not directory:
            return observables("file-name", name)
        folder = {
            "type": "directory",
            "spec_version": SPEC_VERSION,
            "id": sco_id("directory", {"path": directory}),
            "path": directory,
        }
        file = {
            "type": "file",
            "spec_version": SPEC_VERSION,
            "id": sco_id("file", {"name": name, "parent_directory_ref": folder["id"]}),
            "name": name,
            "parent_directory_ref": folder["id"],
        }
        return (file, folder)
    return ()
