"""Escaping per rule language. Every value that enters a rule passes through one of these.

Each function returns text that the target engine reads back as exactly the literal value; the tests
prove it with the real engines on adversarial input (quotes, backslashes, semicolons, newlines, `*/`,
non-ASCII, very long strings).
"""

from __future__ import annotations

import re
from typing import Final

# --- YARA ------------------------------------------------------------------------------------------

_YARA_SIMPLE: Final = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_YARA_PLAIN: Final = re.compile(r"[ !#-\[\]-~]*")  # printable ASCII except " and \
_YARA_IDENT: Final = re.compile(r"[^A-Za-z0-9_]")
_PRINTABLE: Final = re.compile(r"[ -~]*")


def yara_string(value: str) -> str:
    """A YARA text string literal (with quotes) whose bytes are the UTF-8 bytes of `value`.

    The result is pure ASCII: anything outside printable ASCII becomes `\\xNN` escapes.
    """
    if _YARA_PLAIN.fullmatch(value):
        return f'"{value}"'
    out = ['"']
    for ch in value:
        if ch in _YARA_SIMPLE:
            out.append(_YARA_SIMPLE[ch])
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.extend(f"\\x{b:02x}" for b in ch.encode("utf-8"))
    out.append('"')
    return "".join(out)


def yara_hex(data: bytes) -> str:
    """A YARA hex string `{ 41 00 ... }`."""
    return "{ " + " ".join(f"{b:02x}" for b in data) + " }"


def yara_identifier(text: str, limit: int = 128) -> str:
    """A valid YARA identifier from `text` (letters, digits, underscore; not starting with a digit)."""
    ident = _YARA_IDENT.sub("_", text)
    if not ident or ident[0].isdigit():
        ident = "r_" + ident
    return ident[:limit]


# --- Suricata --------------------------------------------------------------------------------------

_SURICATA_CONTENT_SAFE: Final = frozenset(chr(c) for c in range(0x20, 0x7F)) - set('"\\;|')
_SURICATA_PLAIN: Final = re.compile(r"[ !#-:<-\[\]-{}~]*")  # printable ASCII but " ; \\ |


def suricata_content(value: str) -> str:
    """A Suricata content pattern (with quotes) matching the UTF-8 bytes of `value`.

    `"`, `\\`, `;`, `|`, control and non-ASCII bytes are written as `|hex|` runs.
    """
    if _SURICATA_PLAIN.fullmatch(value):
        return f'"{value}"'
    out = ['"']
    hex_run: list[str] = []
    for ch in value:
        if ch in _SURICATA_CONTENT_SAFE:
            if hex_run:
                out.append("|" + " ".join(hex_run) + "|")
                hex_run = []
            out.append(ch)
        else:
            hex_run.extend(f"{b:02X}" for b in ch.encode("utf-8"))
    if hex_run:
        out.append("|" + " ".join(hex_run) + "|")
    out.append('"')
    return "".join(out)


def suricata_msg(text: str, limit: int = 200) -> str:
    """A Suricata `msg` value (with quotes): ASCII, `"`, `;` and `\\` escaped, other characters as `?`."""
    clean = text if _PRINTABLE.fullmatch(text) else "".join(ch if " " <= ch <= "~" else "?" for ch in text)
    if len(clean) > limit:
        clean = clean[: limit - 3] + "..."
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"').replace(";", "\\;") + '"'


# --- Sigma -----------------------------------------------------------------------------------------


def sigma_plain(value: str) -> str:
    """A Sigma string value that pySigma reads as exactly `value`, with no wildcard.

    `*` and `?` are escaped; a backslash is doubled only where Sigma would read it as an escape
    (before `*`, `?` or another backslash), so Windows paths stay readable.
    """
    if "\\" not in value and "*" not in value and "?" not in value:
        return value
    out = []
    n = len(value)
    for i, ch in enumerate(value):
        if ch in "*?":
            out.append("\\" + ch)
        elif ch == "\\" and i + 1 < n and value[i + 1] in "*?\\":
            out.append("\\\\")
        else:
            out.append(ch)
    return "".join(out)


# --- one-line text (comments, Loki descriptions) --------------------------------------------------

_SPACES: Final = re.compile(r"[\s\x00-\x1f\x7f]+")


# Every character Python's str.splitlines (and so many line-based readers) splits at.
LINE_BREAKS: Final = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def breaks_lines(value: str) -> bool:
    """True when `value` would not stay one line in a line-based file."""
    return LINE_BREAKS.search(value) is not None


def one_line(text: str, limit: int = 300) -> str:
    """Text on one line: whitespace and control characters collapsed to single spaces, trimmed."""
    clean = _SPACES.sub(" ", text).strip()
    return clean if len(clean) <= limit else clean[: limit - 3] + "..."


def ascii_line(text: str, limit: int = 300) -> str:
    """One line of ASCII: other characters as backslash escapes (for comments in ASCII files)."""
    return one_line(text, limit).encode("ascii", "backslashreplace").decode("ascii")


# --- CSV -------------------------------------------------------------------------------------------

_FORMULA_START: Final = frozenset("=+-@\t\r")


def csv_cell(text: str) -> str:
    """A spreadsheet-safe cell: a leading `'` keeps Excel and LibreOffice from reading a formula."""
    return "'" + text if text and text[0] in _FORMULA_START else text


# --- Loki ------------------------------------------------------------------------------------------


def loki_regex(literal: str) -> str:
    """A Python regex matching `literal`, safe inside a Loki `regex;score` line (no `;`, no leading `#`)."""
    return re.escape(literal).replace(";", "\\x3b")  # re.escape already escapes "#" and spaces


def loki_field(text: str) -> str:
    """A Loki comment or description field: one line, no `;` (Loki splits lines at `;`)."""
    return one_line(text).replace(";", ",")
