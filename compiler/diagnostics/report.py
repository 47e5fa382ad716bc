"""Renderers of diagnostics: text (compiler style, with the source line and a caret), json,
github (workflow annotations) and sarif (2.1.0). One registry dict, one signature."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from compiler import __version__
from compiler.diagnostics import Diagnostic, Severity
from compiler.diagnostics.codes import CODES
from compiler.files.safepath import read_bytes

Renderer = Callable[[Sequence[Diagnostic], Path, bool], str]

_COLOURS: Final = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.NOTE: "\x1b[1;36m"}
_BOLD: Final = "\x1b[1m"
_RESET: Final = "\x1b[0m"


def use_colour(stream: Any) -> bool:
    """Colour only on a terminal, and never under NO_COLOR."""
    if "NO_COLOR" in os.environ:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _source_lines(root: Path, path: str) -> list[str] | None:
    """The lines of a file findings point at, read only from a file of the repository no link leads to."""
    if Path(path).is_absolute() or ".." in Path(path).parts:
        return None
    try:
        text = read_bytes(root / path, root).decode("utf-8", errors="replace")
    except OSError:  # LinkRefused included
        return None
    return _YAML_BREAKS.split(text)  # the line breaks YAML counts, so line numbers agree with the loader


# What data may not send to a terminal: C0 and C1 controls (ESC and CSI start escape sequences), DEL, line
# and paragraph separators, bidirectional controls. Shown as escapes, so a hostile line stays one line of
# visible text.
_RAW: Final = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


_YAML_BREAKS: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def visible(text: str) -> str:
    """Text with every character a terminal would act on written as an escape (`\\x1b`, `\\u202e`)."""
    return _RAW.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def render_text(diagnostics: Sequence[Diagnostic], root: Path, colour: bool) -> str:
    out: list[str] = []
    cache: dict[str, list[str] | None] = {}  # each file is read once, however many findings it has
    for d in diagnostics:
        loc = d.location
        sev = d.severity.value
        head = f"{visible(loc.path)}:{loc.line}:{loc.column}: "
        label = f"{sev}[{d.code}]"
        pointer = f" {visible(loc.pointer)}" if loc.pointer else ""
        if colour:
            head = _BOLD + head + _RESET
            label = _COLOURS[d.severity] + label + _RESET
        out.append(f"{head}{label}{pointer}: {visible(d.message)}")
        if loc.path not in cache:
            cache[loc.path] = _source_lines(root, loc.path)
        lines = cache[loc.path]
        source = lines[loc.line - 1] if lines and 0 < loc.line <= len(lines) else None
        if source is not None:
            gutter = f"{loc.line:>5} | "
            out.append(gutter + visible(source.replace("\t", " ")))
            caret = " " * (len(gutter) - 2) + "| " + " " * max(loc.column - 1, 0) + "^"
            out.append(_COLOURS[d.severity] + caret + _RESET if colour else caret)
        if d.hint:
            out.append(f"      = help: {visible(d.hint)}")
    counts = {s: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    if diagnostics:
        out.append(
            f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
            f"{counts[Severity.NOTE]} note(s)"
        )
    return "\n".join(out) + ("\n" if out else "")


def render_json(diagnostics: Sequence[Diagnostic], root: Path, colour: bool) -> str:
    return (
        json.dumps({"diagnostics": [d.as_dict() for d in diagnostics]}, indent=2, ensure_ascii=False) + "\n"
    )


def _gh_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def render_github(diagnostics: Sequence[Diagnostic], root: Path, colour: bool) -> str:
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
    lines = []
    for d in diagnostics:
        loc = d.location
        props = ",".join(
            (
                f"file={_gh_escape(loc.path, prop=True)}",
                f"line={loc.line}",
                f"col={loc.column}",
                f"title={_gh_escape(d.code, prop=True)}",
            )
        )
        message = f"{loc.pointer}: {d.message}" if loc.pointer else d.message
        lines.append(f"::{kinds[d.severity]} {props}::{_gh_escape(visible(message))}")
    return "\n".join(lines) + ("\n" if lines else "")


def render_sarif(diagnostics: Sequence[Diagnostic], root: Path, colour: bool) -> str:
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}
    used = sorted({d.code for d in diagnostics})
    rules = [
        {
            "id": code,
            "shortDescription": {"text": CODES[code].summary},
            "defaultConfiguration": {"level": levels[CODES[code].severity]},
        }
        for code in used
    ]
    index = {code: i for i, code in enumerate(used)}
    results = []
    for d in diagnostics:
        loc = d.location
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": levels[d.severity],
                "message": {"text": f"{loc.pointer}: {d.message}" if loc.pointer else d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": loc.path, "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": loc.line, "startColumn": loc.column},
                        },
                        "logicalLocations": [{"fullyQualifiedName": loc.pointer or "/"}],
                    }
                ],
            }
        )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "iocc", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


RENDERERS: Final[dict[str, Renderer]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}
