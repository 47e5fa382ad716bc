"""The reference date of a build: what `valid_until` and `withdrawn` are measured against.

In order: `--as-of` (explicit), else `SOURCE_DATE_EPOCH` (reproducible-builds convention), else
the latest date recorded in the data (the newest `modified` of a published advisory, so a draft moves
nothing). Never the wall clock: the same source gives the same outputs on any day. A malformed explicit
date or epoch is an error, not a silent fallback.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from compiler.corpus.model import Corpus
from compiler.corpus.view import published

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")
EPOCH_START = "1970-01-01"


def _valid(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD") from None


def as_of_date(
    root: Path,
    explicit: str | None,
    corpus_dates: Iterable[str],
    environ: Mapping[str, str] | None = None,
) -> str:
    """The reference date (YYYY-MM-DD). `root` is the repository the dates come from (for messages);
    `corpus_dates` are the dates recorded in the data (advisory `modified`, dates or timestamps)."""
    if explicit:
        return _valid(explicit)
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970")
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    found = sorted(d[:10] for d in corpus_dates if _DATE.match(d))
    if not found:
        return EPOCH_START  # an empty corpus under {root}: nothing is expired by a clock
    return _valid(found[-1])


def reference_date(
    corpus: Corpus, explicit: str | None = None, root: Path | None = None, *, include_drafts: bool = False
) -> str:
    """`as_of_date` for a loaded corpus: its published advisories' `modified` dates are the data's dates.
    A draft's dates move nothing in a public build (compiler.corpus.view); a preview build counts them."""
    advisories = published(corpus, include_drafts=include_drafts).advisories
    return as_of_date(root or Path("."), explicit, (a.modified for a in advisories))
