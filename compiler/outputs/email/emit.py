"""The `email` emitter: customer and partner mails per advisory and language, as .txt, .html and .eml.

Output: `dist/email/<lang>/<advisory-id>.<audience>.{txt,html,eml}` for every advisory the
build's TLP allows and that is not withdrawn. The placeholders for the recipient's name and the
sender's signature stay in; `iocc email` fills them for one recipient. The partner mail links the
advisory's page on the site (site_url of mkdocs.yml, or the build option `site_url`). A preview build
(`--include-drafts`) puts PREVIEW in front of every subject.

A template error (IOC550 unknown name, IOC551 missing or invalid template) is an error
diagnostic located at the template's file and line, so the build fails; what a mail had to
change in the data (IOC552 a line break in a subject, IOC553 a link it may not carry) is a
warning located at the advisory field.
"""

from __future__ import annotations

from compiler.corpus.model import Advisory, Corpus
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.outputs.artifact import Artifact, BuildContext, Emission
from compiler.outputs.email import AUDIENCES, TEMPLATE_DIR, Finding, MailFormat, TemplateError, compose

FILE_FORMATS: tuple[MailFormat, ...] = ("txt", "html", "eml")
TEMPLATES_OPTION = (
    "email.templates"  # BuildContext option: another folder of mail templates (e.g. a partner's)
)


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    artifacts: list[Artifact] = []
    notes: list[Diagnostic] = []
    option = ctx.options.get(TEMPLATES_OPTION)
    templates = (ctx.root / option).resolve() if option else TEMPLATE_DIR
    site_url = ctx.options.get("site_url") or ctx.settings.site_url
    for adv in corpus.advisories:
        if adv.status == "withdrawn" or not ctx.tlp.allows(adv.tlp):
            continue
        findings: dict[tuple[str, str], Finding] = {}  # one per code and field
        for lang in corpus.languages:
            for audience in AUDIENCES:
                try:
                    mail = compose(
                        adv, lang, audience, template_dir=templates, preview=ctx.preview, site_url=site_url
                    )
                except TemplateError as exc:
                    loc = Location(path=exc.template, line=exc.line)
                    notes.append(diagnostic(exc.code, loc, f"{adv.id} ({lang}, {audience}): {exc.message}"))
                    continue
                for f in mail.findings:
                    findings.setdefault((f.code, f.pointer), f)
                artifacts.extend(
                    Artifact(mail.path(fmt), mail.file(fmt), advisory=adv.id, items=(), tlp=adv.tlp)
                    for fmt in FILE_FORMATS
                )
        notes.extend(findings_at(adv, tuple(findings.values())))
    artifacts.sort(key=lambda a: a.path)
    return Emission(artifacts=tuple(artifacts), notes=_unique(notes))


def findings_at(adv: Advisory, findings: tuple[Finding, ...]) -> list[Diagnostic]:
    """Diagnostics for findings at the advisory field they concern (its file and JSON pointer); the pipeline
    gives them their line and column from the loaded document (compiler.pipeline.relocate)."""
    return [
        diagnostic(f.code, Location(adv.path, 1, 1, f.pointer), f"mail: {f.message}")
        for f in sorted(findings, key=lambda f: (f.pointer, f.code, f.message))
    ]


def _unique(notes: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    seen: set[tuple[str, str, int, str, str]] = set()
    out = []
    for d in notes:
        key = (d.code, d.location.path, d.location.line, d.location.pointer, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return tuple(out)
