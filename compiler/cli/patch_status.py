"""`iocc patch-status BUILD... | --inventory FILE.csv`: per server the product, CU, verdict and action.

Exit codes: 0 nothing vulnerable, 1 at least one server vulnerable (with --fail-on-unknown also an
unknown build), 2 usage errors (no input, unreadable inventory, unknown advisory, invalid corpus).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from compiler.cli.common import add_root
from compiler.diagnostics.report import use_colour


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "builds",
        nargs="*",
        metavar="BUILD",
        help='build numbers, e.g. 15.1.2176.2 or "Version 15.1 (Build 2176.2)"',
    )
    parser.add_argument(
        "--inventory",
        type=Path,
        metavar="FILE.csv",
        help="CSV with columns server,build (more columns are carried along); - reads standard input",
    )
    parser.add_argument(
        "--advisory",
        metavar="ID",
        help="the advisory whose product data to use (default: the only or latest one)",
    )
    parser.add_argument(
        "--table",
        type=Path,
        metavar="FILE.json",
        help="use a published patch table (dist/patch/<advisory>.json) instead of the corpus",
    )
    parser.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="output format (default: table)"
    )
    parser.add_argument(
        "--lang", choices=("en", "de"), default="en", help="language of verdicts, reasons and actions"
    )
    parser.add_argument("--fail-on-unknown", action="store_true", help="exit 1 also when a build is unknown")
    parser.add_argument(
        "--include-drafts",
        action="store_true",
        help="consider draft advisories too (default: published only)",
    )
    add_root(parser)  # fmt: skip


def _fail(message: str) -> int:
    print(f"iocc patch-status: {message}", file=sys.stderr)
    return 2


def _table(args: argparse.Namespace) -> dict[str, Any] | str:
    """The patch table to use, or an error message."""
    if args.table is not None:
        try:
            data: dict[str, Any] = json.loads(args.table.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return f"cannot read the patch table {args.table}: {exc}"
        if args.advisory and data.get("advisory") != args.advisory:
            return f"{args.table} is the table of {data.get('advisory')!r}, not {args.advisory!r}"
        return data
    from compiler.corpus.view import published
    from compiler.pipeline import CorpusError, find_root, load_corpus
    from compiler.products import compile_table

    root = (args.root or find_root()).resolve()
    try:
        corpus = load_corpus(root)
    except CorpusError as exc:
        return f"the corpus under {root} has errors ({len(exc.diagnostics)}); run `iocc check` first"
    corpus = published(corpus, include_drafts=args.include_drafts)
    candidates = [a for a in corpus.advisories if a.affected]
    if args.advisory:
        chosen = [a for a in candidates if a.id == args.advisory]
        if not chosen:
            known = ", ".join(a.id for a in candidates) or "none"
            return f"no advisory {args.advisory!r} with product data (known: {known})"
        return compile_table(chosen[0])
    if not candidates:
        return f"no advisory under {root} has product data"
    latest = max(candidates, key=lambda a: (a.published, a.id))
    if len(candidates) > 1:
        print(f"iocc patch-status: using {latest.id}, the latest of {len(candidates)} advisories; --advisory picks another", file=sys.stderr)  # fmt: skip
    return compile_table(latest)


def run(args: argparse.Namespace) -> int:
    from compiler.products import Checker, InventoryError, Server, assess_inventory, read_inventory
    from compiler.products.output import Result, to_csv, to_json, to_table

    if not args.builds and args.inventory is None:
        return _fail("give build numbers or --inventory FILE.csv")
    if args.builds and args.inventory is not None:
        return _fail("give either build numbers or --inventory, not both")
    servers: list[Server] = []
    extra: tuple[str, ...] = ()
    if args.inventory is not None:
        try:
            raw = (
                sys.stdin.read()
                if str(args.inventory) == "-"
                else args.inventory.read_text(encoding="utf-8-sig")
            )
            inventory = read_inventory(raw)
        except (OSError, UnicodeDecodeError, InventoryError) as exc:
            return _fail(f"{args.inventory}: {exc}")
        servers, extra = list(inventory.servers), inventory.extra_columns
    table = _table(args)
    if isinstance(table, str):
        return _fail(table)
    try:
        checker = Checker(table)
    except (ValueError, KeyError, TypeError) as exc:
        return _fail(f"not a usable patch table: {exc}")
    if servers:
        found = assess_inventory(servers, checker)
        results = [Result(server=s, assessment=a) for s, a in zip(servers, found, strict=True)]
    else:
        results = [Result(server=None, assessment=a) for a in assess_inventory(args.builds, checker)]
    if args.format == "json":
        sys.stdout.write(to_json(results, checker, args.lang))
    elif args.format == "csv":
        sys.stdout.write(to_csv(results, checker, args.lang, extra))
    else:
        width = shutil.get_terminal_size((160, 24)).columns if sys.stdout.isatty() else None
        sys.stdout.write(to_table(results, checker, args.lang, colour=use_colour(sys.stdout), width=width))
    bad = {"vulnerable", "unknown build"} if args.fail_on_unknown else {"vulnerable"}
    return 1 if any(r.assessment.verdict in bad for r in results) else 0
