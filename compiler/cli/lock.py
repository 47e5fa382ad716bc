"""`iocc lock`: record every published object's content version (STIX, MISP) and every Suricata SID in locks/.

Run it after changing the corpus and commit locks/ with the change; CI fails while a lock is stale.
"""

from __future__ import annotations

import argparse
import sys

from compiler.cli.common import add_format, add_root, corpus_root, emit_report
from compiler.locks import LockError
from compiler.locks.content import NOT_STALE
from compiler.outputs.context import build_context
from compiler.pipeline import as_of_date, check, relocate
from compiler.pipeline.locks import lock_states, stale_locks, write_locks


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    add_format(parser)
    parser.add_argument(
        "--as-of", default=None, help="date YYYY-MM-DD for changed objects' new version (default: from data)"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a lock is stale")
    parser.add_argument(
        "--notes",
        action="store_true",
        help="list every object behind a stale lock (default: one line per lock)",
    )


def run(args: argparse.Namespace) -> int:
    found = corpus_root(args, "lock")
    if found is None:
        return 2
    root = found
    result = check(root)
    if result.corpus is None:
        emit_report(result.diagnostics, root, args.format)
        print("iocc lock: the corpus has errors; locks/ is unchanged", file=sys.stderr)
        return 1
    try:
        as_of = as_of_date(result.corpus, args.as_of, root)
    except ValueError as exc:
        print(f"iocc lock: {exc}", file=sys.stderr)
        return 2
    ctx = build_context(root, as_of=as_of)
    if args.check:
        stale = relocate(stale_locks(result.corpus, ctx), result.documents)
        emit_report(stale, root, args.format, notes=args.notes, prog="iocc lock")
        return 1 if any(d.code != "IOC505" for d in stale) else 0
    try:
        states = lock_states(result.corpus, ctx)
        written = set(write_locks(states, root))
    except LockError as exc:
        print(f"iocc lock: {exc}; move the file away to start a new lock", file=sys.stderr)
        return 1
    for state in states:
        counts: dict[str, int] = {}
        for change in state.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        summary = (
            ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()) if kind not in NOT_STALE)
            or "current"
        )
        verb = "written" if state.name in written else "unchanged"
        print(f"iocc lock: locks/{state.name} {verb} ({summary})", file=sys.stderr)
        for change in state.changes:
            if change.kind in NOT_STALE:
                print(
                    f"iocc lock: warning: {change.id} was revoked earlier and stays revoked", file=sys.stderr
                )
    return 0
