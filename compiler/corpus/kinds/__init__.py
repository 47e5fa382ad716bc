"""The indicator types: one declaration per type, and this registry of them, in the order outputs list them.

A declaration (compiler.corpus.kinds.kind.Atomic or Rule) carries everything iocc knows about a type:
its canonical form and validation, which values are the same indicator, its labels in each language, its
STIX pattern shape and label, its MISP category and type, its Sigma fields per log source, its Suricata
rule group, its YARA, Loki and CHIRP forms (or, per output, why it cannot be expressed), the
false-positive lists that apply, the detection engine's value table, and the names importers read it by.
Declarations are data; the code that uses an entry stays in its output, and no output keeps a table of
types of its own: each asks this registry.

The declarations live in family modules: `hashes` (sha256, sha1, md5), `addresses` (ipv4, ipv6, cidr),
`network` (domain, url, user-agent, email), `files` (file-path, file-name), `rules` (yara, sigma,
suricata). Adding an atomic type is: its declaration (in a family module or a new one), its line in
KINDS below, its name in the `type` enum of schemas/indicator-set.schema.json, and fixtures. Every
entry is a required field, so a declaration that forgets one (its canonical form included) does not
construct; tests/test_kinds.py checks that every output understands every entry and builds every type's
example through every output, and tests/test_kinds_new_type.py builds a type that exists only there.

Code changes only where a declaration names a form no output builds yet: a new STIX shape
(compiler.outputs.stix.patterns.SHAPES), Suricata group (compiler.outputs.rules.suricata.VALUE_RULES),
Loki line or engine value table. Finding the type in free text or guessing it from a bare value is
optional: compiler.authoring.readers.text and readers.guess_type keep their own recognisers.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Final

from compiler.corpus.kinds import addresses, files, hashes, network, rules
from compiler.corpus.kinds.kind import Atomic, Kind, NotExpressible, Rule
from compiler.corpus.values import first_unsafe

__all__ = [
    "KINDS",
    "REGISTRY",
    "Atomic",
    "Kind",
    "NotExpressible",
    "Registry",
    "Rule",
    "atomic",
    "atomic_kind",
    "atomic_names",
    "canonical",
    "dedupe_key",
    "every",
    "find",
    "is_atomic",
    "is_rule",
    "kind",
    "names",
    "rule_kinds",
    "rule_names",
]

# fmt: off
KINDS: Final[tuple[Kind, ...]] = (
    hashes.SHA256, hashes.SHA1, hashes.MD5,
    addresses.IPV4, addresses.IPV6, addresses.CIDR,
    network.DOMAIN, network.URL,
    files.FILE_PATH, files.FILE_NAME,
    network.USER_AGENT, network.EMAIL,
    rules.YARA, rules.SIGMA, rules.SURICATA,
)
# fmt: on


class Registry:
    """The registered types by name."""

    def __init__(self, kinds: tuple[Kind, ...]) -> None:
        self.kinds = kinds
        self.by_name = {k.name: k for k in kinds}
        if len(self.by_name) != len(kinds):
            raise ValueError("two declarations share a type name")
        self.atomic_by_name = {k.name: k for k in kinds if isinstance(k, Atomic)}  # asked once per value


REGISTRY = Registry(KINDS)


def every() -> tuple[Kind, ...]:
    """Every type, atomic ones first, in the order outputs list them."""
    return REGISTRY.kinds


def names() -> tuple[str, ...]:
    return tuple(k.name for k in REGISTRY.kinds)


def atomic() -> Iterator[Atomic]:
    return (k for k in REGISTRY.kinds if isinstance(k, Atomic))


def rule_kinds() -> Iterator[Rule]:
    return (k for k in REGISTRY.kinds if isinstance(k, Rule))


def atomic_names() -> tuple[str, ...]:
    return tuple(k.name for k in atomic())


def rule_names() -> tuple[str, ...]:
    return tuple(k.name for k in rule_kinds())


def kind(name: str) -> Kind:
    """The declaration of a type; KeyError for a name no declaration has (the schema refuses those)."""
    return REGISTRY.by_name[name]


def find(name: object) -> Kind | None:
    """The declaration of a type, or None (for data the schema may not have checked yet)."""
    return REGISTRY.by_name.get(name) if isinstance(name, str) else None


def atomic_kind(name: object) -> Atomic | None:
    """The declaration of an atomic type, or None for a rule type or an unknown name."""
    return REGISTRY.atomic_by_name.get(name) if isinstance(name, str) else None


def is_atomic(name: object) -> bool:
    return atomic_kind(name) is not None


def is_rule(name: object) -> bool:
    return isinstance(find(name), Rule)


def canonical(kind_name: str, value: str) -> str:
    """The canonical form of `value` as an indicator of an atomic type; ValueError when invalid (a rule type
    or an unknown name included: neither has a canonical form)."""
    result = _canonical_or_error(kind_name, value)
    if isinstance(result, _Invalid):
        raise ValueError(result.message)
    return result


class _Invalid:
    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


@lru_cache(maxsize=1 << 18)
def _canonical_or_error(kind_name: str, value: str) -> str | _Invalid:
    # check, the duplicate check, build and fmt all ask for the same values: compute each once.
    found = atomic_kind(kind_name)
    if found is None:
        return _Invalid(f"{kind_name!r} is not an atomic indicator type")
    bad = first_unsafe(value)
    if bad is not None:
        return _Invalid(f"holds U+{ord(bad):04X}, a control, line-separator or bidi character")
    try:
        return found.canonical(value)
    except ValueError as exc:
        return _Invalid(str(exc))


def dedupe_key(kind_name: str, canonical_value: str) -> tuple[str, str]:
    """Two indicators are the same when this key is equal (Windows paths and names ignore case)."""
    found = atomic_kind(kind_name)
    return (kind_name, found.same(canonical_value) if found is not None else canonical_value)
