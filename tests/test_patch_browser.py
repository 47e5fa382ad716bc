"""The site's build checker (site/assets/javascripts/build-checker.js) gives the CLI's verdicts.

Small pages with the checkers' templates, their script and the published patch tables are served on
127.0.0.1 and driven in Chromium: the script's `Checker` is compared with compiler.products on several
hundred builds (both languages, every field, every advisory), the advisory box's form on a sample, and the
fleet page on an inventory.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import random
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from compiler.i18n.catalog import catalog
from compiler.outputs.patch import table_bytes
from compiler.pipeline import load_corpus
from compiler.products import Checker, compile_table
from tests.corpus_fixtures import REPO
from tests.patch_support import CASES, CATALOG, both

SCRIPT = REPO / "site" / "assets" / "javascripts" / "build-checker.js"
TEMPLATE = REPO / "compiler" / "templates" / "site" / "build-checker.html.j2"
FLEET_TEMPLATE = REPO / "compiler" / "templates" / "site" / "fleet-checker.html.j2"


def sample_builds(table: dict[str, Any], count: int = 400, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    builds = list(CASES)
    for product in table["products"]:
        builds.append(product["name"])
        for release in product["releases"]:
            a, c, d, e = release["build"].split(".")
            builds += [release["build"], f"{a}.{c}.{d}.{int(e) + 1}", f"Version {a}.{c} (Build {d}.{e})"]
            if int(e) > 0:
                builds.append(f"{a}.{c}.{d}.{int(e) - 1}")
    prefixes = [x for p in table["products"] for x in p["prefixes"]] + ["14.2", "15.3"]
    alphabet = "0123456789. VersionBuild()\t-x"
    while len(builds) < count:
        roll = rng.random()
        if roll < 0.6:
            builds.append(f"{rng.choice(prefixes)}.{rng.randint(0, 3000)}.{rng.randint(0, 40)}")
        elif roll < 0.8:
            builds.append(f"{rng.choice(prefixes)}.{rng.randint(0, 3000)}")
        else:
            builds.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))))
    return builds


def _page_html(template: Path, lang: str, **values: str) -> str:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    snippet = env.from_string(template.read_text(encoding="utf-8")).render(
        lang=lang, t=catalog(lang, "checker"), root="./", **values
    )
    return f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>t</title><body>{snippet}<script src="build-checker.js"></script></body></html>'


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module", params=["real", "synthetic"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, Any]]]:
    if request.param == "real":
        corpus = load_corpus(REPO)
        table = compile_table([a for a in corpus.advisories if a.status == "final"], "all", corpus.products)
    else:
        table = compile_table(both(), "all", CATALOG)
    first = table["advisories"][0]["id"]
    root = tmp_path_factory.mktemp(f"site-{request.param}")
    shutil.copy(SCRIPT, root / "build-checker.js")
    (root / "files" / "patch").mkdir(parents=True)
    (root / "files" / "patch" / "all.json").write_bytes(table_bytes(table))
    one = {**table, "scope": first, "advisories": table["advisories"][:1]}
    (root / "files" / "patch" / f"{first}.json").write_bytes(table_bytes(one))
    for lang in ("en", "de"):
        page = _page_html(
            TEMPLATE, lang, advisory_id=first, data_url=f"files/patch/{first}.json", fleet_url="fleet/"
        )
        (root / f"{lang}.html").write_text(page, encoding="utf-8")
        fleet = _page_html(FLEET_TEMPLATE, lang, data_url="files/patch/all.json")
        (root / f"fleet-{lang}.html").write_text(fleet, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", table
    finally:
        server.shutdown()
        server.server_close()


def _python(checker: Checker, build: str) -> dict[str, Any]:
    a = checker.assess(build)
    found: dict[str, Any] = json.loads(json.dumps(dataclasses.asdict(a)))
    for lang in ("en", "de"):
        found[lang] = [dataclasses.asdict(checker.describe(f, lang)) for f in (a.overall, *a.findings)]
    return found


_JS = """([url, builds]) => fetch(url).then(r => r.json()).then(table => {
  const checker = new window.ioccBuildChecker.Checker(table);
  return builds.map(b => { const a = checker.assess(b);
    for (const lang of ["en", "de"]) { a[lang] = [a.overall, ...a.findings].map(f => checker.describe(f, lang)); }
    return a; });
})"""


def test_script_gives_the_cli_verdicts(browser: Any, served: tuple[str, dict[str, Any]]) -> None:
    base, table = served
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(f"{base}/en.html")
    page.wait_for_selector("[data-iocc-loaded]", state="attached", timeout=10_000)
    builds = sample_builds(table)
    got = page.evaluate(_JS, ["files/patch/all.json", builds])
    checker = Checker(table)
    offenders = []
    for build, js in zip(builds, got, strict=True):
        want = _python(checker, build)
        if js != want:
            offenders.append(
                f"{build!r}:\n  js  {json.dumps(js, ensure_ascii=False)}\n  py  {json.dumps(want, ensure_ascii=False)}"
            )
    assert not offenders, f"{len(offenders)} of {len(builds)} differ:\n" + "\n".join(offenders[:5])
    assert all(url.startswith(base) for url in requests), requests
    page.close()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_form_shows_the_verdict(browser: Any, served: tuple[str, dict[str, Any]], lang: str) -> None:
    base, table = served
    one = {**table, "advisories": table["advisories"][:1]}
    checker = Checker(one)
    page = browser.new_page()
    page.goto(f"{base}/{lang}.html")
    page.wait_for_selector("[data-iocc-loaded]", state="attached", timeout=10_000)
    for build in [
        "15.1.2176.2",
        "Version 15.2 (Build 858.5)",
        "14.3.509.0",
        "Exchange Online",
        "15.1.2176",
        "<b>x</b>",
    ]:
        page.fill("input[name=build]", build)
        page.click("button[type=submit]")
        found = checker.assess(build)
        shown = found.findings[0] if found.findings else found.overall
        words = checker.describe(shown, lang)
        result = page.locator("[data-iocc-result]")
        assert result.locator('[data-field="verdict"]').inner_text() == words.verdict
        assert result.locator('[data-field="reason"]').inner_text() == words.reason
        if words.action:
            assert result.locator('[data-field="action"]').inner_text() == words.action
        assert result.get_attribute("data-verdict") == shown.verdict
    assert page.locator("b").count() == 0, "input is shown as text, never as markup"
    assert page.locator("a[href='fleet/']").count() == 1, "the box points to the fleet page"
    page.close()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_fleet_page_checks_an_inventory(browser: Any, served: tuple[str, dict[str, Any]], lang: str) -> None:
    base, table = served
    checker = Checker(table)
    servers = [("mx01", "15.1.2176.2"), ("mx02", "Version 15.2 (Build 858.5)"), ("old", "14.3.509.0"),
               ("cloud", "Exchange Online"), ("<i>x</i>", "15.1.2176")]  # fmt: skip
    page = browser.new_page()
    page.goto(f"{base}/fleet-{lang}.html")
    page.wait_for_selector("[data-iocc-loaded]", state="attached", timeout=10_000)
    page.fill("textarea[name=builds]", "server;build\n" + "\n".join(f"{s};{b}" for s, b in servers))
    page.click("button[type=submit]")
    rows = page.locator("[data-iocc-fleet-table] tbody tr")
    assert rows.count() == len(servers)
    heads = page.locator("[data-iocc-fleet-table] thead th")
    assert heads.count() == 5 + len(table["advisories"])
    for n, (server, build) in enumerate(servers):
        found = checker.assess(build)
        row = rows.nth(n)
        assert row.get_attribute("data-verdict") == found.verdict
        assert row.locator("td").nth(0).inner_text() == server
        badges = row.locator("[data-verdict]")
        want = (
            [found.overall.verdict] + [f.verdict for f in found.findings]
            if found.findings
            else [found.overall.verdict] * (1 + len(table["advisories"]))
        )
        assert [badges.nth(i).get_attribute("data-verdict") for i in range(badges.count())] == want
    summary = page.locator("[data-iocc-summary]").inner_text()
    assert summary.startswith(checker.messages[lang]["summary.checked"].replace("{count}", str(len(servers))))
    assert page.locator("i").count() == 0, "input is shown as text, never as markup"
    page.close()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_both_checkers_work_from_the_keyboard(
    browser: Any, served: tuple[str, dict[str, Any]], lang: str
) -> None:
    """Tab reaches the field and the button; Enter checks one build, Ctrl+Enter checks the list."""
    base, table = served
    checker = Checker({**table, "advisories": table["advisories"][:1]})
    page = browser.new_page()
    page.goto(f"{base}/{lang}.html")
    page.wait_for_selector("[data-iocc-loaded]", state="attached", timeout=10_000)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "build"
    build = next(iter(CASES))
    page.keyboard.type(build)
    page.keyboard.press("Enter")
    found = checker.assess(build)
    shown = found.findings[0] if found.findings else found.overall
    verdict = page.locator('[data-iocc-result] [data-field="verdict"]')
    assert verdict.get_attribute("data-verdict") == shown.verdict
    assert verdict.inner_text() == checker.describe(shown, lang).verdict  # the word, not a colour alone
    assert "iocc-verdict--" + shown.verdict.replace(" ", "-") in str(verdict.get_attribute("class"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.goto(f"{base}/fleet-{lang}.html")
    page.wait_for_selector("[data-iocc-loaded]", state="attached", timeout=10_000)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "builds"
    page.keyboard.type("mx01,15.1.2176.2")
    page.keyboard.press("Enter")  # a new line in the list, not a check
    page.keyboard.type("mx02,14.3.509.0")
    assert page.locator("[data-iocc-fleet-table] tbody tr").count() == 0
    page.keyboard.press("Control+Enter")
    assert page.locator("[data-iocc-fleet-table] tbody tr").count() == 2
    page.close()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_fleet_page_reads_an_uploaded_inventory(
    browser: Any, served: tuple[str, dict[str, Any]], lang: str, tmp_path: Path
) -> None:
    base, table = served
    checker = Checker(table)
    servers = [("mx01", "15.1.2176.2"), ("mx02", "Version 15.2 (Build 858.5)"), ("old", "14.3.509.0")]
    inventory = tmp_path / "servers.csv"
    inventory.write_text(
        "\ufeffserver;build\r\n" + "".join(f"{s};{b}\r\n" for s, b in servers), encoding="utf-8"
    )
    page = browser.new_page()
    page.goto(f"{base}/fleet-{lang}.html")
    page.wait_for_selector("[data-iocc-loaded]", state="attached", timeout=10_000)
    page.set_input_files("input[type=file][name=inventory]", str(inventory))
    rows = page.locator("[data-iocc-fleet-table] tbody tr")
    rows.first.wait_for(timeout=10_000)
    assert rows.count() == len(servers)
    for n, (server, build) in enumerate(servers):
        assert rows.nth(n).locator("td").nth(0).inner_text() == server
        assert rows.nth(n).get_attribute("data-verdict") == checker.assess(build).overall.verdict
    assert "mx02" in page.input_value("textarea[name=builds]")  # what was read stays to look at and edit
    page.close()
