"""One fixture per rule and emitter code (tests/fixtures/rules/codes/IOC5xx-*.yaml): each gives its code
at its line. Codes 520-525 come from `iocc check`; 530-534 are notes of the rule emitters, which know a
set file and a JSON pointer but no line (line 1)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from compiler.outputs.context import build_context
from compiler.outputs.registry import emitters
from compiler.pipeline import check
from tests.rules_support import AS_OF, CORPUS
from tests.tools import require_tool

CODES = Path(__file__).parent / "fixtures" / "rules" / "codes"
FIXTURES = sorted(CODES.glob("IOC5*.yaml"))
_EMITTER = {
    "IOC530": "yara",
    "IOC531": "queries",
    "IOC532": "suricata",
    "IOC533": "suricata",
    "IOC534": "loki",
}


def _directives(path: Path) -> tuple[str, str, int]:
    text = path.read_text()
    place = re.search(r"^# place: (.+)$", text, re.M)
    expect = re.search(r"^# expect: (IOC\d+) line (\d+)$", text, re.M)
    assert place and expect, path
    return place.group(1), expect.group(1), int(expect.group(2))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_gives_its_code_at_its_line(
    fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    place, code, line = _directives(fixture)
    assert fixture.stem.startswith(code + "-")
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    (root / place).write_bytes(fixture.read_bytes())
    if code == "IOC525":  # reported once, at the first Suricata rule: let it be the fixture's
        monkeypatch.setattr("compiler.validate.checks.rules.shutil.which", lambda name: None)
        (root / "indicators" / "rules-test-2024" / "authored.yaml").unlink()
    elif code in ("IOC524", "IOC520", "IOC521", "IOC522", "IOC523"):
        require_tool("suricata")  # the corpus holds a Suricata rule; check runs suricata -T on it
    result = check(root)
    if code < "IOC530":
        found = {(d.code, d.location.line) for d in result.diagnostics if d.location.path == place}
        assert found == {(code, line)}, found
        return
    assert result.corpus is not None
    if code == "IOC533":
        (root / "config").mkdir()
        (root / "config" / "suricata.yaml").write_text("sid_range: [7000, 7001]\n")
    emission = emitters()[_EMITTER[code]](result.corpus, build_context(root, as_of=AS_OF))
    noted = {(d.code, d.location.path, d.location.line) for d in emission.notes if d.code == code}
    where = "locks/suricata.lock.json" if code in ("IOC532", "IOC533") else place
    assert (code, where, line) in noted, noted
