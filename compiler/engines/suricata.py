"""Suricata rule text as authors write it: one rule on one line, its sid and rev left to iocc's lock."""

from __future__ import annotations

import re
from typing import Final

SIDREV: Final = "\x00SIDREV\x00"  # where the lock's sid and rev go
_SID_REV: Final = re.compile(r"\s*\b(?:sid|rev)\s*:\s*\d+\s*;")


def authored_text(rule: str) -> str:
    """An authored rule on one line, its own sid and rev replaced by SIDREV."""
    one = " ".join(line.rstrip("\\").strip() for line in rule.strip().splitlines())
    body = _SID_REV.sub("", one).rstrip()
    if body.endswith(")"):
        body = body[:-1].rstrip()
    return f"{body} {SIDREV})"
