"""Support for the rule emitters' tests: the fixture corpus, corpora built from values, the real engines.

`golden_outputs()` gives every rule emitter's output on the fixture corpus, keyed by golden folder.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from compiler.corpus.asof import reference_date
from compiler.corpus.model import Corpus, Indicator, IndicatorSet
from compiler.corpus.view import published
from compiler.corpus.vocab import Tlp
from compiler.outputs.artifact import BuildContext
from compiler.outputs.context import build_context
from compiler.outputs.registry import emitters
from compiler.pipeline import check

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
CORPUS = FIXTURES / "corpus"
ENGINE = FIXTURES / "suricata-engine.yaml"
REPO = Path(__file__).resolve().parent.parent
AS_OF = "2024-06-01"
RULE_EMITTERS = ("yara", "sigma", "queries", "suricata", "loki", "chirp", "csv")


@lru_cache(maxsize=1)
def fixture_corpus() -> Corpus:
    result = check(CORPUS)
    assert result.corpus is not None, [d.message for d in result.diagnostics]
    return result.corpus


@lru_cache(maxsize=1)
def real_corpus() -> Corpus:
    """What a public build of the repository's own content publishes."""
    result = check(REPO)
    assert result.corpus is not None, [d.message for d in result.diagnostics if d.severity.value == "error"]
    return published(result.corpus)


def real_context(tlp: Tlp = Tlp.CLEAR) -> BuildContext:
    """A build of the repository at its own reference date (whatever the content is)."""
    return build_context(REPO, tlp=tlp, as_of=reference_date(real_corpus()))


def context(root: Path = CORPUS, tlp: Tlp = Tlp.CLEAR, as_of: str = AS_OF) -> BuildContext:
    return build_context(root, tlp=tlp, as_of=as_of)


def emit(name: str, corpus: Corpus, ctx: BuildContext) -> dict[str, bytes]:
    return {a.path: a.data for a in emitters()[name](corpus, ctx).artifacts}


def emit_all(corpus: Corpus, ctx: BuildContext) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for name in RULE_EMITTERS:
        out.update(emit(name, corpus, ctx))
    return out


_GOLDEN_FOLDER = (
    ("rules/yara/", "yara"), ("rules/sigma/", "sigma"), ("rules/UNSUPPORTED.md", "sigma"),
    ("rules/unsupported.json", "sigma"), ("rules/kql/", "kql"), ("rules/splunk/", "splunk"),
    ("rules/elastic/", "elastic"), ("rules/suricata/", "suricata"), ("rules/loki/", "loki"),
    ("rules/chirp/", "chirp"), ("csv/", "csv"), ("blocklists/", "csv"),
)  # fmt: skip


def golden_outputs() -> dict[str, bytes]:
    """Every rule emitter's output on the fixture corpus, as `<golden folder>/<path in dist>`."""
    out = {}
    for path, data in emit_all(fixture_corpus(), context()).items():
        folder = next(f for prefix, f in _GOLDEN_FOLDER if path.startswith(prefix))
        out[f"{folder}/{path}"] = data
    return out


def corpus_of(values: Sequence[tuple[str, str]], *, tlp: Tlp = Tlp.CLEAR, confidence: int = 70) -> Corpus:
    """The fixture advisory with one set holding `values` (type, canonical value)."""
    base = fixture_corpus()
    adv = base.advisories[0]
    template = base.sets_of(adv.id)[0]
    inds = tuple(
        Indicator(type=t, value=v, set_id="fuzz", index=i, confidence=confidence, valid_from="2024-05-02")
        for i, (t, v) in enumerate(values)
    )
    s = dataclasses.replace(
        template, id="fuzz", path="indicators/rules-test-2024/fuzz.yaml", tlp=tlp, indicators=inds
    )
    return Corpus(advisories=(adv,), sets=(s,), _by_advisory={adv.id: (s,)})


def with_sets(corpus: Corpus, sets: list[IndicatorSet]) -> Corpus:
    adv = corpus.advisories[0]
    return Corpus(advisories=(adv,), sets=tuple(sets), _by_advisory={adv.id: tuple(sets)})


# --- Suricata --------------------------------------------------------------------------------------


def suricata(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["suricata", *args, "-c", str(ENGINE)],
        cwd=FIXTURES,  # the engine config names classification.config relative to here
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write_tree(files: dict[str, bytes], folder: Path) -> None:
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def suricata_accepts(rules: Path, log: Path) -> tuple[bool, str]:
    """`suricata -T` on one rules file; True and the output when it loads without error or warning
    about a rule."""
    log.mkdir(parents=True, exist_ok=True)
    run = suricata(["-T", "-S", str(rules), "-l", str(log)], log)
    out = run.stdout + run.stderr
    rule_warnings = [line for line in out.splitlines() if line.startswith(("W: detect", "E: "))]
    return run.returncode == 0 and not rule_warnings, out


def suricata_alerts(rules: Path, pcap: Path, log: Path) -> list[int]:
    """The SIDs Suricata alerts on when it reads `pcap` with `rules`."""
    log.mkdir(parents=True, exist_ok=True)
    run = suricata(["-r", str(pcap), "-S", str(rules), "-l", str(log), "-k", "none"], log)
    assert run.returncode == 0, run.stdout + run.stderr
    eve = log / "eve.json"
    sids = []
    for line in eve.read_text().splitlines() if eve.exists() else []:
        event = json.loads(line)
        if event.get("event_type") == "alert":
            sids.append(int(event["alert"]["signature_id"]))
    return sorted(sids)


def sids_of(rules_text: str) -> dict[str, int]:
    """msg -> sid of each rule line."""
    found = {}
    for line in rules_text.splitlines():
        m = re.search(r'msg:"((?:[^"\\]|\\.)*)";.*\bsid:(\d+);', line)
        if m:
            found[m.group(1)] = int(m.group(2))
    return found


# --- literals in converted queries ------------------------------------------------------------------


def quoted_literals(query: str) -> list[str]:
    """The "..." string literals of a KQL, SPL or ES|QL query, with backslash escapes undone."""
    return [re.sub(r"\\(.)", r"\1", m) for m in re.findall(r'"((?:[^"\\]|\\.)*)"', query)]


def lucene_terms(query: str) -> list[str]:
    """The value terms of a Lucene query (field names, operators and parentheses dropped, escapes undone)."""
    terms: list[str] = []
    cur: list[str] = []
    quoted = escaped = False
    raw = False  # the current term holds an unescaped ':' (a field name)

    def flush() -> None:
        nonlocal raw
        if cur:
            text = "".join(cur)
            if text not in ("OR", "AND", "NOT"):
                terms.append(text)
        cur.clear()
        raw = False

    for ch in query:
        if escaped:
            cur.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif quoted:
            cur.append(ch)
        elif ch in " \t\n\r\u3000()":
            flush()
        elif ch == ":" and not raw:
            cur.clear()
            raw = True
        else:
            cur.append(ch)
    flush()
    return terms


def kibana_rule(text: str) -> dict[str, Any]:
    lines = text.split("\n")
    assert text.isascii() and len(lines) == 2 and lines[1] == ""
    rule: dict[str, Any] = json.loads(lines[0])
    return rule


def detection_values(rule: object) -> list[Any]:
    """Every value of a parsed Sigma rule's detection items, nested detections included, in order."""
    from sigma.rule import SigmaDetection, SigmaDetectionItem, SigmaRule

    assert isinstance(rule, SigmaRule), type(rule)
    out: list[Any] = []

    def walk(node: SigmaDetection | SigmaDetectionItem) -> None:
        if isinstance(node, SigmaDetectionItem):
            out.extend(node.value)
            return
        for child in node.detection_items:
            walk(child)

    for detection in rule.detection.detections.values():
        walk(detection)
    return out
