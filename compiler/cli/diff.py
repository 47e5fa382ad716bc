"""`iocc diff [BASE [HEAD]]`: per advisory and output, the ids a change adds, changes and removes.

BASE defaults to the merge base with main, HEAD to the working tree; `--format markdown` writes a
pull-request comment, `json` the same data as dist/changes.json. Both revisions are built with the
compiler you run, as public builds at `--tlp` (default clear, what a pull-request comment may show), so
the report shows what the data change does to the outputs of that level and names nothing above it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.changes.report import diff, git, to_json, to_markdown
from compiler.cli.common import add_root
from compiler.corpus.vocab import Tlp
from compiler.pipeline import CorpusError, find_root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", nargs="?", default=None, help="git revision (default: merge base with main)")
    parser.add_argument("head", nargs="?", default=None, help="git revision (default: the working tree)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--output", type=Path, default=None, help="write to this file instead of stdout")
    parser.add_argument("--as-of", default=None, help="reference date YYYY-MM-DD for both revisions")
    parser.add_argument("--only", default="", help="comma-separated emitters to compare (default: all)")
    parser.add_argument(
        "--tlp",
        choices=[t.value for t in Tlp],
        default=Tlp.CLEAR.value,
        help="compare the builds at this level; nothing above it is named (default: clear, as a public build)",
    )
    add_root(parser)


def run(args: argparse.Namespace) -> int:
    root = (args.root or find_root()).resolve()
    for rev in (args.base, args.head):
        if rev is not None and git(root, "rev-parse", "--verify", f"{rev}^{{commit}}") is None:
            print(f"iocc diff: {rev!r} is not a git revision of {root}", file=sys.stderr)
            return 2
    try:
        only = tuple(name for name in args.only.split(",") if name)
        report = diff(root, args.base, args.head, as_of=args.as_of, only=only, tlp=Tlp(args.tlp))
    except CorpusError as exc:
        print(f"iocc diff: a revision does not pass `iocc check`: {exc}", file=sys.stderr)
        return 1
    data = to_json(report) if args.format == "json" else to_markdown(report).encode("utf-8")
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
