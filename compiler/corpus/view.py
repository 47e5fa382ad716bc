"""Which advisories and sets a build may publish: decided once, here, for every output.

A draft advisory (`status: draft`) is private until it turns final. The published corpus leaves out
every draft, every indicator set that belongs only to drafts, and the ids of drafts in the `advisories`
list of a set shared with a published advisory; so no output can name a draft, whatever it does.
`iocc build --include-drafts` asks for a preview build instead: everything stays in, and the build marks
its outputs as a preview. The pipeline hands the published corpus to every emitter, to the site, to
`changes.json`, to the locks and to the reference date; emitters never filter drafts themselves.

How much of the published corpus a build at `--tlp X` holds stays each output's own decision: the
STIX and MISP outputs mark and version objects per level (see compiler.outputs.stix.graph).
"""

from __future__ import annotations

import dataclasses

from compiler.corpus.model import Advisory, Corpus, IndicatorSet


def is_draft(adv: Advisory) -> bool:
    return adv.status == "draft"


def drafts(corpus: Corpus) -> tuple[Advisory, ...]:
    """The draft advisories of a corpus, in id order."""
    return tuple(a for a in corpus.advisories if is_draft(a))


def published(corpus: Corpus, *, include_drafts: bool = False) -> Corpus:
    """The corpus a build publishes: without drafts (see the module's docstring), or, for a preview build
    (`include_drafts`), the corpus itself. A corpus without drafts is returned as it is (the same object)."""
    left_out = {a.id for a in drafts(corpus)}
    if include_drafts or not left_out:
        return corpus
    sets: list[IndicatorSet] = []
    for s in corpus.sets:
        kept = tuple(a for a in s.advisories if a not in left_out)
        if kept:
            sets.append(s if kept == s.advisories else dataclasses.replace(s, advisories=kept))
    by_advisory: dict[str, list[IndicatorSet]] = {}
    for s in sets:
        for adv_id in s.advisories:
            by_advisory.setdefault(adv_id, []).append(s)
    return Corpus(
        advisories=tuple(a for a in corpus.advisories if a.id not in left_out),
        sets=tuple(sets),
        languages=corpus.languages,
        _by_advisory={k: tuple(v) for k, v in sorted(by_advisory.items())},
    )
