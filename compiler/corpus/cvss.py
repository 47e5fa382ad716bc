"""CVSS 3.0 and 3.1 base scores from vector strings (FIRST specification, section 7 and appendix A).

Used by the advisory check (IOC607: the published score matches its vector) and by the CSAF
emitter and its mandatory tests 6.1.8-6.1.10 (valid, correctly computed, consistent scores).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final

VECTOR: Final = re.compile(r"^CVSS:3\.([01])/AV:([NALP])/AC:([LH])/PR:([NLH])/UI:([NR])/S:([UC])/C:([NLH])/I:([NLH])/A:([NLH])$")  # fmt: skip

_AV = {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2}
_AC = {"L": 0.77, "H": 0.44}
_PR = {"N": 0.85, "L": 0.62, "H": 0.27}
_PR_CHANGED = {"N": 0.85, "L": 0.68, "H": 0.5}
_UI = {"N": 0.85, "R": 0.62}
_CIA = {"H": 0.56, "L": 0.22, "N": 0.0}

# The CSAF / FIRST JSON names of the base metrics and their values.
NAMES: Final = {
    "AV": ("attackVector", {"N": "NETWORK", "A": "ADJACENT_NETWORK", "L": "LOCAL", "P": "PHYSICAL"}),
    "AC": ("attackComplexity", {"L": "LOW", "H": "HIGH"}),
    "PR": ("privilegesRequired", {"N": "NONE", "L": "LOW", "H": "HIGH"}),
    "UI": ("userInteraction", {"N": "NONE", "R": "REQUIRED"}),
    "S": ("scope", {"U": "UNCHANGED", "C": "CHANGED"}),
    "C": ("confidentialityImpact", {"H": "HIGH", "L": "LOW", "N": "NONE"}),
    "I": ("integrityImpact", {"H": "HIGH", "L": "LOW", "N": "NONE"}),
    "A": ("availabilityImpact", {"H": "HIGH", "L": "LOW", "N": "NONE"}),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class BaseScore:
    version: str
    score: float
    severity: str
    metrics: dict[str, str]  # JSON name -> value, e.g. attackVector -> NETWORK


def _roundup_30(value: float) -> float:
    return math.ceil(value * 10) / 10


def _roundup_31(value: float) -> float:
    # CVSS 3.1 appendix A: avoid floating-point artefacts such as 4.000000001 -> 4.1
    whole = round(value * 100_000)
    if whole % 10_000 == 0:
        return whole / 100_000
    return (math.floor(whole / 10_000) + 1) / 10.0


def severity(score: float) -> str:
    if score == 0:
        return "NONE"
    if score < 4.0:
        return "LOW"
    if score < 7.0:
        return "MEDIUM"
    if score < 9.0:
        return "HIGH"
    return "CRITICAL"


def base_score(vector: str) -> BaseScore | None:
    """The base score of a CVSS 3.x base vector, or None when the vector is not one."""
    match = VECTOR.match(vector)
    if match is None:
        return None
    minor, av, ac, pr, ui, s, c, i, a = match.groups()
    roundup = _roundup_31 if minor == "1" else _roundup_30
    iss = 1 - (1 - _CIA[c]) * (1 - _CIA[i]) * (1 - _CIA[a])
    changed = s == "C"
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if changed else 6.42 * iss
    exploitability = 8.22 * _AV[av] * _AC[ac] * (_PR_CHANGED if changed else _PR)[pr] * _UI[ui]
    if impact <= 0:
        score = 0.0
    elif changed:
        score = roundup(min(1.08 * (impact + exploitability), 10))
    else:
        score = roundup(min(impact + exploitability, 10))
    values = dict(
        zip(("AV", "AC", "PR", "UI", "S", "C", "I", "A"), (av, ac, pr, ui, s, c, i, a), strict=True)
    )
    metrics = {NAMES[k][0]: NAMES[k][1][v] for k, v in values.items()}
    return BaseScore(version=f"3.{minor}", score=score, severity=severity(score), metrics=metrics)
