"""Fixture advisories for the mail tests, built from the model's constructors, and the mails of each."""

from __future__ import annotations

from pathlib import Path

from compiler.corpus.model import (
    Advisory,
    AffectedProduct,
    Corpus,
    Cvss,
    Fix,
    Product,
    Release,
    Resource,
    Step,
    Text,
    UnaffectedProduct,
    Update,
    Vulnerability,
)
from compiler.corpus.view import published
from compiler.corpus.vocab import LANGS, ReleaseKind, Tlp
from compiler.outputs.email import AUDIENCES, Mail, compose
from compiler.pipeline import load_corpus

REPO = Path(__file__).resolve().parent.parent
FIXTURE_DIR = Path(__file__).parent / "fixtures" / "email"


def _product(pid: str, name: str, prefix: str, *releases: Release) -> Product:
    return Product(
        id=pid, path=f"products/{pid}.yaml", vendor="Widget GmbH", name=name, deployment="on-premises",
        build_prefixes=(prefix,), releases=releases,
    )  # fmt: skip


def _rel(
    rid: str, name: str, build: str, released: str, base: str | None = None, kb: str | None = None
) -> Release:
    kind: ReleaseKind = "su" if base else "cu"
    return Release(id=rid, kind=kind, name=name, build=build, released=released, base=base, kb=kb)


SERVER_4 = _product(
    "widget-server-4", "Widget Server 4", "4.0",
    _rel("r1", "Widget Server 4 R1", "4.0.1.0", "2023-06-01"),
    _rel("r1-ws", "Widget Server 4 R1 WS-2024-001", "4.0.1.7", "2024-01-09", "r1", "KB5040001"),
    _rel("r2", "Widget Server 4 R2", "4.0.2.0", "2023-10-01"),
    _rel("r2-ws", "Widget Server 4 R2 WS-2024-001", "4.0.2.3", "2024-01-09", "r2", "KB5040001"),
    _rel("r3", "Widget Server 4 R3", "4.0.3.0", "2024-02-01"),
)  # fmt: skip
SERVER_3 = _product(
    "widget-server-3", "Widget Server 3", "3.9",
    _rel("r9", "Widget Server 3 R9", "3.9.9.0", "2022-06-01"),
    _rel("r9-ws", "Widget Server 3 R9 WS-2024-002", "3.9.9.1", "2024-01-09", "r9", "KB5040002"),
)  # fmt: skip
CLOUD = Product(
    id="widget-cloud", path="products/widget-cloud.yaml", vendor="Widget GmbH", name="Widget Cloud",
    deployment="cloud", releases=(),
)  # fmt: skip
HOSTILE_PRODUCT = Product(
    id="x",
    path="products/x.yaml",
    vendor="X",
    name="Name <b>fett</b> {% raw %}",
    deployment="cloud",
    releases=(),
)


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
        affected=(AffectedProduct(product=SERVER_4), AffectedProduct(product=SERVER_3)),
        not_affected=(
            UnaffectedProduct(
                product=CLOUD,
                reason=T(
                    "Der Dienst wird vom Hersteller **selbst** betrieben.",
                    "The vendor runs the service **itself**.",
                ),
            ),
        ),
        fixes=(
            Fix(
                product=SERVER_4,
                cves=("CVE-2024-0001", "CVE-2024-0002"),
                updates=(SERVER_4.release("r1-ws"), SERVER_4.release("r2-ws")),
                included_in=SERVER_4.release("r3"),
            ),
            Fix(
                product=SERVER_3,
                cves=("CVE-2024-0001", "CVE-2024-0002"),
                updates=(SERVER_3.release("r9-ws"),),
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
                customer_priority=T(
                    "Am dringendsten ist der Widget Server, den Ihre Mitarbeitenden von unterwegs erreichen.",
                    "Most urgent is the Widget Server your staff reach while away from the office.",
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
                audience="customer",
            ),
            Resource(
                title=T("Werkzeug", "Tool"),
                url="https://github.com/widget/checker",
                kind="tool",
                audience="technical",
            ),
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
        not_affected=(UnaffectedProduct(product=HOSTILE_PRODUCT, reason=nasty),),
        steps=(
            Step(kind="patch", title=T(line), body=nasty, priority=nasty),
            Step(kind="other", title=T("{{ m.subject }}"), body=nasty),
        ),
        resources=(
            Resource(
                title=T("<img src=x onerror=alert(1)>"),
                url="javascript:alert(1)",
                kind="tool",
                audience="customer",
            ),
            Resource(title=T("ok"), url="https://example.com/a?b=1&c=<2>", kind="tool", audience="customer"),
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


SITE_URL = "https://advisories.widget.example/"  # where the fixture's partner site lives


def mails(adv: Advisory, site_url: str = SITE_URL) -> list[Mail]:
    return [compose(adv, lang, audience, site_url=site_url) for lang in LANGS for audience in AUDIENCES]


def golden_files(adv: Advisory) -> dict[str, bytes]:
    """`<lang>/<id>.<audience>.<fmt>` -> bytes, as the emitter writes them under dist/email/."""
    out: dict[str, bytes] = {}
    for mail in mails(adv):
        for fmt in ("txt", "html", "eml"):
            out[mail.path(fmt).removeprefix("email/")] = mail.file(fmt)
    return out
