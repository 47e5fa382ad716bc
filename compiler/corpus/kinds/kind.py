"""What a declaration of an indicator type holds: the shape of every entry, as frozen dataclasses.

A declaration is data. The code that reads an entry stays in the output it serves (a STIX pattern is
built in compiler.outputs.stix.patterns from the `Stix` entry, a Suricata rule in
compiler.outputs.rules.suricata from the `Suricata` entry): the corpus layer never imports an output.
Every entry an output needs is a required field, so a declaration that forgets one does not construct;
an output that cannot express a type says so with `NotExpressible` and the reason, never by omission.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True, kw_only=True)
class NotExpressible:
    """The output cannot express the type; `why` is shown by `iocc targets`, on the site and in IOC530."""

    why: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Authored:
    """A rule in the output's own language, published as written (rule types only)."""

    how: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Stix:
    """The STIX 2.1 indicator of a value (or rule).

    `shape` names the pattern and observable form compiler.outputs.stix.patterns builds: `value` (one
    property of one object: `[<object>:<property> = '...']`), `hash` (`file:hashes.<hash>`), `network`
    (an address range, ISSUBSET), `file-path` (a file in its folder), `header` (an HTTP request header in
    network traffic, no observable). Rules have no shape: their pattern is the rule, `pattern_type` its
    language.
    """

    label: str  # English, singular: indicator names read "<label>: <value>"
    shape: Literal["", "value", "hash", "network", "file-path", "header"] = ""
    object: str = ""  # shape `value`: the SCO type, e.g. ipv4-addr
    property: str = "value"  # shape `value`: its property
    hash: str = ""  # shape `hash`: the hash algorithm's STIX name, e.g. SHA-256
    header: str = ""  # shape `header`: the header's name
    pattern_type: str = "stix"
    indicator_type: str = "malicious-activity"  # indicator-type-ov


@dataclass(frozen=True, slots=True, kw_only=True)
class Misp:
    """The MISP attribute a value becomes."""

    category: str
    type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class YaraHash:
    """One `hash.<function>(0, filesize)` rule per value."""

    how: str
    function: str  # the YARA hash module's function


@dataclass(frozen=True, slots=True, kw_only=True)
class YaraStrings:
    """String rules per advisory (values in parts of `chunk`, config/rules.yaml)."""

    how: str
    modifiers: str  # for ASCII values; others are written as UTF-8 and UTF-16LE hex
    label: str  # plural, in rule descriptions: "<label> of advisory ..."
    iis: bool = False  # also the value as IIS logs write it (each space as `+`)


@dataclass(frozen=True, slots=True, kw_only=True)
class SigmaField:
    """Where a generated Sigma rule looks for values of one type in one log source."""

    logsource: str  # key of compiler.outputs.targets.LOGSOURCES
    fields: tuple[str, ...]  # one selection per field, joined by `1 of selection_*`
    modifier: str = ""  # Sigma value modifier, e.g. "cidr", "endswith"
    prefix: str = ""  # put before each value, e.g. "\\" for file names
    iis: bool = False  # the log source writes the value as IIS does (each space as `+`)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sigma:
    """Generated Sigma rules: one per advisory, type and log source."""

    label: str  # plural, title case, in rule titles: "<label> in <log source>"
    fields: tuple[SigmaField, ...]
    false_positives: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Suricata:
    """Suricata rules. Types of one `group` share rules and a dataset; the group names the rule form in
    compiler.outputs.rules.suricata and appears in lock keys and dataset file names."""

    how: str
    group: str
    dataset: Literal["", "ip", "string"] = ""  # dataset type above the threshold; "" keeps one rule per value


@dataclass(frozen=True, slots=True, kw_only=True)
class Loki:
    """The Loki IOC file line: `hash;comment`, a path or name regex, or a c2 value."""

    how: str
    line: Literal["hash", "path", "name", "c2"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Chirp:
    """The CHIRP plugin a value goes to."""

    how: str
    plugin: Literal["network", "hash"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Gate:
    """Which false-positive lists a value is looked up in (compiler.gate)."""

    misp: tuple[str, ...] = ()  # MISP warninglists whose `matching_attributes` hold one of these apply
    ranges: bool = False  # an address or network: looked up in the CIDR lists by interval
    host: bool = False  # the value's host is looked up too (as a domain or an IPv4 address)
    lists: tuple[str, ...] = ()  # our own lists that apply (config/<slug>.yaml)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scan:
    """The value table of the detection engine (compiler.detect) the type's values go to."""

    table: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Aliases:
    """How importers (compiler.authoring.readers) name the type."""

    names: tuple[str, ...] = ()  # type names in feeds and CSV headers, lower case
    misp: tuple[str, ...] = ()  # MISP attribute types
    stix: tuple[str, ...] = ()  # `<object>:<property path>` of STIX pattern comparisons, lower case, no
    # quotes; a path `*rest` takes any path that ends in `rest`


@dataclass(frozen=True, slots=True, kw_only=True)
class Kind:
    """What every type declares: its name, its labels, and its form (or reason) in every output."""

    name: str  # as written in indicator sets (`type:`)
    names: Mapping[str, str]  # language -> plural label (site tables and rule sections)
    stix: Stix
    misp: Misp
    yara: YaraHash | YaraStrings | Authored | NotExpressible
    sigma: Sigma | Authored | NotExpressible
    suricata: Suricata | Authored | NotExpressible
    loki: Loki | NotExpressible
    chirp: Chirp | Authored | NotExpressible
    aliases: Aliases

    @property
    def is_rule(self) -> bool:
        return False

    def label(self, lang: str) -> str:
        """The plural label in `lang`; a configured language the declaration has no label for reads English."""
        return self.names[lang] if lang in self.names else self.names["en"]


def itself(value: str) -> str:
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Atomic(Kind):
    """A value of one type: checked and written in one canonical form before any id is made from it."""

    canonical: Callable[[str], str]  # the canonical form; ValueError saying what is wrong when invalid
    example: str  # a valid value in canonical form (tests run every type through the outputs with it)
    same: Callable[[str], str] = itself  # of a canonical value: equal for values that are the same indicator
    gate: Gate
    scan: Scan | NotExpressible


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule(Kind):
    """A detection rule in its own language, checked by its own engine (compiler.engines)."""

    lexer: str  # the site's code highlighting

    @property
    def is_rule(self) -> bool:
        return True
