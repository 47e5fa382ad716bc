"""`iocc publish --taxii URL --collection ID`: push a built STIX bundle to a TAXII 2.1 collection.

The bundle is dist/stix/all.json unless --bundle names another; it is refused when it holds anything
marked above --tlp (default clear). Credentials come from the environment only (IOCC_TAXII_USER,
IOCC_TAXII_PASSWORD by default), never from the command line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from compiler.cli.common import add_root
from compiler.corpus.vocab import Tlp
from compiler.pipeline import find_root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--taxii", required=True, metavar="URL", help="the TAXII 2.1 API root URL")
    parser.add_argument("--collection", required=True, metavar="ID", help="the collection id")
    parser.add_argument(
        "--bundle", type=Path, default=None, help="STIX bundle (default: <root>/dist/stix/all.json)"
    )
    parser.add_argument(
        "--tlp",
        choices=[t.value for t in Tlp],
        default=Tlp.CLEAR.value,
        help="refuse a bundle holding anything marked above this level (default: clear)",
    )
    parser.add_argument(
        "--user-env", default="IOCC_TAXII_USER", help="environment variable with the user name"
    )
    parser.add_argument(
        "--password-env", default="IOCC_TAXII_PASSWORD", help="environment variable with the password"
    )
    parser.add_argument(
        "--skip-present",
        action="store_true",
        help="read the collection's manifest first; send only new versions",
    )
    parser.add_argument(
        "--timeout", type=int, default=120, help="seconds to wait for each status (default: 120)"
    )


def run(args: argparse.Namespace) -> int:
    from requests.exceptions import RequestException
    from taxii2client.exceptions import TAXIIServiceException

    from compiler.outputs.stix.taxii import above, publish

    root = (args.root or find_root()).resolve()
    path = args.bundle or root / "dist" / "stix" / "all.json"
    try:
        bundle = json.loads(path.read_bytes())
    except FileNotFoundError:
        print(f"iocc publish: {path} does not exist; run `iocc build` first", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"iocc publish: {path} is not JSON: {exc}", file=sys.stderr)
        return 1
    objects = bundle.get("objects", []) if isinstance(bundle, dict) else []
    if not objects:
        print(f"iocc publish: {path} holds no STIX objects", file=sys.stderr)
        return 1
    too_high = above(objects, Tlp(args.tlp))
    if too_high:
        print(
            f"iocc publish: refused: {len(too_high)} object(s) are marked above TLP:{args.tlp.upper()}, "
            f"e.g. {too_high[0]}; build with --tlp {args.tlp} or pass a higher --tlp",
            file=sys.stderr,
        )
        return 1
    user = os.environ.get(args.user_env)
    password = os.environ.get(args.password_env)
    try:
        result = publish(
            args.taxii,
            args.collection,
            objects,
            user=user,
            password=password,
            skip_present=args.skip_present,
            timeout=args.timeout,
        )
    except (RequestException, TAXIIServiceException) as exc:
        print(f"iocc publish: {args.taxii}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    for line in result.statuses:
        print(f"iocc publish: status {line}", file=sys.stderr)
    for line in result.failures:
        print(f"iocc publish: failed {line}", file=sys.stderr)
    print(
        f"iocc publish: {result.sent} sent, {result.skipped} already present, {result.succeeded} succeeded, "
        f"{result.failed} failed, {result.pending} pending",
        file=sys.stderr,
    )
    return 0 if result.ok else 1
