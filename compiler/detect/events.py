"""Windows events as JSON lines, flattened into the columns of the engine's tables.

Two shapes are read: `evtx_dump -o jsonl` (omerbenamram/evtx, also what the `evtx` Python package gives)
with `Event.System` and `Event.EventData`, and flat objects whose keys are the event's field names
(Sysmon names as EDR exports use them, or `Get-WinEvent | ConvertTo-Json` with Id, ProviderName,
LogName, MachineName and Message). Where an event goes: Sysmon event 1 and Security event 4688 are
process creations, Sysmon event 11 a file event, Sysmon event 22 a DNS query, the Application and MSExchange Management channels
their own tables. Any other event is not needed by a rule and is skipped.
"""

from __future__ import annotations

from typing import Any, Final

from compiler.detect.formats import TABLES

SYSMON: Final = "microsoft-windows-sysmon/operational"
_FLAT_ALIASES: Final = {
    "Id": "EventID", "EventId": "EventID", "ProviderName": "Provider_Name", "LogName": "Channel",
    "MachineName": "Computer", "Message": "Data", "Hostname": "Computer",
}  # fmt: skip
_SECURITY_4688: Final = {"NewProcessName": "Image", "ParentProcessName": "ParentImage"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        if "#text" in value:
            return _text(value["#text"])
        return ""
    if isinstance(value, list):
        return "\n".join(_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _from_evtx(event: dict[str, Any]) -> dict[str, str]:
    system = event.get("System") if isinstance(event.get("System"), dict) else {}
    assert isinstance(system, dict)
    provider = system.get("Provider")
    attrs = provider.get("#attributes", {}) if isinstance(provider, dict) else {}
    created = system.get("TimeCreated")
    created_attrs = created.get("#attributes", {}) if isinstance(created, dict) else {}
    out = {
        "EventID": _text(system.get("EventID")),
        "Provider_Name": _text(attrs.get("Name")) if isinstance(attrs, dict) else "",
        "Channel": _text(system.get("Channel")),
        "Computer": _text(system.get("Computer")),
        "Level": _text(system.get("Level")),
        "TimeCreated": _text(created_attrs.get("SystemTime")) if isinstance(created_attrs, dict) else "",
    }
    data = event.get("EventData")
    if isinstance(data, dict):
        named = {k: _text(v) for k, v in data.items() if k not in ("Data", "#attributes")}
        out |= named
        if "Data" in data:
            out["Data"] = _text(data["Data"])
    elif data is not None:
        out["Data"] = _text(data)
    return out


def _from_flat(event: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in event.items():
        out[_FLAT_ALIASES.get(key, key)] = _text(value)
    return out


def table_of(fields: dict[str, str]) -> str | None:
    """The table an event belongs to, or None when no rule reads it."""
    channel = fields.get("Channel", "").lower()
    event_id = fields.get("EventID", "")
    if channel == SYSMON or fields.get("Provider_Name", "").lower() == "microsoft-windows-sysmon":
        return {"1": "process_creation", "11": "file_event", "22": "dns_query"}.get(event_id)
    if channel == "security":
        return "process_creation" if event_id == "4688" else None
    if channel == "application":
        return "application"
    if channel == "msexchange management":
        return "msexchange_management"
    if not channel and fields.get("CommandLine") and fields.get("Image"):
        return "process_creation"
    if not channel and fields.get("TargetFilename"):
        return "file_event"
    return None


def flatten(event: dict[str, Any]) -> tuple[str, dict[str, str]] | None:
    """(table, columns) for one decoded JSON event; None when no table takes it."""
    inner = event.get("Event")
    fields = _from_evtx(inner) if isinstance(inner, dict) else _from_flat(event)
    if fields.get("Channel", "").lower() == "security":
        for src, dst in _SECURITY_4688.items():
            if src in fields:
                fields[dst] = fields[src]
    table = table_of(fields)
    if table is None:
        return None
    wanted = TABLES[table].columns
    return table, {c: fields.get(c, "") for c in wanted}
