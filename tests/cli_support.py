"""Running the command line as a user does: `python -m compiler` in a corpus, without colour forced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def iocc(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "compiler", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )
