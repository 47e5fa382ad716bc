"""Log formats, told apart by content, and the tables the engine queries.

Every log format maps to one or more tables; a table is what a Sigma log source reads. Columns are
always text and never NULL (a missing field is the empty string), so `NOT` in a rule behaves as Sigma
means it. Exchange's own logs (HttpProxy, ECP server, OAB generator) open with the same header block
(`#Software`, `#Version`, `#Log-type`, `#Date`, `#Fields`); IIS W3C logs name IIS in `#Software` and
list their columns in `#Fields`. Windows events come as JSON lines: as `evtx_dump` writes them
(`Event.System` and `Event.EventData`), as Winlogbeat ships them (`winlog`, also inside an Elasticsearch
hit's `_source`), or flat with the event's field names at the top (an EDR's export of process starts and
file creations may carry no event id: `Image` with `CommandLine` or `TargetFilename` is enough).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final, Literal

Format = Literal[
    "iis-w3c",
    "exchange-httpproxy",
    "exchange-ecp-server",
    "exchange-oabgenerator",
    "windows-events-jsonl",
    "file",
]
FORMATS: Final[tuple[Format, ...]] = (
    "iis-w3c",
    "exchange-httpproxy",
    "exchange-ecp-server",
    "exchange-oabgenerator",
    "windows-events-jsonl",
    "file",
)
SNIFF_BYTES: Final = 65536

# IIS writes some fields with the header name in parentheses; Sigma's webserver names are these.
IIS_ALIASES: Final = {
    "cs(user-agent)": "cs-user-agent",
    "cs(cookie)": "cs-cookie",
    "cs(referer)": "cs-referer",
    "cs(host)": "cs-host",
    "x-forwarded-for": "x-forwarded-for",
}
IIS_COLUMNS: Final = (
    "date", "time", "s-sitename", "s-computername", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query",
    "s-port", "cs-username", "c-ip", "cs-version", "cs-user-agent", "cs-cookie", "cs-referer", "cs-host",
    "sc-status", "sc-substatus", "sc-win32-status", "sc-bytes", "cs-bytes", "time-taken", "x-forwarded-for",
)  # fmt: skip
HTTPPROXY_COLUMNS: Final = (
    "DateTime", "RequestId", "ClientRequestId", "Protocol", "UrlHost", "UrlStem", "UrlQuery", "ProtocolAction",
    "AuthenticationType", "IsAuthenticated", "AuthenticatedUser", "Organization", "AnchorMailbox", "UserAgent",
    "ClientIpAddress", "ServerHostName", "HttpStatus", "BackEndStatus", "ErrorCode", "Method", "ProxyAction",
    "TargetServer", "TargetServerVersion", "RoutingType", "RoutingHint", "BackEndCookie", "GenericInfo",
    "GenericErrors",
)  # fmt: skip
EVENT_COMMON: Final = ("EventID", "Provider_Name", "Channel", "Computer", "Level", "TimeCreated")
PROCESS_COLUMNS: Final = (
    *EVENT_COMMON, "UtcTime", "Image", "OriginalFileName", "CommandLine", "CurrentDirectory", "User",
    "IntegrityLevel", "Hashes", "ParentImage", "ParentCommandLine", "Product", "Company", "Description",
)  # fmt: skip
FILE_EVENT_COLUMNS: Final = (*EVENT_COMMON, "UtcTime", "Image", "TargetFilename", "User")
APP_EVENT_COLUMNS: Final = (*EVENT_COMMON, "Data")
DNS_COLUMNS: Final = (*EVENT_COMMON, "UtcTime", "Image", "QueryName", "QueryResults", "User")


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """What one Sigma log source reads: a name, text columns, and where time and server come from."""

    name: str
    columns: tuple[str, ...]
    time: tuple[str, ...]  # columns joined with a space give the time
    server: str  # column naming the server ("" = none: the collection folder names it)
    raw: bool = False  # a `raw` column holds the whole line (Sigma keywords search it)


TABLES: Final[dict[str, Table]] = {
    t.name: t
    for t in (
        Table(name="iis", columns=IIS_COLUMNS, time=("date", "time"), server="s-computername"),
        Table(name="httpproxy", columns=HTTPPROXY_COLUMNS, time=("DateTime",), server="ServerHostName"),
        Table(name="ecp", columns=(), time=(), server="", raw=True),
        Table(name="oabgen", columns=(), time=(), server="", raw=True),
        Table(name="application", columns=APP_EVENT_COLUMNS, time=("TimeCreated",), server="Computer", raw=True),
        Table(name="msexchange_management", columns=APP_EVENT_COLUMNS, time=("TimeCreated",), server="Computer",
              raw=True),
        Table(name="process_creation", columns=PROCESS_COLUMNS, time=("UtcTime",), server="Computer", raw=True),
        Table(name="file_event", columns=FILE_EVENT_COLUMNS, time=("UtcTime",), server="Computer", raw=True),
        Table(name="dns_query", columns=DNS_COLUMNS, time=("UtcTime",), server="Computer", raw=True),
    )
}  # fmt: skip
FORMAT_TABLES: Final[dict[Format, tuple[str, ...]]] = {
    "iis-w3c": ("iis",),
    "exchange-httpproxy": ("httpproxy",),
    "exchange-ecp-server": ("ecp",),
    "exchange-oabgenerator": ("oabgen",),
    "windows-events-jsonl": (
        "application",
        "msexchange_management",
        "process_creation",
        "file_event",
        "dns_query",
    ),
    "file": ("file_event",),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Sniffed:
    format: Format
    fields: tuple[str, ...] = ()  # the `#Fields` of a header, as written
    encoding: str = "utf-8"


def sniff(head: bytes) -> Sniffed:
    """The format of a file from its first bytes (at most SNIFF_BYTES)."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if b"\x00" in head[:4096]:
        return Sniffed(format="file")
    text = head.decode("utf-8", errors="replace")
    lines = text.splitlines()[:-1] if len(head) >= SNIFF_BYTES else text.splitlines()
    header = _header(lines[:40])
    if header is not None:
        return header
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    if first.startswith("{") and _is_event(first):
        return Sniffed(format="windows-events-jsonl")
    return Sniffed(format="file")


def _header(lines: list[str]) -> Sniffed | None:
    meta: dict[str, str] = {}
    for line in lines:
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        meta.setdefault(key.strip().lower(), value.strip())
    fields_text = meta.get("fields", "")
    software = meta.get("software", "").lower()
    log_type = meta.get("log-type", "").lower()
    if "internet information services" in software or (fields_text and "cs-uri-stem" in fields_text.split()):
        return Sniffed(format="iis-w3c", fields=tuple(fields_text.split()))
    if "microsoft exchange" not in software and not log_type:
        return None
    fields = tuple(f.strip() for f in fields_text.split(",")) if fields_text else ()
    if "httpproxy" in log_type.replace(" ", "") or "AnchorMailbox" in fields:
        return Sniffed(format="exchange-httpproxy", fields=fields)
    if "ecp" in log_type:
        return Sniffed(format="exchange-ecp-server", fields=fields)
    if "oab" in log_type:
        return Sniffed(format="exchange-oabgenerator", fields=fields)
    return None


def _is_event(line: str) -> bool:
    try:
        data = json.loads(line)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("_source"), dict):  # an Elasticsearch hit
        data = data["_source"]
    if isinstance(data.get("Event"), dict) or isinstance(data.get("winlog"), dict):
        return True
    if any(k in data for k in ("EventID", "EventId", "Channel", "ProviderName", "Provider_Name")):
        return True
    # an EDR's export with Sysmon's field names and no event id: a process start or a file creation
    return "Image" in data and ("CommandLine" in data or "TargetFilename" in data)


def iis_column(field: str) -> str:
    """A `#Fields` name of IIS as the Sigma webserver field (and our column) it is."""
    low = field.lower()
    return IIS_ALIASES.get(low, low)
