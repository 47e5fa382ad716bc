"""Helpers to lay out throw-away corpora for tests: the valid fixture corpus plus extra files."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
REPO = Path(__file__).resolve().parent.parent

_DIRECTIVE = re.compile(rb"^# (place|expect|max-bytes|link): (.+)$", re.M)


@dataclass(frozen=True)
class InvalidFixture:
    path: Path
    code: str
    line: int
    place: str
    max_bytes: int | None
    link: str | None = None  # the place is made a symbolic link to this target instead of the file


def invalid_fixtures() -> list[InvalidFixture]:
    found = []
    for path in sorted(INVALID.glob("IOC*.yaml")):
        directives = {
            m.group(1).decode(): m.group(2).decode().strip() for m in _DIRECTIVE.finditer(path.read_bytes())
        }
        code, _, line = directives["expect"].partition(" line ")
        max_bytes = int(directives["max-bytes"]) if "max-bytes" in directives else None
        found.append(
            InvalidFixture(path, code, int(line), directives["place"], max_bytes, directives.get("link"))
        )
    return found


def make_corpus(tmp: Path, extra: dict[str, bytes] | None = None) -> Path:
    """A copy of the valid fixture corpus under tmp/repo, with extra files placed by relative path."""
    root = tmp / "repo"
    shutil.copytree(VALID, root)
    (root / "schemas").mkdir(exist_ok=True)
    for rel, data in (extra or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root
