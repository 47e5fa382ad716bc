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

from compiler.corpus.model import Corpus
from tests.corpus_fixtures import REPO, make_corpus
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


@pytest.fixture(scope="module")
def published_corpus() -> Corpus:
    """What the repository's own corpus publishes (no drafts)."""
    from compiler.corpus.view import published
    from compiler.pipeline import load_corpus

    return published(load_corpus(REPO))


@pytest.fixture(scope="module")
def real_site(published_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built with every emitter's artifacts as downloads, once per module."""
    from tests.site_support import build_real

    return build_real(published_corpus, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def real_site_url(real_site: Path) -> Iterator[str]:
    """The real site served over HTTP on localhost."""
    from tests.site_support import serve

    with serve(real_site) as url:
        yield url
