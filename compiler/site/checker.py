"""The build checker on an advisory page, when the patch-status work has provided one.

It lives in `compiler/templates/site/build-checker.html.j2` (HTML, rendered here with a sandboxed,
autoescaping Jinja2 and StrictUndefined) and reads `dist/patch/<advisory>.json`, which the site
copies with the other downloads. The template gets: `advisory_id`, `lang`, `data_url` (relative URL
of that JSON from the page, or "" when it was not built) and `root` (relative URL of the site root).
Without the template the page simply has no checker; the CU table is there either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from compiler import package_path
from compiler.corpus.model import Advisory
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.site.downloads import Download
from compiler.site.page import PageSpot

TEMPLATE: Final = Path("compiler/templates/site/build-checker.html.j2")
TEMPLATE_DIR = package_path("templates", "site")


def render_checker(
    adv: Advisory, downloads: tuple[Download, ...], spot: PageSpot, root: Path
) -> tuple[str | None, tuple[Diagnostic, ...]]:
    path = TEMPLATE_DIR / TEMPLATE.name
    if not path.is_file():
        return None, ()
    data = next((d for d in downloads if d.path == f"patch/{adv.id}.json"), None)
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    try:
        html = env.from_string(path.read_text(encoding="utf-8")).render(
            advisory_id=adv.id,
            lang=spot.lang,
            data_url=spot.root + data.site_path if data else "",
            root=spot.root,
        )
    except TemplateError as exc:
        line = getattr(exc, "lineno", None) or _template_line(exc) or 1
        where = Location(path=TEMPLATE.as_posix(), line=line)
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
