"""Wrapping plain-text mail bodies at 72 columns without ever breaking a URL or a word.

Each input line is one logical line (a paragraph, a list item, a label with its value). A line
that is too long is broken at spaces only; continuation lines take the indentation of the line's
prefix (leading spaces, a list marker `- ` or `1. `, or a quote marker `> `), so lists keep a
hanging indent. A word longer than the width (a long URL) stays whole on a line of its own.
Lines marked as preformatted are passed through untouched.
"""

from __future__ import annotations

import re
import textwrap
from typing import Final

from compiler.outputs.email.markup import NOWRAP

__all__ = ["WIDTH", "wrap"]

WIDTH: Final = 72
_PREFIX = re.compile(r"^((?:> ?)*)( *)((?:[-*•]|\d{1,3}[.)]) +)?")


def _wrap_line(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    match = _PREFIX.match(line)
    quote, spaces, marker = (match.group(1), match.group(2), match.group(3) or "") if match else ("", "", "")
    head = quote + spaces + marker
    body = line[len(head) :]
    hang = quote + spaces + " " * len(marker)
    wrapper = textwrap.TextWrapper(
        width=width,
        initial_indent=head,
        subsequent_indent=hang,
        break_long_words=False,
        break_on_hyphens=False,
        expand_tabs=False,
        replace_whitespace=False,
        drop_whitespace=True,
    )
    return wrapper.wrap(body) or [head.rstrip()]


def wrap(text: str, width: int = WIDTH) -> str:
    """Wrap every line of `text`; strip trailing spaces; end with exactly one newline."""
    out: list[str] = []
    for line in text.split("\n"):
        if NOWRAP in line:
            out.append(line.replace(NOWRAP, "").rstrip())
            continue
        out.extend(part.rstrip() for part in _wrap_line(line.rstrip(), width))
    # at most one blank line in a row, none at the start or the end
    squeezed: list[str] = []
    for line in out:
        if not line and (not squeezed or not squeezed[-1]):
            continue
        squeezed.append(line)
    while squeezed and not squeezed[-1]:
        squeezed.pop()
    return "\n".join(squeezed) + "\n"
