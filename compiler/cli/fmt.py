"""`iocc fmt [PATHS] [--check] [--diff]`: rewrite corpus files in canonical form, keeping comments.

Without PATHS every file under advisories/ and indicators/ is formatted. `--check` writes nothing,
lists the files that would change and exits 1 if there are any.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from pathlib import Path

from compiler.authoring.fmt import Formatted, format_file
from compiler.cli.common import add_root, emit_report
from compiler.corpus.load import discover, relative
from compiler.pipeline import find_root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the whole corpus)")
    add_root(parser)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    parser.add_argument("--diff", action="store_true", help="print a unified diff of each change")


def files_to_format(root: Path, paths: list[Path]) -> list[Path]:
    if not paths:
        return discover(root)
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.add(path)
    return sorted(found)


def write_atomic(path: Path, text: str) -> None:
    """Replace (or create) a file in one step, so an interrupted run never leaves half a file."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _diff(result: Formatted) -> str:
    assert result.after is not None
    lines = difflib.unified_diff(
        result.before.splitlines(keepends=True),
        result.after.splitlines(keepends=True),
        fromfile=f"a/{result.rel}",
        tofile=f"b/{result.rel}",
    )
    return "".join(lines)


def run(args: argparse.Namespace) -> int:
    root = (args.root or find_root()).resolve()
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"iocc fmt: no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    results = [format_file(p, relative(p, root)) for p in files_to_format(root, list(args.paths))]
    unreadable = [r.diagnostic for r in results if r.diagnostic is not None]
    changed = [r for r in results if r.changed]
    for result in changed:
        if args.diff:
            sys.stdout.write(_diff(result))
        if args.check:
            print(f"would reformat: {result.rel}")
        else:
            assert result.after is not None
            write_atomic(result.path, result.after)
            print(f"formatted: {result.rel}")
    if unreadable:
        emit_report(unreadable, root, "text")
    verb = "would reformat" if args.check else "reformatted"
    print(
        f"iocc fmt: {len(results)} file(s), {verb} {len(changed)}, {len(unreadable)} not readable",
        file=sys.stderr,
    )
    if unreadable or (args.check and changed):
        return 1
    return 0
