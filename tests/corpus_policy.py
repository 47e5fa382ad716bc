"""The reviewed policy for the repository's own content (config/corpus-policy.yaml): which warnings and
notes it may carry. The corpus tests read it, so accepting a finding is a reviewed data change, never a
test edit."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache

import jsonschema

from compiler.corpus.load import compose, to_data
from compiler.diagnostics import Diagnostic
from compiler.diagnostics.severity import Severity
from tests.corpus_fixtures import REPO

POLICY = "config/corpus-policy.yaml"
SCHEMA = REPO / "schemas" / "config" / "corpus-policy.schema.json"


@cache
def accepted() -> dict[str, str]:
    """Accepted code -> the reviewed reason (the file validated against its schema)."""
    data = to_data(compose((REPO / POLICY).read_text(encoding="utf-8"), POLICY), POLICY)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    found: dict[str, str] = data["accept"]
    return found


def offenders(found: Iterable[Diagnostic]) -> list[str]:
    """Every finding the policy does not accept (errors never are), one line each."""
    ok = accepted()
    return [
        f"{d.location.path}:{d.location.line}:{d.location.column}: {d.severity.value}[{d.code}] {d.message}"
        for d in found
        if d.severity is Severity.ERROR or d.code not in ok
    ]
