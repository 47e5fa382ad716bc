"""Free text (blog posts, advisories, mails): hashes, IP addresses, URLs, e-mail addresses, domains
and Windows paths, also when defanged (`hxxp`, `[.]`, `(dot)`, `[@]`, `[:]`).

Each line is refanged first, then read left to right; a value inside a longer one (the host of a
URL, the domain of an e-mail address, an IP in a URL) is not reported again. iocextract finds the
IPv6 addresses; everything else uses the patterns below, because iocextract reports a defanged IP
also as a URL and some URLs twice. A bare domain counts only when its top-level label is one IANA
lists (from the bundled MISP warninglists), so `logon.aspx` or `e.g.` never become domains.
"""

from __future__ import annotations

import ipaddress
import json
import re
from functools import cache

import iocextract

from compiler.authoring.readers import Candidate, Parsed, Rejected, markings
from compiler.corpus.values import refang
from compiler.gate.lists import list_path

_SCHEME = re.compile(r"\b(?:hxxp|hXXp|h\*\*p|hxp|hxxxp)(s?)(?:\[:\]|:)", re.I)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("url", re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`]+", re.I)),
    ("email", re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")),
    ("file-path", re.compile(r"(?:`|\")((?:[A-Za-z]:\\|%[A-Za-z_]+%\\)[^`\"\r\n]+)(?:`|\")")),
    ("file-path", re.compile(r"(?<![\w\\])((?:[A-Za-z]:\\|%[A-Za-z_]+%\\)[^\s\"'`<>|*?]+)")),
    ("sha256", re.compile(r"\b[0-9a-fA-F]{64}\b")),
    ("sha1", re.compile(r"\b[0-9a-fA-F]{40}\b")),
    ("md5", re.compile(r"\b[0-9a-fA-F]{32}\b")),
    # Not part of a longer dotted number: 1.2.3.4.5 and 15.2.792.10.1 are no addresses, never 1.2.3.4.
    ("cidr", re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}/\d{1,2}(?![\d/])")),
    ("ipv4", re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")),
)
# A domain is a whole token of letters, digits, dots and hyphens (trailing dots and hyphens aside), matched
# in full: one regex over the line would backtrack through every label of `a.a.a.a...` at every position.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")
_DOMAIN = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]"
)
_TRAILING = ".,;:!?)]}'\""


@cache
def _tlds() -> frozenset[str]:
    data = json.loads(list_path("tlds").read_text(encoding="utf-8"))
    return frozenset(str(t).lower().lstrip(".") for t in data["list"])


def refang_text(line: str) -> str:
    return refang(_SCHEME.sub(lambda m: f"http{m.group(1).lower()}:", line))


def _values(line: str) -> list[tuple[str, str]]:
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(line):
            group = 1 if pattern.groups else 0
            value, start = m.group(group), m.start(group)
            if kind in ("url", "file-path"):
                value = value.rstrip(_TRAILING)
            end = start + len(value)
            if not free(start, end):
                continue
            if kind == "ipv4" and any(int(octet) > 255 for octet in value.split(".")):
                continue  # a version number such as 15.2.792.10
            taken.append((start, end))
            found.append((start, kind, value))
    for m in _TOKEN.finditer(line):
        value = m.group(0).rstrip(".-")
        start, end = m.start(), m.start() + len(value)
        if (
            _DOMAIN.fullmatch(value)
            and free(start, end)
            and (start == 0 or line[start - 1] not in "@\\/")  # not inside an address or a path
            and value.rsplit(".", 1)[-1].lower() in _tlds()
        ):
            taken.append((start, end))
            found.append((start, "domain", value))
    for value in iocextract.extract_ipv6s(line):
        start = line.find(value)
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            continue
        if start >= 0 and free(start, start + len(value)):
            taken.append((start, start + len(value)))
            found.append((start, "ipv6", value))
    return [(kind, value) for _, kind, value in sorted(found)]


# Format and control characters (bidi controls, zero-width spaces, soft hyphens, ...) inside a line would
# cut a value short: `evil\u202e.example.com` would become its parent `example.com`.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def read(text: str) -> Parsed:
    tlp = markings.labels(text)  # a TLP label anywhere in the text marks every value of it
    candidates: list[Candidate] = []
    rejected: list[Rejected] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        hidden = _HIDDEN.search(line)
        if hidden:
            reason = f"the line holds U+{ord(hidden.group(0)):04X}, an invisible format or control character"
            rejected.append(Rejected(origin=f"line {number}", value=line.strip()[:80], reason=reason))
            continue
        candidates.extend(
            Candidate(type=kind, value=value, origin=f"line {number}", tlp=tlp)
            for kind, value in _values(refang_text(line))
        )
    return Parsed(candidates=tuple(candidates), rejected=tuple(rejected))
