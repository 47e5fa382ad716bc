"""Options and helpers shared by several verbs."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.status import Status

from compiler.diagnostics import Diagnostic, sort_key
from compiler.diagnostics.codes import CODES
from compiler.diagnostics.report import RENDERERS, use_colour
from compiler.diagnostics.severity import Severity


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=None, help="repository root (default: found from here)")


def corpus_root(args: argparse.Namespace, verb: str) -> Path | None:
    """The repository root from --root or the current folder; None (after saying why) when it holds no
    corpus, so a mistyped --root or a wrong folder is a usage error, not a clean check of nothing."""
    from compiler.corpus.load import CORPUS_FOLDERS
    from compiler.pipeline import find_root

    root: Path = (args.root or find_root()).resolve()
    if any((root / top).is_dir() for top in CORPUS_FOLDERS):
        return root
    print(
        f"iocc {verb}: {root} holds no corpus (neither advisories/ nor indicators/); "
        "run it in the repository or give --root",
        file=sys.stderr,
    )
    return None


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text", help="how to report findings")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")


def emit_report(
    diagnostics: Sequence[Diagnostic], root: Path, fmt: str, *, notes: bool = True, prog: str = "iocc"
) -> None:
    """Every finding in the chosen format. With notes=False a text report gives errors and warnings in full
    and notes as one line per code (what `--notes` turns back into the full list)."""
    stream = sys.stdout if fmt != "text" else sys.stderr
    ordered = sorted(diagnostics, key=sort_key)
    compact = fmt == "text" and not notes
    shown = [d for d in ordered if d.severity is not Severity.NOTE] if compact else ordered
    text = RENDERERS[fmt](shown, root, use_colour(stream) and fmt == "text")
    if text:
        stream.write(text)
        stream.flush()
    if not compact:
        return
    counts = Counter(d.code for d in ordered if d.severity is Severity.NOTE)
    for code, n in sorted(counts.items()):
        print(f"note[{code}] x{n}: {CODES[code].summary}", file=sys.stderr)
    if counts:
        print(f"{prog}: {sum(counts.values())} note(s); --notes lists each", file=sys.stderr)


class Progress:
    """A transient status line on stderr (rich), shown only on a terminal."""

    def __init__(self) -> None:
        self._status: Status | None = None
        if sys.stderr.isatty() and "NO_COLOR" not in os.environ:
            self._status = Console(stderr=True).status("")
            self._status.start()

    def __call__(self, message: str) -> None:
        if self._status is None:
            return
        if message:
            self._status.update(message)
        else:
            self._status.stop()
            self._status = None
