"""The query targets and the small pySigma processing pipelines of ours that they need.

- Sentinel: IIS logs live in the W3CIISLog table, which no Kusto pipeline maps (sentinel_asim sends
  `webserver` to imWebSession without its fields): webserver rules get our W3CIISLog pipeline, which
  also writes a number compared with a status column of that table (`scStatus`, `scSubStatus`,
  `scWin32Status` are text: Microsoft's own ASIM parser for IIS reads them with `toint` and compares
  `scSubStatus` with "0") as a string: Log Analytics refuses `scStatus == 401` ("Cannot compare values
  of types string and long"), though the Kusto language service lets it pass; file
  hashes in file events go to ASIM's TargetFile* columns and SourceIp of network connections to
  SrcIpAddr, which sentinel_asim leaves unmapped.
- Splunk: splunk_windows keeps Sysmon field names; we add the names the Sysmon add-on extracts from
  `Hashes` (SHA256, ...) and CIM Web names for web server and proxy logs.
- Elastic: ecs_windows maps Windows fields; we add ECS names for hashes and for web and proxy logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from compiler.corpus.kinds import atomic
from compiler.corpus.kinds.kind import Sigma


def _hash_fields() -> tuple[str, ...]:
    """The Sigma fields of generated hash rules: those of the hash-shaped types (compiler.corpus.kinds)."""
    found = (
        f
        for k in atomic()
        if k.stix.shape == "hash" and isinstance(k.sigma, Sigma)
        for sf in k.sigma.fields
        for f in sf.fields
    )
    return tuple(dict.fromkeys(found))


W3CIISLOG_FIELDS: Final = {
    "c-ip": "cIP",
    "cs-username": "csUserName",
    "s-sitename": "sSiteName",
    "s-computername": "sComputerName",
    "s-ip": "sIP",
    "s-port": "sPort",
    "cs-method": "csMethod",
    "cs-uri-stem": "csUriStem",
    "cs-uri-query": "csUriQuery",
    "sc-status": "scStatus",
    "sc-substatus": "scSubStatus",
    "sc-win32-status": "scWin32Status",
    "sc-bytes": "scBytes",
    "cs-bytes": "csBytes",
    "time-taken": "TimeTaken",
    "cs-version": "csVersion",
    "cs-host": "csHost",
    "cs-user-agent": "csUserAgent",
    "cs-cookie": "csCookie",
    "cs-referer": "csReferer",
    "cs-referrer": "csReferer",
}
W3CIISLOG_TEXT_NUMBERS: Final = ("scStatus", "scSubStatus", "scWin32Status")  # numbers kept as text
SPLUNK_WEB_FIELDS: Final = {  # CIM Web data model
    "c-ip": "src",
    "s-ip": "dest",
    "dst_ip": "dest",
    "cs-username": "user",
    "cs-method": "http_method",
    "cs-uri-stem": "uri_path",
    "c-uri-stem": "uri_path",
    "cs-uri-query": "uri_query",
    "c-uri-query": "uri_query",
    "c-uri": "url",
    "sc-status": "status",
    "cs-host": "site",
    "cs-user-agent": "http_user_agent",
    "c-useragent": "http_user_agent",
    "cs-referer": "http_referrer",
    "cs-referrer": "http_referrer",
    "cs-cookie": "cookie",
}
ECS_WEB_FIELDS: Final = {  # Elastic Common Schema
    "c-ip": "source.ip",
    "s-ip": "destination.ip",
    "dst_ip": "destination.ip",
    "s-port": "destination.port",
    "cs-username": "user.name",
    "cs-method": "http.request.method",
    "cs-uri-stem": "url.path",
    "c-uri-stem": "url.path",
    "cs-uri-query": "url.query",
    "c-uri-query": "url.query",
    "c-uri": "url.original",
    "sc-status": "http.response.status_code",
    "cs-host": "url.domain",
    "cs-user-agent": "user_agent.original",
    "c-useragent": "user_agent.original",
    "cs-referer": "http.request.referrer",
    "cs-referrer": "http.request.referrer",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    name: str  # as in compiler.outputs.targets.QUERY_TARGETS
    directory: str  # under dist/
    extension: str
    backend: str  # installed pySigma backend
    pipeline: str  # installed pySigma pipeline
    comment: str  # line comment marker for the header ("" = the format has none)
    output_format: str = "default"


TARGETS: Final[tuple[Target, ...]] = (
    Target(name="kql-sentinel", directory="rules/kql/sentinel", extension="kql", backend="kusto",
           pipeline="sentinel_asim", comment="//"),
    Target(name="kql-defender", directory="rules/kql/defender", extension="kql", backend="kusto",
           pipeline="microsoft_xdr", comment="//"),
    Target(name="splunk", directory="rules/splunk", extension="spl", backend="splunk",
           pipeline="splunk_windows", comment="```"),
    Target(name="elastic-lucene", directory="rules/elastic/lucene", extension="ndjson", backend="lucene",
           pipeline="ecs_windows", comment="", output_format="siem_rule_ndjson"),
    Target(name="elastic-esql", directory="rules/elastic/esql", extension="esql", backend="esql",
           pipeline="ecs_windows", comment="//"),
)  # fmt: skip


def _field_map(mapping: dict[str, str]) -> dict[str | None, str | list[str]]:
    return {k: v for k, v in mapping.items()}


def _mapping(identifier: str, mapping: dict[str, str], categories: tuple[str, ...], priority: int) -> Any:
    from sigma.processing.conditions import LogsourceCondition
    from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
    from sigma.processing.transformations import FieldMappingTransformation

    return ProcessingPipeline(
        name=f"iocc {identifier}",
        priority=priority,
        items=[
            ProcessingItem(
                identifier=f"iocc_{identifier}_{category}",
                transformation=FieldMappingTransformation(_field_map(mapping)),
                rule_conditions=[LogsourceCondition(category=category)],
            )
            for category in categories
        ],
    )


def w3ciislog_pipeline() -> Any:
    """Sigma `webserver` fields to Sentinel's W3CIISLog table; any other field fails the rule."""
    from sigma.pipelines.kusto_common.postprocessing import create_prepend_query_table_item
    from sigma.pipelines.kusto_common.transformations import SetQueryTableStateTransformation
    from sigma.processing.conditions import ExcludeFieldCondition, IncludeFieldCondition, LogsourceCondition
    from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
    from sigma.processing.transformations import (
        ConvertTypeTransformation,
        DetectionItemFailureTransformation,
        FieldMappingTransformation,
    )

    table: Any = SetQueryTableStateTransformation("W3CIISLog")  # typed narrower than it works
    prepend: Any = create_prepend_query_table_item  # untyped in pySigma-backend-kusto

    def web() -> list[Any]:  # a condition belongs to one item: make a fresh one each time
        return [LogsourceCondition(category="webserver")]

    return ProcessingPipeline(
        name="iocc: Sigma webserver to Microsoft Sentinel W3CIISLog",
        priority=10,
        allowed_backends=frozenset({"kusto"}),
        items=[
            ProcessingItem(
                identifier="iocc_w3ciislog_table",
                transformation=table,
                rule_conditions=web(),
            ),
            ProcessingItem(
                identifier="iocc_w3ciislog_fields",
                transformation=FieldMappingTransformation(_field_map(W3CIISLOG_FIELDS)),
                rule_conditions=web(),
            ),
            ProcessingItem(
                identifier="iocc_w3ciislog_text_numbers",
                transformation=ConvertTypeTransformation(target_type="str"),
                rule_conditions=web(),
                field_name_conditions=[IncludeFieldCondition(fields=list(W3CIISLOG_TEXT_NUMBERS))],
            ),
            ProcessingItem(
                identifier="iocc_w3ciislog_unknown_field",
                transformation=DetectionItemFailureTransformation(
                    "a field of this rule has no column in Sentinel's W3CIISLog table"
                ),
                rule_conditions=web(),
                field_name_conditions=[ExcludeFieldCondition(fields=sorted(set(W3CIISLOG_FIELDS.values())))],
            ),
        ],
        postprocessing_items=[prepend()],
    )


def pipeline_key(target: Target, rule: dict[str, Any]) -> str:
    """Which pipeline variant `rule` needs with `target` (rules with the same key share a backend)."""
    category = (rule.get("logsource") or {}).get("category")
    if target.name == "kql-sentinel":
        return "w3ciislog" if category == "webserver" else "asim"
    return "default"


def pipeline_for(target: Target, rule: dict[str, Any]) -> tuple[str, Any]:
    """(pipeline_key, pipeline) for converting `rule` with `target`: the installed pipeline plus ours."""
    from sigma.plugins import InstalledSigmaPlugins

    category = (rule.get("logsource") or {}).get("category")
    installed = InstalledSigmaPlugins.autodiscover().pipelines
    if target.name == "kql-sentinel":
        if category == "webserver":
            return "w3ciislog", w3ciislog_pipeline()
        hashes = {h: f"TargetFile{h.upper()}" for h in _hash_fields()}
        extra = _mapping("asim_file_hashes", hashes, ("file_event",), 5) + _mapping(
            "asim_source_ip", {"SourceIp": "SrcIpAddr"}, ("network_connection",), 5
        )
        return "asim", extra + installed[target.pipeline]()
    if target.name == "splunk":
        web = _mapping("cim_web", SPLUNK_WEB_FIELDS, ("webserver", "proxy"), 5)
        hashes = _mapping(
            "sysmon_hashes", {h: h.upper() for h in _hash_fields()}, ("process_creation", "file_event"), 5
        )
        return "default", web + hashes + installed[target.pipeline]()
    if target.backend in ("lucene", "esql"):
        web = _mapping("ecs_web", ECS_WEB_FIELDS, ("webserver", "proxy"), 5)
        proc = _mapping(
            "ecs_proc_hashes", {h: f"process.hash.{h}" for h in _hash_fields()}, ("process_creation",), 5
        )
        files = _mapping("ecs_file_hashes", {h: f"file.hash.{h}" for h in _hash_fields()}, ("file_event",), 5)
        return "default", web + proc + files + installed[target.pipeline]()
    return "default", installed[target.pipeline]()
