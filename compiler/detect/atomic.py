"""Atomic indicators against the engine's tables: which column a value kind is compared with.

Every table that can carry an atomic value names the SQL expression (DuckDB or Spark) and the same
expression in Python, for telling which value a returned row matched. Files (collected or named by an
event) get derived columns: the path in lower case with backslashes, the same path relative to an
Exchange installation (so a `%ExchangeInstallPath%...` indicator matches any installation folder), the
name, and the hashes where known.
"""

from __future__ import annotations

import re
from typing import Final

from compiler.detect.plan import HASHES, INSTALL_PATH

DERIVED: Final = ("iocc_path", "iocc_install_path", "iocc_name", "iocc_sha256", "iocc_sha1", "iocc_md5")
FILE_TABLES: Final = ("process_creation", "file_event")
# an Exchange installation: any folder ending in `Exchange Server\V15` (or V14), as the gate reads it
_EXCHANGE_INSTALL: Final = re.compile(r"^.*?\\exchange server\\v1[45]\\(.+)$")


def q(column: str, dialect: str = "duckdb") -> str:
    return f'"{column}"' if dialect == "duckdb" else f"`{column}`"


def atomic_columns(table: str, dialect: str = "duckdb") -> list[tuple[str, str]]:
    """(value kind, SQL expression over the table's columns) pairs compared with the value tables; a kind
    can come twice (a file's path as it is and relative to the Exchange installation)."""
    if table == "iis":
        return [("ip", q("c-ip", dialect)), ("user-agent", q("cs-user-agent", dialect)),
                ("domain", f"lower({q('cs-host', dialect)})")]  # fmt: skip
    if table == "httpproxy":
        return [("ip", q("ClientIpAddress", dialect)), ("user-agent", f"replace({q('UserAgent', dialect)}, ' ', '+')"),
                ("domain", f"lower({q('UrlHost', dialect)})")]  # fmt: skip
    if table in FILE_TABLES:
        return [("file-path", "iocc_path"), ("file-path", "iocc_install_path"), ("file-name", "iocc_name"),
                *((h, f"iocc_{h}") for h in HASHES)]  # fmt: skip
    if table == "dns_query":
        return [("domain", f"lower({q('QueryName', dialect)})")]
    return []


def atomic_python(table: str, row: dict[str, str]) -> list[tuple[str, str]]:
    """The same expressions in Python, for telling which value matched a returned row."""
    if table == "iis":
        return [("ip", row["c-ip"]), ("user-agent", row["cs-user-agent"]), ("domain", row["cs-host"].lower())]
    if table == "httpproxy":
        return [("ip", row["ClientIpAddress"]), ("user-agent", row["UserAgent"].replace(" ", "+")),
                ("domain", row["UrlHost"].lower())]  # fmt: skip
    if table in FILE_TABLES:
        return [("file-path", row["iocc_path"]), ("file-path", row["iocc_install_path"]),
                ("file-name", row["iocc_name"]), *((h, row[f"iocc_{h}"]) for h in HASHES)]  # fmt: skip
    if table == "dns_query":
        return [("domain", row["QueryName"].lower())]
    return []


def derived(path: str, hashes: dict[str, str]) -> dict[str, str]:
    """Columns made from a file's path and hashes: the path in lower case with backslashes, the same path
    relative to an Exchange installation (`%exchangeinstallpath%\\...`, empty outside one), the name."""
    low = path.replace("/", "\\").lower()
    found = _EXCHANGE_INSTALL.match(low)
    return {
        "iocc_path": low,
        "iocc_install_path": f"{INSTALL_PATH}\\{found.group(1)}" if found else "",
        "iocc_name": low.rsplit("\\", 1)[-1],
        **{f"iocc_{h}": hashes.get(h, "") for h in HASHES},
    }
