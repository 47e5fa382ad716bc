"""`iocc build`: check the corpus, then compile every output into dist/ in one atomic step."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from compiler.commands.common import Progress, add_format, add_root, emit_report
from compiler.diagnostics import has_errors
from compiler.emit import BuildContext
from compiler.pipeline import as_of_date, check, emit_all, find_root
from compiler.vocab import Tlp
from compiler.write import compare_tree, write_tree


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    add_format(parser)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: <root>/dist)")
    parser.add_argument(
        "--tlp",
        choices=[t.value for t in Tlp],
        default=Tlp.CLEAR.value,
        help="leave out everything marked more restrictively (default: clear, for anything public)",
    )
    parser.add_argument(
        "--as-of", default=None, help="reference date YYYY-MM-DD for validity (default: from data)"
    )
    parser.add_argument("--only", default="", help="comma-separated emitters to run (default: all)")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when dist/ is not up to date"
    )


def run(args: argparse.Namespace) -> int:
    root = (args.root or find_root()).resolve()
    out = (args.out or root / "dist").resolve()
    started = time.monotonic()
    _progress = Progress()
    _progress("checking the corpus ...")
    result = check(root)
    if result.corpus is None or has_errors(result.diagnostics, strict=args.strict):
        _progress("")
        emit_report(result.diagnostics, root, args.format)
        print(f"iocc build: not built; {out} is unchanged", file=sys.stderr)
        return 1
    corpus = result.corpus
    ctx = BuildContext(root=root, tlp=Tlp(args.tlp), as_of=as_of_date(corpus, args.as_of))
    only = [name for name in args.only.split(",") if name]
    _progress("compiling outputs ...")
    emitted = emit_all(corpus, ctx, only)
    findings = (*result.diagnostics, *emitted.notes)
    _progress("")
    emit_report(findings, root, args.format)
    if has_errors(emitted.notes, strict=args.strict):
        print(f"iocc build: not built; {out} is unchanged", file=sys.stderr)
        return 1
    if args.check:
        drift = compare_tree(
            emitted.artifacts, out, ignore=lambda p: p == "SHA256SUMS" or p.startswith("site/")
        )
        for label, paths in (("added", drift.added), ("changed", drift.changed), ("removed", drift.removed)):
            for path in paths:
                print(f"{label}: {path}")
        return 0 if drift.clean else 1
    _progress("writing ...")
    count = write_tree(emitted.artifacts, out, finishers=())
    _progress("")
    seconds = time.monotonic() - started
    print(f"iocc build: {count} files in {out} ({seconds:.1f} s)", file=sys.stderr)
    return 0
