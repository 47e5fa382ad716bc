"""The build checkers: one on each advisory page (that advisory, one build) and the fleet page (every
advisory, many builds or an inventory CSV).

They live in `compiler/templates/site/build-checker.html.j2` and `fleet-checker.html.j2` (HTML, rendered
here with a sandboxed, autoescaping Jinja2 and StrictUndefined) and read `dist/patch/<advisory>.json` and
`dist/patch/all.json`, which the site copies with the other downloads. A template gets `lang`, `t` (its words: catalog area `checker`), `data_url`
(relative URL of its JSON from the page, or "" when it was not built) and `root` (relative URL of the site
root); the advisory's also `advisory_id` and `fleet_url`. Without a template the page has no checker; the
build tables are there either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from compiler import package_path
from compiler.corpus.model import Advisory
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.i18n.catalog import catalog
from compiler.site.downloads import Download
from compiler.site.page import DEFAULT_LANG, PageSpot

TEMPLATE: Final = Path("compiler/templates/site/build-checker.html.j2")
FLEET_TEMPLATE: Final = Path("compiler/templates/site/fleet-checker.html.j2")
TEMPLATE_DIR = package_path("templates", "site")
FLEET_STEM: Final = "patch-status"


def page_url(spot: PageSpot, stem: str) -> str:
    """The relative URL from `spot` to another generated page of the same language."""
    return spot.root + ("" if spot.lang == DEFAULT_LANG else f"{spot.lang}/") + f"{stem}/"


def render_checker(
    adv: Advisory, downloads: tuple[Download, ...], spot: PageSpot, root: Path
) -> tuple[str | None, tuple[Diagnostic, ...]]:
    data = next((d for d in downloads if d.path == f"patch/{adv.id}.json"), None)
    return _render(
        TEMPLATE,
        advisory_id=adv.id,
        lang=spot.lang,
        data_url=spot.root + data.site_path if data else "",
        fleet_url=page_url(spot, FLEET_STEM),
        root=spot.root,
    )


def render_fleet_checker(
    downloads: tuple[Download, ...], spot: PageSpot
) -> tuple[str | None, tuple[Diagnostic, ...]]:
    data = next((d for d in downloads if d.path == "patch/all.json"), None)
    return _render(
        FLEET_TEMPLATE, lang=spot.lang, data_url=spot.root + data.site_path if data else "", root=spot.root
    )


def _render(template: Path, *, lang: str, **values: str) -> tuple[str | None, tuple[Diagnostic, ...]]:
    path = TEMPLATE_DIR / template.name
    if not path.is_file():
        return None, ()
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    try:
        html = env.from_string(path.read_text(encoding="utf-8")).render(
            lang=lang, t=catalog(lang, "checker"), **values
        )
    except TemplateError as exc:
        line = getattr(exc, "lineno", None) or _template_line(exc) or 1
        where = Location(path=template.as_posix(), line=line)
        return None, (diagnostic("IOC582", where, f"the build checker template failed: {exc}"),)
    # Raw HTML must stay one block for Markdown: no blank lines inside it.
    return "\n".join(line for line in html.splitlines() if line.strip()), ()


def _template_line(exc: BaseException) -> int | None:
    """The template line of a render-time error: Jinja2 rewrites the traceback so that the template's own
    frame carries its line number (a syntax error carries `lineno` instead)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
