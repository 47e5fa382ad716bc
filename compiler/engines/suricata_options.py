"""The options of a Suricata rule, read as Suricata splits them, and those that touch the sensor's files.

An authored rule runs on sensors we do not run. Some keywords reach beyond the traffic: `dataset` and
`datarep` with `save`, `state` or `load` write or read files, `filestore` writes extracted files,
`lua`/`luajit` run a script file, `filemd5`/`filesha1`/`filesha256` read a list file. iocc refuses them
in authored rules (its own dataset rules load only files iocc ships beside them).
"""

from __future__ import annotations

from typing import Final

FILE_KEYWORDS: Final = frozenset({"filestore", "lua", "luajit", "filemd5", "filesha1", "filesha256"})
FILE_OPTIONS: Final = {"dataset": ("save", "state", "load"), "datarep": ("save", "state", "load")}


def options(rule: str) -> list[tuple[str, str]]:
    """(keyword, value) of each option between the rule's outer parentheses; `;` splits options outside
    double quotes unless escaped with a backslash, as Suricata reads them."""
    start, end = rule.find("("), rule.rfind(")")
    if start < 0 or end <= start:
        return []
    out: list[tuple[str, str]] = []
    current: list[str] = []
    quoted = escaped = False
    for ch in rule[start + 1 : end]:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == '"':
            current.append(ch)
            quoted = not quoted
        elif ch == ";" and not quoted:
            out.append(_split("".join(current)))
            current = []
        else:
            current.append(ch)
    if "".join(current).strip():
        out.append(_split("".join(current)))
    return out


def _split(option: str) -> tuple[str, str]:
    keyword, _, value = option.partition(":")
    return keyword.strip().lower(), value.strip()


def file_keywords(rule: str) -> list[str]:
    """The options of `rule` that read or write files on the sensor, as written (e.g. `dataset save`)."""
    found: list[str] = []
    for keyword, value in options(rule):
        if keyword in FILE_KEYWORDS:
            found.append(keyword)
        for word in FILE_OPTIONS.get(keyword, ()):
            if any(part.strip().lower().split(" ", 1)[0] == word for part in value.split(",")):
                found.append(f"{keyword} {word}")
    return list(dict.fromkeys(found))
