"""A published CVSS base score agrees with its vector (IOC607).

CSAF's mandatory test 6.1.9 refuses a score that its vector does not compute, so the mismatch is
caught here, at the line of the score, before any output is built.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.corpus.cvss import base_score
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.validate.checks.base import CheckContext, Docs


def check_scores(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Each vulnerability's cvss.base_score equals the base score computed from cvss.vector, and the
    vector's CVSS version equals cvss.version."""
    for doc in docs.advisories:
        for v, vuln in enumerate(doc.data["vulnerabilities"]):
            cvss = vuln["cvss"]
            computed = base_score(cvss["vector"])
            if computed is None:
                continue  # the schema's pattern reports a malformed vector
            if computed.version != cvss["version"]:
                yield diagnostic(
                    "IOC607",
                    doc.locate(f"/vulnerabilities/{v}/cvss/version"),
                    f"version {cvss['version']} differs from the vector's CVSS:{computed.version}",
                )
            if abs(computed.score - float(cvss["base_score"])) > 1e-9:
                yield diagnostic(
                    "IOC607",
                    doc.locate(f"/vulnerabilities/{v}/cvss/base_score"),
                    f"base score {cvss['base_score']} differs from {computed.score}, the score of its vector",
                )
