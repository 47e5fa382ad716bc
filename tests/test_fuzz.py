"""Random and mutated YAML through `iocc check`: findings, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.diagnostics.codes import CODES
from compiler.pipeline import check
from tests.corpus_fixtures import VALID

SET_PATH = "indicators/test-advisory-2024/test-set.yaml"
ADV_PATH = "advisories/2024/test-advisory-2024.yaml"
ORIGINALS = {rel: (VALID / rel).read_bytes() for rel in (SET_PATH, ADV_PATH)}
YAML_BITS = [
    b": ", b"- ", b"\n", b"  ", b"\t", b"'", b'"', b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!python/object ",
    b"<<: ", b"---\n", b"#", b"|\n", b">-\n", b"%YAML 1.1\n", b"\xff", b"\x00", b"~", b"no", b"0x1f", b"22:22",
    b"\\", b"\xe2\x80\xae", b"value", b"type", b"indicators", b"?", b",",
]  # fmt: skip


def run_check(rel: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        shutil.copytree(VALID, root)
        (root / rel).write_bytes(data)
        result = check(root)
    for d in result.diagnostics:
        assert d.code in CODES
        assert d.location.line >= 1 and d.location.column >= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(YAML_BITS), max_size=60).map(b"".join))
def test_random_yaml_never_raises(data: bytes) -> None:
    run_check(SET_PATH, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(ORIGINALS)),
    st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 12), st.sampled_from(YAML_BITS)), max_size=6),
)
def test_mutated_real_files_never_raise(rel: str, edits: list[tuple[int, int, bytes]]) -> None:
    data = ORIGINALS[rel]
    for pos, cut, insert in edits:
        pos %= len(data) + 1
        data = data[:pos] + insert + data[pos + cut :]
    run_check(rel, data)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=120))
def test_any_indicator_value_never_raises(value: str) -> None:
    text = ORIGINALS[SET_PATH].decode().replace('value: "python-requests/2.0"', "value: " + repr(value))
    for kind in ("ipv4", "domain", "url", "file-path", "email", "cidr", "sha256"):
        run_check(
            SET_PATH, text.replace("type: user-agent", f"type: {kind}").encode("utf-8", "surrogatepass")
        )
