"""`iocc check [PATHS]`: validate the corpus and report every finding at once."""

from __future__ import annotations

import argparse
from pathlib import Path

from compiler.cli.common import Progress, add_format, add_root, corpus_root, emit_report
from compiler.diagnostics import has_errors
from compiler.pipeline import check


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="files to check (default: the whole corpus)")
    add_root(parser)
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    found = corpus_root(args, "check")
    if found is None:
        return 2
    root = found
    for path in args.paths:
        if not path.is_file():
            print(f"iocc check: no such file: {path}")
            return 2
    progress = Progress()
    progress("checking the corpus ...")
    result = check(root, args.paths)
    progress("")
    emit_report(result.diagnostics, root, args.format)
    return 1 if has_errors(result.diagnostics, strict=args.strict) else 0
