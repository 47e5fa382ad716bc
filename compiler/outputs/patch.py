"""dist/patch/: the patch tables the site's build checker and `iocc patch-status --table` read.

`patch/all.json` covers every advisory of the build with product data (the fleet checker), and
`patch/<advisory>.json` each one alone (its page's checker), so partners can check builds with the
published files alone. Advisories marked above the build's TLP are left out.
"""

from __future__ import annotations

import json

from compiler.corpus.model import Corpus
from compiler.outputs.artifact import Artifact, BuildContext, Emission
from compiler.products import compile_table

ALL = "all"


def table_bytes(table: object) -> bytes:
    return (json.dumps(table, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    chosen = [adv for adv in corpus.advisories if adv.affected and ctx.tlp.allows(adv.tlp)]
    if not chosen:
        return Emission(artifacts=())
    widest = max((adv.tlp for adv in chosen), key=lambda t: t.rank)
    table = compile_table(chosen, ALL, corpus.products)
    artifacts = [Artifact(f"patch/{ALL}.json", table_bytes(table), advisory=None, items=(), tlp=widest)]
    artifacts += [
        Artifact(
            f"patch/{adv.id}.json",
            table_bytes(compile_table([adv], adv.id)),
            advisory=adv.id,
            items=(),
            tlp=adv.tlp,
        )
        for adv in chosen
    ]
    return Emission(artifacts=tuple(artifacts))
