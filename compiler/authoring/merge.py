"""Merge imported candidates into an indicator set file, keeping its comments and formatting.

Each candidate is canonicalised (compiler.corpus.values); a value that is invalid, already in the corpus,
repeated within the import, or marked more restrictively than the set is skipped with its reason.
The rest are appended to the set's `indicators` in the canonical key order, through the same
ruamel.yaml round trip as `iocc fmt`, so the file stays in fmt's canonical form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

from compiler.authoring.fmt import dump_rt, format_tree, load_rt
from compiler.authoring.readers import Candidate, Parsed, markings
from compiler.corpus.kinds import atomic_kind, dedupe_key, is_rule
from compiler.corpus.load import LoadError, discover, load_paths, parse_documents
from compiler.corpus.vocab import Tlp


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    origin: str
    type: str
    value: str  # canonical where it could be made canonical
    added: bool
    reason: str = ""
    code: str | None = None  # a refusal that is a finding (IOC801: marked above the set), not a mere skip
    notes: tuple[str, ...] = ()  # what the import could not carry over as the source had it


@dataclass(frozen=True, slots=True, kw_only=True)
class Merged:
    text: str  # the set file after the import
    outcomes: tuple[Outcome, ...]
    raised: tuple[str, str] | None = None  # (from, to) when --raise-tlp raised the set's TLP

    @property
    def added(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.added)

    @property
    def skipped(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.added)


Key = tuple[str, str]


def corpus_keys(root: Path) -> dict[Key, str]:
    """Every atomic value and rule already in the corpus, with where it is ("already at path:line")."""
    loaded = load_paths(discover(root), root)
    known: dict[Key, str] = {}
    for doc in loaded.documents:
        items = doc.data.get("indicators") if isinstance(doc.data, dict) else None
        if doc.kind != "indicator-set" or not isinstance(items, list):
            continue
        for i, ind in enumerate(items):
            key = _key_of(ind)
            if key is not None and key not in known:
                known[key] = f"already at {doc.path}:{doc.locate(f'/indicators/{i}').line}"
    return known


def _key_of(ind: Any) -> Key | None:
    if not isinstance(ind, dict) or not isinstance(ind.get("type"), str):
        return None
    kind = ind["type"]
    if is_rule(kind):
        return _rule_key(kind, ind.get("rule"))
    declared = atomic_kind(kind)
    value = ind.get("value")
    if declared is None or not isinstance(value, str):
        return None
    try:
        return dedupe_key(kind, declared.canonical(value))
    except ValueError:
        return None


def sigma_mapping(text: str) -> dict[str, Any]:
    """A Sigma rule from a feed's text, read bounded (compiler.corpus.load.parse_documents: no aliases, so no alias
    bomb, nesting and size limited); ValueError when it is not one YAML mapping."""
    try:
        documents = parse_documents(text, "sigma rule")
    except LoadError as exc:
        raise ValueError(exc.diagnostic.message) from None
    if len(documents) != 1 or not isinstance(documents[0], dict):
        raise ValueError("a Sigma rule is one YAML mapping")
    return documents[0]


def _rule_key(kind: str, rule: Any) -> Key | None:
    """Rules are the same when their text is (YARA, Suricata) or their Sigma id or title is."""
    if isinstance(rule, str) and kind == "sigma":
        try:
            rule = sigma_mapping(rule)
        except ValueError:  # not a rule: compare the text
            return (kind, rule.strip())
    if isinstance(rule, dict):
        return (kind, str(rule.get("id") or rule.get("title") or ""))
    return (kind, rule.strip()) if isinstance(rule, str) else None


def merge(
    set_text: str,
    parsed: Parsed,
    known: dict[Key, str],
    *,
    set_tlp: str | None = None,
    raise_tlp: bool = False,
) -> Merged:
    """The set file with the new candidates appended, and what happened to each candidate. A value marked
    above the set's TLP is refused (IOC801), unless `raise_tlp` raises the set's TLP to the strictest
    marking of the import (Merged.raised says from what to what)."""
    tree = load_rt(set_text)
    if not isinstance(tree, CommentedMap):
        raise ValueError("the target is not an indicator set (a YAML mapping)")
    indicators = tree.get("indicators")
    if not isinstance(indicators, CommentedSeq):
        indicators = CommentedSeq()
        tree["indicators"] = indicators
    indicators.fa.set_block_style()
    chosen = set_tlp or str(tree.get("tlp") or "clear")
    # a set whose TLP is not chosen yet (a new set reads TODO) takes nothing above TLP:CLEAR until it is
    limit: Tlp | None = Tlp(chosen) if chosen in {t.value for t in Tlp} else None
    raised = None
    strictest = markings.strictest(Tlp(c.tlp) for c in parsed.candidates if c.tlp is not None)
    if raise_tlp and strictest is not None and strictest.rank > (limit or Tlp.CLEAR).rank:
        raised, limit = ((limit.value if limit else chosen), strictest.value), strictest
        tree["tlp"] = strictest.value
    names = _Names({str(i.get("name")) for i in indicators if isinstance(i, dict) and i.get("name")})
    seen = dict(known)
    outcomes: list[Outcome] = []
    for cand in parsed.candidates:
        outcome, entry = _one(cand, seen, limit, names)
        outcomes.append(outcome)
        if entry is not None:
            indicators.append(entry)
    for rej in parsed.rejected:
        outcomes.append(Outcome(origin=rej.origin, type="", value=rej.value, added=False, reason=rej.reason))
    format_tree(tree, "indicator-set")
    return Merged(text=dump_rt(tree), outcomes=tuple(outcomes), raised=raised)


def _one(cand: Candidate, seen: dict[Key, str], limit: Tlp | None, names: _Names) -> tuple[Outcome, Any]:
    def skip(value: str, reason: str, code: str | None = None) -> tuple[Outcome, None]:
        out = Outcome(origin=cand.origin, type=cand.type, value=value, added=False, reason=reason, code=code)
        return out, None

    if cand.tlp is not None and not (limit or Tlp.CLEAR).allows(Tlp(cand.tlp)):
        whose = f"the set's TLP:{limit.upper()}" if limit else "TLP:CLEAR (the set's TLP is not chosen yet)"
        return skip(
            cand.value,
            f"marked TLP:{cand.tlp.upper()}, more restrictive than {whose} (--raise-tlp raises the set's TLP instead)",
            "IOC801",
        )
    if cand.type == "sigma":
        try:
            sigma_mapping(cand.value)  # bounded first: the round-trip reader below expands aliases
        except ValueError as exc:
            return skip(cand.name or "", f"not a Sigma rule iocc reads: {exc}")
    declared = atomic_kind(cand.type)
    if is_rule(cand.type):
        key: Key = _rule_key(cand.type, cand.value) or (cand.type, cand.value)
        value = cand.name or ""
    elif declared is None:
        return skip(cand.value, f"type {cand.type!r} is not an iocc type")
    else:
        try:
            value = declared.canonical(cand.value)
        except ValueError as exc:
            return skip(cand.value, f"invalid: {exc}")
        key = dedupe_key(cand.type, value)
    if key in seen:
        return skip(value, f"duplicate: {seen[key]}")
    seen[key] = f"repeats {cand.origin}"
    entry = CommentedMap()
    entry["type"] = cand.type
    if is_rule(cand.type):
        name = names.unique(cand.name or f"{cand.type}-rule")
        entry["name"] = name
        entry["rule"] = (
            load_rt(cand.value) if cand.type == "sigma" else LiteralScalarString(cand.value.strip() + "\n")
        )
        value = name
    else:
        entry["value"] = SingleQuotedScalarString(value)
    if cand.first_seen:
        entry["first_seen"] = SingleQuotedScalarString(cand.first_seen)
    notes = (*cand.notes, *_context(cand, entry))
    return Outcome(origin=cand.origin, type=cand.type, value=value, added=True, notes=notes), entry


_TAG = re.compile(r"[a-z0-9][a-z0-9._:-]*")


def _context(cand: Candidate, entry: CommentedMap) -> tuple[str, ...]:
    """Description, tags and confidence from the source into the entry; what could not go in as it is,
    said (never changed or dropped in silence)."""
    notes: list[str] = []
    if cand.description:
        german = cand.description_de
        if german is None:  # a TODO: `iocc check` refuses the set until someone translates it
            german = f"TODO: übersetzen: {cand.description}"
            notes.append("the source has an English description only: translate the TODO in `de`")
        text = CommentedMap()
        text["de"], text["en"] = _scalar(german), _scalar(cand.description)
        entry["description"] = text
    tags = [t for t in cand.tags if _TAG.fullmatch(t) and markings.level(t) is None]
    left = [t for t in cand.tags if t not in tags]
    if tags:
        entry["tags"] = CommentedSeq(dict.fromkeys(tags))
    if left:
        notes.append(
            f"tags left out (markings, or not of the form iocc tags take): {', '.join(map(repr, left))}"
        )
    if cand.confidence is not None:
        if 0 <= cand.confidence <= 100:
            entry["confidence"] = cand.confidence
        else:
            notes.append(f"confidence {cand.confidence} left out: not within 0-100")
    return tuple(notes)


def _scalar(text: str) -> Any:
    return (
        LiteralScalarString(text.rstrip("\n") + "\n")
        if "\n" in text.strip()
        else SingleQuotedScalarString(text)
    )


class _Names:
    """Rule names of a set: `base`, or `base-2`, `base-3`, ... the first not taken. Each base resumes where
    it stopped, so n rules of one name cost n steps, not n squared."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.next: dict[str, int] = {}

    def unique(self, base: str) -> str:
        name, n = base, self.next.get(base, 2)
        while name in self.taken:
            name, n = f"{base}-{n}", n + 1
        self.next[base] = n
        self.taken.add(name)
        return name
