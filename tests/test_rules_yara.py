"""YARA: every file compiles (yara-python and the yara command), hash rules match files with those hashes,
string rules match exactly the literal values, TLP and validity filter what goes in."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yara
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.corpus.vocab import Tlp
from compiler.outputs.rules.select import live
from compiler.outputs.rules.yara import hashes, rule_prefix, strings
from tests.rules_support import context, corpus_of, emit, fixture_corpus, real_context, real_corpus
from tests.tools import require_tool

FILES = {name: f"iocc test file {name}\n".encode() for name in ("one", "two", "three")}


def _compiled(files: dict[str, bytes]) -> list[yara.Rules]:
    return [yara.compile(source=data.decode("utf-8")) for data in files.values()]


def test_real_content_compiles_with_yara_python_and_the_yara_command(tmp_path: Path) -> None:
    corpus, ctx = real_corpus(), real_context()
    files = emit("yara", corpus, ctx)
    held = (*hashes(), "yara", *strings())
    assert list(files) == [
        f"rules/yara/{lv.advisory.id}.yar" for lv in live(corpus, ctx) if lv.of_type(*held)
    ]
    for rules in _compiled(files):
        names = [r.identifier for r in rules]
        assert len(names) == len(set(names))
    compiled = {r.identifier for rules in _compiled(files) for r in rules}
    for lv in live(corpus, ctx):  # every authored rule is in its advisory's file, under its own name
        for ind in lv.of_type("yara"):
            assert {r.identifier for r in yara.compile(source=ind.value)} <= compiled, ind.name
    binary = require_tool("yara")
    for rel, data in files.items():
        path = tmp_path / Path(rel).name
        path.write_bytes(data)
        run = subprocess.run([binary, str(path), str(path)], capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr


def test_hash_rules_match_files_and_the_build_leaves_out_amber_and_expired(tmp_path: Path) -> None:
    clear = _compiled(emit("yara", fixture_corpus(), context()))[0]
    assert {m.rule for m in clear.match(data=FILES["one"])} == {
        "rules_test_2024_sha256_a615d0df38e2b76eba630700b0fb2cc129160f649038d52ebb450a2b044dc064"
    }
    # file two: its sha256 is in the TLP:AMBER set, its sha1 in a clear one
    assert [m.rule for m in clear.match(data=FILES["two"])] == [
        "rules_test_2024_sha1_4bde187b0aad9fea7ee72bcc7bff4c4dcb7eca03"
    ]
    # file three: its sha256 expired (valid_until 2024-05-20); its md5 rule is live
    assert [m.rule for m in clear.match(data=FILES["three"])] == [
        "rules_test_2024_md5_55fa4997295e71a8e5e878c2eddae16a"
    ]
    amber = _compiled(emit("yara", fixture_corpus(), context(tlp=Tlp.AMBER)))[0]
    assert len(amber.match(data=FILES["two"])) == 2
    before = _compiled(emit("yara", fixture_corpus(), context(as_of="2024-05-15")))[0]
    assert len(before.match(data=FILES["three"])) == 2


def test_string_rules_match_exactly_the_adversarial_values_in_utf8_and_utf16() -> None:
    corpus = fixture_corpus()
    rules = _compiled(emit("yara", corpus, context()))[0]
    for ind in corpus.indicators_of("rules-test-2024"):
        if ind.type not in ("domain", "url", "user-agent"):
            continue
        if ind.set_id == "restricted":  # TLP:AMBER: not in a TLP:CLEAR build
            assert not rules.match(data=ind.value.encode()), ind.value
            continue
        rule = f"rules_test_2024_{ind.type.replace('-', '_')}_1"
        for encoding in ("utf-8", "utf-16-le"):
            data = b"prefix\x00" + ind.value.encode(encoding) + b"\x00suffix"
            assert rule in {m.rule for m in rules.match(data=data)}, (ind.value, encoding)
        # one character less is no match: the literal is matched, not a prefix or pattern
        assert rule not in {m.rule for m in rules.match(data=ind.value[:-1].encode("utf-8"))}, ind.value


def test_authored_rules_are_kept_with_their_imports_hoisted() -> None:
    text = emit("yara", fixture_corpus(), context())["rules/yara/rules-test-2024.yar"].decode()
    assert text.count('import "math"') == 1
    assert text.index('import "math"') < text.index("rule Test_Shell_Marker")
    rules = yara.compile(source=text)
    assert rules.match(data=b'<%@ Page Language="Jscript"%>eval(Request)')


def test_rule_names_stay_within_yaras_limit_for_long_advisory_ids() -> None:
    long_id = "a" * 64
    prefix = rule_prefix(long_id, len("_sha256_") + 64)
    assert len(prefix) + len("_sha256_") + 64 <= 128
    assert rule_prefix(long_id, 10) == "a" * 64


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\r\n\x7f"),
    min_size=1,
    max_size=60,
).filter(lambda s: s == s.strip() and not any(ord(c) < 0x20 for c in s))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(_TEXT, min_size=1, max_size=6, unique=True), long=st.booleans())
def test_fuzzed_user_agents_compile_and_match(values: list[str], long: bool) -> None:
    if long:
        values = [*values, ('"\\;*/|' * 700)[:4000]]
    corpus = corpus_of([("user-agent", v) for v in values])
    rules = _compiled(emit("yara", corpus, context()))[0]
    for v in values:
        assert rules.match(data=b"x" + v.encode("utf-8") + b"y"), v


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["advisory", "type", "value", "part", "logsource"]),
                       st.one_of(st.text(), st.integers(min_value=1 - 2**53, max_value=2**53 - 1)), max_size=5))  # fmt: skip
def test_fast_rule_ids_equal_the_rfc8785_ids(identity: dict[str, str | int]) -> None:
    from compiler.corpus.ids import stable_uuid
    from compiler.corpus.ids import stable_uuid as reference

    assert stable_uuid("yara-rule", identity) == reference("yara-rule", identity)
