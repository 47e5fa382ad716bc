"""`iocc targets`: which indicator type reaches which output, and how (compiler.outputs.targets)."""

from __future__ import annotations

import argparse
import json

from compiler.outputs.targets import OUTPUTS, support, table, types


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument("--type", dest="kind", choices=types(), default=None, help="show one indicator type")


def _markdown(kinds: tuple[str, ...]) -> str:
    lines = ["| type | " + " | ".join(OUTPUTS) + " |", "|---" * (len(OUTPUTS) + 1) + "|"]
    for kind in kinds:
        cells = []
        for output in OUTPUTS:
            how, why = support(output, kind)
            cells.append(("yes: " + how if how else "no: " + why).replace("|", "\\|"))
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    kinds = (args.kind,) if args.kind else types()
    rows = [r for r in table() if r["type"] in kinds]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    elif args.format == "markdown":
        print(_markdown(kinds), end="")
    else:
        for kind in kinds:
            print(kind)
            for r in rows:
                if r["type"] == kind:
                    mark = "yes" if r["how"] else "no "
                    print(f"  {r['output']:<15} {mark}  {r['how'] or r['why_not']}")
    return 0
