"""Windows events in the shapes the engine reads (evtx_dump, Winlogbeat, flat), the text Sigma keywords
search, and file paths relative to the Exchange installation (docs/EVIDENCE.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from compiler.detect.atomic import derived
from compiler.detect.engine import run
from compiler.detect.events import flatten, raw_text
from compiler.detect.formats import sniff
from compiler.detect.plan import Plan, normalise
from compiler.detect.sigmasql import convert
from compiler.detect.sources import Collector

PARAMS = '-Identity "corp\\Administrator\\MailboxExport" -Confirm "False" -FilePath "\\\\127.0.0.1\\c$\\inetpub\\x"'


def _winlogbeat(channel: str, event_id: int, data: dict[str, str], message: str = "") -> dict[str, Any]:
    return {
        "@timestamp": "2021-08-20T03:04:40.015Z",
        "event": {"code": str(event_id), "kind": "event"},
        "host": {"name": "EXCH01.corp.example.com"},
        "winlog": {"channel": channel, "provider_name": "p", "event_id": event_id,
                   "computer_name": "EXCH01.corp.example.com", "event_data": data},
        "message": message,
    }  # fmt: skip


def _evtx(channel: str, event_id: int, data: dict[str, Any] | list[Any]) -> dict[str, Any]:
    system = {"Provider": {"#attributes": {"Name": "p"}}, "EventID": event_id, "Channel": channel,
              "Computer": "EXCH01.corp.example.com"}  # fmt: skip
    return {"Event": {"System": system, "EventData": {"Data": data} if isinstance(data, list) else data}}


def _cmdlet_events() -> list[dict[str, Any]]:
    params = {"param1": "Remove-MailboxExportRequest", "param2": PARAMS, "param3": "corp/Users/Administrator"}
    return [
        _winlogbeat("MSExchange Management", 1, params, "Cmdlet succeeded."),
        _evtx("MSExchange Management", 1, list(params.values())),
        {"_source": _winlogbeat("MSExchange Management", 1, params)},
    ]


def test_every_shape_is_sniffed_and_flattened_alike() -> None:
    process = {"Image": "C:\\Windows\\System32\\cmd.exe", "CommandLine": "cmd /c whoami",
               "ParentImage": "C:\\Windows\\System32\\inetsrv\\w3wp.exe"}  # fmt: skip
    shapes = [
        _winlogbeat("Microsoft-Windows-Sysmon/Operational", 1, process),
        _evtx("Microsoft-Windows-Sysmon/Operational", 1, process),
        {"_source": _winlogbeat("Microsoft-Windows-Sysmon/Operational", 1, process)},
        {"UtcTime": "2021-08-20 03:04:40.015", "Computer": "EXCH01", **process},  # an EDR export
    ]
    for event in shapes:
        assert sniff(json.dumps(event).encode() + b"\n").format == "windows-events-jsonl", event
        found = flatten(event)
        assert found is not None, event
        table, columns = found
        assert table == "process_creation"
        assert {k: columns[k] for k in process} == process
    assert sniff(b'{"Image": "x.exe"}\n').format == "file"  # an image alone is no event
    cmdlets = [flatten(e) for e in _cmdlet_events()]
    assert all(c is not None and c[0] == "msexchange_management" for c in cmdlets)
    # data without names becomes one `Data` column, one value a line, whatever the shape
    assert len({c[1]["Data"] for c in cmdlets if c}) == 1
    assert cmdlets[0] and cmdlets[0][1]["Data"].split("\n")[:2] == ["Remove-MailboxExportRequest", PARAMS]


def test_keywords_search_the_decoded_event_text() -> None:
    rule = {"title": "t", "logsource": {"product": "windows", "service": "msexchange-management"},
            "detection": {"a": ["Remove-MailboxExportRequest"], "b": ['-Confirm "False"'],
                          "c": ["\\\\127.0.0.1\\c$\\inetpub\\"], "condition": "a and b and c"}}  # fmt: skip
    sql = convert(rule).duckdb
    con = duckdb.connect()
    con.execute("CREATE TABLE msexchange_management (raw VARCHAR)")
    lines = [raw_text(e) for e in _cmdlet_events()]
    con.executemany("INSERT INTO msexchange_management VALUES (?)", [(t,) for t in lines])
    assert con.execute(f"SELECT count(*) FROM msexchange_management WHERE {sql}").fetchone() == (len(lines),)
    # the JSON line itself escapes quotes and backslashes: a keyword written as the log shows it misses it
    con.execute("DELETE FROM msexchange_management")
    con.executemany(
        "INSERT INTO msexchange_management VALUES (?)", [(json.dumps(e),) for e in _cmdlet_events()]
    )
    assert con.execute(f"SELECT count(*) FROM msexchange_management WHERE {sql}").fetchone() == (0,)


def test_a_path_below_exchange_install_path_matches_any_installation(tmp_path: Path) -> None:
    value = "%ExchangeInstallPath%FrontEnd\\HttpProxy\\owa\\auth\\x.aspx"
    assert normalise("file-path", value) == normalise("file-path", value.replace("%F", "%\\F"))
    for install in ("C:\\Program Files\\Microsoft\\Exchange Server\\V15", "D:\\Exchange Server\\V15"):
        got = derived(install + "\\FrontEnd\\HttpProxy\\owa\\auth\\x.aspx", {})["iocc_install_path"]
        assert got == normalise("file-path", value)
    assert derived("C:\\inetpub\\wwwroot\\x.aspx", {})["iocc_install_path"] == ""
    # end to end: a collected file and a Sysmon event, against the value table
    server = tmp_path / "collection" / "EXCH01"
    page = server / "D" / "Exchange Server" / "V15" / "FrontEnd" / "HttpProxy" / "owa" / "auth" / "x.aspx"
    page.parent.mkdir(parents=True)
    page.write_text("<%@ Page %>", encoding="utf-8")
    other = server / "C" / "inetpub" / "wwwroot" / "FrontEnd" / "HttpProxy" / "owa" / "auth" / "x.aspx"
    other.parent.mkdir(parents=True)
    other.write_text("<%@ Page %>", encoding="utf-8")
    event = _winlogbeat("Microsoft-Windows-Sysmon/Operational", 11,
                        {"Image": "System", "TargetFilename": "C:\\Program Files\\Microsoft\\Exchange Server"
                                                              "\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\x.aspx"})  # fmt: skip
    (server / "sysmon.ndjson").write_text(json.dumps(event) + "\n", encoding="utf-8")
    plan = Plan(values={"file-path": {normalise("file-path", value): ["indicator:a/s/x"]}})
    work = tmp_path / "work"
    work.mkdir()
    sources = Collector(work).collect([tmp_path / "collection"])
    hits = run(plan, sources, work)
    shown = sorted(sources[m.source].display.split("/EXCH01/", 1)[1] for m in hits)
    assert shown == ["D/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/x.aspx", "sysmon.ndjson"]
    # a finding on an event shows the line as written, not the decoded text keywords search
    assert [m.text for m in hits if m.line] == [json.dumps(event)]
