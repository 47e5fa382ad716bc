"""Validation against the vendored OASIS CSAF 2.0 JSON schema and the FIRST CVSS schemas it references.

Offline: the schemas live in compiler/data/csaf/ and are served to jsonschema from a
`referencing.Registry` under the URLs the CSAF schema uses. Formats (date-time, uri) are checked.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Final

from compiler import package_path

DATA: Final = package_path("data", "csaf")
_REFERENCED: Final = {
    "https://www.first.org/cvss/cvss-v2.0.json": "cvss-v2.0.json",
    "https://www.first.org/cvss/cvss-v3.0.json": "cvss-v3.0.json",
    "https://www.first.org/cvss/cvss-v3.1.json": "cvss-v3.1.json",
}


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4, DRAFT7

    resources = []
    for url, name in _REFERENCED.items():
        contents = _load(name)
        default = DRAFT4 if "draft-04" in str(contents.get("$schema", "")) else DRAFT7
        resources.append((url, Resource.from_contents(contents, default_specification=default)))
    registry: Any = Registry().with_resources(resources)
    schema = _load("csaf_json_schema.json")
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(document: Any) -> list[tuple[str, str]]:
    """(JSON pointer, message) for every way the document breaks the CSAF 2.0 schema, sorted."""
    found = []
    for error in _validator().iter_errors(document):
        pointer = "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in error.absolute_path)
        found.append((pointer or "/", error.message))
    return sorted(found)


@functools.cache
def cwe_names() -> dict[str, str]:
    """CWE id -> name, from the vendored CWE list."""
    return {str(k): str(v) for k, v in _load("cwe-names.json").items()}
