"""STIX and MISP output do not depend on the time zone, the locale or the hash seed of the machine."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from compiler.pipeline import load_corpus
from tests.corpus_fixtures import REPO
from tests.fixtures.stix import corpus as fixture
from tests.fixtures.stix.checks import emit_all

SCRIPT = """
import hashlib, json, sys, time
from pathlib import Path
from compiler.pipeline import load_corpus
from tests.fixtures.stix import corpus as fixture
from tests.fixtures.stix.checks import emit_all
root = Path(sys.argv[1])
out = {}
for label, corpus, where in (("real", load_corpus(root), root), ("fixture", fixture.corpus(), Path(sys.argv[2]))):
    for name, data in emit_all(corpus, where, as_of="2024-04-01").items():
        out[label + ":" + name] = hashlib.sha256(data).hexdigest()
print(json.dumps(out, sort_keys=True))
"""


def _locale() -> str:
    available = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    for wanted in ("de_DE.utf8", "de_DE.UTF-8"):
        if wanted in available:
            return wanted
    return "C.UTF-8"


def _digests(tmp: Path) -> dict[str, str]:
    out = {}
    for label, corpus, where in (("real", load_corpus(REPO), REPO), ("fixture", fixture.corpus(), tmp)):
        for name, data in emit_all(corpus, where, as_of="2024-04-01").items():
            out[f"{label}:{name}"] = hashlib.sha256(data).hexdigest()
    return out


def test_same_bytes_in_another_timezone_locale_and_hash_seed(tmp_path: Path) -> None:
    tmp = tmp_path
    here = _digests(tmp)
    env = {
        **os.environ,
        "TZ": "Asia/Tokyo",
        "LC_ALL": _locale(),
        "LANG": _locale(),
        "PYTHONHASHSEED": "12345",
        "PYTHONPATH": str(REPO),
    }
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(REPO), str(tmp)],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(tmp),
        check=False,
    )
    assert run.returncode == 0, run.stderr
    there = json.loads(run.stdout)
    assert there == here
    assert any(k.startswith("real:stix/") for k in here) and any(k.startswith("fixture:misp/") for k in here)
