"""The frozen data model that build.py makes from valid documents and every emitter reads.

Emitters never change it. Every human-readable field is a `Text` holding German and English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler.vocab import (
    IndicatorType,
    Lang,
    ResourceKind,
    Severity,
    Status,
    StepKind,
    Tlp,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Text:
    de: str
    en: str

    def __getitem__(self, lang: Lang) -> str:
        return self.de if lang == "de" else self.en


@dataclass(frozen=True, slots=True, kw_only=True)
class Cvss:
    version: str
    base_score: float
    vector: str
    source: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Vulnerability:
    cve: str
    title: Text
    description: Text
    cvss: Cvss
    cwe: str
    exploited: bool = False
    attack_chain: bool = False
    evidence: Text | None = None
    products: tuple[str, ...] = ()  # affected product ids; () means all affected products


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreatActor:
    id: str
    name: str
    description: Text
    aliases: tuple[str, ...] = ()
    attribution: Text | None = None
    country: str | None = None
    sophistication: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Malware:
    id: str
    name: str
    types: tuple[str, ...]
    description: Text
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AttackPattern:
    id: str  # ATT&CK technique id, e.g. T1505.003
    name: str
    tactic: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CuUpdate:
    """One cumulative update of a product: the build it installs and the security update that fixes it."""

    cu: str
    fixed_build: str
    kb: str
    build: str | None = None
    released: str | None = None
    fix_released: str | None = None
    supported: bool | None = None
    source: str | None = None
    note: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedRelease:
    cu: str
    build: str
    released: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AffectedProduct:
    id: str
    vendor: str
    name: str
    build_prefix: str
    updates: tuple[CuUpdate, ...]
    fixed_releases: tuple[FixedRelease, ...] = ()
    cpe: str | None = None
    note: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UnaffectedProduct:
    id: str
    vendor: str
    name: str
    reason: Text
    cpe: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    kind: StepKind
    title: Text
    body: Text
    customer_body: Text | None = None  # the step in the customer mail's words; else its standard wording
    priority: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    title: Text
    url: str
    kind: ResourceKind


@dataclass(frozen=True, slots=True, kw_only=True)
class Update:
    date: str
    title: Text
    body: Text
    date_note: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Advisory:
    id: str
    path: str  # repo-relative source file, for reports
    status: Status
    tlp: Tlp
    severity: Severity
    published: str
    modified: str
    title: Text
    summary: Text
    announcement: Text
    vulnerabilities: tuple[Vulnerability, ...]
    affected: tuple[AffectedProduct, ...]
    not_affected: tuple[UnaffectedProduct, ...]
    steps: tuple[Step, ...]
    resources: tuple[Resource, ...]
    updates: tuple[Update, ...]  # oldest first
    threat_actors: tuple[ThreatActor, ...] = ()
    malware: tuple[Malware, ...] = ()
    attack_patterns: tuple[AttackPattern, ...] = ()
    email_subject: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    name: str
    licence: str
    url: str | None = None
    tlp: Tlp | None = None
    retrieved: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Relations:
    """Ids of advisory objects that a set's indicators point to."""

    malware: tuple[str, ...] = ()
    threat_actors: tuple[str, ...] = ()
    vulnerabilities: tuple[str, ...] = ()
    attack_patterns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Withdrawal:
    date: str
    reason: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class FalsePositiveOverride:
    lists: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    """One indicator with the set's defaults already applied.

    For atomic types `value` is the canonical value. For rule types `value` is the rule text
    (YARA / Suricata) or the Sigma rule as canonical YAML, `rule` holds the parsed Sigma mapping,
    and `name` the rule's id within its set.
    """

    type: IndicatorType
    value: str
    set_id: str
    index: int  # position in the set's indicators list
    confidence: int
    valid_from: str
    valid_until: str | None = None
    name: str | None = None
    rule: Any = None
    description: Text | None = None
    first_seen: str | None = None
    tags: tuple[str, ...] = ()
    withdrawn: Withdrawal | None = None
    false_positive_override: FalsePositiveOverride | None = None

    @property
    def is_rule(self) -> bool:
        return self.type in ("yara", "sigma", "suricata")


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorSet:
    id: str
    path: str
    advisories: tuple[str, ...]
    title: Text
    description: Text
    tlp: Tlp
    source: Source
    relates_to: Relations
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Corpus:
    """Everything valid, sorted by id. The input of every emitter."""

    advisories: tuple[Advisory, ...]
    sets: tuple[IndicatorSet, ...]
    _by_advisory: dict[str, tuple[IndicatorSet, ...]] = field(default_factory=dict, repr=False, compare=False)

    def advisory(self, advisory_id: str) -> Advisory:
        for adv in self.advisories:
            if adv.id == advisory_id:
                return adv
        raise KeyError(advisory_id)

    def sets_of(self, advisory_id: str) -> tuple[IndicatorSet, ...]:
        """The indicator sets that belong to one advisory, sorted by id."""
        return self._by_advisory.get(advisory_id, ())

    def indicators_of(self, advisory_id: str) -> tuple[Indicator, ...]:
        return tuple(ind for s in self.sets_of(advisory_id) for ind in s.indicators)
