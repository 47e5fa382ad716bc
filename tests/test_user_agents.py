"""User agents are held as sent on the wire; each output writes them as its log source records them: IIS web
server logs with each space as `+`, proxies, Suricata, STIX and MISP as sent, YARA both ways."""

from __future__ import annotations

from pathlib import Path

import yara

from compiler.authoring.merge import merge
from compiler.authoring.readers import reader
from compiler.engines.agents import iis_form, wire_from_iis
from compiler.outputs.rules.sigma import documents
from compiler.outputs.stix.patterns import pattern
from compiler.pipeline import check
from tests.corpus_fixtures import VALID, make_corpus
from tests.rules_support import context, corpus_of, emit

AGENT = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
LOGGED = "Mozilla/5.0+(compatible;+Baiduspider/2.0;++http://www.baidu.com/search/spider.html)"


def test_iis_form_and_its_reading() -> None:
    assert iis_form(AGENT) == LOGGED
    assert wire_from_iis(LOGGED) == AGENT
    assert wire_from_iis("DuckDuckBot/1.0;+(+http://duckduckgo.com/duckduckbot.html)") == (
        "DuckDuckBot/1.0; (+http://duckduckgo.com/duckduckbot.html)"
    )
    assert wire_from_iis("Yahoo!+Slurp;+http://help.yahoo.com/") == "Yahoo! Slurp; http://help.yahoo.com/"


def test_each_output_writes_the_agent_for_its_log_source(tmp_path: Path) -> None:
    corpus = corpus_of([("user-agent", AGENT)])
    rules = {
        d.rule["logsource"]["category"]: d.values
        for d in documents(corpus, context())
        if d.kind == "user-agent"
    }
    assert rules == {"webserver": (LOGGED,), "proxy": (AGENT,)}
    suricata = next(
        v for k, v in emit("suricata", corpus, context()).items() if k.endswith(".rules")
    ).decode()
    assert (
        'content:"Mozilla/5.0 (compatible|3B| Baiduspider/2.0|3B| +http://www.baidu.com/search/spider.html)"'
        in suricata
    )
    assert "pcre" not in suricata
    assert AGENT in pattern("user-agent", AGENT)
    yar = next(v for k, v in emit("yara", corpus, context()).items() if k.endswith(".yar")).decode()
    compiled = yara.compile(source=yar)
    for data in (AGENT.encode(), LOGGED.encode(), AGENT.encode("utf-16-le")):
        assert compiled.match(data=b"GET / " + data + b" 200"), data


def test_an_iis_log_column_is_read_back_to_the_wire_and_said_so() -> None:
    parsed = reader("csv")(f"user_agent_iis_log_form,context\n{LOGGED},x\nantSword/v2.1,y\n")
    assert [c.value for c in parsed.candidates] == [AGENT, "antSword/v2.1"]
    merged = merge("id: s\ntlp: clear\nindicators: []\n", parsed, {})
    assert [len(o.notes) for o in merged.added] == [1, 0]
    assert "IIS log form" in merged.added[0].notes[0]


def test_the_set_level_form_is_gone(tmp_path: Path) -> None:
    path = "indicators/test-advisory-2024/test-set.yaml"
    text = (
        (VALID / path)
        .read_text(encoding="utf-8")
        .replace("tlp: clear\n", "tlp: clear\nuser_agent_form: iis-log\n")
    )
    root = make_corpus(tmp_path, {path: text.encode()})
    assert [d.code for d in check(root).diagnostics] == ["IOC102"]
