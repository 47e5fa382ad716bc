"""The loader: YAML 1.2 core semantics, safe types only, located values, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from compiler.corpus.load import LoadError, compose, discover, load_file, resolve_plain, to_data
from tests.corpus_fixtures import REPO, VALID


def data_of(text: str) -> object:
    return to_data(compose(text, "t.yaml"), "t.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: no", {"a": "no"}),
        ("a: yes", {"a": "yes"}),
        ("a: off", {"a": "off"}),
        ("a: 22:22", {"a": "22:22"}),
        ("a: 010", {"a": 10}),
        ("a: 0o10", {"a": 8}),
        ("a: 0x1F", {"a": 31}),
        ("a: 2021-03-02", {"a": "2021-03-02"}),
        ("a: 2021-03-02T10:00:00Z", {"a": "2021-03-02T10:00:00Z"}),
        ("a: true", {"a": True}),
        ("a: ~", {"a": None}),
        ("a: 1.5e3", {"a": 1500.0}),
        ("a: '1.5'", {"a": "1.5"}),
        ("a: 0xdeadbeefcafe", {"a": 0xDEADBEEFCAFE}),
        ("a: e3b0c44298fc1c149afbf4c8996fb924", {"a": "e3b0c44298fc1c149afbf4c8996fb924"}),
        ("a: 1_000", {"a": "1_000"}),
    ],
)
def test_yaml_12_core_schema(text: str, expected: object) -> None:
    assert data_of(text) == expected


def test_resolve_plain_keeps_ordinary_text() -> None:
    assert resolve_plain("Norway") == "Norway"
    assert resolve_plain("NO") == "NO"
    assert resolve_plain(".5") == 0.5


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: !!python/object/apply:os.system ['true']", "IOC005"),
        ("a: !custom x", "IOC005"),
        ("!!python/name:os.system : x", "IOC005"),
        ("a: 1\na: 2", "IOC004"),
        ("a: &x [1, 2]\nb: *x", "IOC007"),
        ("a: &x {k: v}\nb:\n  <<: *x", "IOC007"),
        ("base: {k: v}\nb:\n  <<: {k: w}", "IOC007"),
        ("a: [1, 2", "IOC003"),
        ("a:\n\tb: 1", "IOC003"),
        ("a: 1\n---\nb: 2", "IOC008"),
        ("", "IOC008"),
        ("a: " + "[" * 200 + "]" * 200, "IOC006"),
        ("[" * 20000 + "]" * 20000, "IOC006"),
    ],
)
def test_refusals_are_located_diagnostics(text: str, code: str) -> None:
    with pytest.raises(LoadError) as info:
        data_of(text)
    d = info.value.diagnostic
    assert d.code == code
    assert d.location.line >= 1 and d.location.column >= 1


def test_billion_laughs_is_refused_before_expansion() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    with pytest.raises(LoadError) as info:
        data_of("\n".join(lines))
    assert info.value.diagnostic.code == "IOC007"


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(LoadError) as info:
        load_file(path, "x.yaml")
    loc = info.value.diagnostic.location
    assert (info.value.diagnostic.code, loc.line, loc.column) == ("IOC001", 2, 7)


def test_pointer_maps_back_to_line_and_column() -> None:
    path = VALID / "indicators" / "test-advisory-2024" / "test-set.yaml"
    doc = load_file(path, "test-set.yaml")
    lines = path.read_text().splitlines()
    loc = doc.locate("/indicators/1/value")
    assert lines[loc.line - 1][loc.column - 1 :].startswith("203.0.113.7")
    key = doc.locate("/indicators/1/value", key=True)
    assert lines[key.line - 1][key.column - 1 :].startswith("value:")
    # a missing property points at the mapping that should hold it
    assert doc.locate("/indicators/1/nope").line == loc.line - 1


def _corpus_files() -> list[Path]:
    return [*discover(REPO), *discover(VALID)]


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_round_trip_loader_reads_the_same_data(path: Path) -> None:
    """ruamel.yaml's round-trip loader (the editing commands' reader) sees the same data as ours."""
    ours = load_file(path, path.name).data
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    theirs = _plain(yaml.load(path.read_text(encoding="utf-8")))
    assert ours == theirs


def _plain(node: object) -> object:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("id: x\nfoo: [1, 2\n", 2, 6), ("a: {b: 1\n\n\n", 1, 4), ('a: "open\nb: 2\n', 1, 4)],
)
def test_something_left_open_at_the_end_points_where_it_opened(text: str, line: int, column: int) -> None:
    with pytest.raises(LoadError) as caught:
        compose(text, "x.yaml")
    found = caught.value.diagnostic
    assert (found.code, found.location.line, found.location.column) == ("IOC003", line, column)
    assert found.message.endswith("before the file ends")
