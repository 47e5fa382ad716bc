"""File hashes: SHA-256, SHA-1 and MD5, in lower-case hexadecimal."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from compiler.corpus.kinds.kind import (
    Aliases,
    Atomic,
    Chirp,
    Gate,
    Loki,
    Misp,
    NotExpressible,
    Scan,
    Sigma,
    SigmaField,
    Stix,
    YaraHash,
)

_HEX: Final = re.compile(r"[0-9a-f]+")
_NETWORK_ONLY: Final = NotExpressible(why="Suricata sees network traffic, not files on disk")
_FALSE_POSITIVES: Final = "Unlikely for exact file hashes"


def hexadecimal(name: str, length: int) -> Callable[[str], str]:
    """The canonical form of a hash of `length` hexadecimal digits (`name` for messages)."""

    def canon(value: str) -> str:
        v = value.strip().lower()
        if len(v) != length or not _HEX.fullmatch(v):
            raise ValueError(f"not a {name} hash: expected {length} hexadecimal digits")
        return v

    return canon


def _fields(field: str) -> tuple[SigmaField, ...]:
    # Exact-match hash fields: the backends turn them into one `in` list (fast, and the same
    # column in Sentinel ASIM and Defender); `Hashes|contains` would cost a regex per value.
    return (
        SigmaField(logsource="process_creation", fields=(field,)),
        SigmaField(logsource="file_event", fields=(field,)),
    )


def _hash(name: str, stix: str, label: str, length: int, aliases: Aliases) -> Atomic:
    """A hash type `name` (also its YARA function and MISP type); `stix` its STIX hash name."""
    return Atomic(
        name=name,
        names={"de": stix, "en": stix},
        canonical=hexadecimal(stix, length),
        example="a" * length,
        stix=Stix(label=stix, shape="hash", hash=stix),
        misp=Misp(category="Payload delivery", type=name),
        yara=YaraHash(how=f"hash.{name}() rule per value", function=name),
        sigma=Sigma(label=label, fields=_fields(name), false_positives=_FALSE_POSITIVES),
        suricata=_NETWORK_ONLY,
        loki=Loki(how="hash-iocs.txt", line="hash"),
        chirp=Chirp(how="yara plugin (hash rule)", plugin="hash"),
        gate=Gate(misp=(name, f"filename|{name}")),
        scan=Scan(table=name),
        aliases=aliases,
    )


SHA256: Final = _hash(
    "sha256",
    "SHA-256",
    "SHA-256 Hashes",
    64,
    Aliases(
        names=("sha256", "sha-256"), misp=("sha256",), stix=("file:hashes.sha-256", "file:hashes.sha256")
    ),
)
SHA1: Final = _hash(
    "sha1",
    "SHA-1",
    "SHA-1 Hashes",
    40,
    Aliases(names=("sha1", "sha-1"), misp=("sha1",), stix=("file:hashes.sha-1", "file:hashes.sha1")),
)
MD5: Final = _hash(
    "md5", "MD5", "MD5 Hashes", 32, Aliases(names=("md5",), misp=("md5",), stix=("file:hashes.md5",))
)
