"""Sigma: every rule (authored and generated, real content and fixtures) parses with pySigma and passes the
SigmaHQ validators; generated rules carry every value literally, with stable ids, related links and tags."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sigma.rule import SigmaRule
from sigma.types import SigmaString, SpecialChars

from compiler.config import sigma_exclusions
from compiler.corpus.model import Indicator
from compiler.corpus.vocab import Tlp
from compiler.engines.agents import iis_form
from compiler.engines.sigmahq import validate, validator_classes
from compiler.outputs.escape import sigma_plain
from compiler.outputs.rules.sigma import documents, dump, logged
from compiler.outputs.targets import sigma_fields
from tests.rules_support import (
    CORPUS,
    REPO,
    context,
    corpus_of,
    detection_values,
    emit,
    fixture_corpus,
    real_context,
    real_corpus,
)


def literal(value: SigmaString) -> str:
    """The exact text of a Sigma string without wildcards (to_plain() would re-escape * and ?)."""
    assert all(isinstance(part, str) for part in value.s), value.s
    return "".join(str(part) for part in value.s)


def _rules(files: dict[str, bytes]) -> list[SigmaRule]:
    return [SigmaRule.from_yaml(data.decode("utf-8")) for data in files.values()]


@pytest.mark.parametrize("which", ["real", "fixture"])
def test_every_rule_parses_and_passes_the_sigmahq_validators(which: str) -> None:
    corpus, ctx = (real_corpus(), real_context()) if which == "real" else (fixture_corpus(), context())
    files = emit("sigma", corpus, ctx)
    rules = _rules(files)
    planned = documents(corpus, ctx)
    assert len(rules) == len(files) == len(planned)
    assert [f"rules/sigma/{d.id}.yml" for d in planned] == list(files)
    for path, rule in zip(files, rules, strict=True):
        assert path == f"rules/sigma/{rule.id}.yml"
    generated = [
        r for r, data in zip(rules, files.values(), strict=True) if data.startswith(b"# iocc: generated")
    ]
    authored = [r for r in rules if r not in generated]
    assert len(authored) == sum(1 for d in planned if d.origin == "authored")
    if which == "fixture":
        assert generated and authored and len(rules) >= 15
    issues = [f"{name}: {issue}" for name, issue in validate(authored, sigma_exclusions(REPO))]
    issues += [
        f"{name}: {issue}" for name, issue in validate(generated, sigma_exclusions(REPO, generated=True))
    ]
    assert issues == []


def test_validators_run_all_but_the_reviewed_exclusions() -> None:
    excluded = sigma_exclusions(REPO)
    names = {name for name, _ in validator_classes(excluded)}
    assert len(names) >= 60 and not names & set(excluded)
    assert all(len(reason) > 20 for reason in excluded.values())


def test_generated_rules_carry_every_value_literally() -> None:
    corpus = fixture_corpus()
    docs = [d for d in documents(corpus, context()) if d.origin == "generated"]
    live = {
        (i.type, i.value)
        for s in corpus.sets
        if s.tlp == Tlp.CLEAR
        for i in s.indicators
        if i.withdrawn is None and (i.valid_until is None or i.valid_until >= "2024-06-01")
    }
    seen: set[tuple[str, str, str]] = set()
    for doc in docs:
        rule = SigmaRule.from_dict(doc.rule)
        kind = doc.kind
        field = next(f for f in sigma_fields(kind) if f.logsource == doc.rule["logsource"]["category"])
        prefix = field.prefix
        for value in detection_values(rule):
            if field.modifier == "endswith":  # the modifier adds one leading wildcard, no other
                assert value.startswith(SpecialChars.WILDCARD_MULTI)
                value = value[1:]
            plain = literal(value) if isinstance(value, SigmaString) else str(value.network)
            assert plain.startswith(prefix)
            seen.add((str(kind), field.logsource, plain))
    assert seen == {
        (
            kind,
            f.logsource,
            logged(f, Indicator(type=kind, value=value, set_id="x", index=0, confidence=1, valid_from="x")),
        )
        for kind, value in live
        for f in sigma_fields(kind)
    }


def test_ids_are_stable_related_links_resolve_and_tags_carry_attack_cve_and_tlp(tmp_path: Path) -> None:
    first = documents(fixture_corpus(), context())
    again = documents(fixture_corpus(), context())
    assert [d.rule for d in first] == [d.rule for d in again]
    ids = {d.id for d in first}
    assert len(ids) == len(first)
    for doc in first:
        for rel in doc.rule.get("related", []):
            assert rel["id"] in ids and rel["type"] == "similar"
    by_title = {d.title: d.rule for d in first}
    ua = by_title["User Agents in Web Server Logs - Advisory Rules-Test-2024"]
    assert ua["tags"] == ["attack.initial-access", "attack.t1190", "cve.2024-0001", "tlp.clear"]
    assert ua["status"] == "test" and ua["level"] == "medium"
    amber = documents(fixture_corpus(), context(tlp=Tlp.AMBER))
    assert any("tlp.amber" in d.rule["tags"] for d in amber)
    assert not any("tlp.amber" in d.rule.get("tags", []) for d in first)


def test_values_split_into_parts_of_the_configured_size(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "config").mkdir(parents=True)
    (root / "config" / "rules.yaml").write_text("author: tester\nchunk: 2\n")
    corpus = corpus_of([("ipv4", f"198.51.100.{n}") for n in range(1, 6)])
    docs = documents(corpus, context(root=root))
    web = [d for d in docs if d.rule["logsource"]["category"] == "webserver"]
    assert [len(d.rule["detection"]["selection"]["c-ip"]) for d in web] == [2, 2, 1]
    assert [d.title.endswith(f"(Part {n} of 3)") for n, d in enumerate(web, 1)] == [True] * 3
    assert {d.rule["author"] for d in docs} == {"tester"}
    assert validate([SigmaRule.from_dict(d.rule) for d in docs], sigma_exclusions(root, generated=True)) == []


_VALUE = st.text(
    alphabet=st.one_of(st.sampled_from("*?\\\"';|%#"), st.characters(blacklist_categories=("Cs", "Cc"))),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(_VALUE)
def test_sigma_escaping_reads_back_as_the_literal(value: str) -> None:
    parsed = SigmaString(sigma_plain(value))
    assert not parsed.contains_special()
    assert literal(parsed) == value
    # and through YAML, as the rule files carry it
    assert literal(SigmaString(yaml.safe_load(yaml.safe_dump(sigma_plain(value))))) == value


@settings(max_examples=15, deadline=None)
@given(st.lists(_VALUE.filter(lambda s: s == s.strip()), min_size=1, max_size=5, unique=True))
def test_fuzzed_user_agent_rules_parse_and_validate(values: list[str]) -> None:
    corpus = corpus_of([("user-agent", v) for v in values])
    files = emit("sigma", corpus, context(root=CORPUS))
    rules = _rules(files)
    assert validate(rules, sigma_exclusions(REPO, generated=True)) == []
    for rule in rules:
        got = {literal(v) for v in detection_values(rule)}
        iis = rule.logsource.category == "webserver"  # IIS writes each space of the header as `+`
        assert got == {iis_form(v) if iis else v for v in values}


def test_every_rule_file_loads_back_as_its_rule() -> None:
    for corpus in (
        fixture_corpus(),
        corpus_of([("user-agent", v) for v in ("it's", "a\x85b", "x\u2028y", "\ufeff", "- a", "yes", "1.5")]),
    ):
        for doc in documents(corpus, context()):
            data = dump(doc)
            assert yaml.safe_load(data) == doc.rule, doc.title


def test_agents_are_written_for_each_log_source() -> None:
    """Held as sent on the wire: the IIS web server rule writes each space as `+`, the proxy rule as sent."""
    corpus = corpus_of([("user-agent", "Wire Agent/1.0 (x; +http://a.example/b+c)")])
    found = {}
    for doc in documents(corpus, context()):
        if doc.origin == "generated" and doc.kind == "user-agent":
            found[str(doc.rule["logsource"]["category"])] = doc
    web = yaml.safe_dump(found["webserver"].rule["detection"])
    proxy = yaml.safe_dump(found["proxy"].rule["detection"])
    assert "Wire+Agent/1.0+(x;++http://a.example/b+c)" in web and " " not in found["webserver"].values[0]
    assert "Wire Agent/1.0 (x; +http://a.example/b+c)" in proxy
    assert "related" in found["webserver"].rule and "related" in found["proxy"].rule
