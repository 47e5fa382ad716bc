"""Forms a text of the data takes in outputs, shared by validation (which refuses what a form would break)
and the outputs (which write it): the plain cleaned text, one line of it, and a mail header as a reader
shows it."""

from __future__ import annotations

import re
from email import policy
from typing import Final

_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES: Final = re.compile(r"\s+")
# A line break, any other control character, or a Unicode line or paragraph separator.
_UNSAFE_HEADER: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean(value: str) -> str:
    """Data text with Windows line ends made `\\n`, tabs made spaces and other control characters removed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", value)


def one_line(value: str) -> str:
    """A single line: every run of whitespace, line breaks included, becomes one space."""
    return _SPACES.sub(" ", clean(value)).strip()


def shown(value: str) -> str:
    """A header value as a mail reader shows it: RFC 2047 encoded words decoded (Python's reader is lenient,
    as readers are: `x=?utf-8?q?a?=y` and words holding spaces are decoded too)."""
    return str(policy.default.header_factory("Subject", value))


def unsafe_header_text(value: str) -> str | None:
    """Why `value` may not become a header (a line break or control character, also inside an encoded
    word), or None when it may."""
    if _UNSAFE_HEADER.search(value):
        return "holds a line break or control character"
    if "=?" in value and _UNSAFE_HEADER.search(shown(value)):
        return "holds an RFC 2047 encoded word that decodes to a line break or control character"
    return None
