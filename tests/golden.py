"""`make golden` / `python -m tests.golden`: regenerate every emitter's golden files.

Golden tests compare an emitter's output with files under tests/golden/<emitter>/ and, with
IOCC_UPDATE_GOLDEN=1, rewrite them instead. This runs exactly those tests in that mode, with the
locale and timezone pinned, so a refresh is one command and the diff shows what changed.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main() -> int:
    env = {**os.environ, "IOCC_UPDATE_GOLDEN": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-k", "golden", "tests"]
    return subprocess.call(cmd, env=env)


if __name__ == "__main__":
    sys.exit(main())
