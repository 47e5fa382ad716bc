"""What a mail template sees: one advisory in one language, already localised and rendered.

Templates never touch the model. They get plain values (strings, tuples, small frozen records)
in which every Markdown field is rendered twice, as plain text and as sanitised HTML, every date
is formatted for the language by Babel, and every line that could reach a header is one line.
Anything the mail had to change on the way (a line break in a subject, an unsafe link) becomes a
`Finding` with the JSON pointer of the field, which the emitter turns into a located diagnostic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from markupsafe import Markup

from compiler.corpus.model import Advisory, Text
from compiler.corpus.vocab import Lang, Tlp
from compiler.i18n import format_date, format_number, severity_label, ui
from compiler.outputs.email.markup import clean, one_line, render, safe_url
from compiler.outputs.email.words import draft_hint, placeholders, preheader_sentence
from compiler.outputs.siteinfo import advisory_url
from compiler.products.rows import included_rows, kbs, short_name

Audience = Literal["customer", "partner"]
AUDIENCES: Final[tuple[Audience, ...]] = ("customer", "partner")


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    code: str
    pointer: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """A Markdown field: `text` as logical plain-text lines, `html` as a sanitised fragment."""

    text: str
    html: Markup
    inline_html: Markup  # without the surrounding paragraph when the field is one paragraph


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedIn:
    cu: str
    build: str
    released: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Product:
    name: str
    kbs: tuple[str, ...]
    fixed_in: tuple[FixedIn, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Unaffected:
    name: str
    reason: Field


@dataclass(frozen=True, slots=True, kw_only=True)
class Vuln:
    cve: str
    title: str
    score: str
    exploited: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class StepView:
    number: int
    kind: str
    title: str
    body: Field
    customer_body: Field | None  # what the customer mail says for this step, when the advisory words it
    priority: Field | None
    customer_priority: Field | None  # the priority in the customer mail's words (else it shows none)


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    title: str
    url: str | None  # None when the target is not one a mail may link to


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateView:
    date: str
    title: str
    body: Field


@dataclass(frozen=True, slots=True, kw_only=True)
class MailView:
    id: str
    lang: Lang
    audience: Audience
    subject: str
    preheader: str  # the line a mail client shows after the subject in the inbox
    title: str
    severity: str
    tlp: str | None  # "TLP:GREEN" etc.; None for TLP:CLEAR
    published: str
    as_of: str
    summary: Field
    exploited: bool
    vulnerabilities: tuple[Vuln, ...]
    affected: tuple[Product, ...]
    not_affected: tuple[Unaffected, ...]
    steps: tuple[StepView, ...]
    resources: tuple[Link, ...]
    latest: UpdateView | None
    name: str
    signature: tuple[str, ...]  # lines
    name_placeholder: bool  # the name is still the placeholder (the HTML marks it)
    signature_placeholder: bool
    draft_hint: str | None  # one line above a draft that still holds placeholders (HTML only)
    page_url: str  # the advisory's page on the partner site; "" without a site
    ui: Mapping[str, str]


PREVIEW_MARK = "[PREVIEW]"


class _Collector:
    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.findings: list[Finding] = []

    def field(self, text: Text, pointer: str) -> Field:
        rendered = render(text[self.lang])
        for url in rendered.dropped:
            self.findings.append(
                Finding(
                    code="IOC553",
                    pointer=f"{pointer}/{self.lang}",
                    message=f"the link to {url!r} is not http, https or mailto; the mail shows only its text",
                )
            )
        return Field(text=rendered.text, html=Markup(rendered.html), inline_html=Markup(rendered.inline_html))

    def line(self, text: Text | str, pointer: str, what: str) -> str:
        raw = text if isinstance(text, str) else text[self.lang]
        if "\n" in raw or "\r" in raw:
            self.findings.append(
                Finding(
                    code="IOC552",
                    pointer=pointer if isinstance(text, str) else f"{pointer}/{self.lang}",
                    message=f"the {what} holds a line break; the mail joins it into one line",
                )
            )
        return one_line(raw)


def subject_of(adv: Advisory, lang: Lang, audience: Audience) -> tuple[Text, str]:
    """The subject source and its pointer: the customer mail's own subject when set, else the title."""
    if audience == "customer" and adv.email_subject is not None:
        return adv.email_subject, "/email/subject"
    return adv.title, "/title"


def build_view(
    adv: Advisory,
    lang: Lang,
    audience: Audience,
    *,
    name: str | None = None,
    signature: str | None = None,
    preview: bool = False,
    site_url: str = "",
) -> tuple[MailView, tuple[Finding, ...]]:
    c = _Collector(lang)
    tlp = None if adv.tlp == Tlp.CLEAR else f"TLP:{adv.tlp.value.upper()}"
    subject_text, subject_pointer = subject_of(adv, lang, audience)
    subject = c.line(subject_text, subject_pointer, "mail subject")
    if tlp:
        subject = f"[{tlp}] {subject}"
    if preview:  # a preview build (--include-drafts): never to be sent as it is
        subject = f"{PREVIEW_MARK} {subject}"
    # the latest update by date (updates are kept oldest first; the index breaks ties)
    n = max(range(len(adv.updates)), key=lambda i: (adv.updates[i].date, i)) if adv.updates else -1
    latest = adv.updates[n] if adv.updates else None
    sig_lines = tuple(clean(signature).strip("\n").split("\n")) if signature and signature.strip() else ()
    holders = placeholders(lang)
    name_placeholder = not (name and name.strip())
    severity = severity_label(adv.severity, lang)
    as_of = format_date(latest.date if latest else adv.modified, lang)
    if audience == "customer" and adv.email_preheader is not None:
        preheader = c.line(adv.email_preheader, "/email/preheader", "mail preheader")
    else:
        preheader = preheader_sentence(lang, audience).format(
            severity=severity, as_of=as_of, steps=len(adv.steps)
        )
        preheader = preheader[:1].upper() + preheader[1:]
    view = MailView(
        id=adv.id,
        lang=lang,
        audience=audience,
        subject=subject,
        title=c.line(adv.title, "/title", "title"),
        preheader=preheader,
        severity=severity,
        tlp=tlp,
        published=format_date(adv.published, lang),
        as_of=as_of,
        summary=c.field(adv.summary, "/summary"),
        exploited=any(v.exploited for v in adv.vulnerabilities),
        vulnerabilities=tuple(
            Vuln(
                cve=v.cve,
                title=c.line(v.title, f"/vulnerabilities/{i}/title", "vulnerability title"),
                score=format_number(v.cvss.base_score, lang),
                exploited=v.exploited,
            )
            for i, v in enumerate(adv.vulnerabilities)
        ),
        affected=tuple(
            Product(
                name=c.line(p.product.name, f"/products/affected/{i}/product", "product name"),
                kbs=kbs(adv, p.product),
                fixed_in=tuple(
                    FixedIn(
                        cu=short_name(r.release, p.product),
                        build=r.release.build,
                        released=format_date(r.release.released, lang),
                    )
                    for r in included_rows(adv, p.product)
                ),
            )
            for i, p in enumerate(adv.affected)
        ),
        not_affected=tuple(
            Unaffected(
                name=c.line(p.product.name, f"/products/not_affected/{i}/product", "product name"),
                reason=c.field(p.reason, f"/products/not_affected/{i}/reason"),
            )
            for i, p in enumerate(adv.not_affected)
        ),
        steps=tuple(
            StepView(
                number=i + 1,
                kind=s.kind,
                title=c.line(s.title, f"/steps/{i}/title", "step title"),
                body=c.field(s.body, f"/steps/{i}/body"),
                customer_body=c.field(s.customer_body, f"/steps/{i}/customer_body")
                if s.customer_body
                else None,
                priority=c.field(s.priority, f"/steps/{i}/priority") if s.priority else None,
                customer_priority=c.field(s.customer_priority, f"/steps/{i}/customer_priority")
                if s.customer_priority
                else None,
            )
            for i, s in enumerate(adv.steps)
        ),
        resources=tuple(
            _link(c, r.title, r.url, f"/resources/{i}")
            for i, r in enumerate(adv.resources)
            if audience != "customer" or r.audience == "customer"
        ),
        latest=UpdateView(
            date=format_date(latest.date, lang),
            title=c.line(latest.title, f"/updates/{n}/title", "update title"),
            body=c.field(latest.body, f"/updates/{n}/body"),
        )
        if latest
        else None,
        name=holders["name"] if name_placeholder else one_line(name or ""),
        signature=sig_lines or (holders["signature"],),
        name_placeholder=name_placeholder,
        signature_placeholder=not sig_lines,
        draft_hint=draft_hint(lang, audience).format(**holders)
        if name_placeholder or not sig_lines
        else None,
        page_url=advisory_url(site_url, lang, adv.id),
        ui=ui(lang),
    )
    return view, tuple(c.findings)


def _link(c: _Collector, title: Text, url: str, pointer: str) -> Link:
    safe = safe_url(url)
    if safe is None:
        c.findings.append(
            Finding(
                code="IOC553",
                pointer=f"{pointer}/url",
                message=f"the link to {url!r} is not http, https or mailto; the mail shows only its title",
            )
        )
    return Link(title=c.line(title, f"{pointer}/title", "resource title"), url=safe)
