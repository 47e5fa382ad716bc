"""The table of which indicator type reaches which output, and how, read off the type declarations.

Each declaration (compiler.corpus.kinds) gives its form in every rule output or the reason it has none;
CSV and the blocklists hold every value. Emitters read the table to report what they cannot express
(IOC530), `iocc targets` prints it, and the site shows it. Query targets (KQL, SPL, Lucene, ES|QL) are
reached through the generated Sigma rules, so their rows follow from each type's Sigma fields and from
the log sources each target converts; tests convert one sample rule per type and log source with each
backend and compare with this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from compiler.corpus.kinds import Kind, every, kind
from compiler.corpus.kinds.kind import Authored, NotExpressible, Sigma, SigmaField

__all__ = [
    "LOGSOURCES",
    "OUTPUTS",
    "QUERY_TARGETS",
    "SigmaField",
    "expresses",
    "sigma_fields",
    "support",
    "table",
    "types",
]


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


def sigma_fields(name: str) -> tuple[SigmaField, ...]:
    """Where generated Sigma rules look for values of a type; () when Sigma cannot express it."""
    form = kind(name).sigma
    return form.fields if isinstance(form, Sigma) else ()


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

# CSV and the blocklists hold every value; the rule outputs' forms are declared per type (Kind.<output>).
_AS_FILES: Final = "rules are published as rule files"
_FILE_FORMS: Final = {"csv": "row", "blocklist": "one value a line"}


def _declared(output: str, k: Kind) -> tuple[str, str]:
    forms = {"yara": k.yara, "sigma": k.sigma, "suricata": k.suricata, "loki": k.loki, "chirp": k.chirp}
    form = forms[output]
    if isinstance(form, NotExpressible):
        return "", form.why
    if isinstance(form, Sigma):
        return "generated rule: " + ", ".join(LOGSOURCES[f.logsource].label.lower() for f in form.fields), ""
    return form.how, ""


OUTPUTS: Final[tuple[str, ...]] = (
    "yara", "sigma", *QUERY_TARGETS, "suricata", "loki", "chirp", "csv", "blocklist",
)  # fmt: skip


def query_support(target: str, name: str) -> tuple[str, str]:
    """(how, why_not) of a query target for one type: through the generated Sigma log sources."""
    k = kind(name)
    if k.is_rule:
        if isinstance(k.sigma, Authored):
            return "authored Sigma rule, converted where the log source maps", ""
        return "", f"a {name} rule is not Sigma"
    _, sources, reason = QUERY_TARGETS[target]
    if isinstance(k.sigma, NotExpressible):
        return "", k.sigma.why
    reached = [LOGSOURCES[f.logsource].label.lower() for f in sigma_fields(name) if f.logsource in sources]
    if not reached:
        return "", reason
    return ", ".join(reached), ""


def support(output: str, name: str) -> tuple[str, str]:
    """(how, why_not): how `output` expresses a type, or why it does not (exactly one is non-empty)."""
    if output in QUERY_TARGETS:
        return query_support(output, name)
    k = kind(name)
    if output in _FILE_FORMS:
        return ("", _AS_FILES) if k.is_rule else (_FILE_FORMS[output], "")
    return _declared(output, k)


def expresses(output: str, name: str) -> bool:
    return bool(support(output, name)[0])


def types() -> tuple[str, ...]:
    """Every type, in the table's order (compiler.corpus.kinds)."""
    return tuple(k.name for k in every())


def table() -> list[dict[str, str]]:
    """One row per (type, output), for `iocc targets` and the site."""
    rows = []
    for k in every():
        for output in OUTPUTS:
            how, why = support(output, k.name)
            rows.append({"type": k.name, "output": output, "how": how, "why_not": why})
    return rows
