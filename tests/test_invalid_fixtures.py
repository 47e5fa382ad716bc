"""One invalid fixture per diagnostic code: each yields exactly its code, at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.corpus import load
from compiler.diagnostics.codes import CODES
from compiler.pipeline import check
from tests.corpus_fixtures import InvalidFixture, invalid_fixtures, make_corpus

# Codes no data file can provoke, with the reason.
NOT_FROM_DATA = {
    "IOC900": "an internal failure of iocc itself, not a property of the data",
}
# Codes that come from the state of locks/, from the site build or from a packaged template rather than from
# one YAML file: each is provoked by a test in the named file (checked below to name the code).
PROVOKED_BY_TESTS = {
    "IOC501": "test_stix_versioning.py",  # a lock that does not match the corpus
    "IOC502": "test_stix_versioning.py",  # a revoked object that comes back
    "IOC503": "test_drafts.py",  # a draft advisory left out of every output
    "IOC506": "test_drafts.py",  # a preview build that holds a draft
    "IOC504": "test_stix_versioning.py",  # a lock file that cannot be read
    "IOC505": "test_stix_versioning.py",  # the objects behind a stale lock
    "IOC013": "test_third_language.py",  # a configured language without a catalog
    "IOC580": "test_build.py",  # mkdocs refuses the site
    "IOC581": "test_site_build.py",  # a dist/ file above TLP:CLEAR
    "IOC582": "test_site_build.py",  # a broken build checker template
    # evidence and detection: provoked by changing one thing in a copy of the evidence corpus
    "IOC406": "test_detect.py",
    "IOC701": "test_detect.py",
    "IOC702": "test_detect.py",
    "IOC703": "test_detect.py",
    "IOC704": "test_detect.py",
    "IOC705": "test_detect.py",
    "IOC706": "test_detect.py",
    "IOC707": "test_detect.py",
    "IOC708": "test_detect.py",
    "IOC709": "test_detect.py",
    "IOC710": "test_detect.py",
    "IOC711": "test_detect.py",
}
FIXTURES = invalid_fixtures()


def test_every_code_has_a_fixture() -> None:
    covered = {f.code for f in FIXTURES}
    from tests import extra_fixture_codes

    covered |= extra_fixture_codes.covered()
    missing = sorted(set(CODES) - covered - set(NOT_FROM_DATA) - set(PROVOKED_BY_TESTS))
    assert not missing, f"codes without an invalid fixture: {missing}"


@pytest.mark.parametrize("code", sorted(PROVOKED_BY_TESTS))
def test_codes_without_a_fixture_are_asserted_by_a_test(code: str) -> None:
    assert code in CODES
    text = (Path(__file__).parent / PROVOKED_BY_TESTS[code]).read_text(encoding="utf-8")
    assert f'"{code}"' in text, f"{PROVOKED_BY_TESTS[code]} never asserts {code}"


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.path.stem for f in FIXTURES])
def test_fixture_reports_its_code_at_its_line(
    fixture: InvalidFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fixture.path.stem.startswith(fixture.code + "-"), "a fixture is named after its code"
    if fixture.max_bytes is not None:
        monkeypatch.setattr(load, "MAX_BYTES", fixture.max_bytes)
    if fixture.link is None:
        root = make_corpus(tmp_path, {fixture.place: fixture.path.read_bytes()})
    else:
        root = make_corpus(tmp_path)
        (root / fixture.place).symlink_to(fixture.link)
    result = check(root)
    mine = [d for d in result.diagnostics if d.location.path == fixture.place]
    found = sorted({(d.code, d.location.line) for d in mine})
    assert found == [(fixture.code, fixture.line)], "\n".join(
        f"{d.location.line}:{d.location.column} {d.code} {d.message}" for d in mine
    )
    others = [d for d in result.diagnostics if d.location.path != fixture.place]
    assert not others, f"the valid corpus around the fixture gained findings: {others}"
    assert all(d.location.column >= 1 for d in mine)
    if CODES[fixture.code].severity.value == "error":
        assert result.corpus is None, "an error stops the pipeline before build"
