"""The names of the log formats in the scan report (the report's words are the catalog area `scan`)."""

from __future__ import annotations

from typing import Final

FORMAT_NAMES: Final[dict[str, str]] = {
    "iis-w3c": "IIS (W3C)",
    "exchange-httpproxy": "Exchange HttpProxy",
    "exchange-ecp-server": "Exchange ECP Server",
    "exchange-oabgenerator": "Exchange OAB Generator",
    "windows-events-jsonl": "Windows events (JSON lines)",
}
