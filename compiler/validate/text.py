"""Characters no field may hold, checked on every string of every document, keys included (IOC107).

No field holds C0 or C1 control characters, DEL, Unicode line or paragraph separators (U+2028, U+2029,
NEL) or bidirectional controls (U+202A-U+202E, U+2066-U+2069, LRM, RLM, ALM): they split lines in
line-based outputs (Loki, blocklists, SHA256SUMS), change what a reviewer sees (Trojan Source), or reach a
terminal as escape sequences. Line breaks and tabs are allowed only in multi-line fields: the German and
English texts, the reason of a false-positive override and authored rules; everywhere else (ids, values,
names, dates, URLs) a trailing newline is refused like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from compiler.corpus.load import Document, join_pointer
from compiler.corpus.vocab import LANG_PATTERN
from compiler.diagnostics import Diagnostic, diagnostic

FORBIDDEN: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
LINE: Final = re.compile("[\t\n]")
_NAMES: Final = {
    "\n": "a line break",
    "\t": "a tab",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
    "\x85": "a next-line character (U+0085)",
    "\x1b": "an escape character (U+001B)",
    "\ufeff": "a byte order mark (U+FEFF)",
}


def describe(ch: str) -> str:
    if ch in _NAMES:
        return _NAMES[ch]
    if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" or ch in "\u200e\u200f\u061c":
        return f"a bidirectional control (U+{ord(ch):04X})"
    return f"a control character (U+{ord(ch):04X})"


def _text_map(node: dict[Any, Any]) -> bool:
    """A map of language code to text (`de`, `en` and any configured language; the schema says which)."""
    langs = set(node)
    return bool(langs & {"de", "en"}) and all(
        isinstance(k, str) and re.fullmatch(LANG_PATTERN, k) for k in langs
    )


def _multiline(path: list[str | int], parent: Any) -> bool:
    """A text in one of the languages, a false-positive override's reason, or anything inside an authored rule."""
    if "rule" in path[:3] and len(path) >= 3 and path[0] == "indicators":
        return True
    if path and isinstance(path[-1], str) and isinstance(parent, dict) and _text_map(parent):
        return True
    return len(path) >= 2 and path[-2:] == ["false_positive_override", "reason"]


def check_text(doc: Document) -> Iterator[Diagnostic]:
    """IOC107 for each string (or key) holding a character no field may hold (see the module docstring)."""
    stack: list[tuple[Any, list[str | int], Any]] = [(doc.data, [], None)]
    while stack:
        node, path, parent = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                bad = FORBIDDEN.search(key) or LINE.search(key)
                if bad:
                    where = doc.locate(join_pointer([*path, key]), key=True)
                    yield diagnostic("IOC107", where, f"a key holds {describe(bad.group(0))}")
                stack.append((value, [*path, key], node))
        elif isinstance(node, list):
            stack.extend((item, [*path, i], node) for i, item in enumerate(node))
        elif isinstance(node, str):
            bad = FORBIDDEN.search(node)
            if bad is None and (line := LINE.search(node)) is not None and not _multiline(path, parent):
                bad = line
            if bad:
                where = doc.locate(join_pointer(path))
                at = f" at character {bad.start() + 1}" if len(node) > 1 else ""
                yield diagnostic("IOC107", where, f"the text holds {describe(bad.group(0))}{at}")
