"""Locations and diagnostics: every finding names a code, a severity, a file, a line, a column and a pointer."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics.codes import CODES
from compiler.diagnostics.severity import Severity

__all__ = ["Diagnostic", "Location", "Severity", "diagnostic", "has_errors", "sort_key"]


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a source file. line and column are 1-based; pointer is an RFC 6901 JSON pointer."""

    path: str
    line: int = 1
    column: int = 1
    pointer: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    location: Location
    hint: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "pointer": self.location.pointer,
            "hint": self.hint,
        }


def diagnostic(code_id: str, location: Location, message: str, *, hint: str | None = None) -> Diagnostic:
    """Make a diagnostic whose severity comes from the code table."""
    return Diagnostic(
        code=code_id, severity=CODES[code_id].severity, message=message, location=location, hint=hint
    )


def sort_key(d: Diagnostic) -> tuple[str, int, int, str, str]:
    return (d.location.path, d.location.line, d.location.column, d.code, d.message)


def has_errors(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...], *, strict: bool = False) -> bool:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in failing for d in diagnostics)
