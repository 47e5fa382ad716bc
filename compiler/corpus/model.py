"""The frozen data model that build.py makes from valid documents and every emitter reads.

Emitters never change it. Every human-readable field is a `Text`: one string per configured language
(compiler.corpus.text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler.corpus.kinds import is_rule
from compiler.corpus.text import Text as Text  # re-exported: the model is where readers look for it
from compiler.corpus.vocab import (
    LANGS,
    Audience,
    Deployment,
    ReleaseKind,
    ResourceKind,
    Severity,
    Status,
    StepKind,
    Tlp,
)


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
    cvss: Cvss  # the score that drives the advisory's severity
    cwe: str | None = None
    cvss_alternatives: tuple[Cvss, ...] = ()  # other published scores, e.g. NVD's
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
class Release:
    """One release of a product line (rtm, sp, cu) or one update on top of one (ru, su, hu)."""

    id: str
    kind: ReleaseKind
    name: str
    build: str
    released: str
    base: str | None = None  # for ru, su and hu: the release it installs on
    kb: str | None = None
    source: str | None = None
    note: Text | None = None

    @property
    def is_update(self) -> bool:
        return self.kind in ("ru", "su", "hu")


@dataclass(frozen=True, slots=True, kw_only=True)
class Product:
    """One product line of the catalog (products/<id>.yaml), releases sorted by build."""

    id: str
    path: str
    vendor: str
    name: str
    deployment: Deployment
    releases: tuple[Release, ...]
    build_prefixes: tuple[str, ...] = ()
    first_build: str | None = None
    end_of_support: str | None = None
    cpe: str | None = None
    note: Text | None = None

    def release(self, release_id: str) -> Release:
        for r in self.releases:
            if r.id == release_id:
                return r
        raise KeyError(f"{self.id}/{release_id}")


@dataclass(frozen=True, slots=True, kw_only=True)
class AffectedProduct:
    product: Product
    since: Release | None = None  # the first affected release; older builds are not affected
    note: Text | None = None

    @property
    def id(self) -> str:
        return self.product.id


@dataclass(frozen=True, slots=True, kw_only=True)
class UnaffectedProduct:
    product: Product
    reason: Text

    @property
    def id(self) -> str:
        return self.product.id


@dataclass(frozen=True, slots=True, kw_only=True)
class Fix:
    """What closes some CVEs on one product line: updates on particular releases, and the first release
    that ships the fix (later releases do too)."""

    product: Product
    cves: tuple[str, ...]
    updates: tuple[Release, ...] = ()
    included_in: Release | None = None
    note: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    kind: StepKind
    title: Text
    body: Text
    customer_body: Text | None = None  # the step in the customer mail's words; else its standard wording
    priority: Text | None = None
    customer_priority: Text | None = None  # the priority in the customer mail's words


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    title: Text
    url: str
    kind: ResourceKind
    audience: Audience


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
    fixes: tuple[Fix, ...]
    steps: tuple[Step, ...]
    resources: tuple[Resource, ...]
    updates: tuple[Update, ...]  # oldest first
    threat_actors: tuple[ThreatActor, ...] = ()
    malware: tuple[Malware, ...] = ()
    attack_patterns: tuple[AttackPattern, ...] = ()
    email_subject: Text | None = None
    email_preheader: Text | None = None  # the customer mail's inbox preview line


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

    type: str  # a registered type (compiler.corpus.kinds)
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
        return is_rule(self.type)

    @property
    def item_id(self) -> str:
        """Its id in the corpus and in every output's metadata: `<set>/<rule name>` for a rule,
        `<set>/<type>:<value>` for a value."""
        return f"{self.set_id}/{self.name}" if self.is_rule else f"{self.set_id}/{self.type}:{self.value}"


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
    products: tuple[Product, ...] = ()
    # The languages every text holds and every output publishes, in order (config/languages.yaml).
    languages: tuple[str, ...] = LANGS
    _by_advisory: dict[str, tuple[IndicatorSet, ...]] = field(default_factory=dict, repr=False, compare=False)

    def advisory(self, advisory_id: str) -> Advisory:
        for adv in self.advisories:
            if adv.id == advisory_id:
                return adv
        raise KeyError(advisory_id)

    def product(self, product_id: str) -> Product:
        for p in self.products:
            if p.id == product_id:
                return p
        raise KeyError(product_id)

    def sets_of(self, advisory_id: str) -> tuple[IndicatorSet, ...]:
        """The indicator sets that belong to one advisory, sorted by id."""
        return self._by_advisory.get(advisory_id, ())

    def indicators_of(self, advisory_id: str) -> tuple[Indicator, ...]:
        return tuple(ind for s in self.sets_of(advisory_id) for ind in s.indicators)
