"""`iocc fmt`: schema key order, canonical values, every comment kept, idempotent."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from compiler.authoring.fmt import format_text, load_rt
from compiler.authoring.keyorder import comments
from compiler.cli import main
from compiler.corpus.load import Document, compose, discover, kind_of, relative, to_data
from compiler.validate.schema import validate
from tests.corpus_fixtures import FIXTURES, REPO, make_corpus

FMT = FIXTURES / "fmt"
COMMENTED = FMT / "commented-set.yaml"
EXPECTED = FMT / "commented-set.expected.yaml"


def _comment_lines(text: str) -> Counter[str]:
    return Counter(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


def _data(text: str) -> object:
    return to_data(compose(text, "x.yaml"), "x.yaml")


def test_commented_fixture_matches_its_expected_form() -> None:
    assert format_text(COMMENTED.read_text(encoding="utf-8"), "indicator-set") == EXPECTED.read_text(
        encoding="utf-8"
    )


def test_every_comment_survives() -> None:
    before = COMMENTED.read_text(encoding="utf-8")
    after = format_text(before, "indicator-set")
    assert _comment_lines(after) == _comment_lines(before)
    assert sorted(comments(load_rt(after))) == sorted(comments(load_rt(before)))
    assert len(_comment_lines(before)) >= 15


def test_comments_stay_with_their_keys() -> None:
    """`# before K` is followed (after blank lines) by key K; `# eol K` sits on K's line."""
    lines = format_text(COMMENTED.read_text(encoding="utf-8"), "indicator-set").splitlines()
    checked = 0
    for i, line in enumerate(lines):
        before = re.match(r"\s*# before (\w+)$", line)
        if before:
            following = next(x for x in lines[i + 1 :] if x.strip() and not x.strip().startswith("#"))
            assert following.strip().removeprefix("- ").startswith(before.group(1) + ":"), (line, following)
            checked += 1
        eol = re.search(r"\S.*# eol (\w+)$", line)
        if eol:
            assert line.strip().removeprefix("- ").startswith(eol.group(1) + ":"), line
            checked += 1
    assert checked >= 14


def test_keys_follow_the_schema_and_values_are_canonical() -> None:
    tree = load_rt(format_text(COMMENTED.read_text(encoding="utf-8"), "indicator-set"))
    assert list(tree) == [
        "id", "schema_version", "advisories", "title", "description", "tlp", "source", "defaults", "indicators",
    ]  # fmt: skip
    assert list(tree["description"]) == ["de", "en"]
    assert list(tree["indicators"][1]) == ["type", "value", "description", "tags"]
    values = [ind["value"] for ind in tree["indicators"]]
    assert values == [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b856",
        "http://evil.example/gate.php",
        "bad.example.com",
    ]
    text = EXPECTED.read_text(encoding="utf-8")
    assert "value: 'e3b0c442" in text  # single quotes kept
    assert 'value: "http://evil.example/gate.php"' in text  # double quotes kept
    assert 'de: "Kommentierter Satz"' in text and "en: Commented set\n" in text  # plain kept


def test_formatting_is_idempotent_and_keeps_the_data() -> None:
    before = COMMENTED.read_text(encoding="utf-8")
    once = format_text(before, "indicator-set")
    assert format_text(once, "indicator-set") == once
    old, new = _data(before), _data(once)
    assert isinstance(old, dict) and isinstance(new, dict)
    for ind in (*old["indicators"], *new["indicators"]):
        ind.pop("value")
    assert old == new


def test_formatted_fixture_is_schema_valid() -> None:
    text = EXPECTED.read_text(encoding="utf-8")
    doc = Document(path="x.yaml", kind="indicator-set", data=_data(text), root=compose(text, "x"), text=text)
    assert list(validate(doc)) == []


CORPUS_FILES = [relative(p, REPO) for p in discover(REPO)]


@pytest.mark.parametrize("rel", CORPUS_FILES)
def test_real_corpus_is_byte_stable_on_a_second_run(rel: str) -> None:
    text = (REPO / rel).read_text(encoding="utf-8")
    kind = kind_of(rel, text)
    once = format_text(text, kind)
    assert format_text(once, kind) == once
    assert _comment_lines(once) == _comment_lines(text)
    assert _data(once) == _data(text)  # the real corpus is canonical in its values


@pytest.mark.parametrize("rel", CORPUS_FILES)
def test_the_committed_corpus_is_in_canonical_form(rel: str) -> None:
    text = (REPO / rel).read_text(encoding="utf-8")
    assert format_text(text, kind_of(rel, text)) == text, f"run `iocc fmt {rel}`"


def test_real_corpus_exists() -> None:
    assert len(CORPUS_FILES) >= 2


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_fmt_check_lists_files_and_fmt_rewrites_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_corpus(tmp_path)
    for p in discover(root):  # the fixture corpus may predate fmt: start from its canonical form
        p.write_text(
            format_text(p.read_text(encoding="utf-8"), kind_of(p.name, p.read_text())), encoding="utf-8"
        )
    target = _write(
        root, "indicators/test-advisory-2024/fmt-commented.yaml", COMMENTED.read_text(encoding="utf-8")
    )
    capsys.readouterr()
    assert main(["fmt", "--root", str(root), "--check"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == ["would reformat: indicators/test-advisory-2024/fmt-commented.yaml"]
    assert target.read_text(encoding="utf-8") == COMMENTED.read_text(
        encoding="utf-8"
    )  # --check writes nothing
    assert main(["fmt", "--root", str(root)]) == 0
    assert target.read_text(encoding="utf-8") == EXPECTED.read_text(encoding="utf-8")
    assert main(["fmt", "--root", str(root), "--check"]) == 0


def test_fmt_diff_shows_the_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "indicators/a/s.yaml", COMMENTED.read_text(encoding="utf-8"))
    assert main(["fmt", "--root", str(tmp_path), "--check", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert "-  - value: 'E3B0C442" in out and "+    value: 'e3b0c442" in out


def test_fmt_never_rewrites_a_file_the_loader_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = "id: x\nid: y\n"
    path = _write(tmp_path, "indicators/a/dup.yaml", bad)
    assert main(["fmt", "--root", str(tmp_path), str(path)]) == 1
    assert path.read_text(encoding="utf-8") == bad
    assert "IOC004" in capsys.readouterr().err
