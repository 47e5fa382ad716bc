"""User agents are stored as sent on the wire; each output writes them as its log source records them.

IIS (W3C extended log format, `cs(User-Agent)`) writes each space of the header as `+` and leaves a literal
`+` as it is, so its form is lossy: `a+b` may have been `a b` or `a+b`. The corpus therefore holds the
header as sent, and rules for IIS logs match `iis_form(value)`. Reading IIS-form values (an import) can
only guess which `+` were spaces: `wire_from_iis` says what it assumed.
"""

from __future__ import annotations

import re
from typing import Final

_LITERAL_PLUS: Final = re.compile(r"(?<=[(+])\+(?=https?://)")  # `(+http://...` and `; +http://...`


def iis_form(value: str) -> str:
    """How IIS logs a User-Agent header: every space as `+`."""
    return value.replace(" ", "+")


def wire_from_iis(logged: str) -> str:
    """The header IIS most likely logged as `logged`: each `+` a space, except the `+` that crawlers put
    before their info URL, after `(` or after a space (`(+http://`, `; +http://`). A guess: say so."""
    marker = "\x00"
    kept = _LITERAL_PLUS.sub(marker, logged)
    return kept.replace("+", " ").replace(marker, "+")
