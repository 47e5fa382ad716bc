"""Readers of foreign indicator files: each turns a file's text into candidates for `iocc import`.

A reader never canonicalises or judges duplicates; `compiler.authoring.merge` does that for all of them
alike. What a reader cannot express as an iocc indicator it returns as `Rejected`, with the reason,
so the command can say what it left out and why.
"""

from __future__ import annotations

import importlib
import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from compiler.corpus.kinds import every
from compiler.corpus.kinds.addresses import ANY_ADDRESS


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    type: str  # an iocc indicator type
    value: str  # as found in the source (atomic types) or the rule text (rule types)
    origin: str  # where in the source, for the report: "row 12", "line 3", "indicator--..."
    first_seen: str | None = None
    name: str | None = None  # rule types: the rule's id within the set
    tlp: str | None = None  # the marking the source gives this value, if any
    description: str | None = None  # English, as the source words it
    description_de: str | None = None  # German, when the source has one (iocc's own STIX extension)
    tags: tuple[str, ...] = ()
    confidence: int | None = None  # 0-100
    notes: tuple[str, ...] = ()  # what the reader assumed or changed, said in the import's report


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected:
    origin: str
    value: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Parsed:
    candidates: tuple[Candidate, ...]
    rejected: tuple[Rejected, ...] = ()


Reader = Callable[[str], Parsed]

# format name -> module with `read(text) -> Parsed`; imported only when used
FORMATS: Final[dict[str, str]] = {
    "csv": "compiler.authoring.readers.csvfile",
    "stix": "compiler.authoring.readers.stix",
    "misp": "compiler.authoring.readers.misp",
    "chirp": "compiler.authoring.readers.chirp",
    "text": "compiler.authoring.readers.text",
}


def reader(fmt: str) -> Reader:
    module = importlib.import_module(FORMATS[fmt])
    read: Reader = module.read
    return read


def detect_format(path: Path, text: str) -> str:
    """The format of a source file from its name and first characters."""
    suffix = path.suffix.lower()
    head = text.lstrip()[:2000]
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix == ".json" or head.startswith(("{", "[")):
        if '"Event"' in head or '"Attribute"' in head:
            return "misp"
        return "stix"
    if suffix in (".yaml", ".yml") and re.search(r"^ioc_type:", text, re.M):
        return "chirp"
    return "text"


ADDRESS: Final = "ip"  # a name that means an address of some type: ip_type() decides which from the value


def type_aliases() -> dict[str, str]:
    """Type names used by feeds and CSV headers, to iocc types (their declarations' `Aliases.names`); names
    of an address of any type map to ADDRESS."""
    found = {name: k.name for k in every() for name in k.aliases.names}
    return found | dict.fromkeys(ANY_ADDRESS.names, ADDRESS)


def misp_types() -> dict[str, str]:
    """MISP attribute types to iocc types (`Aliases.misp`); address types map to ADDRESS."""
    found = {name: k.name for k in every() for name in k.aliases.misp}
    return found | dict.fromkeys(ANY_ADDRESS.misp, ADDRESS)


_TLP: Final = {"white": "clear", "clear": "clear", "green": "green", "amber": "amber", "red": "red"}
_TLP_TEXT: Final = re.compile(r"^(?:tlp:)?\s*(white|clear|green|amber\+strict|amber|red)$", re.I)
_STAMP: Final = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}:\d{2})(\.\d{1,7})?\d*(Z|[+-]00:?00)?)?$")
_HEX: Final = re.compile(r"^[0-9a-fA-F]+$")
_WIN_PATH: Final = re.compile(r"^(?:[A-Za-z]:\\|\\\\|%[A-Za-z_][A-Za-z0-9_()]*%\\)")
_SCHEME: Final = re.compile(r"^(?:https?|ftp|hxxps?|hXXps?)(?:\[:\]|:)//", re.I)
_DOMAINISH: Final = re.compile(r"^[A-Za-z0-9-]+(?:(?:\.|\[\.\]|\(dot\)|\[dot\])[A-Za-z0-9-]+)+\.?$", re.I)


def load_json(text: str) -> Any:
    """A feed's JSON; ValueError (never a crash) when it is not JSON or nests too deep to read."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    except RecursionError:
        raise ValueError("not JSON that iocc reads: it nests too deep") from None


def tlp_of(text: str | None) -> str | None:
    """A TLP label (`White`, `tlp:amber`, `TLP:CLEAR`) as an iocc TLP value, or None."""
    if not text:
        return None
    m = _TLP_TEXT.match(text.strip())
    if not m:
        return None
    label = m.group(1).lower()
    return _TLP.get(label, label)


def stamp(text: str | None) -> str | None:
    """A source timestamp in the schema's form (date, or UTC date-time with up to 7 fraction digits)."""
    if not text:
        return None
    m = _STAMP.match(text.strip())
    if not m:
        return None
    day, clock, fraction, _zone = m.groups()
    if clock is None:
        return day
    return f"{day}T{clock}{fraction or ''}Z"


def ip_type(value: str) -> str:
    """ipv4, ipv6 or cidr for an address-like value (defanged dots allowed)."""
    plain = value.replace("[.]", ".").replace("[:]", ":").strip().strip("[]")
    if "/" in plain:
        return "cidr"
    try:
        return "ipv6" if ipaddress.ip_address(plain).version == 6 else "ipv4"
    except ValueError:
        return "ipv6" if ":" in plain else "ipv4"


def guess_type(value: str) -> str | None:
    """The iocc type a bare value most likely has, or None when it is not recognisable."""
    v = value.strip()
    if _HEX.match(v) and len(v) in (32, 40, 64):
        return {32: "md5", 40: "sha1", 64: "sha256"}[len(v)]
    if _SCHEME.match(v):
        return "url"
    if _WIN_PATH.match(v):
        return "file-path"
    plain = v.replace("[.]", ".").replace("(dot)", ".").replace("[:]", ":")
    try:
        ipaddress.ip_network(plain.strip("[]"), strict=False)
        return ip_type(v)
    except ValueError:
        pass
    if re.match(r"^[^@\s]+(?:@|\[@\]|\[at\])[^@\s]+$", v):
        return "email"
    if _DOMAINISH.match(v) and not v.replace(".", "").isdigit():
        return "domain"
    return None
