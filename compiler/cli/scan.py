"""`iocc scan PATH...`: run every rule and indicator over logs and files collected from Exchange servers.

The layout of a collection (one folder or zip per server) and what to collect on which Exchange role is
in docs/SCAN.md. Findings go to standard output (or --output) as text, JSON, CSV or SARIF; --report DIR
also writes the report for the customer, in German and English, as Markdown and HTML. `--plan spark`
writes the detection plan as Spark SQL instead of scanning. Nothing is ever written into the scanned
paths: an output inside one is a usage error.

Exit codes: 0 nothing found, 1 findings, 2 usage errors (no corpus, nothing to scan, an output inside
the collection).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.cli.common import Progress, add_root

if TYPE_CHECKING:
    from compiler.scan.run import ScanResult

FORMATS = ("text", "json", "csv", "sarif")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="collection folders, zips or files"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="how to write the findings")
    parser.add_argument("--output", type=Path, default=None, metavar="FILE", help="write to FILE, not stdout")
    parser.add_argument("--report", type=Path, default=None, metavar="DIR",
                        help="also write the customer report (de, en; Markdown, HTML) into DIR")  # fmt: skip
    parser.add_argument("--server", default=None, metavar="NAME", help="everything given is this server's")
    parser.add_argument("--work", type=Path, default=None, metavar="DIR",
                        help="folder for temporary files (default: the system's; never one inside PATH)")  # fmt: skip
    parser.add_argument("--drafts", action="store_true", help="also run the rules of draft advisories")
    parser.add_argument("--plan", choices=("spark",), default=None,
                        help="write the detection plan in this SQL dialect instead of scanning")  # fmt: skip
    add_root(parser)


def _fail(message: str) -> int:
    print(f"iocc scan: {message}", file=sys.stderr)
    return 2


def _inside(target: Path, paths: list[Path]) -> Path | None:
    """The scanned path that `target` lies in (or is), if any."""
    resolved = target.resolve()
    for p in paths:
        base = p.resolve()
        if resolved == base or (p.is_dir() and resolved.is_relative_to(base)):
            return p
    return None


def run(args: argparse.Namespace) -> int:
    from compiler.cli.common import corpus_root

    root = corpus_root(args, "scan")
    if root is None:
        return 2
    from compiler.pipeline import CorpusError, load_corpus

    try:
        corpus = load_corpus(root)
    except CorpusError as exc:
        return _fail(f"the corpus under {root} has errors ({len(exc.diagnostics)}); run `iocc check` first")
    if args.plan is not None:
        return _write_plan(args, corpus, root)
    import tempfile

    work = args.work or Path(tempfile.gettempdir())
    refusal = _refusal(args, work)
    if refusal is not None:
        return _fail(refusal)
    from compiler.scan.run import scan

    status = Progress()
    try:
        result = scan(
            corpus, root, args.paths, server=args.server, drafts=args.drafts, progress=status, work=work
        )
    finally:
        status("")
    _write_results(args, result, corpus.languages)
    _summarise(result)
    return 1 if result.findings else 0


def _refusal(args: argparse.Namespace, work: Path) -> str | None:
    """Why the scan cannot start: nothing to scan, a path that does not exist, or an output inside the
    evidence; None when it can."""
    if not args.paths:
        return "give the folders, zips or files to scan"
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        return f"no such file or folder: {', '.join(map(str, missing))}"
    for out in (args.output, args.report, work):
        if out is not None and (hit := _inside(out, args.paths)) is not None:
            hint = "; give --work DIR elsewhere" if out is work else ""
            return f"{out} lies in the scanned {hit}; iocc never writes into the evidence{hint}"
    return None


def _write_results(args: argparse.Namespace, result: ScanResult, languages: tuple[str, ...]) -> None:
    """The findings in the chosen format (to --output or stdout) and the reports in every language."""
    from compiler.scan.render import RENDERERS
    from compiler.scan.report import render_report

    text = RENDERERS[args.format](result)
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if args.report is not None:
        args.report.mkdir(parents=True, exist_ok=True)
        for lang in languages:
            for ext in ("md", "html"):
                (args.report / f"iocc-scan.{lang}.{ext}").write_bytes(render_report(result, lang, ext))


def _summarise(result: ScanResult) -> None:
    for s in result.skipped:
        print(f"iocc scan: skipped {s.display}: {s.reason}", file=sys.stderr)
    for d in result.diagnostics:
        print(f"iocc scan: note[{d.code}]: {d.message}", file=sys.stderr)
    servers = sorted({*result.servers, *result.affected})
    print(
        f"iocc scan: {result.files} file(s) of {len(servers)} server(s); {len(result.findings)} finding(s)"
        + (f" on {', '.join(result.affected)}" if result.affected else ""),
        file=sys.stderr,
    )


def _write_plan(args: argparse.Namespace, corpus: object, root: Path) -> int:
    from compiler.corpus.model import Corpus
    from compiler.detect.plan import build_plan
    from compiler.detect.sparkplan import render_plan

    assert isinstance(corpus, Corpus)
    plan = build_plan(corpus, root, include_drafts=args.drafts)
    text = render_plan(plan)
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
