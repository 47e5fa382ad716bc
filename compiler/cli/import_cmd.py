"""`iocc import SOURCE --into SET [--format csv|stix|misp|chirp|text]`: add indicators to a set;
`iocc import DICTIONARY.json --format exchange-builds`: add releases to the product catalog (products/).

SET is an indicator set's id or its file. Values are canonicalised; values already in the corpus,
repeated in the source, invalid, or marked more restrictively than the set are skipped, and every
skip is printed with its reason. The set file keeps its comments and formatting. Catalog rows that
are inconsistent are refused with their reason (compiler.authoring.catalog), never guessed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from compiler.authoring.merge import Merged, corpus_keys, merge
from compiler.authoring.readers import FORMATS, detect_format, reader
from compiler.cli.common import add_root
from compiler.cli.fmt import write_atomic
from compiler.corpus.load import LoadError, discover, read_text, relative
from compiler.files.safepath import LinkRefused, first_link
from compiler.pipeline import find_root

CATALOG = "exchange-builds"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, help="the file to import from ('-' reads standard input)")
    parser.add_argument("--into", metavar="SET", help="the indicator set: its id or its file")
    parser.add_argument(
        "--format", choices=sorted([*FORMATS, CATALOG]), default=None, help="default: from the file"
    )
    parser.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    parser.add_argument(
        "--raise-tlp",
        action="store_true",
        help="raise the set's TLP to the strictest marking of the source instead of refusing values above it",
    )
    add_root(parser)


def find_set(root: Path, name: str) -> Path | None:
    """An indicator set by file path or by id."""
    as_path = Path(name)
    if as_path.suffix in (".yaml", ".yml") and (as_path.is_file() or as_path.is_symlink()):
        return Path(os.path.abspath(as_path))  # not resolved: reading refuses a link (IOC011)
    matches = [p for p in discover(root) if p.stem == name and relative(p, root).startswith("indicators/")]
    return matches[0] if len(matches) == 1 else None


def _decoded(raw: bytes, source: Path) -> str:
    """The source as text: UTF-8 (with or without BOM); anything else is read as Latin-1 and said so,
    with the first byte that is not UTF-8 (never replaced by U+FFFD in silence)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        print(
            f"iocc import: {source} is not UTF-8 (byte 0x{raw[exc.start]:02x} on line {line}); "
            "read as Latin-1 (ISO-8859-1): check the values it gives",
            file=sys.stderr,
        )
        return raw.decode("latin-1")


class _Stop(Exception):
    """Why the import stops before it changes anything, and the exit status that says so."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def run(args: argparse.Namespace) -> int:
    root = (args.root or find_root()).resolve()
    if args.format == CATALOG:
        return _catalog(args, root)
    try:
        return _indicators(args, root)
    except _Stop as stop:
        print(f"iocc import: {stop}", file=sys.stderr)
        return stop.status


def _target(args: argparse.Namespace, root: Path) -> Path:
    if not args.into:
        raise _Stop("give the indicator set with --into SET", 2)
    target = find_set(root, args.into)
    if target is None:
        raise _Stop(f"no indicator set {args.into!r}; create one with `iocc new indicators`", 2)
    return target


def _source_text(source: Path, root: Path) -> str:
    if str(source) == "-":
        return sys.stdin.read()
    if (link := first_link(source, root)) is not None:
        raise _Stop(LinkRefused(link).describe(root), 1)
    if not source.is_file():
        raise _Stop(f"no such file: {source}", 2)
    return _decoded(source.read_bytes(), source)


def _indicators(args: argparse.Namespace, root: Path) -> int:
    """Merge the source into the set: print each value added or skipped, then the totals."""
    target = _target(args, root)
    text = _source_text(args.source, root)
    fmt = args.format or detect_format(args.source, text)
    rel = relative(target, root)
    try:
        set_text = read_text(target, rel)
    except LoadError as exc:
        raise _Stop(f"{rel}: {exc.diagnostic.message}", 1) from exc
    try:
        parsed = reader(fmt)(text)
    except ValueError as exc:
        raise _Stop(f"{args.source} is not a valid {fmt} file: {exc}", 1) from exc
    merged = merge(set_text, parsed, corpus_keys(root), raise_tlp=args.raise_tlp)
    _print_values(merged, rel)
    if merged.added and not args.dry_run:
        write_atomic(target, merged.text)
    verb = "would add" if args.dry_run else "added"
    print(
        f"iocc import: {verb} {len(merged.added)}, skipped {len(merged.skipped)} ({fmt} -> {rel})",
        file=sys.stderr,
    )
    refused = sum(1 for o in merged.skipped if o.code)
    if refused:
        print(f"iocc import: {refused} value(s) refused; see the lines marked refused", file=sys.stderr)
    return 1 if refused else 0


def _print_values(merged: Merged, rel: str) -> None:
    if merged.raised:
        was, now = (t.upper() for t in merged.raised)
        print(f"iocc import: raised {rel} from TLP:{was} to TLP:{now} (--raise-tlp)", file=sys.stderr)
    for o in merged.added:
        print(f"added    {o.type:<10} {o.value}  ({o.origin})")
        for note in o.notes:
            print(f"         note: {note}")
    for o in merged.skipped:
        label = f"refused[{o.code}]" if o.code else "skipped "
        print(f"{label} {o.type or '-':<10} {o.value}  ({o.origin}): {o.reason}")


def _catalog(args: argparse.Namespace, root: Path) -> int:
    from compiler.authoring.catalog import read_dictionary
    from compiler.authoring.catalog_merge import merge_catalog

    try:
        text = sys.stdin.read() if str(args.source) == "-" else args.source.read_text(encoding="utf-8")
        rows, refused, other = read_dictionary(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"iocc import: {args.source} is not a readable build dictionary: {exc}", file=sys.stderr)
        return 2
    changes = merge_catalog(root, rows)
    for change in changes:
        rel = relative(change.path, root)
        for row in change.added:
            print(f"added    {rel}  {row.id:<22} {row.build:<16} {row.released}  {row.name}")
        for conflict in change.conflicts:
            print(f"kept     {rel}  {conflict}")
        if (change.added or change.created) and not args.dry_run:
            write_atomic(change.path, change.text)
    for r in refused:
        print(f"refused  {r.build:<16} {r.name}: {r.reason}")
    added = sum(len(c.added) for c in changes)
    verb = "would add" if args.dry_run else "added"
    print(
        f"iocc import: {verb} {added} release(s), refused {len(refused)} row(s), "
        f"{other} row(s) of lines the catalog does not keep",
        file=sys.stderr,
    )
    return 0
