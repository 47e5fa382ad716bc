"""A small catalog and two advisories with every shape of product data the verdict rules know, built from
the model: security updates per CU, a CU that ships the fix, service packs with update rollups, a CVE set
closed by two different updates, a product listed as not affected, one not listed at all, two lines that
share a prefix, and a first affected release."""

from __future__ import annotations

from compiler.corpus.model import (
    Advisory,
    AffectedProduct,
    Cvss,
    Fix,
    Product,
    Release,
    Step,
    Text,
    UnaffectedProduct,
    Update,
    Vulnerability,
)
from compiler.corpus.vocab import Tlp


def t(en: str, de: str | None = None) -> Text:
    return Text(en=en, de=de or f"[de] {en}")


def rel(rid: str, build: str, released: str, *, base: str | None = None, kb: str | None = None) -> Release:
    kind = "su" if base and not rid.startswith("sp3-ru") else "ru" if base else rid.rstrip("0123456789")
    return Release(id=rid, kind=kind, name=rid.upper(), build=build, released=released, base=base, kb=kb)  # type: ignore[arg-type]


def product(
    pid: str, name: str, prefixes: tuple[str, ...], *releases: Release, first: str | None = None
) -> Product:
    return Product(
        id=pid, path=f"products/{pid}.yaml", vendor="Microsoft", name=name, deployment="on-premises",
        build_prefixes=prefixes, first_build=first, releases=releases,
        cpe=f"cpe:2.3:a:microsoft:exchange_server:{name[-4:].lower()}:*:*:*:*:*:*:*",
    )  # fmt: skip


SERVER_2016 = product(
    "server-2016", "Exchange Server 2016", ("15.1",),
    rel("cu7", "15.1.1261.35", "2017-09-19"),
    rel("cu8", "15.1.1415.2", "2017-12-19"),
    rel("cu8-mar21su", "15.1.1415.10", "2021-03-08", base="cu8", kb="KB5000871"),
    rel("cu9", "15.1.1466.3", "2018-03-20"),
    rel("cu9-mar21su", "15.1.1466.16", "2021-03-08", base="cu9", kb="KB5000871"),
    rel("cu18", "15.1.2106.2", "2020-09-15"),
    rel("cu18-mar21su", "15.1.2106.13", "2021-03-02", base="cu18", kb="KB5000871"),
    rel("cu19", "15.1.2176.2", "2020-12-15"),
    rel("cu19-mar21su", "15.1.2176.9", "2021-03-02", base="cu19", kb="KB5000871"),
    rel("cu19-apr21su", "15.1.2176.12", "2021-04-13", base="cu19", kb="KB5001779"),
    rel("cu19-may21su", "15.1.2176.14", "2021-05-11", base="cu19", kb="KB5003435"),
    rel("cu20", "15.1.2242.4", "2021-03-16"),
    rel("cu20-apr21su", "15.1.2242.8", "2021-04-13", base="cu20", kb="KB5001779"),
    rel("cu20-may21su", "15.1.2242.10", "2021-05-11", base="cu20", kb="KB5003435"),
    rel("cu21", "15.1.2308.8", "2021-06-29"),
)  # fmt: skip
SERVER_2013 = product(
    "server-2013", "Exchange Server 2013", ("15.0",),
    rel("cu3", "15.0.775.38", "2013-11-25"),
    rel("sp1", "15.0.847.32", "2014-02-25"),
    rel("sp1-mar21su", "15.0.847.64", "2021-03-08", base="sp1", kb="KB5000871"),
    rel("cu20", "15.0.1367.3", "2018-03-20"),
    rel("cu23", "15.0.1497.2", "2019-06-18"),
    rel("cu23-mar21su", "15.0.1497.12", "2021-03-02", base="cu23", kb="KB5000871"),
    rel("cu23-apr21su", "15.0.1497.15", "2021-04-13", base="cu23", kb="KB5001779"),
    rel("cu23-may21su", "15.0.1497.18", "2021-05-11", base="cu23", kb="KB5003435"),
)  # fmt: skip
SERVER_2010 = product(
    "server-2010", "Exchange Server 2010", ("14.2", "14.3"),
    rel("sp2", "14.2.247.5", "2011-12-04"),
    rel("sp3", "14.3.123.4", "2013-02-12"),
    rel("sp3-ru31", "14.3.509.0", "2020-12-01", base="sp3"),
    rel("sp3-ru32", "14.3.513.0", "2021-03-02", base="sp3", kb="KB5000978"),
)  # fmt: skip
SERVER_2019 = product(
    "server-2019", "Exchange Server 2019", ("15.2",),
    rel("cu8", "15.2.792.3", "2020-12-15"),
    rel("cu8-mar21su", "15.2.792.10", "2021-03-02", base="cu8", kb="KB5000871"),
)  # fmt: skip
SERVER_SE = product(
    "server-se",
    "Exchange Server SE",
    ("15.2",),
    rel("rtm", "15.2.2562.17", "2025-07-01"),
    first="15.2.2562.17",
)
ONLINE = Product(
    id="exchange-online", path="products/exchange-online.yaml", vendor="Microsoft", name="Exchange Online",
    deployment="cloud", releases=(),
)  # fmt: skip
CATALOG = (SERVER_2010, SERVER_2013, SERVER_2016, SERVER_2019, SERVER_SE, ONLINE)


def vuln(cve: str, score: float, vector: str, *products: str) -> Vulnerability:
    return Vulnerability(
        cve=cve, title=t(f"Title of {cve}"), description=t(f"What {cve} allows."),
        cvss=Cvss(version="3.1", base_score=score, vector=vector, source="Microsoft"),
        cwe="CWE-918", exploited=True, products=products,
    )  # fmt: skip


def fix(p: Product, cves: tuple[str, ...], updates: tuple[str, ...], included_in: str | None = None) -> Fix:
    return Fix(
        product=p, cves=cves, updates=tuple(p.release(u) for u in updates),
        included_in=p.release(included_in) if included_in else None,
    )  # fmt: skip


MARCH = ("CVE-2021-26855", "CVE-2021-26857")


def advisory(**changes: object) -> Advisory:
    """March: two CVEs on 2010 (one of them), 2013 (from SP1 on) and 2016; fixed by one update per CU."""
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
            vuln("CVE-2021-26855", 9.1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", "server-2013", "server-2016"),
            vuln("CVE-2021-26857", 7.8, "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H"),
        ),
        affected=(
            AffectedProduct(product=SERVER_2010),
            AffectedProduct(product=SERVER_2013, since=SERVER_2013.release("sp1")),
            AffectedProduct(product=SERVER_2016),
        ),
        not_affected=(UnaffectedProduct(product=ONLINE, reason=t("Run by Microsoft.")),),
        fixes=(
            fix(SERVER_2010, ("CVE-2021-26857",), ("sp3-ru32",)),
            fix(SERVER_2013, MARCH, ("sp1-mar21su", "cu23-mar21su")),
            fix(SERVER_2016, MARCH, ("cu8-mar21su", "cu9-mar21su", "cu18-mar21su", "cu19-mar21su"), "cu20"),
        ),
        steps=(Step(kind="patch", title=t("Patch"), body=t("Install the update.")),),
        resources=(),
        updates=(
            Update(date="2021-03-08", title=t("Updates for older CUs"), body=t("More updates.")),
            Update(date="2021-03-16", title=t("New CUs"), body=t("CU20 contains the fix.")),
        ),
    )  # fmt: skip
    if not changes:
        return base
    from dataclasses import replace

    return replace(base, **changes)  # type: ignore[arg-type]


def second_advisory() -> Advisory:
    """August: two CVEs on 2013 and 2016, each closed by another update (April and May); 2010 not affected."""
    from dataclasses import replace

    cves = ("CVE-2021-34473", "CVE-2021-31207")
    return replace(
        advisory(),
        id="test-patch-2021b",
        path="advisories/2021/test-patch-2021b.yaml",
        published="2021-08-20",
        modified="2021-08-25",
        vulnerabilities=(
            vuln(cves[0], 9.1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"),
            vuln(cves[1], 6.6, "CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:H/I:H/A:H"),
        ),
        affected=(AffectedProduct(product=SERVER_2013), AffectedProduct(product=SERVER_2016)),
        not_affected=(
            UnaffectedProduct(product=SERVER_2010, reason=t("The holes are not in 2010.")),
            UnaffectedProduct(product=ONLINE, reason=t("Run by Microsoft.")),
        ),
        fixes=(
            fix(SERVER_2013, (cves[0],), ("cu23-apr21su",)),
            fix(SERVER_2013, (cves[1],), ("cu23-may21su",)),
            fix(SERVER_2016, (cves[0],), ("cu19-apr21su", "cu20-apr21su"), "cu21"),
            fix(SERVER_2016, (cves[1],), ("cu19-may21su", "cu20-may21su"), "cu21"),
        ),
    )


def both() -> tuple[Advisory, Advisory]:
    return advisory(), second_advisory()


# build -> (overall verdict, verdict of A, verdict of B, overall action, target build)
CASES: dict[str, tuple[str, str | None, str | None, str, str | None]] = {
    "15.1.2176.2": ("vulnerable", "vulnerable", "vulnerable", "install", "15.1.2176.14"),  # CU19
    "15.1.2176.9": ("vulnerable", "fixed", "vulnerable", "install", "15.1.2176.14"),  # Mar21SU
    "15.1.2176.12": ("vulnerable", "fixed", "vulnerable", "install", "15.1.2176.14"),  # Apr21SU: 1 of 2
    "15.1.2176.14": ("fixed", "fixed", "fixed", "none", None),  # May21SU
    "15.1.2176.20": ("fixed", "fixed", "fixed", "none", None),  # a later update on CU19
    "15.1.1415.2": ("vulnerable", "vulnerable", "vulnerable", "upgrade-install", "15.1.2176.14"),  # CU8
    "15.1.1415.10": ("vulnerable", "fixed", "vulnerable", "upgrade-install", "15.1.2176.14"),
    "15.1.1261.35": ("vulnerable", "vulnerable", "vulnerable", "upgrade-install", "15.1.2176.14"),  # CU7
    "15.1.2242.4": ("vulnerable", "fixed", "vulnerable", "install", "15.1.2242.10"),  # CU20 ships A's fix
    "15.1.2308.8": ("fixed", "fixed", "fixed", "none", None),  # CU21 ships B's fix
    "15.1.9999.1": ("fixed", "fixed", "fixed", "none", None),  # newer than the catalog: past every fix
    "15.1.2200.1": ("unknown build", "unknown build", "unknown build", "check", None),  # no such CU
    "15.0.847.32": ("vulnerable", "vulnerable", "vulnerable", "upgrade-install", "15.0.1497.18"),  # SP1
    "15.0.847.64": ("vulnerable", "fixed", "vulnerable", "upgrade-install", "15.0.1497.18"),
    "15.0.1367.3": ("vulnerable", "vulnerable", "vulnerable", "upgrade-install", "15.0.1497.18"),  # CU20
    "15.0.775.38": (
        "vulnerable",
        "not affected",
        "vulnerable",
        "upgrade-install",
        "15.0.1497.18",
    ),  # before SP1
    "15.0.1497.15": ("vulnerable", "fixed", "vulnerable", "install", "15.0.1497.18"),
    "14.3.123.4": ("vulnerable", "vulnerable", "not affected", "install", "14.3.513.0"),  # SP3
    "14.3.509.0": ("vulnerable", "vulnerable", "not affected", "install", "14.3.513.0"),  # RU31
    "14.3.513.0": ("fixed", "fixed", "not affected", "none", None),  # RU32
    "14.2.247.5": ("vulnerable", "vulnerable", "not affected", "upgrade-install", "14.3.513.0"),  # SP2
    "15.2.792.3": ("not affected", "not affected", "not affected", "none", None),  # 2019: not listed
    "15.2.2562.17": ("not affected", "not affected", "not affected", "none", None),  # SE shares 15.2
    "Exchange Online": ("not affected", "not affected", "not affected", "none", None),
    "  microsoft   exchange online ": ("not affected", "not affected", "not affected", "none", None),
    "Exchange Server 2016": ("unknown build", "unknown build", "unknown build", "check", None),
    "8.3.485.1": ("unknown build", None, None, "check", None),
    "15.1.2176": ("unknown build", None, None, "check", None),
    "Version 15.1 (Build 2176)": ("unknown build", None, None, "check", None),
    "": ("unknown build", None, None, "check", None),
    "15.1.2176.2.1": ("unknown build", None, None, "check", None),
    "15.1.2176.١": ("unknown build", None, None, "check", None),  # an Arabic-Indic digit is no digit here
    "1" * 65: ("unknown build", None, None, "check", None),
}
