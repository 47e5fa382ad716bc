"""The command line: `iocc VERB ...`. Exit codes: 0 ok, 1 findings, 2 usage.

COMMANDS maps each verb to the module that implements it; a module offers
`add_arguments(parser)` and `run(args) -> int` and is imported only when its verb runs,
so quick commands stay quick.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Final

from compiler import __version__

# One line per verb.
# fmt: off
COMMANDS: Final[dict[str, tuple[str, str]]] = {
    "check": ("compiler.cli.check", "validate the corpus and report every finding"),
    "build": ("compiler.cli.build", "check, then compile every output into dist/"),
    "codes": ("compiler.cli.codes", "list the diagnostic codes"),
    "fmt": ("compiler.cli.fmt", "rewrite corpus files in canonical form, keeping comments"),
    "new": ("compiler.cli.new", "create a skeleton advisory or indicator set to fill in"),
    "email": ("compiler.cli.email", "one advisory's customer or partner mail, filled in for one recipient"),
    "patch-status": ("compiler.cli.patch_status", "patch status of Exchange servers from their build numbers"),
    "import": ("compiler.cli.import_cmd", "add indicators from a CSV, STIX, MISP, CHIRP or text file"),
    "lock": ("compiler.cli.lock", "record each STIX object's and MISP attribute's content version in locks/"),
    "targets": ("compiler.cli.targets", "show which indicator type reaches which output"),
    "publish": ("compiler.cli.publish", "push the STIX bundle to a TAXII 2.1 collection"),
    "diff": ("compiler.cli.diff", "what changes in every output between two git revisions"),
    "test": ("compiler.cli.test", "prove every rule on the evidence corpus: its samples match, the baseline stays quiet"),
    "scan": ("compiler.cli.scan", "look for every rule and indicator in logs and files collected from servers"),
    # one line per verb: "verb": ("compiler.cli.module", "help"),
}
# fmt: on


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="iocc", description="Compile reviewed YAML advisories and indicators.")
    top.add_argument("--version", action="version", version=f"iocc {__version__}")
    sub = top.add_subparsers(dest="verb", metavar="VERB")
    sub.required = True
    for verb, (module_name, help_text) in COMMANDS.items():
        p = sub.add_parser(verb, help=help_text, description=help_text)
        p.set_defaults(_module=module_name)
        if verb in _requested_verbs():
            importlib.import_module(module_name).add_arguments(p)
    return top


def _requested_verbs() -> set[str]:
    # Only the verb being run needs its arguments (and so its imports).
    return {a for a in sys.argv[1:] if a in COMMANDS}


def main(argv: Sequence[str] | None = None) -> int:
    if argv is not None:
        sys.argv = [sys.argv[0], *argv]
    args = parser().parse_args()
    module = importlib.import_module(args._module)
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        print("iocc: interrupted", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: a located, coded message, never a bare traceback
        internal_error(exc)
        return 1


def internal_error(exc: BaseException) -> None:
    """IOC900 at the innermost frame of iocc's own code (not of the library it called), where the error
    surfaced, and a request to report it. IOCC_TRACEBACK=1 prints the whole traceback as well."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/compiler/" in f.filename.replace("\\", "/")]
    where = ours[-1] if ours else frames[-1]
    print(
        f"{where.filename}:{where.lineno}: error[IOC900]: internal error in {where.name}(): "
        f"{type(exc).__name__}: {exc}",
        file=sys.stderr,
    )
    if frames and frames[-1] is not where:
        last = frames[-1]
        print(f"  raised in {last.name}() at {last.filename}:{last.lineno}", file=sys.stderr)
    print(
        "  This is a defect of iocc, not of your data: please report it with the command you ran and this "
        "message (IOCC_TRACEBACK=1 adds the full traceback).",
        file=sys.stderr,
    )
    if os.environ.get("IOCC_TRACEBACK") == "1":
        traceback.print_exception(exc, file=sys.stderr)
