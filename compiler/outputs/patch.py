"""dist/patch/<advisory>.json: the patch table of every advisory with product data.

The site's build checker embeds this JSON and `iocc patch-status --table` reads it, so partners can
check builds with the published file alone. Advisories marked above the build's TLP are left out.
"""

from __future__ import annotations

import json

from compiler.corpus.model import Corpus
from compiler.outputs.artifact import Artifact, BuildContext, Emission
from compiler.products import compile_table


def table_bytes(table: object) -> bytes:
    return (json.dumps(table, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    artifacts = [
        Artifact(
            f"patch/{adv.id}.json", table_bytes(compile_table(adv)), advisory=adv.id, items=(), tlp=adv.tlp
        )
        for adv in corpus.advisories
        if adv.affected and ctx.tlp.allows(adv.tlp)
    ]
    return Emission(artifacts=tuple(artifacts))
