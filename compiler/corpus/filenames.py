"""How ids become file names in outputs, so validation can refuse ids whose files would collide.

CSAF 2.0, section 5.1: a document's file name is its tracking id in lower case, every character but
[+-a-z0-9] written as `_`; the English original's tracking id is the advisory id, a translation's adds
`-<lang>`.
"""

from __future__ import annotations

from typing import Final

from compiler.corpus.vocab import Lang

ORIGINAL: Final[Lang] = "en"


def csaf_file_name(tracking: str) -> str:
    """CSAF 2.0 section 5.1: the tracking id, lower case, every character but [+-a-z0-9] as `_`."""
    return (
        "".join(c if c in "+-abcdefghijklmnopqrstuvwxyz0123456789" else "_" for c in tracking.lower())
        + ".json"
    )
