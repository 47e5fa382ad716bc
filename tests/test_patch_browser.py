"""The site's build checker (site/assets/javascripts/build-checker.js) gives the CLI's verdicts.

A small page with the checker's template, its script and the published patch table is served on
127.0.0.1 and driven in Chromium: the script's `Checker` is compared with compiler.products on several
hundred builds (both languages, every field), and the form on a sample of them.
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

from compiler.outputs.patch import table_bytes
from compiler.products import Checker, compile_table
from tests.corpus_fixtures import REPO
from tests.patch_support import advisory, fact_advisories
from tests.test_patch import CASES
from tests.tools import missing

SCRIPT = REPO / "site" / "assets" / "javascripts" / "build-checker.js"
TEMPLATE = REPO / "compiler" / "templates" / "site" / "build-checker.html.j2"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


def sample_builds(table: dict[str, Any], count: int = 300, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    builds = list(CASES)
    for product in table["products"]:
        for row in product["rows"]:
            for b in filter(None, (row["build"], row["fixed_build"])):
                a, c, d, e = b.split(".")
                builds += [
                    b,
                    f"{a}.{c}.{d}.{int(e) - 1}",
                    f"{a}.{c}.{d}.{int(e) + 1}",
                    f"Version {a}.{c} (Build {d}.{e})",
                ]
        for r in product["fixed_releases"]:
            builds.append(r["build"])
    prefixes = [p["prefix"] for p in table["products"]] + ["14.2", "15.3"]
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
    if not Path(CHROMIUM).is_file():
        missing(f"{CHROMIUM} is not installed")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _page_html(advisory_id: str, lang: str) -> str:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    snippet = env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        advisory_id=advisory_id, lang=lang, data_url=f"files/patch/{advisory_id}.json", root="./"
    )
    return f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>t</title><body>{snippet}<script src="build-checker.js"></script></body></html>'


@pytest.fixture(scope="module", params=[*(a.id for a in fact_advisories()), "synthetic"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, Any]]]:
    real = {a.id: a for a in fact_advisories()}
    adv = real[request.param] if request.param in real else advisory()
    table = compile_table(adv)
    root = tmp_path_factory.mktemp(f"site-{request.param}")
    shutil.copy(SCRIPT, root / "build-checker.js")
    (root / "files" / "patch").mkdir(parents=True)
    (root / "files" / "patch" / f"{adv.id}.json").write_bytes(table_bytes(table))
    for lang in ("en", "de"):
        (root / f"{lang}.html").write_text(_page_html(adv.id, lang), encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
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
    return {
        "assessment": dataclasses.asdict(a),
        "en": dataclasses.asdict(checker.describe(a, "en")),
        "de": dataclasses.asdict(checker.describe(a, "de")),
    }


_JS = """([url, builds]) => fetch(url).then(r => r.json()).then(table => {
  const checker = new window.ioccBuildChecker.Checker(table);
  return builds.map(b => { const a = checker.assess(b);
    return {assessment: a, en: checker.describe(a, "en"), de: checker.describe(a, "de")}; });
})"""


def test_script_gives_the_cli_verdicts(browser: Any, served: tuple[str, dict[str, Any]]) -> None:
    base, table = served
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(f"{base}/en.html")
    page.wait_for_selector("[data-iocc-loaded]", state="attached", timeout=10_000)
    builds = sample_builds(table)
    got = page.evaluate(_JS, [f"files/patch/{table['advisory']}.json", builds])
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
    checker = Checker(table)
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
        words = checker.describe(checker.assess(build), lang)
        result = page.locator("[data-iocc-result]")
        assert result.locator('[data-field="verdict"]').inner_text() == words.verdict
        assert result.locator('[data-field="reason"]').inner_text() == words.reason
        if words.action:
            assert result.locator('[data-field="action"]').inner_text() == words.action
        assert result.get_attribute("data-verdict") == checker.assess(build).verdict
    assert page.locator("b").count() == 0, "input is shown as text, never as markup"
    page.close()
