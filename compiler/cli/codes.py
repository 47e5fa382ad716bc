"""`iocc codes`: the table of diagnostic codes."""

from __future__ import annotations

import argparse
import json

from compiler.diagnostics.codes import CODES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def run(args: argparse.Namespace) -> int:
    rows = sorted(CODES.values(), key=lambda c: c.id)
    if args.format == "json":
        print(
            json.dumps(
                [{"code": c.id, "severity": c.severity.value, "summary": c.summary} for c in rows], indent=2
            )
        )
    elif args.format == "markdown":
        print("| code | severity | rule |\n|---|---|---|")
        for c in rows:
            print(f"| {c.id} | {c.severity.value} | {c.summary} |")
    else:
        for c in rows:
            print(f"{c.id}  {c.severity.value:<7}  {c.summary}")
    return 0
