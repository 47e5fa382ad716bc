"""Rendering the mail templates: a sandboxed Jinja2 environment, compiled once, strict about names.

The templates are ours; the advisory's text only ever arrives as values in the context, so text
such as `{{ 7*7 }}` is printed as it stands and never evaluated. The sandbox still guards the
templates themselves (no attribute tricks into Python internals), `StrictUndefined` turns every
misspelt or missing name into an error, and `.html` templates autoescape everything that is not
the sanitised HTML of a Markdown field. One template per audience and format serves every language: its
words are messages of the catalog (`{{ _("intro") }}`, area `mail.<audience>`). A template error becomes a `TemplateError` that names
the template file and line; the emitter reports it as a diagnostic.
"""

from __future__ import annotations

import traceback
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from compiler import package_path
from compiler.i18n.catalog import MissingMessage, catalog
from compiler.outputs.email.view import Audience, MailView
from compiler.outputs.email.wrap import wrap

__all__ = ["TEMPLATE_DIR", "Format", "TemplateError", "environment", "render_view", "template_name"]

Format = Literal["txt", "html"]
FORMATS: Final[tuple[Format, ...]] = ("txt", "html")
TEMPLATE_DIR: Final = package_path("templates", "email")
_PACKAGE: Final = package_path().parent


class TemplateError(Exception):
    """A template is missing, is not valid Jinja2, or asks for something the context lacks."""

    def __init__(self, code: str, template: str, line: int, message: str) -> None:
        super().__init__(f"{template}:{line}: {message}")
        self.code = code  # IOC550 (unknown name or field) or IOC551 (missing or invalid template)
        self.template = template  # path relative to the repository root when inside it
        self.line = line
        self.message = message


def template_name(audience: Audience, fmt: Format) -> str:
    """One template per audience and format; its words come from the catalog area `mail.<audience>`."""
    return f"{audience}.{fmt}.j2"


@jinja2.pass_context
def translate(context: Context, message: str, /, **values: object) -> str:
    """`{{ _("name", value=...) }}`: the message of the mail's language with its placeholders filled in.

    The catalog is ours, like the templates, so in an HTML mail its text is markup as written there, while
    the values are escaped as any `{{ value }}` would be (Markup.format escapes its arguments)."""
    text: str = context["t"][message]
    if context.eval_ctx.autoescape:
        return Markup(text).format(**values)
    return text.format(**values)


@lru_cache(maxsize=8)
def environment(template_dir: Path = TEMPLATE_DIR) -> SandboxedEnvironment:
    """One environment per template folder; each template is compiled once and cached in it."""
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(template_dir), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=64,
    )
    env.globals["_"] = translate
    return env


def _display(path: str | Path) -> str:
    p = Path(path).resolve()
    try:
        return p.relative_to(_PACKAGE).as_posix()
    except ValueError:
        return p.as_posix()


def _template_line(exc: BaseException, template_dir: Path) -> tuple[str, int] | None:
    """The innermost traceback frame that lies in a template (Jinja2 rewrites frames to template lines)."""
    root = str(template_dir.resolve())
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(root) and frame.lineno:
            found = (frame.filename, frame.lineno)
    return found


def render_view(view: MailView, fmt: Format, template_dir: Path = TEMPLATE_DIR) -> str:
    """The mail body in one format. Plain text comes back wrapped at 72 columns."""
    env = environment(template_dir)
    name = template_name(view.audience, fmt)
    try:
        template = env.get_template(name)
        out = template.render(m=view, ui=view.ui, t=catalog(view.lang, f"mail.{view.audience}"))
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or str(template_dir / name)
        raise TemplateError(
            "IOC551", _display(where), exc.lineno or 1, f"template syntax: {exc.message}"
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            "IOC551", _display(template_dir / name), 1, f"template not found: {exc.name}"
        ) from exc
    except (jinja2.UndefinedError, SecurityError, MissingMessage) as exc:
        frame = _template_line(exc, template_dir)
        path, line = frame if frame else (str(template_dir / name), 1)
        raise TemplateError("IOC550", _display(path), line, f"{type(exc).__name__}: {exc}") from exc
    return wrap(out) if fmt == "txt" else out
