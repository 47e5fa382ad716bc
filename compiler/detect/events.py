"""Windows events as JSON lines, flattened into the columns of the engine's tables.

Three shapes are read: `evtx_dump -o jsonl` (omerbenamram/evtx, also what the `evtx` Python package gives)
with `Event.System` and `Event.EventData`; Winlogbeat's documents (Elastic's shipper, also what an
Elasticsearch export of its index holds in `_source`) with `winlog.channel`, `winlog.provider_name`,
`winlog.event_id`, the event's fields in `winlog.event_data` and the rendered text in `message`; and flat
objects whose keys are the event's field names (Sysmon names as EDR exports use them, or
`Get-WinEvent | ConvertTo-Json` with Id, ProviderName, LogName, MachineName and Message).

Data without field names (the MSExchange Management log's cmdlet, parameters, caller, ...) is a list in
`evtx_dump` and `param1`, `param2`, ... in Winlogbeat: both become the `Data` column, one value a line.
The `raw` column that Sigma keywords search is the event's text as Windows shows it: its data values
(and Winlogbeat's rendered `message`) one a line, decoded from JSON, so `-Confirm "False"` or
`C:\\inetpub\\` are found as written and not as their JSON escapes.

Where an event goes: Sysmon event 1 and Security event 4688 are process creations, Sysmon event 11 a
file event, Sysmon event 22 a DNS query, the Application and MSExchange Management channels their own
tables. Any other event is not needed by a rule and is skipped.
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


def _param_number(key: str) -> int | None:
    return int(key[5:]) if key.startswith("param") and key[5:].isdigit() else None


def _from_winlogbeat(event: dict[str, Any]) -> dict[str, str]:
    winlog = event["winlog"]
    host = event.get("host") if isinstance(event.get("host"), dict) else {}
    log = event.get("log") if isinstance(event.get("log"), dict) else {}
    meta = event.get("event")
    assert isinstance(host, dict) and isinstance(log, dict)
    code = meta.get("code") if isinstance(meta, dict) else None
    out = {
        "EventID": _text(winlog.get("event_id", code)),
        "Provider_Name": _text(winlog.get("provider_name")),
        "Channel": _text(winlog.get("channel")),
        "Computer": _text(winlog.get("computer_name") or host.get("name")),
        "Level": _text(log.get("level")),
        "TimeCreated": _text(event.get("@timestamp")),
    }
    data = winlog.get("event_data")
    if isinstance(data, dict):
        params = sorted((n, k) for k in data if (n := _param_number(k)) is not None)
        out |= {k: _text(v) for k, v in data.items() if _param_number(k) is None}
        if params:
            out["Data"] = "\n".join(_text(data[k]) for _, k in params)
    return out


def _is_winlogbeat(event: dict[str, Any]) -> bool:
    winlog = event.get("winlog")
    return isinstance(winlog, dict) and ("channel" in winlog or "event_id" in winlog)


def _values(value: Any) -> list[str]:
    """Every scalar below `value`, in document order, as text."""
    if isinstance(value, dict):
        return [v for k, item in value.items() if k != "#attributes" for v in _values(item)]
    if isinstance(value, list):
        return [v for item in value for v in _values(item)]
    text = _text(value)
    return [text] if text else []


def unwrap(event: dict[str, Any]) -> dict[str, Any]:
    """The event itself: an Elasticsearch hit (`_source`) is the document it holds."""
    source = event.get("_source")
    return source if isinstance(source, dict) and "Event" not in event and "winlog" not in event else event


def raw_text(event: dict[str, Any]) -> str:
    """The event's text for Sigma keywords: its data values (and a rendered message), one a line."""
    event = unwrap(event)
    inner = event.get("Event")
    if isinstance(inner, dict):
        parts = [inner.get("EventData"), inner.get("UserData")]
    elif _is_winlogbeat(event):
        winlog = event["winlog"]
        parts = [event.get("message"), winlog.get("event_data"), winlog.get("user_data")]
    else:
        parts = [event]
    return "\n".join(v for part in parts for v in _values(part))


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
    event = unwrap(event)
    inner = event.get("Event")
    if isinstance(inner, dict):
        fields = _from_evtx(inner)
    elif _is_winlogbeat(event):
        fields = _from_winlogbeat(event)
    else:
        fields = _from_flat(event)
    if fields.get("Channel", "").lower() == "security":
        for src, dst in _SECURITY_4688.items():
            if src in fields:
                fields[dst] = fields[src]
    table = table_of(fields)
    if table is None:
        return None
    wanted = TABLES[table].columns
    return table, {c: fields.get(c, "") for c in wanted}
