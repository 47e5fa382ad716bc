"""What a rule file may contain: advisories and sets the build's TLP allows, and indicators that are
neither withdrawn nor expired on the build's reference date. Every rule emitter selects through here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from compiler.emit import BuildContext
from compiler.model import Advisory, Corpus, Indicator, IndicatorSet
from compiler.vocab import Tlp


@dataclass(frozen=True, slots=True, kw_only=True)
class Live:
    """One advisory with its allowed sets and its live indicators (first occurrence of a value wins)."""

    advisory: Advisory
    sets: tuple[IndicatorSet, ...]
    indicators: tuple[Indicator, ...]
    set_by_id: dict[str, IndicatorSet] = field(default_factory=dict)

    def of_type(self, *kinds: str) -> list[Indicator]:
        return [i for i in self.indicators if i.type in kinds]

    def tlp_of(self, indicators: list[Indicator] | tuple[Indicator, ...]) -> Tlp:
        """The most restrictive marking among the sets of `indicators` (and the advisory)."""
        levels = [self.advisory.tlp, *(self.set_by_id[i.set_id].tlp for i in indicators)]
        return max(levels, key=lambda t: t.rank)

    def set_of(self, indicator: Indicator) -> IndicatorSet:
        return self.set_by_id[indicator.set_id]


def is_live(indicator: Indicator, as_of: str) -> bool:
    """Not withdrawn, and not past valid_until (a date-only valid_until counts the whole day)."""
    if indicator.withdrawn is not None:
        return False
    return indicator.valid_until is None or indicator.valid_until[:10] >= as_of


def live(corpus: Corpus, ctx: BuildContext) -> Iterator[Live]:
    """The advisories in id order, each with what rule files may carry."""
    for adv in sorted(corpus.advisories, key=lambda a: a.id):
        if adv.status == "withdrawn" or not ctx.tlp.allows(adv.tlp):
            continue
        sets = tuple(s for s in sorted(corpus.sets_of(adv.id), key=lambda s: s.id) if ctx.tlp.allows(s.tlp))
        seen: set[tuple[str, str]] = set()
        chosen: list[Indicator] = []
        for s in sets:
            for ind in s.indicators:
                if not is_live(ind, ctx.as_of):
                    continue
                key = (ind.type, f"{ind.set_id}/{ind.name}" if ind.is_rule else _dedupe(ind))
                if key in seen:
                    continue
                seen.add(key)
                chosen.append(ind)
        yield Live(advisory=adv, sets=sets, indicators=tuple(chosen), set_by_id={s.id: s for s in sets})


def _dedupe(ind: Indicator) -> str:
    if ind.type in ("file-path", "file-name") and not ind.value.startswith("/"):
        return ind.value.casefold()
    return ind.value
