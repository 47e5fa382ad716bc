"""Fixtures shared by the test modules, so that no test module imports another.

Helpers that are plain functions live in the `*_support.py` modules; what needs pytest's life cycle (a
browser, a corpus in a temporary directory) is declared here once.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.corpus_fixtures import make_corpus
from tests.tools import missing

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The Debian Chromium driven by Playwright, one per test module."""
    if shutil.which(CHROMIUM) is None:
        missing(f"chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def corpus_root(tmp_path: Path) -> Path:
    """A copy of the valid fixture corpus in a fresh temporary directory."""
    return make_corpus(tmp_path)
