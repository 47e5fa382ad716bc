"""A small advisory with every shape of product data the verdict rules know, built from the model."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from compiler.corpus.model import (
    Advisory,
    AffectedProduct,
    CuUpdate,
    Cvss,
    FixedRelease,
    Step,
    Text,
    UnaffectedProduct,
    Update,
    Vulnerability,
)
from compiler.corpus.vocab import Tlp


def t(en: str, de: str | None = None) -> Text:
    return Text(en=en, de=de or f"[de] {en}")


def row(
    cu: str, build: str | None, fixed: str, *, supported: bool | None = None, kb: str = "KB5000871"
) -> CuUpdate:
    return CuUpdate(cu=cu, build=build, fixed_build=fixed, kb=kb, supported=supported, source="css-exchange")


SERVER_2016 = AffectedProduct(
    id="server-2016",
    vendor="Microsoft",
    name="Exchange Server 2016",
    build_prefix="15.1",
    cpe="cpe:2.3:a:microsoft:exchange_server:2016:*:*:*:*:*:*:*",
    updates=(
        row("CU8", "15.1.1415.2", "15.1.1415.10", supported=False),
        row("CU9", "15.1.1466.3", "15.1.1466.16", supported=False),
        row("CU18", "15.1.2106.2", "15.1.2106.13", supported=True),
        row("CU19", "15.1.2176.2", "15.1.2176.9", supported=True),
    ),
    fixed_releases=(FixedRelease(cu="CU20", build="15.1.2242.4", released="2021-03-16"),),
)
SERVER_2013 = AffectedProduct(
    id="server-2013",
    vendor="Microsoft",
    name="Exchange Server 2013",
    build_prefix="15.0",
    updates=(
        row("SP1", None, "15.0.847.64", supported=False),
        row("CU23", "15.0.1497.2", "15.0.1497.12", supported=True),
    ),
)
SERVER_2010 = AffectedProduct(
    id="server-2010",
    vendor="Microsoft",
    name="Exchange Server 2010",
    build_prefix="14.3",
    updates=(row("SP3 (RU32)", None, "14.3.513.0", supported=False, kb="KB5000978"),),
)
ONLINE = UnaffectedProduct(
    id="exchange-online", vendor="Microsoft", name="Exchange Online", reason=t("Run by Microsoft.")
)


def advisory(**changes: object) -> Advisory:
    base = Advisory(
        id="test-patch-2021",
        path="advisories/2021/test-patch-2021.yaml",
        status="final",
        tlp=Tlp.CLEAR,
        severity="critical",
        published="2021-03-02",
        modified="2021-03-16",
        title=t("Test advisory"),
        summary=t("Summary of the test advisory."),
        announcement=t("Install the updates."),
        vulnerabilities=(
            Vulnerability(
                cve="CVE-2021-26855",
                title=t("Server-side request forgery"),
                description=t("An attacker sends requests as the server."),
                cvss=Cvss(
                    version="3.1",
                    base_score=9.1,
                    vector="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N",
                    source="Microsoft",
                ),
                cwe="CWE-918",
                exploited=True,
                products=("server-2013", "server-2016"),
            ),
            Vulnerability(
                cve="CVE-2021-26857",
                title=t("Insecure deserialization"),
                description=t("Code runs as SYSTEM."),
                cvss=Cvss(
                    version="3.1", base_score=7.8, vector="CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H"
                ),
                cwe="CWE-502",
                evidence=t("Application event log."),
            ),
        ),
        affected=(SERVER_2010, SERVER_2013, SERVER_2016),
        not_affected=(ONLINE,),
        steps=(Step(kind="patch", title=t("Patch"), body=t("Install the update.")),),
        resources=(),
        updates=(
            Update(date="2021-03-08", title=t("Updates for older CUs"), body=t("More updates.")),
            Update(date="2021-03-16", title=t("New CUs"), body=t("CU20 contains the fix.")),
        ),
    )
    if not changes:
        return base
    from dataclasses import replace

    return replace(base, **changes)  # type: ignore[arg-type]


FACT_TABLE = Path(__file__).parent / "fixtures" / "patch" / "exchange-march2021-su-builds.csv"


def fact_rows() -> list[dict[str, str]]:
    """The build table of Microsoft's March 2021 Exchange security updates (the shared fact file)."""
    with FACT_TABLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def fact_advisories() -> tuple[Advisory, ...]:
    """The published advisories of the repository that publish those updates (their rows name its KBs):
    whatever they are called, the table's facts hold for them."""
    from compiler.corpus.view import published
    from compiler.pipeline import load_corpus

    kbs = {r["kb"] for r in fact_rows()}
    corpus = published(load_corpus(Path(__file__).resolve().parent.parent))
    return tuple(a for a in corpus.advisories if any(u.kb in kbs for p in a.affected for u in p.updates))
