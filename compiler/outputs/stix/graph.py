"""The corpus as STIX objects, before versioning: one node per object, with its TLP, its advisories and
the place in the sources it comes from.

Ids: an advisory's named things are one object each across the corpus (a CVE, an ATT&CK technique, a
malware or group by name); when two advisories describe the same one, the least restrictive TLP wins,
then the newest advisory, so every build holds one content per id. Indicators are identified by their
set and their canonical pattern (rules: by set, language and name). Reports are made per output level
in `reports()`, because what a report may list depends on the level.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Final

from compiler.corpus.ids import stix_id
from compiler.corpus.kinds import kind
from compiler.corpus.model import Advisory, Corpus, Indicator, IndicatorSet
from compiler.corpus.vocab import Tlp
from compiler.outputs.stix.common import (
    EXTENSION_ID,
    IDENTITY_ID,
    SPEC_VERSION,
    TLP_MARKING_IDS,
    StixObject,
    end_of_day,
    instant,
)
from compiler.outputs.stix.common import timestamp as ts
from compiler.outputs.stix.describe import (
    attack_pattern,
    indicator_text,
    intrusion_set,
    malware,
    threat_actor,
    vulnerability,
)
from compiler.outputs.stix.patterns import observables, pattern

RANK: Final = {level: level.rank for level in Tlp}
HIDDEN: Final = 99  # no output level holds it


@dataclass(slots=True)
class Node:
    """One versioned STIX object (an SDO or SRO) without its created/modified timestamps."""

    id: str
    obj: StixObject
    created: str
    tlp: Tlp
    advisories: set[str]
    origin: tuple[str, str]  # (source path, JSON pointer), for diagnostics
    revoked_at: str | None = None  # set when the data withdraws the object
    need: int = HIDDEN  # the lowest output level (rank) that may hold it; see visibility()
    item: str = ""  # an indicator object's Indicator.item_id (the metadata of the bundles that hold it)


@dataclass(slots=True)
class Observable:
    obj: StixObject
    tlp: Tlp
    advisories: set[str]
    need: int = 99


@dataclass(slots=True)
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    observables: dict[str, Observable] = field(default_factory=dict)
    advisories: dict[str, Advisory] = field(default_factory=dict)  # the corpus's (published: no drafts)
    seen_at: dict[Tlp, dict[str, Node]] = field(default_factory=dict)  # bundle.included(), once per level


def _head(stix_type: str, object_id: str) -> StixObject:
    # created and modified hold their place (JSON key order) until versioning gives them values.
    return {
        "type": stix_type,
        "spec_version": SPEC_VERSION,
        "id": object_id,
        "created_by_ref": IDENTITY_ID,
        "created": None,
        "modified": None,
    }


def _mark(obj: StixObject, level: Tlp) -> StixObject:
    obj["object_marking_refs"] = [TLP_MARKING_IDS[level]]
    return obj


def build_graph(corpus: Corpus) -> Graph:
    graph = Graph(advisories={a.id: a for a in corpus.advisories})
    _advisory_objects(graph)
    for s in corpus.sets:
        _set_objects(graph, s)
    for node in graph.nodes.values():
        node.need = visibility(graph, node.tlp, node.advisories)
    for sco in graph.observables.values():
        sco.need = visibility(graph, sco.tlp, sco.advisories)
    return graph


def visibility(graph: Graph, tlp: Tlp, advisories: Iterable[str]) -> int:
    """The rank of the lowest output level that may hold an object: its own marking must allow it, and
    so must the marking of at least one of its advisories."""
    ranks = [RANK[graph.advisories[a].tlp] for a in advisories if a in graph.advisories]
    return max(RANK[tlp], min(ranks)) if ranks else HIDDEN


def _withdrawn_at(graph: Graph, advisories: Iterable[str]) -> str | None:
    """When every advisory of an object is withdrawn, the object is revoked as of the latest one."""
    advs = [graph.advisories[a] for a in advisories if a in graph.advisories]
    if advs and all(a.status == "withdrawn" for a in advs):
        return ts(max(a.modified for a in advs))
    return None


def _advisory_objects(graph: Graph) -> None:
    # Least restrictive first, then newest, then by id: the first advisory to describe a shared object wins.
    ordered = sorted(graph.advisories.values(), key=lambda a: (a.tlp.rank, _desc(a.modified), a.id))
    for adv in ordered:
        origin = adv.path
        made: list[tuple[str, StixObject, str]] = []
        for i, v in enumerate(adv.vulnerabilities):
            made.append(
                (f"/vulnerabilities/{i}", vulnerability(_head("vulnerability", vuln_id(v.cve)), v), "")
            )
        for i, t in enumerate(adv.threat_actors):
            made.append(
                (f"/threat_actors/{i}", intrusion_set(_head("intrusion-set", group_id(t.name)), t), "")
            )
            made.append((f"/threat_actors/{i}", threat_actor(_head("threat-actor", actor_id(t.name)), t), ""))
            if t.country:
                loc = _head("location", stix_id("location", {"country": t.country}))
                loc.update(name=t.country, country=t.country)
                made.append((f"/threat_actors/{i}/country", loc, ""))
        for i, m in enumerate(adv.malware):
            made.append((f"/malware/{i}", malware(_head("malware", malware_id(m.name)), m), ""))
        for i, p in enumerate(adv.attack_patterns):
            made.append(
                (f"/attack_patterns/{i}", attack_pattern(_head("attack-pattern", technique_id(p.id)), p), "")
            )
        for pointer, obj, _ in made:
            _add(graph, obj, ts(adv.published), adv.tlp, {adv.id}, (origin, pointer))
        _advisory_relationships(graph, adv)
    for node in graph.nodes.values():
        node.revoked_at = _withdrawn_at(graph, node.advisories)


def _desc(day: str) -> str:
    # Sort key that puts later dates first.
    return "".join(chr(0x10FFFF - ord(c)) for c in day)


def _add(
    graph: Graph, obj: StixObject, created: str, level: Tlp, advisories: set[str], origin: tuple[str, str]
) -> Node:
    found = graph.nodes.get(obj["id"])
    if found is not None:  # an object another advisory described first: it keeps that content
        found.advisories |= advisories
        return found
    node = Node(
        id=obj["id"],
        obj=_mark(obj, level),
        created=created,
        tlp=level,
        advisories=set(advisories),
        origin=origin,
    )
    graph.nodes[node.id] = node
    return node


def relate(
    graph: Graph, kind: str, source: Node, target: Node, advisories: set[str], origin: tuple[str, str]
) -> Node:
    rel_id = stix_id(
        "relationship", {"relationship_type": kind, "source_ref": source.id, "target_ref": target.id}
    )
    level = source.tlp if RANK[source.tlp] >= RANK[target.tlp] else target.tlp
    obj = _head("relationship", rel_id)
    obj["relationship_type"] = kind
    obj["source_ref"] = source.id
    obj["target_ref"] = target.id
    created = source.created if source.created >= target.created else target.created
    node = _add(graph, obj, created, level, advisories, origin)
    if source.revoked_at or target.revoked_at:
        node.revoked_at = max(source.revoked_at or "", target.revoked_at or "")
    return node


def _advisory_relationships(graph: Graph, adv: Advisory) -> None:
    here = {adv.id}
    origin = (adv.path, "/threat_actors")
    for t in adv.threat_actors:
        group = graph.nodes[group_id(t.name)]
        relate(graph, "attributed-to", group, graph.nodes[actor_id(t.name)], here, origin)
        if t.country:
            relate(
                graph,
                "originates-from",
                group,
                graph.nodes[stix_id("location", {"country": t.country})],
                here,
                origin,
            )
        for p in adv.attack_patterns:
            relate(graph, "uses", group, graph.nodes[technique_id(p.id)], here, origin)
        for v in adv.vulnerabilities:
            if v.exploited:
                relate(graph, "targets", group, graph.nodes[vuln_id(v.cve)], here, origin)


def vuln_id(cve: str) -> str:
    return stix_id("vulnerability", {"name": cve})


def group_id(name: str) -> str:
    return stix_id("intrusion-set", {"name": name.casefold()})


def actor_id(name: str) -> str:
    return stix_id("threat-actor", {"name": name.casefold()})


def malware_id(name: str) -> str:
    return stix_id("malware", {"name": name.casefold()})


def technique_id(attack_id: str) -> str:
    return stix_id("attack-pattern", {"external_id": attack_id})


def indicator_id(ind: Indicator, stix_pattern: str) -> str:
    if ind.is_rule:
        return stix_id("indicator", {"set": ind.set_id, "pattern_type": ind.type, "name": ind.name})
    return stix_id("indicator", {"set": ind.set_id, "pattern": stix_pattern})


def _targets(graph: Graph, s: IndicatorSet, advisories: list[Advisory]) -> Iterator[Node]:
    """The advisory objects a set's indicators indicate, resolved in each of the set's advisories."""
    seen: set[str] = set()
    for adv in advisories:
        ids = [malware_id(m.name) for m in adv.malware if m.id in s.relates_to.malware]
        ids += [group_id(t.name) for t in adv.threat_actors if t.id in s.relates_to.threat_actors]
        ids += [technique_id(p.id) for p in adv.attack_patterns if p.id in s.relates_to.attack_patterns]
        for target in ids:
            if target not in seen and target in graph.nodes:
                seen.add(target)
                yield graph.nodes[target]


def _set_objects(graph: Graph, s: IndicatorSet) -> None:
    advisories = [graph.advisories[a] for a in s.advisories if a in graph.advisories]
    if not advisories:
        return
    here = {a.id for a in advisories}
    targets = list(_targets(graph, s, advisories))
    phases = _phases(s, advisories)
    _uses_malware(graph, s, advisories)
    withdrawn_all = _withdrawn_at(graph, here)
    for ind in s.indicators:
        stix_pattern = ind.value if ind.is_rule else pattern(ind.type, ind.value)
        ind_id = indicator_id(ind, stix_pattern)
        if ind_id in graph.nodes:  # the same value twice in one set: IOC203 reports it, the first one counts
            continue
        origin = (s.path, f"/indicators/{ind.index}")
        node = _add(
            graph, _indicator(ind, s, ind_id, stix_pattern, phases), ts(ind.valid_from), s.tlp, here, origin
        )
        node.item = ind.item_id
        if ind.withdrawn is not None:
            node.revoked_at = ts(ind.withdrawn.date)
        elif withdrawn_all:
            node.revoked_at = withdrawn_all
        for target in targets:
            relate(graph, "indicates", node, target, here, origin)
        if node.revoked_at is None and not ind.is_rule:
            for sco in observables(ind.type, ind.value):
                found = graph.observables.get(sco["id"])
                if found is None:
                    graph.observables[sco["id"]] = Observable(obj=sco, tlp=s.tlp, advisories=set(here))
                else:
                    found.advisories |= here
                    found.tlp = min(found.tlp, s.tlp, key=lambda t: t.rank)


def _uses_malware(graph: Graph, s: IndicatorSet, advisories: list[Advisory]) -> None:
    """A set that relates a group and a malware family says that the group uses it."""
    for adv in advisories:
        groups = [group_id(t.name) for t in adv.threat_actors if t.id in s.relates_to.threat_actors]
        families = [malware_id(m.name) for m in adv.malware if m.id in s.relates_to.malware]
        for g in groups:
            for m in families:
                relate(graph, "uses", graph.nodes[g], graph.nodes[m], {adv.id}, (s.path, "/relates_to"))


def _phases(s: IndicatorSet, advisories: list[Advisory]) -> list[dict[str, str]]:
    tactics = {
        p.tactic for a in advisories for p in a.attack_patterns if p.id in s.relates_to.attack_patterns
    }
    return [{"kill_chain_name": "mitre-attack", "phase_name": t} for t in sorted(tactics)]


def _indicator(
    ind: Indicator, s: IndicatorSet, ind_id: str, stix_pattern: str, phases: list[dict[str, str]]
) -> StixObject:
    obj = _head("indicator", ind_id)
    name, description = indicator_text(ind, s)
    obj["name"] = name
    obj["description"] = description
    stix = kind(ind.type).stix
    obj["indicator_types"] = [stix.indicator_type]
    obj["pattern"] = stix_pattern
    obj["pattern_type"] = stix.pattern_type
    if not ind.is_rule:
        obj["pattern_version"] = "2.1"
    obj["valid_from"] = instant(ind.valid_from)
    if ind.valid_until is not None and end_of_day(ind.valid_until) > ts(ind.valid_from):
        obj["valid_until"] = instant(end_of_day(ind.valid_until))
    if phases:
        obj["kill_chain_phases"] = phases
    if ind.tags:
        obj["labels"] = list(ind.tags)
    obj["confidence"] = ind.confidence
    extension: dict[str, str] = {}
    if ind.first_seen:
        extension["first_seen"] = ind.first_seen
    if ind.description is not None:
        extension["description_de"] = ind.description.de
    if extension:
        obj["extensions"] = {EXTENSION_ID: {"extension_type": "property-extension", **extension}}
    ref: dict[str, str] = {"source_name": s.source.name}
    if s.source.url:
        ref["url"] = s.source.url
    ref["description"] = f"Licence: {s.source.licence}"
    obj["external_references"] = [ref]
    return obj
