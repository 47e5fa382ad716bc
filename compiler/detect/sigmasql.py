"""Sigma rules as SQL conditions over the engine's tables: DuckDB in process, Spark SQL for a lake.

pySigma converts; two installed backends write the SQL: `pysigma-backend-duckdb` (imports as
`sigma_backend_duckdb`) and `pysigma-backend-databricks` (Spark SQL). Both get one processing pipeline
of ours per log source: a rule's fields must be columns of its table, any other field fails the rule
(IOC710) instead of silently matching nothing. What we change in the backends, and why:

- DuckDB: `LIKE` patterns escape `%`, `_` and `\\` (the backend leaves them as wildcards, so `Page_Load`
  would match `PageXLoad`); a plain value compares case-insensitively, as Sigma means and the Spark
  backend does; a quote inside a regular expression is doubled for the SQL literal; numbers compare as
  text (every column is text).
- Both: Sigma keywords (values without a field) search the table's `raw` column, which holds the whole
  log line or event; the DuckDB backend refuses keywords, the Databricks backend already does this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from compiler.detect.formats import TABLES, Table

_EXCHANGE_SERVICES: Final = {"httpproxy": "httpproxy", "oabgenerator": "oabgen", "ecp-server": "ecp"}
_WINDOWS_SERVICES: Final = {"application": "application", "msexchange-management": "msexchange_management"}
_CATEGORIES: Final = {
    "webserver": "iis", "process_creation": "process_creation", "file_event": "file_event", "dns_query": "dns_query",
}  # fmt: skip
RAW: Final = "raw"


def table_for(logsource: dict[str, Any]) -> Table | None:
    """The table a Sigma log source reads, or None when the engine has no such source."""
    category = str(logsource.get("category") or "")
    product = str(logsource.get("product") or "")
    service = str(logsource.get("service") or "")
    name = _CATEGORIES.get(category)
    if name is None and not category and product == "exchange":
        name = _EXCHANGE_SERVICES.get(service)
    if name is None and not category and product == "windows":
        name = _WINDOWS_SERVICES.get(service)
    return TABLES.get(name) if name else None


def pipeline(table: Table) -> Any:
    """Fields of a rule must be columns of its table (the names are the same: Sigma's webserver names,
    the HttpProxy header names, Sysmon's event field names); anything else fails the rule."""
    from sigma.processing.conditions import IncludeFieldCondition
    from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
    from sigma.processing.transformations import DetectionItemFailureTransformation

    return ProcessingPipeline(
        name=f"iocc engine: {table.name}",
        priority=10,
        items=[
            ProcessingItem(
                identifier=f"iocc_engine_{table.name}_unknown_field",
                transformation=DetectionItemFailureTransformation(
                    f"the engine's {table.name} table has no column for this field "
                    f"(columns: {', '.join(table.columns) or 'raw only'})"
                ),
                # a field that is not a column (keywords have no field and are left alone)
                field_name_conditions=[IncludeFieldCondition(fields=[_other_than(table.columns)], mode="re")],
            )
        ],
    )


def _other_than(columns: tuple[str, ...]) -> str:
    import re

    if not columns:
        return "^.*$"
    return "^(?!(?:" + "|".join(re.escape(c) for c in columns) + ")$).*$"


def _duckdb_class() -> type[Any]:
    from sigma.conversion.state import ConversionState
    from sigma.exceptions import SigmaFeatureNotSupportedByBackendError
    from sigma.types import SigmaString, SpecialChars
    from sigma_backend_duckdb import DuckDBBackend

    class EngineDuckDB(DuckDBBackend):  # type: ignore[misc]
        escape_char: ClassVar[str] = "\\"
        add_escaped: ClassVar[str] = "\\"
        startswith_expression: ClassVar[str] = "{field} ILIKE '{value}%' ESCAPE '\\'"
        endswith_expression: ClassVar[str] = "{field} ILIKE '%{value}' ESCAPE '\\'"
        contains_expression: ClassVar[str] = "{field} ILIKE '%{value}%' ESCAPE '\\'"
        wildcard_match_expression: ClassVar[str] = "{field} ILIKE '{value}' ESCAPE '\\'"
        wildcard_match_str_expression: ClassVar[str] = "{field} ILIKE '{value}' ESCAPE '\\'"
        raw_field: ClassVar[str] = RAW

        def convert_value_re(self, r: Any, state: ConversionState) -> Any:
            converted = super().convert_value_re(r, state)
            return converted.replace("'", "''") if isinstance(converted, str) else converted

        def convert_condition_field_eq_val_str(self, cond: Any, state: ConversionState) -> Any:
            value = cond.value
            if isinstance(value, SigmaString) and not value.contains_special():
                literal = str(value).replace("'", "''")
                return f"lower({self.escape_and_quote_field(cond.field)}) = lower('{literal}')"
            return super().convert_condition_field_eq_val_str(cond, state)

        def convert_condition_field_eq_val_num(self, cond: Any, state: ConversionState) -> Any:
            return f"{self.escape_and_quote_field(cond.field)} = '{cond.value}'"

        def convert_condition_val_str(self, cond: Any, state: ConversionState) -> Any:
            value = cond.value
            if not isinstance(value, SigmaString):
                raise SigmaFeatureNotSupportedByBackendError("a keyword must be text")
            if not value.startswith(SpecialChars.WILDCARD_MULTI):
                value = SpecialChars.WILDCARD_MULTI + value
            if not value.endswith(SpecialChars.WILDCARD_MULTI):
                value = value + SpecialChars.WILDCARD_MULTI
            pattern = self.convert_value_str(value, state, no_quote=True)
            return f"{self.raw_field} ILIKE '{pattern}' ESCAPE '\\'"

        def convert_condition_val_num(self, cond: Any, state: ConversionState) -> Any:
            return f"{self.raw_field} ILIKE '%{cond.value}%'"

        def convert_condition_val_re(self, cond: Any, state: ConversionState) -> Any:
            return f"regexp_matches({self.raw_field}, '{self.convert_value_re(cond.value, state)}')"

        def finalize_query_default(self, rule: Any, query: str, index: int, state: ConversionState) -> Any:
            return plain_likes(query)

    return EngineDuckDB


# a LIKE pattern literal without a backslash, followed by the escape clause it does not need
_NEEDLESS_ESCAPE: Final = re.compile(r"(LIKE '(?:[^'\\]|'')*') ESCAPE '\\'")


def plain_likes(query: str) -> str:
    """The query with `ESCAPE '\\'` dropped after every LIKE pattern that holds no backslash: the
    pattern means the same, and DuckDB runs a LIKE without an escape clause as a plain prefix, suffix or
    substring search, about twice as fast over a large log."""
    return _NEEDLESS_ESCAPE.sub(r"\1", query)


def _spark_class() -> type[Any]:
    from dataclasses import replace

    from sigma.backends.databricks.databricks import DatabricksBackend
    from sigma.conversion.state import ConversionState
    from sigma.types import SigmaString, SpecialChars

    class EngineSpark(DatabricksBackend):
        def convert_condition_val_str(self, cond: Any, state: ConversionState) -> Any:
            # a keyword is found anywhere in the line, wildcards inside it or not (as in DuckDB)
            value = cond.value
            if isinstance(value, SigmaString):
                if not value.startswith(SpecialChars.WILDCARD_MULTI):
                    value = SpecialChars.WILDCARD_MULTI + value
                if not value.endswith(SpecialChars.WILDCARD_MULTI):
                    value = value + SpecialChars.WILDCARD_MULTI
                cond = replace(cond, value=value)
            return super().convert_condition_val_str(cond, state)

        def convert_condition_field_eq_val_num(self, cond: Any, state: ConversionState) -> Any:
            return f"{self.escape_and_quote_field(cond.field)} = '{cond.value}'"

        def finalize_query_default(self, rule: Any, query: str, index: int, state: ConversionState) -> Any:
            return query

    return EngineSpark


Dialect = str  # "duckdb" or "spark"
_CLASSES: dict[str, type[Any]] = {}


def backend(dialect: Dialect, table: Table) -> Any:
    if dialect not in _CLASSES:
        _CLASSES[dialect] = _duckdb_class() if dialect == "duckdb" else _spark_class()
    cls = _CLASSES[dialect]
    if dialect == "spark":
        return cls(processing_pipeline=pipeline(table), raw_log_field=RAW)
    return cls(processing_pipeline=pipeline(table))


@dataclass(frozen=True, slots=True, kw_only=True)
class Converted:
    table: str
    duckdb: str
    spark: str


class ConversionError(ValueError):
    """A rule the engine cannot run; the message says why."""


def convert(rule: dict[str, Any]) -> Converted:
    """One Sigma rule (as a mapping) to a condition per dialect over its table."""
    from sigma.collection import SigmaCollection
    from sigma.exceptions import SigmaError

    table = table_for(rule.get("logsource") or {})
    if table is None:
        raise ConversionError(f"no table of the engine reads the log source {rule.get('logsource')!r}")
    out: dict[str, str] = {}
    for dialect in ("duckdb", "spark"):
        try:
            # pipelines change rules in place: parse a fresh collection for each backend
            collection = SigmaCollection.from_dicts([rule])
            queries = backend(dialect, table).convert(collection)
        except SigmaError as exc:
            raise ConversionError(str(exc)) from None
        except NotImplementedError as exc:
            raise ConversionError(f"not supported: {exc}") from None
        if len(queries) != 1 or not isinstance(queries[0], str):
            raise ConversionError(f"the {dialect} backend gave {len(queries)} queries, not one")
        if not table.raw and f"{RAW}" in _fields(queries[0], dialect) and RAW not in table.columns:
            raise ConversionError(f"keywords need the whole line, which the {table.name} table does not keep")
        out[dialect] = queries[0]
    return Converted(table=table.name, duckdb=out["duckdb"], spark=out["spark"])


def _fields(query: str, dialect: str) -> set[str]:
    """Crude: whether the raw column is referenced (unquoted identifier `raw`)."""
    import re

    return set(re.findall(r"(?<![\w\"`'])raw(?![\w\"`'])", query))
