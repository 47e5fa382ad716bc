"""Queries from Sigma: every rule has a query per target or a listed reason; the declared capability table
is what the backends really do; every value of a generated rule is in its query exactly."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.outputs.rules.pipelines import TARGETS, Target
from compiler.outputs.rules.queries import Converter, fix_esql, fix_lucene
from compiler.outputs.rules.sigma import SigmaDoc, documents, logged
from compiler.outputs.targets import QUERY_TARGETS, sigma_fields, types
from tests.rules_support import (
    context,
    corpus_of,
    emit,
    fixture_corpus,
    kibana_rule,
    lucene_terms,
    real_context,
    real_corpus,
)

WILD = "\x00"  # an unescaped wildcard in a query


def _outputs(which: str) -> tuple[list[SigmaDoc], dict[str, bytes]]:
    if which == "real":
        corpus, ctx = real_corpus(), real_context()
    else:
        corpus, ctx = fixture_corpus(), context()
    return documents(corpus, ctx), emit("queries", corpus, ctx)


def _query(target: Target, data: bytes) -> str:
    text = data.decode("utf-8")
    if target.backend == "lucene":
        return str(kibana_rule(text)["query"])
    return "\n".join(line for line in text.split("\n") if not line.startswith(("//", "```")))


@pytest.mark.parametrize("which", ["real", "fixture"])
def test_every_rule_has_a_query_per_target_or_a_listed_reason(which: str) -> None:
    docs, files = _outputs(which)
    gaps = json.loads(files["rules/unsupported.json"])
    listed = {(g["target"], g["rule_id"]) for g in gaps}
    assert all(g["reason"] for g in gaps)
    for target in TARGETS:
        for doc in docs:
            path = f"{target.directory}/{doc.id}.{target.extension}"
            assert (path in files) != ((target.name, doc.id) in listed), (target.name, doc.title)
            if path not in files:
                continue
            text = files[path].decode("utf-8")
            if target.backend == "lucene":
                rule = kibana_rule(text)
                assert rule["rule_id"] == doc.id and rule["name"] == doc.title and rule["enabled"] is False
            else:
                head = text.splitlines()[:2]
                assert doc.id in head[1] and head[0].endswith(
                    doc.title + ("```" if target.comment == "```" else "")
                )
    md = files["rules/UNSUPPORTED.md"].decode()
    assert all(g["rule_id"] in md for g in gaps)
    # one plain sentence per reason: no backend internals, no truncated lists
    for g in gaps:
        assert "while converting rule" not in g["reason"] and "\n" not in g["reason"], g
        assert not g["reason"].endswith(":"), g


def test_the_declared_capability_table_is_what_the_backends_do() -> None:
    docs = [d for d in documents(fixture_corpus(), context()) if d.origin == "generated"]
    assert {d.kind for d in docs} == {t for t in types() if sigma_fields(t)}
    for target in TARGETS:
        conv = Converter(target)
        sources = QUERY_TARGETS[target.name][1]
        for doc in docs:
            category = doc.rule["logsource"]["category"]
            try:
                conv.convert(doc)
                converted = True
            except ValueError:
                converted = False
            assert converted == (category in sources), (target.name, doc.title)


def _literals(target: Target, query: str) -> list[str]:
    if target.backend == "lucene":
        return lucene_terms(
            query.replace("\\*", "\x01")
            .replace("\\?", "\x02")
            .replace("*", WILD)
            .replace("?", WILD)
            .replace("\x01", "\\*")
            .replace("\x02", "\\?")
        )
    found = []
    for body in re.findall(r'"((?:[^"\\]|\\.)*)"', query):
        if target.backend == "esql":
            escapes = set(re.findall(r"\\(.)", body))
            assert escapes <= set('tnr"\\'), f'ES|QL strings allow only the escapes t n r " \\: {body!r}'
        if target.backend == "splunk":
            body = re.sub(r"(?<!\\)((?:\\\\)*)\*", lambda m: m.group(1) + WILD, body)
        found.append(re.sub(r"\\(.)", r"\1", body))
    return found


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_every_value_of_a_generated_rule_is_in_its_query_exactly(target: Target) -> None:
    corpus = fixture_corpus()
    extra = [("user-agent", "ideographic\u3000space"), ("url", "http://q.example/a?b=*&c=\\")]
    corpus = corpus_of([(i.type, i.value) for i in corpus.indicators_of("rules-test-2024")
                        if not i.is_rule and i.set_id != "restricted" and i.withdrawn is None] + extra)  # fmt: skip
    docs = [d for d in documents(corpus, context()) if d.origin == "generated"]
    conv = Converter(target)
    checked = 0
    for doc in docs:
        if doc.rule["logsource"]["category"] not in QUERY_TARGETS[target.name][1]:
            continue
        query = "\n".join(conv.convert(doc))
        got = _literals(target, query)
        field = next(f for f in sigma_fields(doc.kind) if f.logsource == doc.rule["logsource"]["category"])
        wildcard = WILD if field.modifier == "endswith" and target.backend in ("splunk", "lucene") else ""
        values = {logged(field, i) for i in corpus.indicators_of("rules-test-2024") if i.type == doc.kind}
        for value in values:
            assert wildcard + value in got, (doc.title, value, query[:300])
            checked += 1
    assert checked >= 10


def test_esql_and_lucene_fixes() -> None:
    assert fix_esql(r'a=="x\*y\?z\\w\"q" or b like "*a\*b*"') == r'a=="x*y?z\\w\"q" or b like "*a\\*b*"'
    assert fix_lucene('f:(a\u3000b OR "c\u3000d")') == 'f:(a\\\u3000b OR "c\u3000d")'


def test_header_comments_cannot_be_broken_by_titles(tmp_path: Path) -> None:
    from compiler.outputs.rules.queries import render

    doc = SigmaDoc(id="x", title="evil\n| drop table ```x``` \u2028title", advisory="a", origin="authored",
                   rule={}, source_path="p", pointer="")  # fmt: skip
    for target in TARGETS:
        if target.backend == "lucene":
            continue
        text = render(target, doc, ["QUERY"], [])
        lines = text.splitlines()
        assert lines[-1] == "QUERY" and len(lines) == 5, (target.name, lines)


_ODD = st.text(
    alphabet=st.one_of(
        st.sampled_from("*?\\\"';|: ()\u3000\u2028#=+-&!{}[]<>^~/"),
        st.characters(blacklist_categories=("Cs", "Cc")),
    ),
    min_size=1,
    max_size=25,
).filter(lambda s: s == s.strip())


def _fast_equals_full(values: Sequence[tuple[str, str]]) -> int:
    docs = [d for d in documents(corpus_of(values), context()) if d.origin == "generated"]
    fast_used = 0
    for target in TARGETS:
        conv = Converter(target)
        for doc in docs:
            try:
                full = [conv._fix(q) for q in conv._raw(doc.rule)]
            except ValueError:
                with pytest.raises(ValueError):
                    conv.convert(doc)
                continue
            fast = conv._fast(doc)
            if fast is not None:
                fast_used += 1
                assert fast == full, (target.name, doc.title)
            assert conv.convert(doc) == full
    return fast_used


def test_the_fast_path_gives_exactly_pysigmas_queries_on_the_fixture() -> None:
    values = [(i.type, i.value) for i in fixture_corpus().indicators_of("rules-test-2024") if not i.is_rule]
    assert _fast_equals_full(values) >= 40


@settings(max_examples=20, deadline=None)
@given(
    st.lists(_ODD, min_size=1, max_size=4, unique=True), st.lists(_ODD, min_size=1, max_size=3, unique=True)
)
def test_the_fast_path_gives_exactly_pysigmas_queries_on_fuzzed_values(
    agents: list[str], names: list[str]
) -> None:
    values = [("user-agent", a) for a in agents] + [("file-path", "/srv/" + n) for n in names]
    assert _fast_equals_full(values) >= 10


def test_sentinel_compares_iis_status_codes_as_text() -> None:
    """W3CIISLog keeps scStatus, scSubStatus and scWin32Status as text and Log Analytics refuses to compare
    them with a number (the Kusto language service does not flag `==`, so the literals are checked here);
    numeric columns keep numbers."""
    target = next(t for t in TARGETS if t.name == "kql-sentinel")
    conv = Converter(target)
    detection = {
        "one": {"sc-status": 401, "cs-uri-stem|contains": "/autodiscover/"},
        "many": {"sc-status": [200, 302], "sc-substatus": 0, "sc-win32-status": 0},
        "number": {"time-taken": 5},
        "condition": "one or many or not number",
    }
    rule = {"title": "t", "id": "5d0c5f7e-3c1b-4d6e-9a7f-1b2c3d4e5f60", "logsource": {"category": "webserver"},
            "detection": detection}  # fmt: skip
    query = "\n".join(conv._raw(rule))
    assert 'scStatus =~ "401"' in query and 'scStatus in~ ("200", "302")' in query
    assert 'scSubStatus =~ "0"' in query and 'scWin32Status =~ "0"' in query
    assert "TimeTaken == 5" in query
    assert not re.search(r"sc\w*Status\s*(==|in)\s*\(?\d", query), query
