"""Suricata: every file passes `suricata -T`; rules alert on traffic that carries exactly the literal values;
SIDs stay stable across builds and TLP levels, come from the reserved range, are never reused, and `rev`
moves only when a rule's content changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.corpus.vocab import Tlp
from compiler.outputs.escape import suricata_msg
from compiler.outputs.rules import suricata as emitter
from compiler.pipeline import as_of_date
from tests import pcap
from tests.rules_support import (
    REPO,
    context,
    corpus_of,
    emit,
    fixture_corpus,
    real_context,
    real_corpus,
    sids_of,
    suricata_accepts,
    suricata_alerts,
    write_tree,
)
from tests.tools import require_tool

UA = 'Mozilla/5.0 "quoted" \\back\\slash; semi;colon */ end|pipe'


@pytest.fixture(autouse=True)
def _suricata() -> None:
    require_tool("suricata")


def _write(files: dict[str, bytes], folder: Path) -> Path:
    """The one rules file of a corpus of one advisory."""
    [rules] = _write_all(files, folder)
    return rules


def _write_all(files: dict[str, bytes], folder: Path) -> list[Path]:
    write_tree(files, folder)
    return sorted(folder.rglob("*.rules"))


def test_real_content_passes_suricata_t(tmp_path: Path) -> None:
    files = emit("suricata", real_corpus(), real_context())
    for rules in _write_all(files, tmp_path / "dist"):  # one file per advisory with rules
        ok, out = suricata_accepts(rules, tmp_path / "log" / rules.stem)
        assert ok, out
        assert "\nalert " in rules.read_text()  # what fires on which packet: the fixture corpus's pcap tests


def test_the_repository_lock_is_current() -> None:
    corpus = real_corpus()
    old, new = emitter.lock_entries(corpus, context(root=REPO, as_of=as_of_date(corpus)))
    assert new == old, "locks/suricata.lock.json is out of date: run `iocc lock`"


def test_fixture_rules_alert_on_exactly_the_literal_values(tmp_path: Path) -> None:
    files = emit("suricata", fixture_corpus(), context())
    rules = _write(files, tmp_path / "dist")
    ok, out = suricata_accepts(rules, tmp_path / "log")
    assert ok, out
    text = rules.read_text()
    assert "192.0.2.201" not in text and "amber-only" not in text  # TLP:AMBER set
    assert "198.51.100.99" not in text  # withdrawn
    sid = sids_of(text)
    url = "http://c2.rules-test.example:8080/p;a%22th/%5Cx*y?q=a*b&c='d'#frag"  # canonical: a valid URI
    hits = [
        pcap.dns_query("C2.Rules-Test.example"),  # DNS names match in any case
        *pcap.tcp_session("203.0.113.10", 443, pcap.client_hello("xn--bcher-kva.example"), sport=40001),
        *pcap.tcp_session("203.0.113.11", 8080, pcap.http_request(
            "c2.rules-test.example:8080", b"/p;a%22th/%5Cx*y?q=a*b&c='d'", UA.encode()), pcap.HTTP_OK, sport=40002),
        *pcap.tcp_session("203.0.113.12", 80, pcap.http_request(
            "x.example", b"/", "ua-ünïcödé-中文-😀".encode()), pcap.HTTP_OK, sport=40003),
        pcap.dns_query("198-51-100-23.example", server="198.51.100.23"),  # the IP rule, not a domain rule
        pcap.dns_query("in-the-network.example", server="198.51.100.7"),  # the CIDR rule
    ]  # fmt: skip
    write = tmp_path / "hits.pcap"
    write.write_bytes(pcap.pcap(hits))
    got = suricata_alerts(rules, write, tmp_path / "log-hits")

    def rule(what: str) -> int:
        return sid[suricata_msg(f"IOCC rules-test-2024 {what}")[1:-1]]

    want = {
        rule("domain in DNS query c2.rules-test.example"),
        rule("domain in TLS SNI xn--bcher-kva.example"),
        rule(f"URL {url}"),
        rule(f"user agent {UA}"),
        rule("user agent ua-ünïcödé-中文-😀"),
        rule("ipv4 198.51.100.23"),
        rule("cidr 198.51.100.0/28"),
    }
    assert want <= set(got), (sorted(want - set(got)), got)
    # near misses: one character less in the user agent, another path, a longer name
    misses = [
        pcap.dns_query("xc2.rules-test.example"),
        *pcap.tcp_session("203.0.113.13", 80, pcap.http_request(
            "c2.rules-test.example:8080", b"/p;a\"th/\\x*y", UA[:-1].encode()), pcap.HTTP_OK, sport=40004),
    ]  # fmt: skip
    miss = tmp_path / "misses.pcap"
    miss.write_bytes(pcap.pcap(misses))
    assert suricata_alerts(rules, miss, tmp_path / "log-misses") == []


def _lock_root(tmp_path: Path, extra: str = "") -> Path:
    root = tmp_path / "repo"
    (root / "config").mkdir(parents=True, exist_ok=True)
    (root / "config" / "suricata.yaml").write_text(
        "sid_range: [5000, 5009]\ndataset_threshold: 500\n" + extra
    )
    return root


def test_sids_are_stable_revs_move_only_on_change_and_sids_are_never_reused(tmp_path: Path) -> None:
    root = _lock_root(tmp_path)
    base = corpus_of([("ipv4", "198.51.100.1"), ("ipv4", "198.51.100.2"), ("domain", "a.example")])
    (root / "locks").mkdir()
    (root / "locks" / "suricata.lock.json").write_bytes(emitter.lock_state(base, context(root=root)).data)
    ctx = context(root=root)  # each build reads the lock as it is then
    first = sids_of(emit("suricata", base, ctx)["rules/suricata/rules-test-2024.rules"].decode())
    assert sorted(first.values()) == [5000, 5001, 5002, 5003]
    assert "IOC532" not in [n.code for n in emitter.emit(base, ctx).notes]
    # same corpus again: same bytes; a value removed and another added: the new one takes a fresh SID
    changed = corpus_of([("ipv4", "198.51.100.1"), ("domain", "a.example"), ("ipv4", "198.51.100.3")])
    again = sids_of(emit("suricata", changed, ctx)["rules/suricata/rules-test-2024.rules"].decode())
    assert again["IOCC rules-test-2024 ipv4 198.51.100.1"] == first["IOCC rules-test-2024 ipv4 198.51.100.1"]
    assert again["IOCC rules-test-2024 ipv4 198.51.100.3"] == 5004  # 5001 (198.51.100.2) is never reused
    assert [n.code for n in emitter.emit(changed, ctx).notes if n.code == "IOC532"] == ["IOC532"]
    # content change (confidence): same SID, rev 2; untouched rules keep rev 1
    bumped = corpus_of(
        [("ipv4", "198.51.100.1"), ("ipv4", "198.51.100.2"), ("domain", "a.example")], confidence=90
    )
    lines = emit("suricata", bumped, ctx)["rules/suricata/rules-test-2024.rules"].decode()
    assert "sid:5002; rev:2;" in lines or "sid:5000; rev:2;" in lines
    lock = json.loads(emitter.lock_state(bumped, ctx).data)
    assert {e["rev"] for e in lock["rules"].values()} == {2}
    assert json.loads(emitter.lock_state(base, ctx).data) == json.loads(
        (root / "locks" / "suricata.lock.json").read_text()
    )


def test_a_restricted_build_and_a_public_one_agree_on_every_sid() -> None:
    corpus = fixture_corpus()
    clear = sids_of(emit("suricata", corpus, context())["rules/suricata/rules-test-2024.rules"].decode())
    amber = sids_of(
        emit("suricata", corpus, context(tlp=Tlp.AMBER))["rules/suricata/rules-test-2024.rules"].decode()
    )
    assert clear.items() <= amber.items() and len(amber) > len(clear)
    assert len(set(amber.values())) == len(amber)


def test_an_exhausted_range_is_an_error(tmp_path: Path) -> None:
    root = _lock_root(tmp_path)
    corpus = corpus_of([("ipv4", f"198.51.100.{n}") for n in range(1, 12)])
    emission = emitter.emit(corpus, context(root=root))
    assert [n.code for n in emission.notes] == ["IOC533"] and emission.artifacts == ()


def test_large_lists_go_into_datasets_that_suricata_loads_and_matches(tmp_path: Path) -> None:
    root = _lock_root(tmp_path, "")
    (root / "config" / "suricata.yaml").write_text("sid_range: [5000, 5999]\ndataset_threshold: 2\n")
    values = [("domain", f"d{n}.rules-test.example") for n in range(4)]
    values += [("ipv4", f"198.51.100.{n}") for n in range(1, 5)] + [("ipv6", "2001:db8::5")]
    values += [("user-agent", UA), ("user-agent", "ua-ünïcödé"), ("user-agent", "third/1.0")]
    files = emit("suricata", corpus_of(values), context(root=root))
    assert set(files) == {
        "rules/suricata/rules-test-2024.rules", "rules/suricata/rules-test-2024.domain.lst",
        "rules/suricata/rules-test-2024.ip.lst", "rules/suricata/rules-test-2024.user-agent.lst",
    }  # fmt: skip
    rules = _write(files, tmp_path / "dist")
    ok, out = suricata_accepts(rules, tmp_path / "log")
    assert ok, out
    packets = [
        pcap.dns_query("D2.Rules-Test.Example"),
        *pcap.tcp_session(
            "203.0.113.20", 80, pcap.http_request("x.example", b"/", UA.encode()), pcap.HTTP_OK
        ),
        pcap.dns_query("nothing.example", server="198.51.100.3"),
    ]
    traffic = tmp_path / "traffic.pcap"
    traffic.write_bytes(pcap.pcap(packets))
    sid = sids_of(rules.read_text())
    got = set(suricata_alerts(rules, traffic, tmp_path / "log-traffic"))
    alerted = {name for name, number in sid.items() if number in got}
    assert any(m.endswith(".domain.lst (dns.query)") for m in alerted), alerted
    assert any(m.endswith(".user-agent.lst") for m in alerted), alerted
    assert any(m.endswith(".ip.lst (dst)") for m in alerted), alerted


_UA = st.text(
    alphabet=st.one_of(st.sampled_from('";\\|:()*/'), st.characters(blacklist_categories=("Cs", "Cc"))),
    min_size=1,
    max_size=50,
).filter(lambda s: s == s.strip())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_UA, min_size=1, max_size=4, unique=True))
def test_fuzzed_user_agents_pass_suricata_t(tmp_path: Path, values: list[str]) -> None:
    folder = tmp_path / f"f{abs(hash(tuple(values)))}"
    long = ('";\\|' * 1100)[:4000]
    files = emit("suricata", corpus_of([("user-agent", v) for v in [*values, long]]), context())
    ok, out = suricata_accepts(_write(files, folder), folder / "log")
    assert ok, out


def test_a_value_too_long_for_a_rule_line_is_matched_by_its_sha256(tmp_path: Path) -> None:
    long_ua = ('";\\|ü' * 800)[:3500]
    files = emit("suricata", corpus_of([("user-agent", long_ua)]), context())
    rules = _write(files, tmp_path / "dist")
    assert "to_sha256" in rules.read_text()
    ok, out = suricata_accepts(rules, tmp_path / "log")
    assert ok, out
    for name, ua, want in (("hit", long_ua, 1), ("miss", long_ua[:-1], 0)):
        traffic = tmp_path / f"{name}.pcap"
        request = pcap.http_request("x.example", b"/", ua.encode())
        traffic.write_bytes(pcap.pcap(pcap.tcp_session("203.0.113.30", 80, request, pcap.HTTP_OK)))
        assert len(suricata_alerts(rules, traffic, tmp_path / f"log-{name}")) == want


def test_agents_held_as_sent_match_the_header_exactly(tmp_path: Path) -> None:
    """User agents are stored as sent on the wire; the IIS log form of one (spaces as `+`) is another header."""
    on_the_wire = [
        "DuckDuckBot/1.0; (+http://duckduckgo.com/duckduckbot.html)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        'odd "quote";semi/slash\\back ünï',
    ]
    rules = _write(
        emit("suricata", corpus_of([("user-agent", v) for v in on_the_wire]), context()), tmp_path / "dist"
    )
    ok, out = suricata_accepts(rules, tmp_path / "log")
    assert ok, out
    sid = sids_of(rules.read_text())

    def session(n: int, agent: str) -> list[bytes]:
        request = pcap.http_request("x.example", b"/", agent.encode())
        return pcap.tcp_session(f"203.0.113.{30 + n}", 80, request, pcap.HTTP_OK, sport=41000 + n)

    hits = tmp_path / "hits.pcap"
    hits.write_bytes(pcap.pcap([p for n, a in enumerate(on_the_wire) for p in session(n, a)]))
    got = suricata_alerts(rules, hits, tmp_path / "log-hits")
    want = {sid[suricata_msg(f"IOCC rules-test-2024 user agent {v}")[1:-1]] for v in on_the_wire}
    assert want == set(got), got
    near = [
        on_the_wire[0].replace(" ", "+"),
        on_the_wire[0] + "x",
        on_the_wire[1][1:],
        on_the_wire[0].replace(" ", "  ", 1),
    ]
    misses = tmp_path / "misses.pcap"
    misses.write_bytes(pcap.pcap([p for n, a in enumerate(near) for p in session(10 + n, a)]))
    assert suricata_alerts(rules, misses, tmp_path / "log-misses") == []
