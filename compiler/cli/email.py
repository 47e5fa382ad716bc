"""`iocc email ADVISORY`: one advisory's customer or partner mail, filled in for one recipient.

    iocc email exchange-hafnium-2021-03 --lang de --audience customer \\
        --name "Frau Beispiel" --signature-file signatur.txt --format eml --out entwurf.eml

Without --name or --signature-file the placeholders stay in. The mail goes to standard output,
or to --out. Exit codes: 0 written, 1 the corpus or a template has errors, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.cli.common import add_root, emit_report
from compiler.corpus.view import published
from compiler.diagnostics import Location, diagnostic, has_errors
from compiler.pipeline import check, find_root, relocate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from compiler.outputs.email import AUDIENCES

    parser.add_argument("advisory", help="the advisory id, e.g. exchange-hafnium-2021-03")
    parser.add_argument(
        "--lang", default="de", help="language of the mail: one of config/languages.yaml (default: de)"
    )
    parser.add_argument("--audience", choices=AUDIENCES, default="customer", help="who it is for")
    parser.add_argument("--name", default=None, help="the recipient's name, in place of the name placeholder")
    parser.add_argument(
        "--signature-file", type=Path, default=None, help="UTF-8 text file with the signature ('-': stdin)"
    )
    parser.add_argument(
        "--format", choices=("txt", "html", "eml"), default="txt", help="output (default: txt)"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="write to this file instead of standard output"
    )
    parser.add_argument(
        "--include-drafts", action="store_true", help="a draft too (its subject then says PREVIEW)"
    )
    add_root(parser)


def _signature(path: Path | None) -> str | None:
    if path is None:
        return None
    if str(path) == "-":
        return sys.stdin.read()
    return path.read_text(encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    from compiler.outputs.email import TemplateError, compose
    from compiler.outputs.email.emit import findings_at
    from compiler.outputs.siteinfo import site_settings

    root = (args.root or find_root()).resolve()
    try:
        signature = _signature(args.signature_file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"iocc email: cannot read the signature file: {exc}", file=sys.stderr)
        return 2
    result = check(root)
    if result.corpus is None:
        emit_report(result.diagnostics, root, "text")
        print("iocc email: the corpus has errors; no mail written", file=sys.stderr)
        return 1
    if args.lang not in result.corpus.languages:
        choices = ", ".join(result.corpus.languages)
        print(f"iocc email: --lang {args.lang!r}: the corpus publishes {choices}", file=sys.stderr)
        return 2
    corpus = published(result.corpus, include_drafts=args.include_drafts)
    try:
        adv = corpus.advisory(args.advisory)
    except KeyError:
        known = ", ".join(a.id for a in corpus.advisories) or "none"
        print(f"iocc email: no advisory {args.advisory!r} (known: {known})", file=sys.stderr)
        return 2
    try:
        mail = compose(
            adv,
            args.lang,
            args.audience,
            name=args.name,
            signature=signature,
            preview=adv.status == "draft",
            site_url=site_settings(root)[0],
        )
    except TemplateError as exc:
        diag = diagnostic(exc.code, Location(path=exc.template, line=exc.line), exc.message)
        emit_report([diag], root, "text")
        return 1
    notes = relocate(findings_at(adv, mail.findings), result.documents)
    emit_report(notes, root, "text")
    if has_errors(notes):
        return 1
    data = mail.file(args.format)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        args.out.write_bytes(data)
        print(f"iocc email: wrote {args.out}", file=sys.stderr)
    return 0
