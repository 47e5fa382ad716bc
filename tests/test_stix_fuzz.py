"""Small random corpora with hostile text and values: the OASIS validator, stix2 and PyMISP accept every build.

Kept small on purpose (the validator checks about 400 objects a second).
"""

from __future__ import annotations

import ipaddress
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pymisp import MISPEvent

from compiler.corpus.kinds import canonical
from compiler.corpus.model import (
    AttackPattern,
    IndicatorSet,
    Malware,
    Relations,
    Source,
    ThreatActor,
    Withdrawal,
)
from compiler.corpus.vocab import Tlp
from compiler.outputs.stix.patterns import pattern
from tests.fixtures.stix import corpus as fixture
from tests.fixtures.stix.checks import dangling, emit_all, findings, pattern_values, round_trips

TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
NAME = st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=20).filter(str.strip)
LABEL = st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True)
DOMAIN = st.from_regex(r"[a-z0-9]{1,8}(\.[a-z0-9]{1,8}){0,2}\.[a-z]{2,5}", fullmatch=True)
PATHCHARS = st.text(
    st.characters(exclude_categories=["Cs", "Cc"], exclude_characters='<>"|?*\\/'), min_size=1, max_size=12
)
RAW: dict[str, Any] = {
    "sha256": st.from_regex(r"[0-9a-fA-F]{64}", fullmatch=True),
    "sha1": st.from_regex(r"[0-9a-f]{40}", fullmatch=True),
    "md5": st.from_regex(r"[0-9A-F]{32}", fullmatch=True),
    "ipv4": st.ip_addresses(v=4).map(str),
    "ipv6": st.ip_addresses(v=6).map(str),
    "cidr": st.tuples(st.ip_addresses(v=4), st.integers(8, 32)).map(
        lambda t: str(ipaddress.ip_network(f"{t[0]}/{t[1]}", strict=False))
    ),
    "domain": DOMAIN,
    "url": st.tuples(DOMAIN, st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=20)).map(
        lambda t: f"hxxp://{t[0]}/{t[1]}"
    ),
    "email": st.tuples(st.from_regex(r"[A-Za-z0-9.'+_-]{1,10}", fullmatch=True), DOMAIN).map(
        lambda t: f"{t[0]}@{t[1]}"
    ),
    "file-path": st.lists(PATHCHARS, min_size=1, max_size=3).map(lambda parts: "C:\\" + "\\".join(parts)),
    "file-name": PATHCHARS,
    "user-agent": NAME,
}


@st.composite
def indicators(draw: st.DrawFn, set_id: str) -> list[Any]:
    out = []
    for i in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(sorted(RAW)))
        try:
            value = canonical(kind, draw(RAW[kind]))
        except ValueError:
            continue
        extra: dict[str, Any] = {}
        if draw(st.booleans()):
            extra["description"] = fixture.t(draw(TEXT))
        if draw(st.integers(0, 4)) == 0:
            extra["withdrawn"] = Withdrawal(date="2024-03-09", reason=fixture.t(draw(TEXT)))
        extra["tags"] = tuple(draw(st.lists(LABEL, max_size=2, unique=True)))
        out.append(fixture.ind(set_id, i, kind, value, **extra))
    if draw(st.booleans()):
        out.append(fixture.ind(set_id, len(out), "yara", draw(TEXT), name="rule-x"))
    return out


@st.composite
def corpora(draw: st.DrawFn) -> Any:
    actor = ThreatActor(id="actor", name=draw(NAME), description=fixture.t(draw(TEXT)), country="DE")
    family = Malware(
        id="mal",
        name=draw(NAME),
        types=(draw(st.sampled_from(["webshell", "x-unknown"])),),
        description=fixture.t(draw(TEXT)),
    )
    technique = AttackPattern(id="T1190", name=draw(NAME), tactic="initial-access")
    adv = fixture.advisory(
        "adv-fuzz",
        draw(st.sampled_from([Tlp.CLEAR, Tlp.GREEN])),
        status=draw(st.sampled_from(["final", "final", "withdrawn"])),
        title=fixture.t(draw(TEXT)),
        summary=fixture.t(draw(TEXT)),
        threat_actors=(actor,),
        malware=(family,),
        attack_patterns=(technique,),
    )
    sets = []
    for n in range(draw(st.integers(1, 2))):
        set_id = f"set-{n}"
        sets.append(
            IndicatorSet(
                id=set_id,
                path=f"indicators/adv-fuzz/{set_id}.yaml",
                advisories=("adv-fuzz",),
                title=fixture.t(draw(TEXT)),
                description=fixture.t("d"),
                tlp=draw(st.sampled_from([Tlp.CLEAR, Tlp.AMBER])),
                source=Source(name=draw(NAME), licence=draw(TEXT), url=None),
                relates_to=Relations(malware=("mal",), threat_actors=("actor",), attack_patterns=("T1190",)),
                indicators=tuple(draw(indicators(set_id))),
            )
        )
    return fixture.make([adv], sets)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.sampled_from([Tlp.CLEAR, Tlp.AMBER]))
def test_random_corpora_give_valid_stix_and_misp(corpus: Any, level: Tlp) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = emit_all(corpus, Path(tmp), level)
    for name, data in files.items():
        if name.startswith("stix/"):
            assert findings(data) == [], name
            assert round_trips(data), name
            assert dangling(json.loads(data)) == [], name
        elif name.endswith(".json") and name != "misp/manifest.json":
            ev = MISPEvent()
            ev.load(data)
            assert all(a.uuid and a.value for a in ev.attributes)
    for s in corpus.sets:
        for ind in s.indicators:
            if not ind.is_rule:
                values = pattern_values(pattern(ind.type, ind.value))
                assert ind.value in values or ind.value.endswith(values[-1]), (ind.type, ind.value, values)
