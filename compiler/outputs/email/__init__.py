"""Customer and partner mails in German and English, rendered from one advisory.

`compose()` renders one mail (one advisory, language and audience) as plain text, HTML and a
MIME draft; the `email` emitter calls it for every combination and `iocc email` for one
recipient, with the name and signature filled in instead of the placeholders.

    view.py    the values a template sees (localised, Markdown rendered twice, one-line headers)
    markup.py  Markdown -> plain text and sanitised HTML
    render.py  the sandboxed, strict Jinja2 environment; template errors with file and line
    wrap.py    72-column wrapping that never breaks a URL
    mime.py    the deterministic multipart/alternative .eml
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from compiler.corpus.model import Advisory
from compiler.corpus.vocab import Lang
from compiler.i18n import ui
from compiler.outputs.email.mime import to_eml
from compiler.outputs.email.render import FORMATS, TEMPLATE_DIR, TemplateError, render_view, template_name
from compiler.outputs.email.view import AUDIENCES, Audience, Finding, build_view
from compiler.outputs.email.words import placeholders

__all__ = [
    "AUDIENCES",
    "FORMATS",
    "TEMPLATE_DIR",
    "Audience",
    "Finding",
    "Mail",
    "MailFormat",
    "TemplateError",
    "compose",
    "placeholders",
    "template_name",
]

MailFormat = Literal["txt", "html", "eml"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Mail:
    advisory_id: str
    lang: Lang
    audience: Audience
    subject: str  # one line
    text: str  # wrapped at 72 columns, final newline
    html: str
    preheader: str = ""  # one line: what a mail client shows after the subject (the HTML part carries it)
    draft_hint: str | None = None  # the line above a draft with placeholders (in the HTML part only)
    findings: tuple[Finding, ...] = ()

    def file(self, fmt: MailFormat) -> bytes:
        """The bytes of one output file. The .txt starts with the subject and the preheader, one line each,
        to copy into a mail client or a mailing tool."""
        if fmt == "txt":
            words = ui(self.lang)
            head = f"{words['subject']}: {self.subject}\n{words['preheader']}: {self.preheader}"
            return f"{head}\n\n{self.text}".encode()
        if fmt == "html":
            return self.html.encode("utf-8")
        return to_eml(subject=self.subject, text=self.text, html=self.html, lang=self.lang)

    def path(self, fmt: MailFormat) -> str:
        """Where the file goes, relative to dist/."""
        return f"email/{self.lang}/{self.advisory_id}.{self.audience}.{fmt}"


def compose(
    adv: Advisory,
    lang: Lang,
    audience: Audience,
    *,
    name: str | None = None,
    signature: str | None = None,
    template_dir: Path = TEMPLATE_DIR,
    preview: bool = False,
    site_url: str = "",
) -> Mail:
    """Render one mail. Without `name` and `signature` the placeholders stay in (the HTML marks them and says
    above the greeting what goes there); `preview` (a preview build) puts PREVIEW in front of the subject;
    with `site_url` the partner mail links the advisory's page.

    Raises TemplateError when a template is missing, invalid or asks for an unknown name.
    """
    view, findings = build_view(
        adv, lang, audience, name=name, signature=signature, preview=preview, site_url=site_url
    )
    return Mail(
        advisory_id=adv.id,
        lang=lang,
        audience=audience,
        subject=view.subject,
        text=render_view(view, "txt", template_dir),
        html=render_view(view, "html", template_dir),
        preheader=view.preheader,
        draft_hint=view.draft_hint,
        findings=findings,
    )
