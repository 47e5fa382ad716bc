"""JSON Schema validation of documents, turned into located diagnostics.

jsonschema-rs decides quickly whether a document is valid; only an invalid one is validated
again by Python's jsonschema, which alone writes the messages a maintainer reads. So there is
one source of shape (the schema files) and one source of messages.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from compiler import package_path
from compiler.corpus.load import Document, Kind, join_pointer
from compiler.corpus.vocab import LANG_PATTERN, LANGS
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.files.safepath import read_bytes
from compiler.validate.text import check_text

SCHEMA_DIR = package_path("schemas")
SCHEMA_FILES: dict[Kind, str] = {
    "advisory": "advisory.schema.json",
    "indicator-set": "indicator-set.schema.json",
    "product": "product.schema.json",
    "evidence": "evidence.schema.json",
}
_CODE_BY_KEYWORD = {
    "required": "IOC101",
    "additionalProperties": "IOC102",
    "unevaluatedProperties": "IOC102",
    "type": "IOC103",
    "enum": "IOC104",
    "const": "IOC104",
    "pattern": "IOC105",
    "format": "IOC105",
    "minLength": "IOC106",
    "maxLength": "IOC106",
    "minimum": "IOC106",
    "maximum": "IOC106",
    "minItems": "IOC106",
    "maxItems": "IOC106",
    "uniqueItems": "IOC106",
}


def schema_path(kind: Kind) -> Path:
    return SCHEMA_DIR / SCHEMA_FILES[kind]


@cache
def schema(kind: Kind) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(read_bytes(schema_path(kind), SCHEMA_DIR))  # no link followed
    return data


@cache
def configured(kind: Kind, languages: tuple[str, ...] = LANGS) -> dict[str, Any]:
    """The kind's schema with each text object (a `$defs` entry keyed by language codes) requiring exactly
    the configured languages: the schema files require none, the corpus's config/languages.yaml decides."""
    found = dict(schema(kind))
    defs = dict(found.get("$defs", {}))
    for name, entry in defs.items():
        if isinstance(entry, dict) and entry.get("propertyNames", {}).get("pattern") == LANG_PATTERN:
            text = {k: v for k, v in entry.items() if k not in ("propertyNames", "minProperties")}
            one = entry["additionalProperties"]
            defs[name] = {
                **text,
                "required": list(languages),
                "properties": {lang: one for lang in languages},
                "additionalProperties": False,
            }
    found["$defs"] = defs
    return found


@cache
def _fast(kind: Kind, languages: tuple[str, ...] = LANGS) -> Any:
    return jsonschema_rs.validator_for(configured(kind, languages), validate_formats=True)


@cache
def _slow(kind: Kind, languages: tuple[str, ...] = LANGS) -> Any:
    import jsonschema  # about a second to import: only when a document is invalid

    base = jsonschema.Draft202012Validator
    cls = jsonschema.validators.extend(base, {"pattern": _pattern})
    return cls(configured(kind, languages), format_checker=base.FORMAT_CHECKER)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    """`pattern` as ECMA-262 and the fast validator read it: `$` is the end of the text. Python's `$` also
    matches before a final newline, so `"2021-03-02\n"` would pass a date pattern here and fail there."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _ecma(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _ecma(pattern: str) -> re.Pattern[str]:
    """`pattern` with each `$` outside a character class and not escaped made `\\Z` (end of text only)."""
    out: list[str] = []
    escaped = in_class = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "$" and not in_class:
            out.append("\\Z")
            continue
        out.append(ch)
    return re.compile("".join(out))


def validate(doc: Document, languages: tuple[str, ...] = LANGS) -> list[Diagnostic]:
    """Diagnostics for every way `doc` departs from its schema (each text in exactly the configured
    `languages`), and for characters no field may hold (IOC107, compiler.validate.text); empty when valid."""
    found = list(check_text(doc))
    if not _fast(doc.kind, languages).is_valid(doc.data):
        found.extend(_explain(doc, languages))
    return sorted(found, key=lambda d: (d.location.line, d.location.column, d.code))


def _explain(doc: Document, languages: tuple[str, ...]) -> list[Diagnostic]:
    slow = _slow(doc.kind, languages)
    found = [d for error in slow.iter_errors(doc.data) for d in _diagnose(doc, _leaf(error))]
    if found:
        return found
    # The fast validator refused what the slow one passed: never let that through. Its own errors say where.
    return [
        diagnostic("IOC105", doc.locate(join_pointer(list(e.instance_path))), str(e.message))
        for e in _fast(doc.kind, languages).iter_errors(doc.data)
    ] or [diagnostic("IOC105", doc.locate(""), "the document does not match its schema")]


def _leaf(error: Any) -> Any:
    """For anyOf/oneOf/if-then failures, the most telling sub-error."""
    from jsonschema.exceptions import best_match

    while error.context:
        error = best_match(error.context)
    return error


def _diagnose(doc: Document, error: Any) -> Iterator[Diagnostic]:
    keyword = error.validator
    path = list(error.absolute_path)
    pointer = join_pointer(path)
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    if keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield diagnostic("IOC101", doc.locate(pointer), f"missing required property {missing!r}", hint=hint)
        return
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        for key in extra:
            close = difflib.get_close_matches(key, allowed, n=1)
            suggestion = f"; did you mean {close[0]!r}?" if close else ""
            yield diagnostic(
                "IOC102",
                doc.locate(join_pointer([*path, key]), key=True),
                f"unknown property {key!r}{suggestion}",
                hint="allowed here: " + ", ".join(allowed),
            )
        return
    code = _CODE_BY_KEYWORD.get(keyword, "IOC105")  # any other keyword is a matter of form
    yield diagnostic(code, doc.locate(pointer), _message(keyword, error), hint=hint)


def _message(keyword: str, error: Any) -> str:
    value = error.instance
    shown = (
        json.dumps(value, ensure_ascii=False) if not isinstance(value, dict | list) else type(value).__name__
    )
    if len(shown) > 80:
        shown = shown[:77] + "..."
    if keyword == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        tip = "; quote it to make it text" if expected == "string" else ""
        return f"{shown} is not of type {expected}{tip}"
    if keyword in ("enum", "const"):
        allowed = error.validator_value if keyword == "enum" else [error.validator_value]
        return f"{shown} is not one of " + ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed)
    if keyword == "pattern":
        return f"{shown} does not have the required form ({error.validator_value})"
    if keyword == "format":
        return f"{shown} is not a valid {error.validator_value}"
    return str(error.message)
