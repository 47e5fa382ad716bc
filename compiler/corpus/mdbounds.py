"""Markdown from data in bounded time: the `[` that cannot start a link are escaped before Markdown runs.

Python-Markdown looks for the end of a link at every `[`, and for the end of its target at every `](`,
scanning the rest of the paragraph when there is none: 4,000 stray brackets take seconds, 20,000 a minute.
So, per line (code spans masked by the caller), a `[` stays only when it is balanced on its line, nested
at most three deep, and, when a `(` follows its `]`, that parenthesis closes on the line too. Every other
`[` is backslash-escaped: it shows as itself, and Markdown's scan from it never starts. Links as people
write them (`[text](https://...)`, `[text][ref]`, `![alt](src)`) are untouched.
"""

from __future__ import annotations

import re
from typing import Final

MAX_NESTING: Final = 3


def stray_brackets(line: str) -> list[int]:
    """Positions of the `[` of `line` to escape (see the module docstring); `\\[` is already escaped.
    One pass for brackets, one for parentheses: linear in the line."""
    stray: list[int] = []
    stack: list[int] = []
    pairs: list[tuple[int, int, int]] = []  # (start, end, depth)
    opened: list[int] = []
    closed: set[int] = set()  # positions of `(` that a `)` closes
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            stack.append(i)
        elif ch == "]" and stack:
            pairs.append((stack.pop(), i, len(stack)))
        elif ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            closed.add(opened.pop())
        i += 1
    stray.extend(stack)
    for start, end, depth in pairs:
        unclosed_target = end + 1 < len(line) and line[end + 1] == "(" and end + 1 not in closed
        if depth >= MAX_NESTING or unclosed_target:
            stray.append(start)
    return sorted(stray)


def escape_at(line: str, positions: list[int]) -> str:
    """`line` with a backslash before each position."""
    if not positions:
        return line
    out: list[str] = []
    last = 0
    for pos in positions:
        out.append(line[last:pos])
        out.append("\\")
        last = pos
    out.append(line[last:])
    return "".join(out)


def code_spans(line: str) -> list[tuple[int, int, int]]:
    """(start, end, width) of each code span of one line, as Markdown pairs them: a run of n backticks not
    escaped by a backslash, up to the next run of exactly n (a backslash does not escape a closing run)."""
    spans: list[tuple[int, int, int]] = []
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", line)]
    i = 0
    while i < len(runs):
        start, end = runs[i]
        width = end - start
        escaped = backslashes_before(line, start) % 2 == 1
        if not escaped:
            for j in range(i + 1, len(runs)):
                if runs[j][1] - runs[j][0] == width:
                    spans.append((start, runs[j][1], width))
                    i = j
                    break
        i += 1
    return spans


def bounded_links(line: str) -> str:
    """`line` with its stray `[` escaped; brackets inside code spans (paired on the line) are left alone."""
    if "[" not in line:
        return line
    masked = list(line)
    for start, end, _ in code_spans(line):
        masked[start:end] = "x" * (end - start)
    return escape_at(line, stray_brackets("".join(masked)))


def bounded_markdown(text: str) -> str:
    """Markdown text with the stray `[` of every line outside fenced code escaped (bounded_links)."""
    if "[" not in text:
        return text
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        marker = line.lstrip(" ")[:3]
        if fence is None and marker in ("```", "~~~"):
            fence = marker
        elif fence is not None and marker == fence:
            fence = None
        elif fence is None:
            line = bounded_links(line)
        out.append(line)
    return "\n".join(out)


def backslashes_before(line: str, pos: int) -> int:
    """How many backslashes stand right before `pos` (scanning back over that run only)."""
    n = 0
    while pos - n > 0 and line[pos - n - 1] == "\\":
        n += 1
    return n
