"""YAML written by hand for the large, regular parts of rule files (value lists, literal blocks).

libyaml's emitter is fast, but PyYAML's representer in front of it costs about 6 microseconds a value;
Sigma and CHIRP files carry up to 100,000 values. Only what is certainly safe is written by hand; any
other string goes through libyaml. Tests load every file back and compare it with the data.
"""

from __future__ import annotations

import re
from typing import Final

import yaml

# Characters a single-quoted YAML scalar carries as they are: YAML's printable set without line breaks
# (LF, CR, NEL, LS, PS) and without the byte order mark.
_SINGLE_SAFE: Final = re.compile("[\t\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")


# Plain (unquoted) only for words that no YAML 1.1 or 1.2 resolver reads as anything but a string.
_PLAIN: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.:/@|-]*")
_NOT_STRINGS: Final = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def scalar(value: str) -> str:
    """A YAML flow scalar that loads back as exactly `value`."""
    if _PLAIN.fullmatch(value) and value.lower() not in _NOT_STRINGS and not value.endswith(":"):
        return value
    if _SINGLE_SAFE.fullmatch(value):
        return "'" + value.replace("'", "''") + "'"
    dumped: str = yaml.dump(
        value, Dumper=yaml.CSafeDumper, default_style='"', allow_unicode=True, width=2**31 - 1
    )
    return dumped.rstrip("\n").removesuffix("\n...")


def literal_block(value: str, indent: str) -> str | None:
    """`|` and the lines of `value` indented, when a literal block keeps it exactly (one final newline,
    no line starting or ending with a blank, only printable characters); else None."""
    if not value.endswith("\n") or value.endswith("\n\n"):
        return None
    lines = value[:-1].split("\n")
    if not lines[0] or lines[0][0] in " \t" or not _SINGLE_SAFE.fullmatch(value[:-1].replace("\n", "")):
        return None
    if any(line != line.rstrip(" \t") for line in lines):  # also whitespace-only lines
        return None
    return "|\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in lines)
