"""`iocc lock`: record every STIX object's and MISP attribute's content hash and version in locks/.

Run it after changing the corpus and commit locks/ with the change; CI fails while a lock is stale.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Final

from compiler.commands.common import add_format, add_root, corpus_root, emit_report
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.emit import BuildContext
from compiler.model import Corpus
from compiler.pipeline import as_of_date, check, relocate
from compiler.safepath import read_bytes
from compiler.stix.lock import NOT_STALE, LockError, write_bytes
from compiler.stix.locking import lock_states, stale_lock_diagnostics, write_locks

# Other emitters' locks that this verb writes too: file in locks/ -> module with `lock_data(corpus, ctx) -> bytes`.
OTHER_LOCKS: Final = {"suricata.lock.json": "compiler.emit.suricata"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    add_format(parser)
    parser.add_argument(
        "--as-of", default=None, help="date YYYY-MM-DD for changed objects' new version (default: from data)"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a lock is stale")


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
    if args.check:
        stale = relocate(stale_locks(result.corpus, BuildContext(root=root, as_of=as_of)), result.documents)
        emit_report(stale, root, args.format)
        return 1 if stale else 0
    try:
        states = lock_states(result.corpus, root, as_of)
        written = set(write_locks(states))
        _other_locks(result.corpus, BuildContext(root=root, as_of=as_of))
    except LockError as exc:
        print(f"iocc lock: {exc}; move the file away to start a new lock", file=sys.stderr)
        return 1
    for state in states:
        counts: dict[str, int] = {}
        for change in state.versioning.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        summary = (
            ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()) if kind not in NOT_STALE)
            or "current"
        )
        verb = "written" if state.path in written else "unchanged"
        rel = state.path.relative_to(root).as_posix()
        print(f"iocc lock: {rel} {verb} ({len(state.versioning.lock)} objects; {summary})", file=sys.stderr)
        for change in state.versioning.changes:
            if change.kind in NOT_STALE:
                print(
                    f"iocc lock: warning: {change.id} was revoked earlier and stays revoked", file=sys.stderr
                )
    return 0


def _other_locks(corpus: Corpus, ctx: BuildContext) -> None:
    for name, module_name in OTHER_LOCKS.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        path: Path = ctx.locks_dir / name
        verb = "written" if write_bytes(path, module.lock_data(corpus, ctx)) else "unchanged"
        print(f"iocc lock: locks/{name} {verb}", file=sys.stderr)


def stale_locks(corpus: Corpus, ctx: BuildContext) -> list[Diagnostic]:
    """Every lock in locks/ that does not match the corpus: IOC501/IOC504 for the STIX and MISP locks,
    IOC501 for another emitter's lock whose bytes `iocc lock` would change."""
    found = stale_lock_diagnostics(corpus, ctx.root)
    for name, module_name in sorted(OTHER_LOCKS.items()):
        module = importlib.import_module(module_name)
        path: Path = ctx.locks_dir / name
        where = Location(f"locks/{name}", 1, 1, "")
        try:
            wanted: bytes = module.lock_data(corpus, ctx)
            held = read_bytes(path, ctx.root) if path.is_file() or path.is_symlink() else None
        except (LockError, OSError) as exc:
            found.append(diagnostic("IOC504", where, str(exc)))
            continue
        if held != wanted:
            found.append(
                diagnostic(
                    "IOC501",
                    where,
                    f"locks/{name} does not match the corpus",
                    hint="run `iocc lock` and commit locks/",
                )
            )
    return found
