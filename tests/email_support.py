"""Fixture advisories for the mail tests, built from the model's constructors, and the mails of each."""

from __future__ import annotations

from pathlib import Path

from compiler.corpus.model import (
    Advisory,
    AffectedProduct,
    Corpus,
    CuUpdate,
    Cvss,
    FixedRelease,
    Resource,
    Step,
    Text,
    UnaffectedProduct,
    Update,
    Vulnerability,
)
from compiler.corpus.view import published
from compiler.corpus.vocab import LANGS, Tlp
from compiler.outputs.email import AUDIENCES, Mail, compose
from compiler.pipeline import load_corpus

REPO = Path(__file__).resolve().parent.parent
FIXTURE_DIR = Path(__file__).parent / "fixtures" / "email"


def T(de: str, en: str | None = None) -> Text:
    return Text(de=de, en=de if en is None else en)


def _md(name: str) -> Text:
    """A Markdown text from tests/fixtures/email/<name>.<lang>.md."""
    return Text(
        de=(FIXTURE_DIR / f"{name}.de.md").read_text(encoding="utf-8"),
        en=(FIXTURE_DIR / f"{name}.en.md").read_text(encoding="utf-8"),
    )


def fixture_advisory(**changes: object) -> Advisory:
    """A small advisory with every step kind, Markdown of every sort, two products and a TLP:AMBER marking."""
    base: dict[str, object] = dict(
        id="widget-server-2024-01",
        path="advisories/2024/widget-server-2024-01.yaml",
        status="final",
        tlp=Tlp.AMBER,
        severity="high",
        published="2024-01-09",
        modified="2024-02-01",
        title=T("Widget Server: Lücke in der Anmeldung", "Widget Server: flaw in the login"),
        summary=_md("summary"),
        announcement=T("Ankündigung", "Announcement"),
        vulnerabilities=(
            Vulnerability(
                cve="CVE-2024-0001",
                title=T("Umgehung der Anmeldung", "Authentication bypass"),
                description=T("Beschreibung", "Description"),
                cvss=Cvss(
                    version="3.1", base_score=9.8, vector="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
                ),
                cwe="CWE-287",
                exploited=True,
            ),
            Vulnerability(
                cve="CVE-2024-0002",
                title=T("Offenlegung von Pfaden", "Path disclosure"),
                description=T("Beschreibung", "Description"),
                cvss=Cvss(
                    version="3.1", base_score=5.3, vector="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"
                ),
                cwe="CWE-200",
            ),
        ),
        affected=(
            AffectedProduct(
                id="widget-server-4",
                vendor="Widget GmbH",
                name="Widget Server 4",
                build_prefix="4.0",
                updates=(
                    CuUpdate(cu="R1", build="4.0.1", fixed_build="4.0.1.7", kb="WS-2024-001"),
                    CuUpdate(cu="R2", build="4.0.2", fixed_build="4.0.2.3", kb="WS-2024-001"),
                ),
                fixed_releases=(FixedRelease(cu="R3", build="4.0.3", released="2024-02-01"),),
            ),
            AffectedProduct(
                id="widget-server-3",
                vendor="Widget GmbH",
                name="Widget Server 3",
                build_prefix="3.9",
                updates=(CuUpdate(cu="R9", build="3.9.9", fixed_build="3.9.9.1", kb="WS-2024-002"),),
            ),
        ),
        not_affected=(
            UnaffectedProduct(
                id="widget-cloud",
                vendor="Widget GmbH",
                name="Widget Cloud",
                reason=T(
                    "Der Dienst wird vom Hersteller **selbst** betrieben.",
                    "The vendor runs the service **itself**.",
                ),
            ),
        ),
        steps=(
            Step(
                kind="patch",
                title=T("Update installieren", "Install the update"),
                body=_md("step-patch"),
                priority=T(
                    "Zuerst die Server, die aus dem Internet erreichbar sind.",
                    "First the servers reachable from the internet.",
                ),
            ),
            Step(
                kind="mitigate",
                title=T("Vorläufig abmildern", "Mitigate for now"),
                body=T("Regel setzen.", "Set a rule."),
            ),
            Step(kind="hunt", title=T("Nach Spuren suchen", "Look for traces"), body=_md("step-hunt")),
            Step(
                kind="false-positives",
                title=T("Fehlalarme ausschließen", "Rule out false positives"),
                body=T("Vergleichen.", "Compare."),
            ),
            Step(kind="other", title=T("Kennwörter ändern", "Change passwords"), body=_md("step-other")),
        ),
        resources=(
            Resource(
                title=T("Hinweis des Herstellers", "Vendor notice"),
                url="https://widget.example/security/2024-01",
                kind="advisory",
            ),
            Resource(title=T("Werkzeug", "Tool"), url="https://github.com/widget/checker", kind="tool"),
        ),
        updates=(
            Update(date="2024-01-09", title=T("Erste Meldung", "First notice"), body=T("Erste.", "First.")),
            Update(
                date="2024-02-01",
                title=T("Release R3 behebt die Lücke", "Release R3 fixes the flaw"),
                body=_md("update"),
            ),
        ),
        email_subject=T("Widget Server: bitte jetzt aktualisieren", "Widget Server: please update now"),
    )
    base.update(changes)
    return Advisory(**base)  # type: ignore[arg-type]


def hostile_advisory() -> Advisory:
    """Template syntax, HTML, script, header injection, unsafe links and non-ASCII text in every field a mail shows."""
    nasty = _md("hostile")
    line = "{{ 7*7 }} <script>alert(1)</script> Größe ÄÖÜ ß – 日本語 😀\nBcc: victim@example.com"
    return fixture_advisory(
        id="hostile-2024-02",
        path="advisories/2024/hostile-2024-02.yaml",
        tlp=Tlp.CLEAR,
        title=T(line),
        summary=nasty,
        email_subject=T(
            "Betreff {{ 7*7 }} Größe\r\nBcc: victim@example.com",
            "Subject {{ 7*7 }} Größe\r\nBcc: victim@example.com",
        ),
        not_affected=(
            UnaffectedProduct(id="x", vendor="X", name="Name <b>fett</b> {% raw %}", reason=nasty),
        ),
        steps=(
            Step(kind="patch", title=T(line), body=nasty, priority=nasty),
            Step(kind="other", title=T("{{ m.subject }}"), body=nasty),
        ),
        resources=(
            Resource(title=T("<img src=x onerror=alert(1)>"), url="javascript:alert(1)", kind="tool"),
            Resource(title=T("ok"), url="https://example.com/a?b=1&c=<2>", kind="tool"),
        ),
        updates=(Update(date="2024-02-02", title=T(line), body=nasty),),
    )


def fixture_corpus() -> Corpus:
    return Corpus(advisories=(fixture_advisory(),), sets=())


def real_corpus() -> Corpus:
    """What a public build of the repository's own content publishes."""
    return published(load_corpus(REPO))


def mailed(corpus: Corpus) -> list[Advisory]:
    """The advisories a public build writes mails for: TLP:CLEAR and not withdrawn."""
    return [a for a in corpus.advisories if a.tlp == Tlp.CLEAR and a.status != "withdrawn"]


def mails(adv: Advisory) -> list[Mail]:
    return [compose(adv, lang, audience) for lang in LANGS for audience in AUDIENCES]


def golden_files(adv: Advisory) -> dict[str, bytes]:
    """`<lang>/<id>.<audience>.<fmt>` -> bytes, as the emitter writes them under dist/email/."""
    out: dict[str, bytes] = {}
    for mail in mails(adv):
        for fmt in ("txt", "html", "eml"):
            out[mail.path(fmt).removeprefix("email/")] = mail.file(fmt)  # type: ignore[arg-type]
    return out
