"""`iocc check` runs the authored rules through their engines and reports located findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.engines.sigma_regex import portability
from compiler.pipeline import check
from tests.rules_support import CORPUS
from tests.tools import require_tool

HEAD = """# yaml-language-server: $schema=../../schemas/indicator-set.schema.json
id: bad-rules
schema_version: 1
advisories: [rules-test-2024]
title: {de: Kaputte Regeln, en: Broken rules}
description: {de: Für Tests., en: For tests.}
tlp: clear
source: {name: Test, licence: CC0-1.0}
defaults: {confidence: 50, valid_from: "2024-05-02"}
indicators:
"""
BAD = """  - type: yara
    name: broken-yara
    rule: |
      rule Broken
      {
          strings:
              $a = "x"
          condition:
              $a and $b
      }
  - type: yara
    name: twin
    rule: |
      rule Test_Shell_Marker { condition: true }
  - type: yara
    name: includes
    rule: |
      include "other.yar"
      rule Inc { condition: true }
  - type: sigma
    name: broken-sigma
    rule:
      title: Broken
      logsource: {category: webserver}
      detection: {selection: {cs-method: POST}, condition: selection and missing}
  - type: sigma
    name: sloppy-sigma
    rule:
      title: Detects something.
      id: 5d0ab4c0-1c1f-4e5c-9b1a-0f3c1b2a7e11
      status: test
      description: Short.
      logsource: {category: webserver}
      detection: {selection: {cs-method: POST}, condition: selection}
      level: high
  - type: suricata
    name: broken-suricata
    rule: 'alert http any any -> any any (msg:"no semicolon"; http.method; content:"POST"; nosuchkeyword; sid:1;)'
"""


def _findings(tmp_path: Path) -> list[tuple[str, str, int, str]]:
    root = tmp_path / "repo"
    import shutil

    shutil.copytree(CORPUS, root)
    (root / "schemas").mkdir(exist_ok=True)
    target = root / "indicators" / "rules-test-2024" / "bad-rules.yaml"
    target.write_text(HEAD + BAD)
    result = check(root)
    return [
        (d.code, d.location.pointer, d.location.line, d.message)
        for d in result.diagnostics
        if d.location.path.endswith("bad-rules.yaml")
    ]


def test_broken_authored_rules_get_located_findings(tmp_path: Path) -> None:
    require_tool("suricata")
    found = _findings(tmp_path)
    codes = {(code, pointer) for code, pointer, _, _ in found}
    assert ("IOC520", "/indicators/0/rule") in codes
    assert ("IOC521", "/indicators/1/rule") in codes  # same name as the fixture's authored rule
    assert ("IOC521", "/indicators/2/rule") in codes  # include
    assert ("IOC522", "/indicators/3/rule") in codes
    assert ("IOC523", "/indicators/4/rule") in codes
    assert ("IOC524", "/indicators/5/rule") in codes
    yara_line, message = next((line, m) for code, _, line, m in found if code == "IOC520")
    text = (tmp_path / "repo" / "indicators" / "rules-test-2024" / "bad-rules.yaml").read_text().splitlines()
    assert "line 7" in message  # YARA names the rule's line 7 (it sees the error at the closing brace)
    assert text.index("      rule Broken") + 7 == yara_line  # the same line in the YAML file
    suricata = next(m for code, _, _, m in found if code == "IOC524")
    assert "nosuchkeyword" in suricata
    validators = {m.split(":")[0] for code, _, _, m in found if code == "IOC523"}
    assert {"sigmahq_title_start", "sigmahq_title_end", "sigmahq_description_length"} <= validators


def test_the_fixture_and_real_rules_pass() -> None:
    require_tool("suricata")
    result = check(CORPUS)
    assert not [d for d in result.diagnostics if d.code.startswith("IOC52")]


@pytest.mark.parametrize(
    ("pattern", "problems"),
    [
        (".*(p|P|%70)ower\\~.*", []),
        (".*[^;]*/[^;]*\\~.*", []),
        ("(?i)serverinfo~", ["(?", "~", ".*"]),
        ("^/ecp/[A-Za-z0-9]\\.js$", ["anchors", ".*"]),
        (".*a@b.*", ["@"]),
        (".*a[@~^]b.*", []),
        (".*x\\.*", [".*"]),
    ],
)
def test_a_regular_expression_is_portable_only_in_the_common_form(pattern: str, problems: list[str]) -> None:
    found = portability(pattern)
    assert len(found) == len(problems), found
    for said, word in zip(found, problems, strict=True):
        assert word in said
