"""The CSAF 2.0 mandatory tests on a document's tracking (6.1.14, 6.1.16-6.1.22, 6.1.30), part of
compiler.outputs.csaf.checks: revision numbers ascend with their dates, the version is the latest revision's,
drafts and releases are told apart, revisions count without gaps, integer and semantic versions are not mixed.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any, Final

Failure = tuple[str, str, str]  # (test, JSON pointer, message)
_SEMVER: Final = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")  # fmt: skip
_INTEGER: Final = re.compile(r"^(0|[1-9][0-9]*)$")


def _version_kind(number: str) -> str:
    return "integer" if _INTEGER.match(number) else "semver" if _SEMVER.match(number) else "other"


def _major(number: str) -> int | None:
    if _INTEGER.match(number):
        return int(number)
    match = _SEMVER.match(number)
    return int(match.group(1)) if match else None


def _prerelease(number: str) -> bool:
    match = _SEMVER.match(number)
    return bool(match and match.group(4))


def tracking_failures(doc: dict[str, Any]) -> Iterator[Failure]:
    """6.1.14, 6.1.16-6.1.22 and 6.1.30: the revision history and the version agree."""
    tracking = doc["document"]["tracking"]
    history, status, version = tracking["revision_history"], tracking["status"], tracking["version"]
    ordered = sorted(history, key=lambda h: (h["date"], _major(h["number"]) or 0))
    majors = [_major(h["number"]) for h in ordered]
    yield from _latest_revision(ordered, majors, version)
    yield from _released(history, status, version)
    yield from _revision_numbers(history, majors)
    kinds = {_version_kind(h["number"]) for h in history} | {_version_kind(version)}
    if len(kinds) > 1:
        yield "6.1.30", "/document/tracking", "integer and semantic versions are mixed"


def _latest_revision(
    ordered: list[dict[str, Any]], majors: list[int | None], version: str
) -> Iterator[Failure]:
    """6.1.14 and 6.1.16: revision numbers ascend with their dates, the version is the latest revision's."""
    if any(a is not None and b is not None and b < a for a, b in itertools.pairwise(majors)):
        yield "6.1.14", "/document/tracking/revision_history", "numbers do not ascend with the dates"
    latest = ordered[-1]["number"] if ordered else None
    if latest is not None and latest.split("+")[0] != version.split("+")[0]:
        yield "6.1.16", "/document/tracking/version", f"version {version} is not the latest revision {latest}"


def _released(history: list[dict[str, Any]], status: str, version: str) -> Iterator[Failure]:
    """6.1.17-6.1.20: version 0 and pre-releases are drafts; no revision has a pre-release part."""
    if status != "draft" and (_major(version) == 0 or _prerelease(version)):
        yield "6.1.17", "/document/tracking/status", f"version {version} needs status draft"
    if status in ("final", "interim"):
        if any(_major(h["number"]) == 0 for h in history):
            yield "6.1.18", "/document/tracking/revision_history", "a released document has a revision 0"
        if _prerelease(version):
            yield "6.1.20", "/document/tracking/version", "a released document has a pre-release version"
    for i, h in enumerate(history):
        if _prerelease(h["number"]):
            yield (
                "6.1.19",
                f"/document/tracking/revision_history/{i}/number",
                "a revision has a pre-release part",
            )


def _revision_numbers(history: list[dict[str, Any]], majors: list[int | None]) -> Iterator[Failure]:
    """6.1.21 and 6.1.22: revisions count from 0 or 1 without a gap, and each number appears once."""
    numbers = [m for m in majors if m is not None]
    if numbers and numbers[0] not in (0, 1):
        yield "6.1.21", "/document/tracking/revision_history", "the revision history starts above 1"
    for previous, current in itertools.pairwise(sorted(set(numbers))):
        if current != previous + 1:
            yield "6.1.21", "/document/tracking/revision_history", f"revision {previous + 1} is missing"
    counts = Counter(h["number"] for h in history)
    for number, count in counts.items():
        if count > 1:
            yield "6.1.22", "/document/tracking/revision_history", f"revision {number} appears {count} times"
