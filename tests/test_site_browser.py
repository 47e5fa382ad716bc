"""The real site in headless Chromium: the repository's own content, every emitter's artifacts, both
languages.

Built once (all registered emitters into a temporary dist/, then build_site), served on 127.0.0.1 with
a free port. Every advisory page in both languages: no console error, no failed request, the text holds
every step, update date, CVE and affected product of the YAML, the language switcher leads to the same
page in the other language. Search finds an advisory by a CVE and by a word of its title; filters count
what the content holds. (How the pages look, print and read with assistive technology, with the
screenshots in tests/artifacts/: tests/test_site_look.py.) Whatever is checked comes from the content, so a
new advisory needs no change here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from compiler.corpus.kinds import atomic_names
from compiler.corpus.model import Corpus, IndicatorSet
from compiler.corpus.view import published
from compiler.corpus.vocab import LANGS
from compiler.i18n import format_date
from compiler.pipeline import load_corpus
from compiler.site.downloads import public_advisories, public_sets
from compiler.site.indicators import MAX_ROWS
from compiler.site.page import anchor
from tests.site_support import ROOT, broken_links

# What the pages are checked for comes from the content itself, whatever advisories it holds.
PUBLIC = public_advisories(published(load_corpus(ROOT)))


def _queries() -> list[tuple[str, str]]:
    """(query, advisory it must find): each advisory's first CVE and the longest word of its title."""
    out = []
    for adv in PUBLIC[:2]:
        if adv.vulnerabilities:
            out.append((adv.vulnerabilities[0].cve, adv.id))
        words = sorted(re.findall(r"[A-Za-z]{6,}", adv.title.en), key=lambda w: (-len(w), w))
        if words:
            out.append((words[0], adv.id))
    return out


def _largest_table() -> tuple[str, str, list[str]] | None:
    """(advisory, type, values) of the largest indicator table of the site."""
    found = [
        (adv.id, kind, [i.value for s in public_sets_of(adv.id) for i in s.indicators if i.type == kind])
        for adv in PUBLIC
        for kind in atomic_names()
    ]
    found = [f for f in found if f[2]]
    return max(found, key=lambda f: len(f[2])) if found else None


def public_sets_of(advisory: str) -> tuple[IndicatorSet, ...]:
    return public_sets(published(load_corpus(ROOT)), advisory)


def _url(base: str, lang: str, adv_id: str) -> str:
    return f"{base}{'' if lang == 'de' else lang + '/'}advisories/{adv_id}/"


class _Watch:
    """Console errors, page errors and failed requests of one page."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status}: {response.url}")

    def _failed(self, request: Any) -> None:
        # Leaving a page cancels what its search worker was still loading: not a fault of the site.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} ({request.failure})")


def test_no_internal_link_or_anchor_is_broken(real_site: Path) -> None:
    assert broken_links(real_site) == []


def test_every_advisory_page_in_both_languages(
    published_corpus: Corpus, browser: Any, real_site_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = _Watch(page)
    checked = 0
    for adv in public_advisories(published_corpus):
        for lang in LANGS:
            page.goto(_url(real_site_url, lang, adv.id), wait_until="networkidle")
            assert page.get_attribute("html", "lang") == lang
            text = " ".join(page.inner_text("article").split())
            expected = [s.title[lang] for s in adv.steps] + [format_date(u.date, lang) for u in adv.updates]
            expected += [v.cve for v in adv.vulnerabilities] + [p.product.name for p in adv.affected]
            expected += [p.product.name for p in adv.not_affected]
            assert [e for e in expected if " ".join(e.split()) not in text] == [], (adv.id, lang)
            copy = page.locator("#mail + p + .tabbed-set button[data-md-type=copy]")
            assert copy.count() == 2  # customer and partner mail, each with its copy button
            target = copy.first.get_attribute("data-clipboard-target")
            assert ("[NAME EINFÜGEN]" if lang == "de" else "[INSERT NAME]") in page.inner_text(str(target))
            other = "en" if lang == "de" else "de"
            page.hover(".md-header__option .md-select")  # the language list opens on hover
            with page.expect_navigation(wait_until="networkidle"):
                page.locator(f"a.md-select__link[hreflang={other}]").first.click()
            assert page.url == _url(real_site_url, other, adv.id)
            assert page.get_attribute("html", "lang") == other
            checked += 1
    assert checked == 2 * len(public_advisories(published_corpus)) >= 2
    assert watch.problems == []
    page.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("query", "advisory"), _queries())
def test_search_finds_the_advisory(
    browser: Any, real_site_url: str, lang: str, query: str, advisory: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = _Watch(page)
    page.goto(f"{real_site_url}{'' if lang == 'de' else lang + '/'}", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    results = page.locator(".md-search-result__item")
    for _ in range(30):  # the search worker loads its index in the background: type again until ready
        box.fill("")
        box.press_sequentially(query, delay=10)
        try:
            results.first.wait_for(timeout=1000)
            break
        except PlaywrightTimeout:
            continue
    assert results.count() > 0, f"no search result for {query!r}"
    found = " ".join(results.all_inner_texts())
    assert query.lower() in found.lower()
    links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert any(f"advisories/{advisory}/" in link for link in links)
    assert watch.problems == []
    page.close()


def test_indicator_filter_and_index_filters(browser: Any, real_site_url: str) -> None:
    page = browser.new_page()
    watch = _Watch(page)
    largest = _largest_table()
    if largest is not None:
        advisory, kind, values = largest
        table = f"ioc-{anchor(kind)}-table"
        page.goto(_url(real_site_url, "de", advisory), wait_until="networkidle")
        assert page.locator(f"#{table} tbody tr").count() == min(len(values), MAX_ROWS)
        probe = values[0]
        page.locator(f'input.iocc-filter[data-table="{table}"]').fill(probe)
        wanted = sum(1 for v in values[:MAX_ROWS] if probe.casefold() in v.casefold())
        assert page.locator(f"#{table} tbody tr:not([hidden])").count() == wanted
    page.goto(f"{real_site_url}advisories/", wait_until="networkidle")
    index_rows = page.locator("#iocc-index tbody tr:not([hidden])")
    assert index_rows.count() == len(PUBLIC)
    for severity in ("low", "critical"):
        page.select_option('select[data-filter="severity"]', severity)
        assert index_rows.count() == sum(1 for a in PUBLIC if a.severity == severity)
    assert watch.problems == []
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_rows_stay_compact_and_link_to_their_set(
    browser: Any, real_site_url: str, lang: str
) -> None:
    """A row holds a value, its set and a few short columns: it must not grow into a column of words
    (the set's source is told once, in the sets table, which every row links to)."""
    largest = _largest_table()
    if largest is None:
        return  # no advisory shows an indicator table
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(_url(real_site_url, lang, largest[0]), wait_until="networkidle")
    heights = page.eval_on_selector_all(
        "table.iocc-ioc tbody tr", "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    assert len(heights) >= min(len(largest[2]), MAX_ROWS)
    assert sorted(heights)[len(heights) // 2] < 80, "median row height in px"
    links = page.eval_on_selector_all(
        "table.iocc-ioc tbody td:nth-child(2) a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(links) == len(heights)
    for href in set(links):
        assert page.locator(f"table.iocc-sets tr{href}").count() == 1, href
    page.close()
