"""BSI Secvisogram's validator (npm @secvisogram/csaf-validator-lib, strict CSAF 2.0 schema and every
mandatory test 6.1.x) accepts every document we emit, and refuses the broken ones our checks refuse.

Needs Node and `npm ci --prefix tests/csaf-validator` (see tests/csaf-validator/package.json).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.csaf_support import MUTATIONS, documents, mutated, real_files, synthetic_files
from tests.tools import missing

HERE = Path(__file__).parent / "csaf-validator"


def _validate(tmp_path: Path, docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        missing("node is not installed")
    if not (HERE / "node_modules" / "@secvisogram" / "csaf-validator-lib").is_dir():
        missing("the CSAF validator is not installed: npm ci --prefix tests/csaf-validator")
    paths = []
    for name, doc in docs.items():
        path = tmp_path / name.replace("/", "_")
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(str(path))
    result = subprocess.run(
        [str(node), str(HERE / "validate.mjs"), *paths],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    by_path: dict[str, Any] = json.loads(result.stdout)
    return {name: by_path[str(tmp_path / name.replace("/", "_"))] for name in docs}


def test_secvisogram_accepts_and_refuses_what_we_do(tmp_path: Path) -> None:
    docs = {**documents(real_files()), **documents(synthetic_files())}
    original = next(d for p, d in documents(synthetic_files()).items() if not p.endswith("-de.json"))
    broken = {f"broken-{test}.json": mutated(original, test) for test in sorted(MUTATIONS)}
    verdicts = _validate(tmp_path, {**docs, **broken})
    for name in docs:
        assert verdicts[name]["isValid"], (name, verdicts[name]["errors"][:5])
    disagreements = []
    for test in sorted(MUTATIONS):
        found = {e["test"] for e in verdicts[f"broken-{test}.json"]["errors"]}
        wanted = "mandatoryTest_" + test.replace(".", "_")
        if wanted not in found:
            disagreements.append(f"{test}: Secvisogram reports {sorted(found)}")
    assert not disagreements, "\n".join(disagreements)
