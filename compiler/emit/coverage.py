"""Coverage: `coverage/<advisory>.json` and `coverage/<advisory>.<lang>.md`, from the proof on evidence.

The proof (compiler.detect.prove) runs every rule over the evidence corpus; its failures are reported by
`iocc test` and `iocc check`'s companion in CI. Here only the table is made: an advisory without
evidence gets none.
"""

from __future__ import annotations

from compiler.emit import Artifact, BuildContext, Emission
from compiler.model import Corpus
from compiler.vocab import LANGS


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    from compiler.detect.coverage import as_json, as_markdown
    from compiler.detect.evidence import discover
    from compiler.detect.prove import prove

    if not discover(ctx.root):
        return Emission(artifacts=())
    proof = prove(corpus, ctx.root)
    artifacts: list[Artifact] = []
    with_evidence = {ev.advisory for ev in proof.sets if ev.advisory}
    for adv in sorted(corpus.advisories, key=lambda a: a.id):
        if adv.id not in with_evidence or not ctx.tlp.allows(adv.tlp) or adv.status == "withdrawn":
            continue
        artifacts.append(Artifact(f"coverage/{adv.id}.json", as_json(proof, adv)))
        for lang in LANGS:
            artifacts.append(Artifact(f"coverage/{adv.id}.{lang}.md", as_markdown(proof, adv, lang)))
    return Emission(artifacts=tuple(artifacts))
