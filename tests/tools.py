"""Real engines the tests need. Missing tool: skip locally, fail under IOCC_REQUIRE_TOOLS=1 (CI)."""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(name: str) -> str:
    """The path of a command-line tool, or skip (fail in CI) when it is missing."""
    path = shutil.which(name)
    if path is None:
        missing(f"the {name!r} command is not installed")
    assert path is not None
    return path


def missing(reason: str) -> None:
    if os.environ.get("IOCC_REQUIRE_TOOLS") == "1":
        pytest.fail(f"required tool missing (IOCC_REQUIRE_TOOLS=1): {reason}")
    pytest.skip(reason)
