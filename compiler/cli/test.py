"""`iocc test`: prove every rule on the evidence corpus (docs/EVIDENCE.md).

Every rule and indicator set must match its positive samples as their manifests say, and nothing may
match the baseline of a normal Exchange server. Exit 0 when proven, 1 on findings, 2 on usage errors.
With --coverage DIR the coverage tables are written there too (the build writes them into dist/).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from compiler.cli.common import add_format, add_root, corpus_root, emit_report
from compiler.diagnostics import has_errors, sort_key


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    add_format(parser)
    parser.add_argument("--coverage", type=Path, default=None, help="also write the coverage tables into DIR")


def run(args: argparse.Namespace) -> int:
    root = corpus_root(args, "test")
    if root is None:
        return 2
    from compiler.detect.prove import prove
    from compiler.outputs.coverage import as_json, as_markdown
    from compiler.pipeline import check, relocate

    result = check(root)
    if result.corpus is None:
        emit_report(result.diagnostics, root, args.format)
        return 1
    proof = prove(result.corpus, root)
    found = sorted(relocate(proof.diagnostics, (*result.documents, *proof.documents)), key=sort_key)
    emit_report(found, root, args.format)
    if args.coverage is not None:
        args.coverage.mkdir(parents=True, exist_ok=True)
        for adv in result.corpus.advisories:
            if any(ev.advisory == adv.id for ev in proof.sets):
                (args.coverage / f"{adv.id}.json").write_bytes(as_json(proof, adv))
                for lang in result.corpus.languages:
                    (args.coverage / f"{adv.id}.{lang}.md").write_bytes(as_markdown(proof, adv, lang))
    return 1 if has_errors(found, strict=args.strict) else 0
