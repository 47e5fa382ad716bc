"""The site of a corpus whose every title, name and prose field is hostile, opened in Chromium: no script from
the data runs on any page, titles are text in navigation, <title>, meta tags and the Atom feeds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from compiler.pipeline import check
from tests.hostile_support import DEMO, MARKERS, XSS_LINES, hostile_site_corpus
from tests.site_support import build, serve

ATOM = "{http://www.w3.org/2005/Atom}"

# What a page may hold after loading, read in the page itself: script elements whose text came from data,
# event-handler attributes, script URLs, and the marker the vectors set.
_AUDIT = """() => {
  const found = [];
  for (const s of document.querySelectorAll('script')) {
    if (/xss-/.test(s.textContent)) found.push('script: ' + s.textContent.slice(0, 80));
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase();
      if (a.name.startsWith('on') && /xss-/.test(a.value)) found.push('handler: <' + el.tagName + ' ' + a.name + '>');
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc'].includes(a.name)
          && (v.startsWith('javascript:') || v.startsWith('data:text/html')
              || (/xss-/.test(a.value) && !a.value.startsWith('#'))))
        found.push('url: <' + el.tagName + ' ' + a.name + '=' + a.value.slice(0, 60) + '>');
    }
  }
  if (window.__xss) found.push('marker: ' + window.__xss);
  return found;
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("hostile-site")
    root = hostile_site_corpus(tmp)
    result = check(root)
    assert result.corpus is not None, [d.message for d in result.diagnostics if d.severity.value == "error"]
    dist = tmp / "dist"
    dist.mkdir()
    notes = build(root, dist)  # the fake downloads hold AMBER files the site leaves off (IOC581): that is all
    assert [(n.code, n.message) for n in notes if n.code != "IOC581"] == []
    return root, dist / "site"


def test_no_script_from_data_runs_on_any_page(hostile: tuple[Path, Path], browser: Any) -> None:
    _, site = hostile
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert any(DEMO in p for p in pages)
    problems: list[str] = []
    with serve(site) as base:
        page = browser.new_page()

        def dialog(d: Any) -> None:
            problems.append(f"dialog: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        # Nothing may load from outside: a vector that reached the DOM would try to.
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        for rel in pages:
            page.goto(base + rel, wait_until="load")
            page.wait_for_timeout(50)  # a handler such as onerror or ontoggle fires just after load
            problems.extend(f"{rel}: {p}" for p in page.evaluate(_AUDIT))
        page.close()
    assert problems == []


def test_titles_are_text_in_title_navigation_and_meta(hostile: tuple[Path, Path], browser: Any) -> None:
    root, site = hostile
    adv = yaml.safe_load((root / "advisories" / "2024" / f"{DEMO}.yaml").read_text(encoding="utf-8"))
    with serve(site) as base:
        page = browser.new_page()
        for lang, prefix in (("de", ""), ("en", "en/")):
            title = adv["title"][lang]
            page.goto(f"{base}{prefix}advisories/{DEMO}/", wait_until="load")
            assert page.title().startswith(title)
            meta = page.get_attribute('meta[name="description"]', "content")
            assert meta == adv["summary"][lang]
            page.goto(f"{base}{prefix}advisories/", wait_until="load")
            nav = page.locator(f'a.md-nav__link[href="{DEMO}/"]').first.text_content() or ""
            assert " ".join(nav.split()) == " ".join(title.split())
        page.close()


def test_the_atom_feeds_carry_titles_as_text(hostile: tuple[Path, Path]) -> None:
    root, site = hostile
    adv = yaml.safe_load((root / "advisories" / "2024" / f"{DEMO}.yaml").read_text(encoding="utf-8"))
    for lang in ("de", "en"):
        feed = ET.fromstring((site / f"feed-{lang}.xml").read_bytes())
        titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
        assert adv["title"][lang] in titles
        for entry in feed.iter(f"{ATOM}entry"):
            for tag in ("title", "summary"):
                assert _child(entry, f"{ATOM}{tag}").get("type") in (None, "text"), tag  # never HTML


def test_every_marker_is_in_the_corpus() -> None:
    """The audit looks for `xss-N`: every vector must carry its marker, or it would be missed."""
    from tests.hostile_support import XSS_PROSE

    text = " ".join((*XSS_PROSE, *XSS_LINES))
    assert [m for m in MARKERS if m not in text] == []


def _child(element: ET.Element, tag: str) -> ET.Element:
    found = element.find(tag)
    assert found is not None, tag
    return found
