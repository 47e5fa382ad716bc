"""Dates and numbers per language with Babel, whatever the machine's locale and time zone."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from compiler.corpus.vocab import LANGS
from compiler.i18n import format_date, format_number, severity_label, ui
from tests.email_support import REPO, fixture_advisory, golden_files

CASES = [
    ("2021-03-03", "3. März 2021", "March 3, 2021"),
    ("2021-03-16", "16. März 2021", "March 16, 2021"),
    ("2024-12-31T23:59:59Z", "31. Dezember 2024", "December 31, 2024"),
    ("2024-01-01T00:00:00.5Z", "1. Januar 2024", "January 1, 2024"),
]


@pytest.mark.parametrize(("value", "de", "en"), CASES)
def test_format_date(value: str, de: str, en: str) -> None:
    assert format_date(value, "de") == de
    assert format_date(value, "en") == en


def test_format_date_refuses_what_is_not_a_date() -> None:
    for bad in ("2021-13-01", "03.03.2021", "2021-03-03 10:00", ""):
        with pytest.raises(ValueError):
            format_date(bad, "de")
    with pytest.raises(ValueError):
        format_date("2021-03-03", "fr")


def test_format_number() -> None:
    assert (format_number(9.1, "de"), format_number(9.1, "en")) == ("9,1", "9.1")
    assert (format_number(1234.5, "de"), format_number(1234.5, "en")) == ("1.234,5", "1,234.5")
    assert format_number(10, "de") == "10,0"


def test_every_language_has_the_same_strings() -> None:
    keys = {lang: set(ui(lang)) for lang in LANGS}
    assert all(k == keys["de"] for k in keys.values())
    assert all(v.strip() for lang in LANGS for v in ui(lang).values())
    assert severity_label("critical", "de") == "kritisch"


_SCRIPT = """
import hashlib, sys
sys.path.insert(0, {repo!r})
from tests.email_support import fixture_advisory, golden_files
files = golden_files(fixture_advisory())
for name in sorted(files):
    print(name, hashlib.sha256(files[name]).hexdigest())
"""


def test_output_is_independent_of_locale_and_timezone() -> None:
    files = golden_files(fixture_advisory())
    here = "".join(f"{name} {hashlib.sha256(files[name]).hexdigest()}\n" for name in sorted(files))
    environments = [
        {"LC_ALL": "C", "LANG": "C", "TZ": "UTC"},
        {"LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8", "TZ": "Pacific/Kiritimati"},
        {"LC_ALL": "tr_TR.UTF-8", "LANG": "en_US.UTF-8", "TZ": "America/Adak", "LANGUAGE": "fr"},
    ]
    for extra in environments:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))} | extra
        out = subprocess.run(
            [sys.executable, "-c", _SCRIPT.format(repo=str(REPO))],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout
        assert out == here, extra
