"""What a rule file may contain: advisories and sets the build's TLP allows, and indicators that are
neither withdrawn nor expired on the build's reference date. Every rule emitter selects through here.

The selection of the last corpora is remembered (by identity, with the build's TLP and date), so the
seven rule emitters of one build select once: at 100,000 indicators that is most of a second each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from compiler.corpus.kinds import dedupe_key
from compiler.corpus.model import Advisory, Corpus, Indicator, IndicatorSet
from compiler.corpus.vocab import Tlp
from compiler.gate import crawlers
from compiler.gate.crawlers import Crawlers
from compiler.outputs.artifact import Artifact, BuildContext, item_ids


@dataclass(frozen=True, slots=True, kw_only=True)
class Live:
    """One advisory with its allowed sets and its live indicators (first occurrence of a value wins)."""

    advisory: Advisory
    sets: tuple[IndicatorSet, ...]
    indicators: tuple[Indicator, ...]
    set_by_id: dict[str, IndicatorSet] = field(default_factory=dict)
    by_type: dict[str, tuple[Indicator, ...]] = field(default_factory=dict)
    # weak context (config/crawler-user-agents.yaml): kept in data feeds, left out of rules on the value alone
    context: frozenset[tuple[str, str]] = frozenset()

    def of_type(self, *kinds: str) -> list[Indicator]:
        """The indicators of these types that a rule may fire on alone (weak context left out)."""
        if len(kinds) == 1:
            return list(self.by_type.get(kinds[0], ()))
        return [i for i in self.indicators if i.type in kinds and (i.type, i.value) not in self.context]

    def marking(self, indicator: Indicator) -> Tlp:
        """The marking of one indicator: its set's TLP or the advisory's, whichever is stricter."""
        s = self.set_by_id[indicator.set_id].tlp
        return s if s.rank >= self.advisory.tlp.rank else self.advisory.tlp

    def tlp_of(self, indicators: list[Indicator] | tuple[Indicator, ...]) -> Tlp:
        """The most restrictive marking among the sets of `indicators` (and the advisory)."""
        levels = {self.advisory.tlp, *(self.set_by_id[i.set_id].tlp for i in indicators)}
        return max(levels, key=lambda t: t.rank)

    def artifact(self, path: str, data: bytes, indicators: Iterable[Indicator]) -> Artifact:
        """A file of this advisory that holds `indicators`: owned by the advisory, marked as they are."""
        held = list(indicators)
        return Artifact(path, data, advisory=self.advisory.id, items=item_ids(held), tlp=self.tlp_of(held))

    def set_of(self, indicator: Indicator) -> IndicatorSet:
        return self.set_by_id[indicator.set_id]


def is_live(indicator: Indicator, as_of: str) -> bool:
    """Not withdrawn, and not past valid_until (a date-only valid_until counts the whole day)."""
    if indicator.withdrawn is not None:
        return False
    return indicator.valid_until is None or indicator.valid_until[:10] >= as_of


_MEMO: list[tuple[Corpus, Crawlers, Tlp, str, list[Live]]] = []


def live(corpus: Corpus, ctx: BuildContext) -> list[Live]:
    """The advisories in id order, each with what rule files may carry."""
    for memo_corpus, weak, tlp, as_of, found in _MEMO:
        if memo_corpus is corpus and weak is ctx.settings.crawlers and tlp == ctx.tlp and as_of == ctx.as_of:
            return found
    selected = (_select(adv, corpus, ctx) for adv in sorted(corpus.advisories, key=lambda a: a.id))
    found = [lv for lv in selected if lv is not None]
    _MEMO[:] = [(corpus, ctx.settings.crawlers, ctx.tlp, ctx.as_of, found), *_MEMO[:1]]
    return found


def _select(adv: Advisory, corpus: Corpus, ctx: BuildContext) -> Live | None:
    if adv.status == "withdrawn" or not ctx.tlp.allows(adv.tlp):
        return None
    sets = tuple(s for s in sorted(corpus.sets_of(adv.id), key=lambda s: s.id) if ctx.tlp.allows(s.tlp))
    seen: set[tuple[str, str]] = set()
    chosen: list[Indicator] = []
    by_type: dict[str, list[Indicator]] = {}
    weak = ctx.settings.crawlers
    context: set[tuple[str, str]] = set()
    for s in sets:
        for ind in s.indicators:
            if not is_live(ind, ctx.as_of):
                continue
            key = (ind.type, f"{ind.set_id}/{ind.name}" if ind.is_rule else _dedupe(ind))
            if key in seen:
                continue
            seen.add(key)
            chosen.append(ind)
            if crawlers.applies(ind.type) and weak.match(ind.value) is not None:
                context.add((ind.type, ind.value))
                continue
            by_type.setdefault(ind.type, []).append(ind)
    return Live(
        advisory=adv,
        sets=sets,
        indicators=tuple(chosen),
        set_by_id={s.id: s for s in sets},
        by_type={k: tuple(v) for k, v in by_type.items()},
        context=frozenset(context),
    )


def _dedupe(ind: Indicator) -> str:
    return dedupe_key(ind.type, ind.value)[1]
