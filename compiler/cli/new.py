"""`iocc new advisory ID` and `iocc new indicators ADVISORY SET`: skeleton files to fill in.

The date of a new advisory is `--date`, by default today's date: it is written into the source
file for the maintainer to review, never into an output. A new set's TLP is `--tlp`, else its
advisory's once that is final; a draft's TLP is not settled, so the set gets TODO to choose.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path

from compiler.authoring import skeleton
from compiler.cli.common import add_root
from compiler.config.languages import read_languages
from compiler.corpus.load import discover, load_file, relative
from compiler.corpus.vocab import Tlp
from compiler.pipeline import find_root

_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="what", metavar="WHAT")
    what.required = True
    adv = what.add_parser("advisory", help="a new advisory: advisories/<year>/<ID>.yaml")
    adv.add_argument("id", help="the advisory's id (lower-case letters, digits, inner hyphens)")
    adv.add_argument("--date", default=None, help="publication date YYYY-MM-DD (default: today)")
    add_root(adv)
    ind = what.add_parser("indicators", help="a new indicator set: indicators/<ADVISORY>/<SET>.yaml")
    ind.add_argument("advisory", help="the advisory the set belongs to")
    ind.add_argument("set", help="the set's id")
    ind.add_argument("--date", default=None, help="valid_from (default: the advisory's publication date)")
    ind.add_argument(
        "--tlp",
        choices=[t.value for t in Tlp],
        default=None,
        help="the set's TLP (default: the advisory's once it is final; for a draft, TODO to choose)",
    )
    add_root(ind)


def _advisory_data(root: Path, advisory_id: str) -> dict[str, object] | None:
    for path in discover(root):
        if path.stem == advisory_id and relative(path, root).startswith("advisories/"):
            data = load_file(path, relative(path, root)).data
            return data if isinstance(data, dict) else None
    return None


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _create(path: Path, text: str, root: Path) -> int:
    if path.exists():
        print(f"iocc new: {relative(path, root)} exists already; nothing written", file=sys.stderr)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    print(f"created: {relative(path, root)}")
    print("fill in every TODO, then run `iocc check`", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    root = (args.root or find_root()).resolve()
    ids = [args.id] if args.what == "advisory" else [args.advisory, args.set]
    for rid in ids:
        if not _ID.match(rid):
            print(
                f"iocc new: {rid!r} is not a valid id (lower-case letters, digits, inner hyphens)",
                file=sys.stderr,
            )
            return 2
    if args.date is not None and not _valid_date(args.date):
        print(f"iocc new: --date {args.date!r} is not a date YYYY-MM-DD", file=sys.stderr)
        return 2
    if args.what == "advisory":
        date = args.date or datetime.date.today().isoformat()
        path = root / "advisories" / date[:4] / f"{args.id}.yaml"
        return _create(path, skeleton.advisory(args.id, date, read_languages(root).languages), root)
    adv = _advisory_data(root, args.advisory)
    if adv is None:
        print(f"iocc new: no advisory {args.advisory!r} under advisories/; create it first", file=sys.stderr)
        return 2
    date = args.date or str(adv.get("published") or datetime.date.today().isoformat())
    tlp, why = _set_tlp(args.tlp, args.advisory, adv)
    text = skeleton.indicator_set(
        args.set, args.advisory, date=date, tlp=tlp, languages=read_languages(root).languages
    )
    code = _create(root / "indicators" / args.advisory / f"{args.set}.yaml", text, root)
    if code == 0:
        print(f"tlp: {tlp or skeleton.TODO} ({why})", file=sys.stderr)
    return code


def _set_tlp(given: str | None, advisory_id: str, adv: dict[str, object]) -> tuple[str | None, str]:
    """The new set's TLP and why: --tlp, else the advisory's once it is final. A draft's TLP is the
    skeleton's placeholder until someone chooses it, so it is not copied: the set gets TODO, which
    `iocc check` refuses until a maintainer decides."""
    if given is not None:
        return given, "from --tlp"
    tlp, status = adv.get("tlp"), adv.get("status")
    if status == "final" and isinstance(tlp, str) and tlp in {t.value for t in Tlp}:
        return tlp, f"from advisory {advisory_id}, which is final"
    return None, f"advisory {advisory_id} is {status or 'not final'}: choose the set's TLP, or give --tlp"
