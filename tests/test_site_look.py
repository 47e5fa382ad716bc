"""How the real site looks, prints and reads, in headless Chromium: every page in both languages and both
palettes (light `default`, dark `slate`, chosen by the browser's colour scheme).

* every table has the theme's table look (computed border and padding, left-aligned headers);
* on every advisory page the first step's heading is above the fold at 1280x800;
* axe-core (tests/axe, pinned) finds nothing serious or critical on any page, nor on the checkers with a
  verdict shown;
* both build checkers show each verdict as its word on its own colour (contrast at least 4.5:1);
* printing an advisory page (A4, Chromium) gives the steps, the update tables and the CVEs without the
  navigation, the mail templates or the indicator listings, on fewer pages than the screen version;
* screenshots (every advisory page at 1280x800 and its checker with a verdict, the home page, the index
  of advisories, the fleet checker with an inventory checked; both languages and palettes) and the printed
  PDFs go to tests/artifacts/.

What is checked is derived from the content (steps, CVEs, builds, the patch tables), never named.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from compiler.corpus.model import Advisory, Corpus
from compiler.corpus.vocab import LANGS, Lang
from compiler.products import Checker
from compiler.products.rows import update_rows
from compiler.site.downloads import public_advisories
from compiler.site.labels import labels
from tests.site_support import ROOT, site_pages
from tests.tools import missing

AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
PALETTES = {"light": "default", "dark": "slate"}  # browser colour scheme -> the theme's palette
FOLD = {"width": 1280, "height": 800}
MAX_PRINTED_PAGES = 25

_TABLES = """() => Array.from(document.querySelectorAll("article table")).map(t => {
  const px = v => parseFloat(v) || 0;
  const cells = sel => Array.from(t.querySelectorAll(sel)).map(c => {
    const s = getComputedStyle(c);
    return {top: px(s.paddingTop), left: px(s.paddingLeft), border: px(s.borderTopWidth),
            borderStyle: s.borderTopStyle, align: s.textAlign};
  });
  const s = getComputedStyle(t);
  return {cls: t.className, border: px(s.borderTopWidth) + px(s.borderLeftWidth),
          th: cells("thead th"), td: cells("tbody tr:not(:first-child) td")};
})"""
_AXE = """() => axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
  .filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => v.id + " (" + v.impact + "): " + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")))"""


@pytest.fixture(scope="module")
def browser(browser: Any) -> Any:
    """The shared Chromium, once axe-core is there to run in it."""
    if not AXE.is_file():
        missing("axe-core is not installed: npm ci --prefix tests/axe (make test does it)")
    return browser


def _prefix(lang: str) -> str:
    return "" if lang == "de" else f"{lang}/"


def _loaded(page: Any, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') !== null")


def _axe(page: Any) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[str] = page.evaluate(_AXE)
    return found


@pytest.fixture(scope="module", params=sorted(PALETTES))
def survey(
    request: pytest.FixtureRequest,
    browser: Any,
    real_site_url: str,
    real_site: Path,
    published_corpus: Corpus,
) -> dict[str, Any]:
    """Every page once per palette: its scheme, its tables' computed styles, axe-core's serious and critical
    findings, where the first step's heading is; screenshots of the pages partners look at first."""
    palette = str(request.param)
    context = browser.new_context(viewport=FOLD, color_scheme=palette)
    page = context.new_page()
    advisories = {
        f"{_prefix(lang)}advisories/{a.id}/": (a.id, lang)
        for a in public_advisories(published_corpus)
        for lang in LANGS
    }
    shots = {
        f"{_prefix(lang)}{path}": f"site-{name}-{lang}"
        for lang in LANGS
        for path, name in (("", "home"), ("advisories/", "index"))
    }
    ARTIFACTS.mkdir(exist_ok=True)
    found: dict[str, Any] = {"palette": palette, "pages": {}}
    for rel in site_pages(real_site):
        _loaded(page, real_site_url + rel)
        entry: dict[str, Any] = {
            "scheme": page.get_attribute("body", "data-md-color-scheme"),
            "tables": page.evaluate(_TABLES),
            "axe": _axe(page),
        }
        if rel in advisories:
            box = page.locator("#step-1").bounding_box()
            entry["step"] = box
            adv_id, lang = advisories[rel]
            page.screenshot(path=str(ARTIFACTS / f"site-{adv_id}-{lang}-{palette}.png"))
        elif rel in shots:
            page.screenshot(path=str(ARTIFACTS / f"{shots[rel]}-{palette}.png"))
        found["pages"][rel] = entry
    context.close()
    return found


def test_every_page_of_both_languages_is_surveyed(survey: dict[str, Any], real_site: Path) -> None:
    pages = survey["pages"]
    assert set(pages) == set(site_pages(real_site))
    for lang in LANGS:
        assert any(rel.startswith(f"{_prefix(lang)}advisories/") for rel in pages)
    assert {p["scheme"] for p in pages.values()} == {PALETTES[survey["palette"]]}


def test_every_table_has_the_themes_look(survey: dict[str, Any]) -> None:
    """Border, padding and left-aligned headers, computed in the browser, on every table of every page."""
    problems = []
    count = 0
    for rel, entry in survey["pages"].items():
        for table in entry["tables"]:
            count += 1
            where = f"{rel} table.{table['cls'] or '(theme)'}"
            if table["border"] < 1:
                problems.append(f"{where}: no border")
            for th in table["th"]:
                if th["top"] < 6 or th["left"] < 8 or th["align"] not in ("left", "start"):
                    problems.append(f"{where}: header cell {th}")
            for td in table["td"]:
                if td["top"] < 6 or td["left"] < 8 or td["border"] < 0.5 or td["borderStyle"] != "solid":
                    problems.append(f"{where}: cell {td}")
    assert count > 0
    assert problems[:10] == [], f"{len(problems)} problems"


def test_the_first_step_is_above_the_fold(survey: dict[str, Any], published_corpus: Corpus) -> None:
    boxes = {rel: e["step"] for rel, e in survey["pages"].items() if "step" in e}
    assert len(boxes) == len(LANGS) * len(public_advisories(published_corpus))
    late = {
        rel: box
        for rel, box in boxes.items()
        if box is None or box["y"] < 0 or box["y"] + box["height"] > FOLD["height"]
    }
    assert late == {}


def test_no_serious_or_critical_accessibility_finding(survey: dict[str, Any]) -> None:
    found = {rel: e["axe"] for rel, e in survey["pages"].items() if e["axe"]}
    assert found == {}


# ---- the checkers ----


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _one_build_per_verdict(table: dict[str, Any]) -> dict[str, str]:
    """For a patch table: a build (or text) for each verdict its first advisory gives, found by the CLI's
    checker among every release's build, its neighbours, every product name and a word that is no build."""
    checker = Checker(table)
    candidates = ["kein Build / no build"]
    for product in table["products"]:
        candidates.append(product["name"])
        for release in product["releases"]:
            a, b, c, d = release["build"].split(".")
            candidates += [release["build"], f"{a}.{b}.{c}.{int(d) + 1}"]
    found: dict[str, str] = {}
    for build in candidates:
        result = checker.assess(build)
        shown = result.findings[0] if result.findings else result.overall
        found.setdefault(shown.verdict, build)
    return found


def _patch_table(real_site: Path, name: str) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(
        (real_site / "files" / "patch" / f"{name}.json").read_text(encoding="utf-8")
    )
    return data


def _badge(page: Any, selector: str) -> dict[str, str]:
    return dict(
        page.eval_on_selector(
            selector,
            "e => { const s = getComputedStyle(e); return {text: e.innerText.trim(), background: s.backgroundColor,"
            " color: s.color, verdict: e.getAttribute('data-verdict')}; }",
        )
    )


def _assert_colours(seen: dict[str, dict[str, str]], words: dict[str, str]) -> None:
    """Each verdict as its own word on its own colour, readable (4.5:1)."""
    assert len(seen) >= 3, f"the content gives only these verdicts: {sorted(seen)}"
    for verdict, badge in seen.items():
        assert badge["text"].endswith(words[f"verdict.{verdict}"]), (verdict, badge)
        assert contrast(badge["background"], badge["color"]) >= 4.5, (verdict, badge)
    backgrounds = [b["background"] for b in seen.values()]
    assert len(set(backgrounds)) == len(backgrounds), seen


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_the_advisory_checkers_show_each_verdict_in_colour_and_words(
    browser: Any, real_site_url: str, real_site: Path, published_corpus: Corpus, palette: str
) -> None:
    context = browser.new_context(viewport=FOLD, color_scheme=palette)
    page = context.new_page()
    for adv in public_advisories(published_corpus):
        table = _patch_table(real_site, adv.id)
        builds = _one_build_per_verdict(table)
        for lang in LANGS:
            _loaded(page, f"{real_site_url}{_prefix(lang)}advisories/{adv.id}/")
            page.wait_for_selector("[data-iocc-loaded]", state="attached", timeout=10_000)
            seen: dict[str, dict[str, str]] = {}
            for verdict, build in builds.items():
                page.fill("input[name=build]", build)
                page.press("input[name=build]", "Enter")
                badge = _badge(page, '[data-iocc-result] [data-field="verdict"]')
                assert badge["verdict"] == verdict, (adv.id, build, badge)
                seen[verdict] = badge
                if verdict == "vulnerable":
                    assert _axe(page) == []  # the box with a verdict shown reads as well as the page
                    shot = ARTIFACTS / f"site-{adv.id}-checker-{lang}-{palette}.png"
                    page.locator(".iocc-build-checker").screenshot(path=str(shot))
            _assert_colours(seen, table["messages"][lang])
    context.close()


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_the_fleet_checker_shows_each_verdict_in_colour_and_words(
    browser: Any, real_site_url: str, real_site: Path, palette: str
) -> None:
    table = _patch_table(real_site, "all")
    servers = "\n".join(
        f"server-{n},{build}" for n, build in enumerate(_one_build_per_verdict(table).values())
    )
    context = browser.new_context(viewport=FOLD, color_scheme=palette)
    page = context.new_page()
    for lang in LANGS:
        _loaded(page, f"{real_site_url}{_prefix(lang)}patch-status/")
        page.wait_for_selector("[data-iocc-loaded]", state="attached", timeout=10_000)
        page.fill("textarea[name=builds]", "server,build\n" + servers)
        page.press("textarea[name=builds]", "Control+Enter")
        page.wait_for_selector("[data-iocc-fleet-table] tbody tr")
        seen: dict[str, dict[str, str]] = {}
        for n in range(page.locator("[data-iocc-fleet-table] span[data-verdict]").count()):
            badge = _badge(page, f"[data-iocc-fleet-table] span[data-verdict] >> nth={n}")
            seen.setdefault(badge["verdict"], badge)
        _assert_colours(seen, table["messages"][lang])
        assert _axe(page) == []
        page.screenshot(path=str(ARTIFACTS / f"site-checker-{lang}-{palette}.png"), full_page=True)
    context.close()


# ---- printing ----


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())


def _printed_facts(adv: Advisory, lang: Lang) -> list[str]:
    facts = [f"{labels(lang)['step']} {n}: {s.title[lang]}" for n, s in enumerate(adv.steps, start=1)]
    facts += [v.cve for v in adv.vulnerabilities]
    facts += [p.product.name for p in adv.affected]
    facts += [row.update.build for p in adv.affected for row in update_rows(adv, p.product)]
    return [" ".join(f.split()) for f in facts]


def test_printing_an_advisory_gives_steps_builds_and_cves_without_navigation(
    browser: Any, real_site_url: str, published_corpus: Corpus
) -> None:
    page = browser.new_page(viewport=FOLD)
    ARTIFACTS.mkdir(exist_ok=True)
    for adv in public_advisories(published_corpus):
        for lang in LANGS:
            t = labels(lang)
            _loaded(page, f"{real_site_url}{_prefix(lang)}advisories/{adv.id}/")
            printed = page.pdf(format="A4")
            (ARTIFACTS / f"site-{adv.id}-{lang}.pdf").write_bytes(printed)
            pages, text = _pdf_text(printed)
            page.emulate_media(media="screen")
            screen_pages, _ = _pdf_text(page.pdf(format="A4"))
            page.emulate_media(media="print")
            assert 1 <= pages <= MAX_PRINTED_PAGES, (adv.id, lang, pages)
            assert pages < screen_pages, (adv.id, lang, pages, screen_pages)
            missing_facts = [f for f in _printed_facts(adv, lang) if f not in text]
            assert missing_facts == [], (adv.id, lang)
            assert text.index(_printed_facts(adv, lang)[0]) < text.index(adv.vulnerabilities[0].cve + ":")
            site_name = page.title().rsplit(" - ", 1)[-1]
            for absent in (
                site_name,
                t["mail"],
                t["downloads"],
                t["checker"],
                "[NAME EINFÜGEN]",
                "[INSERT NAME]",
            ):
                assert absent not in text, (adv.id, lang, absent)
    page.close()
