"""STIX patterns and cyber-observables for atomic indicators, built by construction.

Each type's declaration (compiler.corpus.kinds, its `Stix` entry) names its shape; the builders of every
shape are here, in SHAPES. Every value enters a pattern only as a string literal escaped by STIX's rules
(backslash and single quote), so a value can never change a pattern's structure; the tests prove every
pattern valid with the OASIS pattern validator. One form per type (fixed spacing, fixed property names, canonical
values), so equivalent indicators always give the same pattern and the same id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from compiler.corpus.ids import sco_id
from compiler.corpus.kinds import kind
from compiler.corpus.kinds.kind import Stix
from compiler.outputs.stix.common import SPEC_VERSION, StixObject

# Observables must hold a valid URI (RFC 3986) or e-mail address; the OASIS validator checks e-mail addresses
# more narrowly than RFC 5322 does. A value outside these forms keeps its indicator but gets no observable.
_URI: Final = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?\[\]]|%[0-9A-Fa-f]{2})*"
)
_EMAIL: Final = re.compile(r"[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+")
_VALID: Final = {"url": _URI, "email-addr": _EMAIL}  # SCO type -> the form its value must have


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


def hash_key(stix: Stix) -> str:
    """The hash's key in a pattern: quoted when it is no plain identifier ('SHA-256', but MD5)."""
    return stix.hash if stix.hash.isalnum() else f"'{stix.hash}'"


def pattern(kind_name: str, value: str) -> str:
    """The STIX pattern of one canonical atomic value."""
    stix = kind(kind_name).stix
    return SHAPES[stix.shape][0](stix, value)


def observables(kind_name: str, value: str) -> tuple[StixObject, ...]:
    """The cyber-observables one atomic value describes (the first is the main one); () when none fits.

    User agents (a header) have no observable of their own (only inside network traffic that was never
    seen), so they get none.
    """
    stix = kind(kind_name).stix
    return SHAPES[stix.shape][1](stix, value)


def _value_pattern(stix: Stix, value: str) -> str:
    return f"[{stix.object}:{stix.property} = {literal(value)}]"


def _value_observables(stix: Stix, value: str) -> tuple[StixObject, ...]:
    valid = _VALID.get(stix.object)
    if valid is not None and not valid.fullmatch(value):
        return ()
    return (_simple(stix.object, stix.property, value),)


def _hash_pattern(stix: Stix, value: str) -> str:
    return f"[file:hashes.{hash_key(stix)} = {literal(value)}]"


def _hash_observables(stix: Stix, value: str) -> tuple[StixObject, ...]:
    hashes = {stix.hash: value}
    return (
        {
            "type": "file",
            "spec_version": SPEC_VERSION,
            "id": sco_id("file", {"hashes": hashes}),
            "hashes": hashes,
        },
    )


def _network_pattern(stix: Stix, value: str) -> str:
    return f"[{'ipv6' if _is_v6(value) else 'ipv4'}-addr:value ISSUBSET {literal(value)}]"


def _network_observables(stix: Stix, value: str) -> tuple[StixObject, ...]:
    return (_simple("ipv6-addr" if _is_v6(value) else "ipv4-addr", "value", value),)


def _file_path_pattern(stix: Stix, value: str) -> str:
    directory, name = split_path(value)
    if not directory:
        return f"[file:name = {literal(name)}]"
    return f"[file:parent_directory_ref.path = {literal(directory)} AND file:name = {literal(name)}]"


def _file_path_observables(stix: Stix, value: str) -> tuple[StixObject, ...]:
    directory, name = split_path(value)
    if not directory:
        return (_simple("file", "name", name),)
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


def _header_pattern(stix: Stix, value: str) -> str:
    return (
        f"[network-traffic:extensions.'http-request-ext'.request_header.'{stix.header}' = {literal(value)}]"
    )


def _no_observables(stix: Stix, value: str) -> tuple[StixObject, ...]:
    return ()


def _simple(stix_type: str, prop: str, value: str) -> StixObject:
    return {
        "type": stix_type,
        "spec_version": SPEC_VERSION,
        "id": sco_id(stix_type, {prop: value}),
        prop: value,
    }


# shape -> (pattern, observables)
SHAPES: Final[dict[str, tuple[Callable[[Stix, str], str], Callable[[Stix, str], tuple[StixObject, ...]]]]] = {
    "value": (_value_pattern, _value_observables),
    "hash": (_hash_pattern, _hash_observables),
    "network": (_network_pattern, _network_observables),
    "file-path": (_file_path_pattern, _file_path_observables),
    "header": (_header_pattern, _no_observables),
}
