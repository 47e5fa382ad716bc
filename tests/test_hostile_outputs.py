"""Every output kind against a corpus of hostile values and texts: each value is refused with a located code
or carried literally into files the real engines accept (yara-python and the yara command, suricata -T,
pySigma, the OASIS STIX validator and stix2, PyMISP, the csv reader, the e-mail parser).

The site (mkdocs --strict and Chromium) has its own hostile corpus: tests/test_hostile_site.py."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import yara

from compiler.corpus.kinds import canonical
from compiler.outputs.context import build_context
from compiler.outputs.email.mime import HEADERS
from compiler.pipeline import check, emit_all
from tests.corpus_fixtures import make_corpus
from tests.fixtures.stix.checks import dangling, findings, pattern_values, round_trips
from tests.hostile_support import XSS_LINES, XSS_PROSE
from tests.rules_support import detection_values, suricata_accepts
from tests.tools import require_tool

SET = "indicators/test-advisory-2024/hostile-values.yaml"

# Valid for their type, hostile for every language they are written into.
ACCEPTED: tuple[tuple[str, str], ...] = (
    ("user-agent", 'Mozilla/5.0 "quoted" \\back\\slash; semi;colon */ end|pipe'),
    ("user-agent", "=cmd|' /C calc'!A0"),
    ("user-agent", "{{7*7}} ${7*7} <script>alert('xss-40')</script>"),
    ("user-agent", "x' OR '1'='1 -- ` $(id) || true ) or true or ("),
    ("user-agent", "ua-ünïcödé-中文-😀 a\u00a0b\u3000c"),
    ("user-agent", "%s%n%x %0d%0a \\x00 \\u2028 */ /* #"),
    ("user-agent", "* ? [ ] ( ) { } ^ ~ : ! + - && || \\ / \" '"),
    ("url", "http://evil.example/p;a\"th/\\x*y?q=a*b&c='d'#frag"),
    ("url", "https://evil.example/%0d%0aSet-Cookie:x=1"),
    ("url", "http://evil.example/<script>alert('xss-41')</script>"),
    ("url", "http://evil.example/${jndi:ldap://x.example/a}"),
    ("url", "http://[2001:db8::7]:8080/a|b`c"),
    ("domain", "xn--bcher-kva.example"),
    ("domain", "a-" + "b" * 60 + ".evil.example"),
    ("file-path", "C:\\inetpub\\a;b'c$d{e}(f)[g]%h%.aspx"),
    ("file-path", "%TEMP%\\x y\\`id`.ps1"),
    ("file-path", "/var/www/html/x;rm -rf $(id)'\".php"),
    ("file-name", "=SUM(1+1)*cmd.xls"),
    ("file-name", "a;b'c\"d|e*f?.exe"),
    ("file-name", "<img src=x onerror=alert('xss-42')>.js"),
    ("email", "x'y+z@evil.example"),
    ("sha256", "e" * 64),
)
# Refused, each with the code of the reason.
REFUSED: tuple[tuple[str, str, str], ...] = (
    ("domain", "evil.example\n", "IOC107"),
    ("domain", "evil\u202e.example", "IOC107"),
    ("user-agent", "agent\x1b[2J", "IOC107"),
    ("user-agent", "agent\u2028index.aspx", "IOC107"),
    ("url", "javascript:alert(1)", "IOC201"),
    ("ipv4", "999.1.1.1", "IOC201"),
    ("file-path", "C:\\a|b.exe", "IOC201"),
    ("file-name", "a/b", "IOC201"),
    ("domain", "evil", "IOC201"),
)


def _set(values: list[tuple[str, str]]) -> str:
    head = {
        "id": "hostile-values",
        "schema_version": 1,
        "advisories": ["test-advisory-2024"],
        "title": {"de": XSS_LINES[0], "en": XSS_LINES[1]},
        "description": {"de": XSS_PROSE[0], "en": XSS_PROSE[1]},
        "tlp": "clear",
        "source": {"name": XSS_LINES[2], "licence": XSS_LINES[3]},
        "defaults": {"confidence": 60, "valid_from": "2024-05-02"},
        "indicators": [
            {"type": t, "value": v, "description": {"de": XSS_PROSE[i % 10], "en": XSS_LINES[i % 10]}}
            for i, (t, v) in enumerate(values)
        ],
    }
    return "# yaml-language-server: $schema=../../schemas/indicator-set.schema.json\n" + json.dumps(
        head, indent=1, ensure_ascii=False
    )


def test_hostile_values_are_refused_with_their_code_at_their_place(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, {SET: _set([(t, v) for t, v, _ in REFUSED]).encode()})
    result = check(root)
    found = {(d.location.pointer, d.code) for d in result.diagnostics if d.location.path == SET}
    assert found == {(f"/indicators/{i}/value", code) for i, (_, _, code) in enumerate(REFUSED)}
    assert all(d.location.line > 1 for d in result.diagnostics if d.location.path == SET)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], Path]:
    tmp = tmp_path_factory.mktemp("hostile-outputs")
    root = make_corpus(tmp, {SET: _set(list(ACCEPTED)).encode()})
    result = check(root)
    assert result.corpus is not None, [
        (d.code, d.message) for d in result.diagnostics if d.severity.value == "error"
    ]
    emitted = emit_all(result.corpus, build_context(root, as_of="2024-05-10"))
    assert [n for n in emitted.notes if n.severity.value == "error"] == []
    files = {a.path: a.data for a in emitted.artifacts}
    dist = tmp / "dist"
    for path, data in files.items():
        (dist / path).parent.mkdir(parents=True, exist_ok=True)
        (dist / path).write_bytes(data)
    return files, dist


def _canonical(kind: str, value: str) -> str:
    return canonical(kind, value)


def test_yara_rules_compile_in_both_engines_and_match_every_value(
    built: tuple[dict[str, bytes], Path],
) -> None:
    files, dist = built
    [path] = [p for p in files if p.endswith(".yar")]
    rules = yara.compile(source=files[path].decode("utf-8"))
    binary = require_tool("yara")
    run = subprocess.run(
        [binary, str(dist / path), str(dist / path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    for kind, value in ACCEPTED:
        if kind in ("url", "domain", "user-agent"):
            assert rules.match(data=b"x " + _canonical(kind, value).encode("utf-8") + b" x"), value


def test_suricata_accepts_the_rules(built: tuple[dict[str, bytes], Path], tmp_path: Path) -> None:
    require_tool("suricata")
    _, dist = built
    for rules in sorted((dist / "rules" / "suricata").glob("*.rules")):
        ok, out = suricata_accepts(rules, tmp_path / rules.stem)
        assert ok, out


def test_pysigma_reads_every_rule_with_every_value(built: tuple[dict[str, bytes], Path]) -> None:
    from sigma.collection import SigmaCollection
    from sigma.types import SigmaString

    from compiler.engines.agents import iis_form

    files, _ = built
    sigma = {p: d for p, d in files.items() if p.startswith("rules/sigma/")}
    collection = SigmaCollection.from_yaml("\n---\n".join(d.decode("utf-8") for d in sigma.values()))
    assert len(collection.rules) == len(sigma)
    carried: set[str] = set()
    for rule in collection.rules:
        for value in detection_values(rule):
            if isinstance(value, SigmaString):  # wildcards of modifiers aside, the exact text
                carried.add("".join(p for p in value.s if isinstance(p, str)))
    for kind, value in ACCEPTED:
        canon = _canonical(kind, value)
        if kind in ("url", "domain", "file-path", "user-agent"):
            assert canon in carried, value
        if kind == "user-agent":
            assert iis_form(canon) in carried, value  # the IIS web server rule
        if kind == "file-name":
            assert "\\" + canon in carried, value


def test_stix_bundles_pass_the_oasis_validator_and_carry_every_value(
    built: tuple[dict[str, bytes], Path],
) -> None:
    files, _ = built
    bundles = {p: d for p, d in files.items() if p.startswith("stix/")}
    carried: set[str] = set()
    for path, data in bundles.items():
        assert findings(data) == [], path
        assert round_trips(data), path
        bundle = json.loads(data)
        assert dangling(bundle) == [], path
        for obj in bundle["objects"]:
            if obj.get("pattern_type") == "stix":
                carried.update(pattern_values(obj["pattern"]))
    for kind, value in ACCEPTED:
        canon = _canonical(kind, value)
        if kind != "file-path":
            assert canon in carried, value


def test_misp_feed_loads_back_with_every_value(built: tuple[dict[str, bytes], Path]) -> None:
    from pymisp import MISPEvent

    files, _ = built
    values: set[str] = set()
    for path, data in files.items():
        if path.startswith("misp/") and path.endswith(".json") and not path.endswith("manifest.json"):
            event = MISPEvent()
            event.load(data.decode("utf-8"))
            values.update(str(a.value) for a in event.attributes)
    assert {_canonical(k, v) for k, v in ACCEPTED} <= values


def test_csv_and_blocklists_hold_every_value_literally(built: tuple[dict[str, bytes], Path]) -> None:
    files, _ = built
    rows = list(csv.DictReader(io.StringIO(files["csv/test-advisory-2024.csv"].decode("utf-8-sig"))))
    cells = {r["value"] for r in rows}
    for kind, value in ACCEPTED:
        canon = _canonical(kind, value)
        assert canon in cells or "'" + canon in cells, value  # a formula start is defused with a quote
        assert canon + "\n" in files[f"blocklists/{kind}.txt"].decode("utf-8"), value
    assert all(not c.startswith(("=", "+", "-", "@")) for r in rows for c in r.values() if c)


def test_every_mail_parses_with_exactly_our_headers(built: tuple[dict[str, bytes], Path]) -> None:
    files, _ = built
    emls = [d for p, d in files.items() if p.endswith(".eml")]
    assert emls
    for data in emls:
        msg = message_from_bytes(data, policy=policy.default)
        assert tuple(msg.keys()) == HEADERS
        assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
