"""Step 3 of the advisory, for each finding: what could make it a false positive.

A hint never removes a finding; it tells the reader what to check first:

- `shipped-file`: the file is one Exchange itself ships in that folder (the gate's list of legitimate
  files, config/exchange-legitimate-files.yaml): compare it with a clean server of the same build;
- `scanner`: the client address lies in a range a known scanning service publishes (the MISP
  warninglists of scanners: Shodan, Censys, Shadowserver, ...): perhaps a scan, not an attack;
- `crawler`: the user agent is one real crawlers or browsers send (config/crawler-user-agents.yaml), or
  the address is a crawler's published range;
- `override`: the value is on a known-good list and was kept after review (its false_positive_override).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final, Literal

from compiler.detect.plan import Target
from compiler.gate import crawlers, exchange, lists
from compiler.gate.index import TypeIndex

HintKind = Literal["shipped-file", "scanner", "crawler", "override"]
HINT_KINDS: Final[tuple[HintKind, ...]] = ("shipped-file", "scanner", "crawler", "override")
CRAWLER_ADDRESS_LISTS: Final = ("googlebot", "openai-gptbot")
_CLIENT_IP: Final = {"iis": "c-ip", "httpproxy": "ClientIpAddress"}
_USER_AGENT: Final = {"iis": "cs-user-agent", "httpproxy": "UserAgent"}


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Hint:
    kind: HintKind
    detail: str  # what matched: a path, list names, a crawler and why, the reviewer's reason


def scanner_lists() -> tuple[str, ...]:
    """The warninglists of address ranges that scanning services publish."""
    return tuple(
        s
        for s in lists.available()
        if ("scanning" in s or "scanner" in s or s == "shadowserver" or s.startswith("tenable-cloud"))
        and "ipv4" in lists.meta(s).types
    )


def crawler_lists() -> tuple[str, ...]:
    return tuple(s for s in CRAWLER_ADDRESS_LISTS if s in lists.available())


@cache
def _index(slugs: tuple[str, ...]) -> TypeIndex:
    return TypeIndex(lists.load(s) for s in slugs)


class Triage:
    """The hints for findings, from the lists of one repository."""

    def __init__(self, root: Path) -> None:
        self.shipped = exchange.load(root.resolve())
        self.crawlers = crawlers.load(root.resolve())

    def hints(self, target: Target, table: str, row: dict[str, str], win_path: str) -> tuple[Hint, ...]:
        found: set[Hint] = set()
        path = win_path or (row.get("TargetFilename") or "" if table == "file_event" else "")
        if path and self.shipped is not None and self.shipped.matches("file-path", path):
            found.add(Hint(kind="shipped-file", detail=path))
        address = row.get(_CLIENT_IP.get(table, ""), "") or ""
        if address:
            kind = "ipv6" if ":" in address else "ipv4"
            for slug in sorted(_index(scanner_lists()).lookup(kind, address)):
                found.add(Hint(kind="scanner", detail=f"{address}: {lists.meta(slug).name}"))
            for slug in sorted(_index(crawler_lists()).lookup(kind, address)):
                found.add(Hint(kind="crawler", detail=f"{address}: {lists.meta(slug).name}"))
        agent = self.crawlers.match(row.get(_USER_AGENT.get(table, ""), "") or "")
        if agent is not None:
            found.add(Hint(kind="crawler", detail=f"{agent.name}: {agent.reason}"))
        if target.override:
            found.add(Hint(kind="override", detail=target.override))
        return tuple(sorted(found))
