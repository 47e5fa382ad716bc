"""Compare emitted artifacts with golden files; IOCC_UPDATE_GOLDEN=1 rewrites them instead."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def updating() -> bool:
    return os.environ.get("IOCC_UPDATE_GOLDEN") == "1"


def assert_golden(folder: str, files: dict[str, bytes]) -> None:
    """`files` maps paths (relative to tests/golden/<folder>/) to bytes; every golden file must match and
    no golden file may be missing from `files`."""
    base = GOLDEN / folder
    if updating():
        if base.exists():
            shutil.rmtree(base)
        for rel, data in files.items():
            target = base / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return
    present = (
        {p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()} if base.exists() else set()
    )
    problems: list[str] = []
    for rel in sorted(set(files) | present):
        if rel not in present:
            problems.append(f"new output without a golden file: {rel}")
        elif rel not in files:
            problems.append(f"golden file no longer produced: {rel}")
        else:
            want = (base / rel).read_bytes()
            if want != files[rel]:
                diff = difflib.unified_diff(
                    want.decode("utf-8", "replace").splitlines(),
                    files[rel].decode("utf-8", "replace").splitlines(),
                    f"golden/{folder}/{rel}",
                    "emitted",
                    lineterm="",
                    n=2,
                )
                problems.append("\n".join(list(diff)[:60]))
    assert not problems, "golden files differ (refresh with `make golden`):\n" + "\n".join(problems)
