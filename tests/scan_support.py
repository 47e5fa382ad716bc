"""Helpers for the `iocc scan` tests: the evidence corpus as collections, and a tree's fingerprint."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from compiler.detect.evidence import discover

REPO = Path(__file__).resolve().parent.parent


def iocc(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "compiler", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def manifests(baseline: bool) -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for manifest in discover(REPO):
        if (manifest.parent.parent.name == "baseline") == baseline:
            out.append((manifest, yaml.safe_load(manifest.read_text(encoding="utf-8"))))
    return out


def server_of(manifest: Path) -> str:
    """The server folder an evidence set becomes: set ids are unique only within their advisory."""
    return f"{manifest.parent.parent.name}.{manifest.parent.name}"


def as_servers(target: Path, baseline: bool) -> Path:
    """Each evidence set of the corpus (positive or baseline) as one server's folder of a collection."""
    target.mkdir(parents=True, exist_ok=True)
    for manifest, _data in manifests(baseline):
        shutil.copytree(
            manifest.parent, target / server_of(manifest), ignore=shutil.ignore_patterns("manifest.yaml")
        )
    return target


def fingerprint(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every entry below root: content hash (files), mode and modification time."""
    out: dict[str, tuple[str, int, int]] = {}
    for current, dirs, files in os.walk(root):
        for name in [*dirs, *files, "."]:
            path = Path(current) / name
            st = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() and name != "." else ""
            out[str(path.relative_to(root))] = (digest, st.st_mode, st.st_mtime_ns)
    return out
