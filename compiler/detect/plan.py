"""The detection plan: what the corpus asks the engine to look for, made once per run.

- Sigma rules, converted to one SQL condition per dialect over their table (compiler.detect.sigmasql);
- atomic indicators as value tables, normalised as the columns they are compared with;
- YARA rules, compiled together (one namespace per rule, so names never clash).

Every rule and indicator is known by a key (`rule:<advisory>/<name>`, `indicator:<advisory>/<set>/<value>`)
that findings, the evidence manifests and the coverage table share. A rule that cannot run becomes a
located diagnostic (IOC710), never a silent gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from compiler.corpus.kinds import atomic
from compiler.corpus.kinds.kind import Scan
from compiler.corpus.model import Advisory, Corpus, Indicator, IndicatorSet
from compiler.detect.sigmasql import ConversionError, convert
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.gate import crawlers

# indicator type -> value kind of the value tables (each type's `Scan` entry, compiler.corpus.kinds)
KINDS: Final = {k.name: k.scan.table for k in atomic() if isinstance(k.scan, Scan)}
HASHES: Final = ("sha256", "sha1", "md5")
INSTALL_PATH: Final = "%exchangeinstallpath%"  # a path indicator relative to the Exchange installation


def normalise(kind: str, value: str) -> str:
    """A value as the engine compares it: user agents in IIS form (a space as `+`), hosts, URLs, paths
    and hashes in lower case, URLs without their scheme, paths with backslashes (and a path below
    `%ExchangeInstallPath%` with one backslash after it, as the engine writes a file's path there)."""
    if kind == "user-agent":
        return value.replace(" ", "+")
    if kind == "url":
        low = value.strip().lower()
        return low.split("://", 1)[1] if "://" in low else low
    if kind in ("file-path", "file-name"):
        low = value.strip().replace("/", "\\").lower()
        if kind == "file-path" and low.startswith(INSTALL_PATH):
            return INSTALL_PATH + "\\" + low[len(INSTALL_PATH) :].lstrip("\\")
        return low
    if kind in ("domain", *HASHES):
        return value.strip().lower().rstrip(".")
    return value.strip()


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A rule or indicator findings point to."""

    key: str
    advisory: str
    kind: str  # sigma, yara or an indicator type
    name: str  # rule name or indicator value
    set_id: str
    title: str
    cves: tuple[str, ...]
    source: Location  # where it is written
    weak: str = ""  # non-empty: only context, and why
    override: str = ""  # a reviewed false_positive_override: the lists it is on, and the reviewer's reason


@dataclass(frozen=True, slots=True, kw_only=True)
class SigmaCheck:
    target: Target
    table: str
    duckdb: str
    spark: str


@dataclass(slots=True, kw_only=True)
class Plan:
    targets: dict[str, Target] = field(default_factory=dict)
    sigma: list[SigmaCheck] = field(default_factory=list)
    values: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # kind -> value -> target keys
    yara_sources: dict[str, str] = field(default_factory=dict)  # namespace (= target key) -> rule text
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _yara: Any = None

    def sigma_for(self, table: str) -> list[SigmaCheck]:
        return [c for c in self.sigma if c.table == table]

    def yara_rules(self) -> Any:
        if self._yara is None and self.yara_sources:
            import yara

            self._yara = yara.compile(sources=self.yara_sources)
        return self._yara


def rule_key(advisory: str, name: str) -> str:
    return f"rule:{advisory}/{name}"


def indicator_key(advisory: str, set_id: str, value: str) -> str:
    return f"indicator:{advisory}/{set_id}/{value}"


def _cves(adv: Advisory, s: IndicatorSet, rule: Any = None) -> tuple[str, ...]:
    tags = [str(t) for t in (rule or {}).get("tags", [])] if isinstance(rule, dict) else []
    from_tags = sorted({"CVE-" + t[4:].upper() for t in tags if t.startswith("cve.")})
    return tuple(
        from_tags or sorted(s.relates_to.vulnerabilities) or sorted(v.cve for v in adv.vulnerabilities)
    )


def build_plan(corpus: Corpus, root: Path, *, include_drafts: bool = True) -> Plan:
    """The plan over every advisory that is not withdrawn and its live indicators."""
    plan = Plan()
    weak = crawlers.load(root.resolve())
    for adv in sorted(corpus.advisories, key=lambda a: a.id):
        if adv.status == "withdrawn" or (adv.status == "draft" and not include_drafts):
            continue
        for s in corpus.sets_of(adv.id):
            for ind in s.indicators:
                if ind.withdrawn is None:
                    _add(plan, adv, s, ind, weak)
    return plan


def _add(plan: Plan, adv: Advisory, s: IndicatorSet, ind: Indicator, weak: crawlers.Crawlers) -> None:
    where = Location(s.path, 1, 1, f"/indicators/{ind.index}")
    if ind.type == "sigma" and ind.name:
        key = rule_key(adv.id, ind.name)
        target = Target(key=key, advisory=adv.id, kind="sigma", name=ind.name, set_id=s.id,
                        title=str(ind.rule.get("title", ind.name)), cves=_cves(adv, s, ind.rule), source=where)  # fmt: skip
        plan.targets[key] = target
        try:
            converted = convert(ind.rule)
        except ConversionError as exc:
            plan.diagnostics.append(
                diagnostic(
                    "IOC710", Location(s.path, 1, 1, f"/indicators/{ind.index}/rule"), f"{ind.name}: {exc}"
                )
            )
            return
        plan.sigma.append(
            SigmaCheck(target=target, table=converted.table, duckdb=converted.duckdb, spark=converted.spark)
        )
    elif ind.type == "yara" and ind.name:
        key = rule_key(adv.id, ind.name)
        plan.targets[key] = Target(key=key, advisory=adv.id, kind="yara", name=ind.name, set_id=s.id,
                                   title=ind.name, cves=_cves(adv, s), source=where)  # fmt: skip
        plan.yara_sources[key] = ind.value
    elif ind.type in KINDS:
        kind = KINDS[ind.type]
        key = indicator_key(adv.id, s.id, ind.value)
        agent = weak.match(ind.value) if crawlers.applies(ind.type) else None
        reason = f"{agent.name}: {agent.reason}" if agent else ""
        fpo = ind.false_positive_override
        reviewed = f"{', '.join(fpo.lists)}: {fpo.reason}" if fpo is not None else ""
        plan.targets[key] = Target(key=key, advisory=adv.id, kind=ind.type, name=ind.value, set_id=s.id,
                                   title=f"{ind.type} {ind.value}", cves=_cves(adv, s), source=where, weak=reason,
                                   override=reviewed)  # fmt: skip
        plan.values.setdefault(kind, {}).setdefault(normalise(kind, ind.value), []).append(key)
