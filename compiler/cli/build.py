"""`iocc build`: check the corpus, then compile every output into dist/ in one atomic step.

The verb reads its options, runs compiler.pipeline.build.build() (which says what happens in which order)
and reports: every finding, what a `--check` found different, the reviewed false-positive overrides, and
how many files it wrote.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from compiler.cli.common import Progress, add_format, add_root, corpus_root, emit_report
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic
from compiler.gate import Override
from compiler.outputs.write import Drift
from compiler.pipeline.build import CHANGES, SITE, BuildOptions, BuildStopped, build


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
    parser.add_argument(
        "--only",
        default="",
        help=f"comma-separated emitters to run, `{SITE}` and `{CHANGES}` included (default: all)",
    )
    parser.add_argument(
        "--notes", action="store_true", help="list every note in text reports (default: one line per code)"
    )
    parser.add_argument(
        "--locked", action="store_true", help="fail when locks/ is stale (what CI and `make build` use)"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when dist/ is not up to date"
    )
    parser.add_argument(
        "--include-drafts",
        action="store_true",
        help="a preview build: draft advisories are in, every output is marked PREVIEW (never publish it)",
    )


def run(args: argparse.Namespace) -> int:
    found = corpus_root(args, "build")
    if found is None:
        return 2
    root = found
    out = Path(os.path.abspath(args.out or root / "dist"))  # a link is refused below, never followed
    started = time.monotonic()
    options = BuildOptions(
        tlp=Tlp(args.tlp),
        as_of=args.as_of,
        only=frozenset(name for name in args.only.split(",") if name),
        locked=args.locked,
        check=args.check,
        include_drafts=args.include_drafts,
        strict=args.strict,
    )
    progress = Progress()
    try:
        result = build(root, out, options, progress)
    except BuildStopped as exc:
        progress("")
        print(f"iocc build: {exc}", file=sys.stderr)
        return 2
    progress("")
    _report(result.findings, root, args)
    if result.outcome == "untouched":
        print(f"iocc build: not built; nothing under {out} was touched", file=sys.stderr)
        return 1
    if result.outcome == "refused":
        print(f"iocc build: not built; {out} is unchanged", file=sys.stderr)
        return 1
    if result.drift is not None:
        return _report_drift(result.drift)
    _report_overrides(result.overrides)
    seconds = time.monotonic() - started
    print(f"iocc build: {result.files} files in {out} ({seconds:.1f} s)", file=sys.stderr)
    if options.include_drafts:
        print("iocc build: a PREVIEW build with drafts (--include-drafts): never publish it", file=sys.stderr)
    return 0


def _report(findings: Sequence[Diagnostic], root: Path, args: argparse.Namespace) -> None:
    emit_report(findings, root, args.format, notes=args.notes, prog="iocc build")


def _report_drift(drift: Drift) -> int:
    for label, paths in (("added", drift.added), ("changed", drift.changed), ("removed", drift.removed)):
        for path in paths:
            print(f"{label}: {path}")
    return 0 if drift.clean else 1


def _report_overrides(found: Sequence[Override]) -> None:
    """The reviewed exceptions to the false-positive gate: a build always says what it let through."""
    if not found:
        return
    print(
        f"iocc build: {len(found)} reviewed false-positive override(s) let listed values through:",
        file=sys.stderr,
    )
    for o in found:
        print(f"  {o.set_id}: {o.type} {o.value} (on {', '.join(o.lists)}): {o.reason}", file=sys.stderr)
