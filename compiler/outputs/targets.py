"""The one declared table: which indicator type reaches which output, and how.

Emitters read it to report what they cannot express (IOC530), `iocc targets` prints it, and the
site shows it. Query targets (KQL, SPL, Lucene, ES|QL) are reached through the generated Sigma
rules, so their rows follow from SIGMA_FIELDS and from the log sources each target converts;
tests convert one sample rule per type and log source with each backend and compare with this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from compiler.corpus.vocab import ATOMIC_TYPES, RULE_TYPES

TYPES: Final[tuple[str, ...]] = (*ATOMIC_TYPES, *RULE_TYPES)


@dataclass(frozen=True, slots=True, kw_only=True)
class SigmaField:
    """Where a generated Sigma rule looks for values of one type in one log source."""

    logsource: str  # key of LOGSOURCES
    fields: tuple[str, ...]  # one selection per field, joined by `1 of selection_*`
    modifier: str = ""  # Sigma value modifier, e.g. "cidr", "endswith"
    prefix: str = ""  # put before each value, e.g. "\\" for file names
    iis: bool = False  # the log source writes user agents as IIS does (each space as `+`)


@dataclass(frozen=True, slots=True, kw_only=True)
class LogSource:
    label: str
    category: str
    product: str | None = None


LOGSOURCES: Final[dict[str, LogSource]] = {
    "webserver": LogSource(label="Web Server Logs", category="webserver"),
    "proxy": LogSource(label="Proxy Logs", category="proxy"),
    "dns_query": LogSource(label="DNS Queries", category="dns_query", product="windows"),
    "network_connection": LogSource(
        label="Network Connections", category="network_connection", product="windows"
    ),
    "file_event": LogSource(label="File Events", category="file_event", product="windows"),
    "process_creation": LogSource(label="Process Creation", category="process_creation", product="windows"),
}

_IP = (
    SigmaField(logsource="webserver", fields=("c-ip",)),
    SigmaField(logsource="network_connection", fields=("DestinationIp", "SourceIp")),
)


def _hash(field: str) -> tuple[SigmaField, ...]:
    # Exact-match hash fields: the backends turn them into one `in` list (fast, and the same
    # column in Sentinel ASIM and Defender); `Hashes|contains` would cost a regex per value.
    return (
        SigmaField(logsource="process_creation", fields=(field,)),
        SigmaField(logsource="file_event", fields=(field,)),
    )


SIGMA_FIELDS: Final[dict[str, tuple[SigmaField, ...]]] = {
    "sha256": _hash("sha256"),
    "sha1": _hash("sha1"),
    "md5": _hash("md5"),
    "ipv4": _IP,
    "ipv6": _IP,
    "cidr": tuple(SigmaField(logsource=f.logsource, fields=f.fields, modifier="cidr") for f in _IP),
    "domain": (
        SigmaField(logsource="dns_query", fields=("QueryName",)),
        SigmaField(logsource="proxy", fields=("cs-host",)),
    ),
    "url": (SigmaField(logsource="proxy", fields=("c-uri",)),),
    "user-agent": (
        SigmaField(logsource="webserver", fields=("cs-user-agent",), iis=True),
        SigmaField(logsource="proxy", fields=("c-useragent",)),
    ),
    "file-path": (SigmaField(logsource="file_event", fields=("TargetFilename",)),),
    "file-name": (
        SigmaField(logsource="file_event", fields=("TargetFilename",), modifier="endswith", prefix="\\"),
    ),
    "email": (),
}

# Query targets: the log sources each one converts, and why it cannot take the others.
QUERY_TARGETS: Final[dict[str, tuple[str, frozenset[str], str]]] = {
    "kql-sentinel": (
        "Microsoft Sentinel (KQL; ASIM tables, W3CIISLog for IIS)",
        frozenset({"webserver", "proxy", "network_connection", "file_event", "process_creation"}),
        "the Sentinel ASIM pipeline has no table for this log source",
    ),
    "kql-defender": (
        "Microsoft Defender XDR advanced hunting (KQL)",
        frozenset({"network_connection", "file_event", "process_creation"}),
        "Defender advanced hunting has no table for web server, proxy or DNS logs",
    ),
    "splunk": ("Splunk (SPL, Sysmon field names)", frozenset(LOGSOURCES), ""),
    "elastic-lucene": ("Elastic Security (Lucene, ECS)", frozenset(LOGSOURCES), ""),
    "elastic-esql": ("Elasticsearch ES|QL (ECS)", frozenset(LOGSOURCES), ""),
}

_NO_CONTENT = "YARA matches file content; names and paths go to Loki filename-iocs, Sigma and CSV"
_NETWORK_ONLY = "Suricata sees network traffic, not files on disk"

# output -> type -> how it is expressed; a type missing from an output's map is not expressed,
# and WHY_NOT says why.
DIRECT: Final[dict[str, dict[str, str]]] = {
    "yara": {
        "sha256": "hash.sha256() rule per value",
        "sha1": "hash.sha1() rule per value",
        "md5": "hash.md5() rule per value",
        "domain": "ascii/wide string rule (for logs, scripts, binaries)",
        "url": "ascii/wide string rule",
        "user-agent": "ascii/wide string rule as sent, plus the IIS log form (spaces as +)",
        "yara": "authored rule, as written",
    },
    "sigma": {
        t: "generated rule: " + ", ".join(f"{LOGSOURCES[f.logsource].label.lower()}" for f in fs)
        for t, fs in SIGMA_FIELDS.items()
        if fs
    }
    | {"sigma": "authored rule, as written"},
    "suricata": {
        "ipv4": "ip rule (dataset for large lists)",
        "ipv6": "ip rule (dataset for large lists)",
        "cidr": "ip rule with the network",
        "domain": "dns.query and tls.sni rules (datasets for large lists)",
        "url": "http.host and http.uri.raw rule (clear-text HTTP only)",
        "user-agent": "http.user_agent rule (dataset for large lists)",
        "suricata": "authored rule, SID and rev from the lock",
    },
    "loki": {
        "sha256": "hash-iocs.txt",
        "sha1": "hash-iocs.txt",
        "md5": "hash-iocs.txt",
        "file-path": "filename-iocs.txt (regex;score)",
        "file-name": "filename-iocs.txt (regex;score)",
        "ipv4": "c2-iocs.txt",
        "ipv6": "c2-iocs.txt",
        "cidr": "c2-iocs.txt",
        "domain": "c2-iocs.txt",
    },
    "chirp": {
        "ipv4": "network plugin (ips)",
        "ipv6": "network plugin (ips)",
        "domain": "network plugin (ips)",
        "sha256": "yara plugin (hash rule)",
        "sha1": "yara plugin (hash rule)",
        "md5": "yara plugin (hash rule)",
        "yara": "yara plugin (authored rule)",
    },
    "csv": {t: "row" for t in ATOMIC_TYPES},
    "blocklist": {t: "one value a line" for t in ATOMIC_TYPES},
}

WHY_NOT: Final[dict[str, dict[str, str]]] = {
    "yara": {
        "ipv4": "YARA scans files; addresses go to Suricata, Sigma and Loki c2-iocs",
        "ipv6": "YARA scans files; addresses go to Suricata, Sigma and Loki c2-iocs",
        "cidr": "YARA cannot match a network range",
        "email": "no scanner use for e-mail addresses in file content; see CSV",
        "file-path": _NO_CONTENT,
        "file-name": _NO_CONTENT,
        "sigma": "a Sigma rule is not a YARA rule",
        "suricata": "a Suricata rule is not a YARA rule",
    },
    "sigma": {
        "email": "Sigma has no standard log source for mail traffic",
        "yara": "a YARA rule is not a Sigma rule",
        "suricata": "a Suricata rule is not a Sigma rule",
    },
    "suricata": {
        "sha256": _NETWORK_ONLY,
        "sha1": _NETWORK_ONLY,
        "md5": _NETWORK_ONLY,
        "file-path": _NETWORK_ONLY,
        "file-name": _NETWORK_ONLY,
        "email": "SMTP envelope matching is not part of our rule set",
        "yara": "a YARA rule is not a Suricata rule",
        "sigma": "a Sigma rule is not a Suricata rule",
    },
    "loki": {
        "url": "Loki's c2-iocs matches hosts and addresses, not URLs",
        "user-agent": "Loki does not read web logs",
        "email": "Loki has no e-mail IOC file",
        "yara": "Loki reads YARA from its signature folder; use rules/yara/",
        "sigma": "Loki does not run Sigma rules",
        "suricata": "Loki does not run Suricata rules",
    },
    "chirp": {
        "cidr": "CHIRP's network plugin matches strings, not ranges",
        "url": "CHIRP's network plugin reads the DNS cache and netstat only",
        "user-agent": "CHIRP has no web log plugin",
        "email": "CHIRP has no mail plugin",
        "file-path": "CHIRP's yara plugin runs every rule on every file, so a presence rule would match all",
        "file-name": "CHIRP's yara plugin runs every rule on every file, so a presence rule would match all",
        "sigma": "CHIRP's events plugin uses its own operators, not Sigma",
        "suricata": "CHIRP does not read network traffic",
    },
    "csv": {t: "rules are published as rule files" for t in RULE_TYPES},
    "blocklist": {t: "rules are published as rule files" for t in RULE_TYPES},
}

OUTPUTS: Final[tuple[str, ...]] = (
    "yara", "sigma", *QUERY_TARGETS, "suricata", "loki", "chirp", "csv", "blocklist",
)  # fmt: skip


def query_support(target: str, kind: str) -> tuple[str, str]:
    """(how, why_not) of a query target for one type: through the generated Sigma log sources."""
    if kind in RULE_TYPES:
        if kind == "sigma":
            return "authored Sigma rule, converted where the log source maps", ""
        return "", f"a {kind} rule is not Sigma"
    _, sources, reason = QUERY_TARGETS[target]
    fields = SIGMA_FIELDS[kind]
    if not fields:
        return "", WHY_NOT["sigma"][kind]
    reached = [LOGSOURCES[f.logsource].label.lower() for f in fields if f.logsource in sources]
    if not reached:
        return "", reason
    return ", ".join(reached), ""


def support(output: str, kind: str) -> tuple[str, str]:
    """(how, why_not): how `output` expresses `kind`, or why it does not (exactly one is non-empty)."""
    if output in QUERY_TARGETS:
        return query_support(output, kind)
    how = DIRECT[output].get(kind, "")
    return (how, "") if how else ("", WHY_NOT[output][kind])


def expresses(output: str, kind: str) -> bool:
    return bool(support(output, kind)[0])


def table() -> list[dict[str, str]]:
    """One row per (type, output), for `iocc targets` and the site."""
    rows = []
    for kind in TYPES:
        for output in OUTPUTS:
            how, why = support(output, kind)
            rows.append({"type": kind, "output": output, "how": how, "why_not": why})
    return rows
