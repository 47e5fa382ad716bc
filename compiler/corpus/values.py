"""What every indicator value shares, whatever its type: refanging, and the characters no value may hold.

The canonical form of each type is part of its declaration (compiler.corpus.kinds); `canonical(type,
value)` and `dedupe_key` live there.
"""

from __future__ import annotations

import re
from typing import Final

CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")

# Defanging conventions seen in advisories and feeds, undone before anything else.
_REFANG: Final = (
    (re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}", re.I), "."),
    (re.compile(r"\[:\]"), ":"),
    (re.compile(r"\[@\]|\[at\]|\(at\)", re.I), "@"),
    (re.compile(r"\[/\]"), "/"),
)
_MAYBE_FANGED: Final = re.compile(r"[\[({]|^h[x*]", re.I)
_SCHEME_FANG: Final = re.compile(r"^(?:hxxp|hXXp|h\*\*p|hxp|hxxxp)(s?)(?:\[:\]|:)", re.I)


def refang(value: str) -> str:
    """Undo common defanging: hxxp, [.], (dot), [:], [at]."""
    if not _MAYBE_FANGED.search(value):
        return value
    out = _SCHEME_FANG.sub(lambda m: f"http{m.group(1).lower()}:", value)
    for pattern, repl in _REFANG:
        out = pattern.sub(repl, out)
    return out


# Characters no value holds, whatever its type (see compiler.validate.text, IOC107): control characters,
# line and paragraph separators, bidirectional controls. Refused before any stripping or refanging, so a
# trailing newline or a bidi override never becomes part of, or disappears from, a canonical value.
_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def unsafe(value: str) -> bool:
    """True when the value holds a character no value may hold (reported as IOC107 where it is read)."""
    return _UNSAFE.search(value) is not None


def first_unsafe(value: str) -> str | None:
    """The first character of `value` no value may hold, or None."""
    found = _UNSAFE.search(value)
    return found.group(0) if found else None
