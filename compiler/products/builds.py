"""Build numbers: reading what people paste, and comparing builds.

A build is four numbers (`15.1.2176.2`, also Exchange's long form `15.01.2176.002`) or Exchange's own
wording `Version 15.1 (Build 2176.2)`. Three numbers are refused with their own reason: without the
revision nobody can tell whether the security update is installed. The site's checker
(site/assets/javascripts/build-checker.js) reads builds by the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

MAX_INPUT: Final = 64
_N = "([0-9]{1,5})"
_FOUR = re.compile(rf"^{_N}\.{_N}\.{_N}\.{_N}\Z")
_VERSION = re.compile(
    rf"^version[ \t]+{_N}\.{_N}[ \t]*\([ \t]*build[ \t]+{_N}\.{_N}[ \t]*\)\Z", re.IGNORECASE | re.ASCII
)
_THREE = re.compile(rf"^{_N}\.{_N}\.{_N}\Z")
_VERSION3 = re.compile(
    rf"^version[ \t]+{_N}\.{_N}[ \t]*\([ \t]*build[ \t]+{_N}[ \t]*\)\Z", re.IGNORECASE | re.ASCII
)
TRIM: Final = " \t\r\n"

Key = tuple[int, int, int, int]


def build_key(build: str) -> Key:
    """The four numbers of a schema-valid build string, for comparing."""
    a, b, c, d = (int(x) for x in build.split("."))
    return a, b, c, d


def prefix_of(build_prefix: str) -> str:
    """'15.02' and '15.2' name the same product line."""
    major, minor = (int(x) for x in build_prefix.split("."))
    return f"{major}.{minor}"


def show(key: Key) -> str:
    return ".".join(str(n) for n in key)


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a pasted text is: a build (key), a three-part build without revision, empty, too long, or text."""

    kind: Literal["build", "no-revision", "empty", "malformed", "text"]
    key: Key | None = None
    short: str = ""  # the three parts of a build without revision
    text: str = ""  # the trimmed input


def parse(raw: str) -> Parsed:
    text = raw.strip(TRIM)
    if not text:
        return Parsed("empty")
    if len(text) > MAX_INPUT:
        return Parsed("malformed", text=text[:MAX_INPUT])
    match = _FOUR.match(text) or _VERSION.match(text)
    if match is not None:
        a, b, c, d = (int(x) for x in match.groups())
        return Parsed("build", key=(a, b, c, d), text=text)
    three = _THREE.match(text) or _VERSION3.match(text)
    if three is not None:
        return Parsed("no-revision", short=".".join(str(int(x)) for x in three.groups()), text=text)
    return Parsed("text", text=text)
