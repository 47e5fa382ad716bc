"""The indicator type to output table shown on the site.

The table is declared once, in `compiler.outputs.targets` (the rule emitters own it). Until that module
exists, `placeholder()` states the design's intent so the page can be built; the page says which.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from compiler.corpus.vocab import ATOMIC_TYPES, RULE_TYPES

Table = dict[str, dict[str, str]]  # type -> output -> mark


def placeholder() -> tuple[list[str], Table]:
    outputs = ["STIX", "MISP", "YARA", "Sigma", "Suricata", "Loki", "CSV"]
    reach: Mapping[str, tuple[str, ...]] = {
        "sha256": ("STIX", "MISP", "YARA", "Sigma", "Loki", "CSV"),
        "sha1": ("STIX", "MISP", "YARA", "Sigma", "Loki", "CSV"),
        "md5": ("STIX", "MISP", "YARA", "Sigma", "Loki", "CSV"),
        "ipv4": ("STIX", "MISP", "Sigma", "Suricata", "Loki", "CSV"),
        "ipv6": ("STIX", "MISP", "Sigma", "Suricata", "Loki", "CSV"),
        "cidr": ("STIX", "MISP", "Suricata", "CSV"),
        "domain": ("STIX", "MISP", "Sigma", "Suricata", "Loki", "CSV"),
        "url": ("STIX", "MISP", "Sigma", "Suricata", "CSV"),
        "file-path": ("STIX", "MISP", "Sigma", "Loki", "CSV"),
        "file-name": ("STIX", "MISP", "Sigma", "Loki", "CSV"),
        "user-agent": ("STIX", "MISP", "Sigma", "Suricata", "CSV"),
        "email": ("STIX", "MISP", "CSV"),
        "yara": ("STIX", "MISP", "YARA"),
        "sigma": ("STIX", "MISP", "Sigma"),
        "suricata": ("STIX", "MISP", "Suricata"),
    }
    table: Table = {
        str(kind): {o: ("✓" if o in reach[kind] else "–") for o in outputs}
        for kind in (*ATOMIC_TYPES, *RULE_TYPES)
    }
    return outputs, table


def _from_module(module: Any) -> tuple[list[str], Table] | None:
    """Reads `compiler.outputs.targets`: OUTPUTS, TYPES and `support(output, type) -> (how, why_not)`."""
    outputs, types, support = (getattr(module, n, None) for n in ("OUTPUTS", "TYPES", "support"))
    if not (isinstance(outputs, tuple) and isinstance(types, tuple) and callable(support)):
        return None
    table: Table = {}
    for kind in types:
        row: dict[str, str] = {}
        for output in outputs:
            how, why = support(output, kind)
            row[str(output)] = f"✓ {how}" if how else f"– {why}"
        table[str(kind)] = row
    return [str(o) for o in outputs], table


def capability_table() -> tuple[list[str], Table]:
    """(outputs, {type: {output: "✓ how" or "– why not"}})."""
    try:
        module = importlib.import_module("compiler.outputs.targets")
    except ImportError:
        return placeholder()
    return _from_module(module) or placeholder()
