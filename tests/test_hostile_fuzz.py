"""Fuzzing check, build and import with hostile mutations: thousands of inputs, zero internal errors.

Every input must end in a result or in located findings (codes from compiler.diagnostics.codes, never IOC900) and an
import must end in candidates or a plain ValueError; none may take longer than a generous bound (a hang
detector, not a timing test)."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.authoring.merge import merge
from compiler.authoring.readers import reader
from compiler.diagnostics.codes import CODES
from compiler.diagnostics.report import RENDERERS
from compiler.outputs.context import build_context
from compiler.pipeline import check, emit_all
from tests.corpus_fixtures import FIXTURES, VALID
from tests.hostile_support import XSS_LINES, XSS_PROSE

HANG = 30.0  # seconds of process time for one input: far above any real input, a hang detector only
SET = "indicators/test-advisory-2024/test-set.yaml"
ADV = "advisories/2024/test-advisory-2024.yaml"
ORIGINAL = {rel: yaml.safe_load((VALID / rel).read_text(encoding="utf-8")) for rel in (SET, ADV)}
ORIGINAL[SET]["indicators"] += [  # rules too, so pySigma, the SigmaHQ validators and YARA see hostile input
    {
        "type": "sigma",
        "name": "fuzz-sigma",
        "rule": {
            "title": "Fuzzed Rule",
            "id": "5b0a7f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
            "status": "test",
            "description": "Detects a fuzzed value.",
            "author": "Test",
            "date": "2024-05-03",
            "tags": ["attack.t1190"],
            "logsource": {"category": "webserver"},
            "detection": {"selection": {"cs-uri-query|contains": ["a", "b"]}, "condition": "selection"},
            "falsepositives": ["Unknown"],
            "level": "high",
        },
    },
    {"type": "yara", "name": "fuzz-yara", "rule": 'rule fuzz_yara { strings: $a = "x" condition: $a }\n'},
]
CHARS = list(
    "abcXYZ019 <>&\"'`;|\\/*?{}[]()$%#=+-@!~^:.,_\n\t\u00a0\u3000é中😀\u2028\u202e\x1b\x00\x85\ufeff"
)
SPECIAL = [
    *XSS_LINES, *XSS_PROSE, "TODO", "all", "con", "x-de", "=?utf-8?b?SGkNCkJjYzogeA==?=", "9" * 200,
    "1.2.3.4.5", "evil.example\n", "a" * 64, "A" * 64, "198.51.100.1", "::1", "10.0.0.0/8", "http://x.example/",
    "C:\\x\\y.exe", "/etc/passwd", "../../x", "", " ", "no", "yes", "null", "~", "2024-13-45", "TLP:RED",
]  # fmt: skip
HOSTILE_TEXT = st.one_of(st.text(alphabet=st.sampled_from(CHARS), max_size=60), st.sampled_from(SPECIAL))
SCALARS = st.one_of(HOSTILE_TEXT, st.integers(-(10**30), 10**30), st.booleans(), st.none(), st.floats())
YAML_BITS = [
    ": ",
    "- ",
    "\n",
    "  ",
    "\t",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "#",
    "|\n",
    "? ",
]


def _timed(work: Callable[[], Any]) -> Any:
    started = time.process_time()
    result = work()
    assert time.process_time() - started < HANG, "an input took longer than the hang bound"
    return result


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))]
    return [path]


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in node.items()}
    return [(_replace(v, rest, value) if i == head else v) for i, v in enumerate(node)]


@st.composite
def corpora(draw: st.DrawFn) -> dict[str, str]:
    """The valid fixture corpus with hostile values in random leaves, and sometimes YAML syntax spliced in."""
    out: dict[str, str] = {}
    for rel, data in ORIGINAL.items():
        leaves = _leaves(data)
        for _ in range(draw(st.integers(0, 6))):
            data = _replace(data, draw(st.sampled_from(leaves)), draw(SCALARS))
        text = json.dumps(data, indent=1, ensure_ascii=False, default=str)
        for _ in range(draw(st.integers(0, 2))):
            pos = draw(st.integers(0, len(text)))
            text = text[:pos] + draw(st.sampled_from(YAML_BITS)) + text[pos + draw(st.integers(0, 4)) :]
        out[rel] = text
    return out


def _check_and_build(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        shutil.copytree(VALID, root)
        for rel, text in files.items():
            (root / rel).write_text(text, encoding="utf-8", errors="surrogatepass")
        result = _timed(lambda: check(root))
        for d in result.diagnostics:
            assert d.code in CODES and d.code != "IOC900", d
            assert d.location.line >= 1 and d.location.column >= 1
        for render in RENDERERS.values():
            render(result.diagnostics, root, False)
        if result.corpus is not None:
            emitted = _timed(lambda: emit_all(result.corpus, build_context(root, as_of="2024-05-10")))
            assert all(n.code in CODES and n.code != "IOC900" for n in emitted.notes)


@settings(max_examples=1200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(corpora())
def test_mutated_corpora_check_and_build_without_internal_errors(files: dict[str, str]) -> None:
    _check_and_build(files)


SEEDS = {
    "csv": (FIXTURES / "import" / "MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv").read_text(
        encoding="utf-8"
    )[:3000],
    "text": (FIXTURES / "import" / "blog-post.txt").read_text(encoding="utf-8"),
    "misp": (FIXTURES / "import" / "event.misp.json").read_text(encoding="utf-8"),
    "stix": (FIXTURES / "import" / "IOC801-stix-red-marking.json").read_text(encoding="utf-8"),
    "chirp": (FIXTURES / "import" / "indicators.chirp.yaml").read_text(encoding="utf-8"),
}
EMPTY_SET = "id: s\nschema_version: 1\ntlp: red\nindicators: []\n"
FEED_BITS = [*YAML_BITS, ",", ";", "|", "\r\n", '"""', "{", "]", "null", "[[[[", "TLP:AMBER", "&#", "\\u00"]


@st.composite
def feeds(draw: st.DrawFn) -> tuple[str, str]:
    fmt = draw(st.sampled_from(sorted(SEEDS)))
    text = SEEDS[fmt]
    if fmt in ("misp", "stix") and draw(st.booleans()):  # structure-aware: hostile leaves in valid JSON
        data = json.loads(text)
        leaves = _leaves(data)
        for _ in range(draw(st.integers(1, 6))):
            data = _replace(
                data, draw(st.sampled_from(leaves)), draw(st.one_of(SCALARS, st.just([]), st.just({})))
            )
        return fmt, json.dumps(data, ensure_ascii=False, default=str)
    for _ in range(draw(st.integers(1, 8))):
        pos = draw(st.integers(0, len(text)))
        bit = draw(st.one_of(st.sampled_from(FEED_BITS), HOSTILE_TEXT))
        text = text[:pos] + bit + text[pos + draw(st.integers(0, 8)) :]
    return fmt, text


@settings(max_examples=2500, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(feeds())
def test_mutated_feeds_import_without_internal_errors(feed: tuple[str, str]) -> None:
    fmt, text = feed
    try:
        parsed = _timed(lambda: reader(fmt)(text))
    except ValueError:
        return  # a refusal with its reason: what `iocc import` prints
    merged = _timed(lambda: merge(EMPTY_SET, parsed, {}))
    assert len(merged.outcomes) == len(parsed.candidates) + len(parsed.rejected)
