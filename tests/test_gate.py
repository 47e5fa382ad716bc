"""The false-positive gate: known-good values fail `iocc check` at their line, unless overridden."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from compiler.diagnostics.codes import CODES
from compiler.gate import Gate, gate_for, load_policy
from compiler.gate.lists import Ranges, available, load, meta
from compiler.pipeline import check
from tests.corpus_fixtures import FIXTURES, REPO, make_corpus

GATE = FIXTURES / "gate"
_DIRECTIVE = re.compile(r"^# (place|expect): (.+)$", re.M)


def _directives(path: Path) -> tuple[str, str, list[int]]:
    found = dict(_DIRECTIVE.findall(path.read_text(encoding="utf-8")))
    code, _, lines = found["expect"].partition(" lines ")
    return found["place"], code, [int(n) for n in lines.split()]


def _root_with_config(tmp_path: Path, extra: dict[str, bytes] | None = None) -> Path:
    root = make_corpus(tmp_path)
    shutil.copytree(REPO / "config", root / "config", dirs_exist_ok=True)
    for rel, data in (extra or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


GATE_FIXTURES = sorted(GATE.glob("IOC4*.yaml"))


@pytest.mark.parametrize("fixture", GATE_FIXTURES, ids=[p.stem for p in GATE_FIXTURES])
def test_gate_fixture_reports_its_code_at_its_lines(fixture: Path, tmp_path: Path) -> None:
    place, code, lines = _directives(fixture)
    root = _root_with_config(tmp_path, {place: fixture.read_bytes()})
    result = check(root)
    mine = [d for d in result.diagnostics if d.location.path == place]
    assert sorted((d.code, d.location.line) for d in mine) == [(code, n) for n in lines], "\n".join(
        f"{d.location.line}:{d.location.column} {d.code} {d.message}" for d in mine
    )
    assert all(d.location.column > 1 for d in mine)
    if CODES[code].severity.value == "error":
        assert result.corpus is None


def test_known_good_values_fail_with_three_located_findings(tmp_path: Path) -> None:
    """The issue's acceptance test: 8.8.8.8, microsoft.com and the empty-file SHA-256."""
    fixture = GATE / "IOC401-known-good-values.yaml"
    place, _, _ = _directives(fixture)
    root = _root_with_config(tmp_path, {place: fixture.read_bytes()})
    found = [d for d in check(root).diagnostics if d.location.path == place]
    assert [(d.code, d.location.line, d.location.column) for d in found] == [
        ("IOC401", 16, 12),
        ("IOC401", 18, 12),
        ("IOC401", 20, 12),
    ]
    messages = [d.message for d in found]
    assert "public-dns-v4" in messages[0]
    assert "microsoft" in messages[1].split(": ", 1)[1].split(", ")
    assert "empty-hashes" in messages[2]


def test_microsoft_feed_look_alikes_are_not_known_good() -> None:
    gate = gate_for(REPO)
    auth = "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\"
    assert gate.hits("file-path", auth + "ecp\\auth\\TimeoutLogout.aspx") == ()
    assert gate.hits("file-path", auth + "owa\\auth\\Current\\themes\\resources\\logon.aspx") == ()
    assert [h.slug for h in gate.hits("file-path", auth + "owa\\auth\\logon.aspx")] == [
        "exchange-legitimate-files"
    ]
    assert [h.slug for h in gate.hits("file-path", auth + "owa\\auth\\15.1.2176.2")] == [
        "exchange-legitimate-files"
    ]
    assert [h.slug for h in gate.hits("file-path", "C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\")] == [
        "exchange-legitimate-files"
    ]


def test_policy_names_only_real_lists_and_blocks_the_core_lists() -> None:
    policy = load_policy(REPO)
    assert policy.problems == ()
    for slug in ("rfc1918", "public-dns-v4", "empty-hashes", "microsoft", "exchange-legitimate-files"):
        assert policy.action(slug) == "block"
    assert policy.action("amazon-aws") == "warn"


def test_without_a_policy_file_only_our_own_list_is_consulted(tmp_path: Path) -> None:
    policy = load_policy(tmp_path)
    assert policy.action("public-dns-v4") == "off"
    assert policy.action("exchange-legitimate-files") == "block"


def test_url_hosts_and_cidr_overlaps_are_looked_up() -> None:
    gate = gate_for(REPO)
    assert "public-dns-v4" in {h.slug for h in gate.hits("url", "http://8.8.8.8/x")}
    assert "rfc1918" in {h.slug for h in gate.hits("cidr", "10.0.0.0/8")}
    assert "rfc1918" in {h.slug for h in gate.hits("cidr", "8.0.0.0/4")}  # contains 10.0.0.0/8
    assert gate.hits("ipv4", "104.140.114.110") == ()


def test_ranges_merge_and_bisect() -> None:
    r = Ranges.build([(10, 20), (15, 30), (40, 50), (31, 35)])
    assert (r.starts, r.ends) == ([10, 40], [35, 50])
    assert r.overlaps(35, 39) and r.overlaps(0, 10) and not r.overlaps(36, 39) and not r.overlaps(51, 99)


def test_every_bundled_list_loads_and_has_metadata() -> None:
    slugs = available()
    assert len(slugs) > 100
    for slug in slugs:
        m = meta(slug)
        assert m.name
    assert load("empty-hashes").kind == "string"


def test_lookups_are_fast_once_indexed() -> None:
    gate = Gate(REPO, load_policy(REPO))
    values = [f"198.18.{i // 256}.{i % 256}" for i in range(5000)]
    gate.hits("ipv4", "1.1.1.1")  # load the lists first
    started = time.perf_counter()
    for v in values:
        gate.hits("ipv4", v)
    assert time.perf_counter() - started < 2.0  # slow_search would take 150 ms per value


def test_overrides_are_listed_for_the_build_report(tmp_path: Path) -> None:
    from compiler.gate import overrides

    fixture = GATE / "IOC403-reviewed-override.yaml"
    place, _, _ = _directives(fixture)
    root = _root_with_config(tmp_path, {place: fixture.read_bytes()})
    (root / "indicators/test-advisory-2024/test-set.yaml").write_text(
        (root / "indicators/test-advisory-2024/test-set.yaml")
        .read_text()
        .replace("203.0.113.7", "104.140.114.110"),
    )
    result = check(root)
    assert result.corpus is not None, [d.message for d in result.diagnostics]
    found = overrides(result.corpus)
    assert [(o.set_id, o.type, o.value) for o in found] == [
        ("zz-override", "url", "https://github.com/attacker/tool/raw/main/payload.ps1")
    ]
    assert "tranco10k" in found[0].lists and found[0].reason.startswith("The payload sits")
