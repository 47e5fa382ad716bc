"""STIX 2.1 bundles: indicators with STIX patterns (and YARA, Sigma or Suricata patterns as rules).

A pattern is checked by the STIX pattern grammar (stix2-patterns), then each observation's
comparisons are read: `file:hashes.'SHA-256' = '...'`, `ipv4-addr:value`, `domain-name:value`,
`url:value`, `email-addr:value`, `file:name`, a file's `parent_directory_ref.path` with its `name`
(a file path), `network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'`.
Revoked indicators are skipped. SCOs are read only when the bundle holds no indicators.
"""

from __future__ import annotations

import re
from typing import Any

from stix2patterns.validator import run_validator

from compiler.authoring.readers import Candidate, Parsed, Rejected, ip_type, load_json, markings, stamp
from compiler.corpus.kinds import every, rule_kinds
from compiler.corpus.kinds.addresses import ANY_ADDRESS
from compiler.outputs.stix.common import EXTENSION_ID

_OBSERVATION = re.compile(r"\[((?:[^\]'\\]|'(?:[^'\\]|\\.)*')*)\]")
_COMPARISON = re.compile(
    r"([a-z0-9-]+):((?:[A-Za-z0-9_-]+|'(?:[^'\\]|\\.)*'|\.|\[\*\])+)\s*(?:=|ISSUBSET)\s*'((?:[^'\\]|\\.)*)'"
)
_SLUG = re.compile(r"[^a-z0-9]+")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _path_key(path: str) -> str:
    return path.replace("'", "").lower()


def observations(pattern: str) -> list[list[tuple[str, str, str]]]:
    """(object type, property path, value) of every `=` comparison, grouped by observation."""
    return [
        [(m.group(1), _path_key(m.group(2)), _unescape(m.group(3))) for m in _COMPARISON.finditer(obs)]
        for obs in _OBSERVATION.findall(pattern)
    ]


def _atomic(obj: str, path: str, value: str) -> str | None:
    """The iocc type a comparison's `<object>:<path>` names (the declarations' `Aliases.stix`)."""
    here = f"{obj}:{path}"
    if any(_matches(alias, here) for alias in ANY_ADDRESS.stix):
        return ip_type(value)
    return next((k.name for k in every() for alias in k.aliases.stix if _matches(alias, here)), None)


def _matches(alias: str, here: str) -> bool:
    """`<object>:<path>` against an alias; an alias path `*rest` takes any path that ends in `rest`."""
    obj, _, path = alias.partition(":")
    if path.startswith("*"):
        found, _, where = here.partition(":")
        return found == obj and where.endswith(path[1:])
    return here == alias


def _from_pattern(
    pattern: str, origin: str, context: dict[str, Any]
) -> tuple[list[Candidate], list[Rejected]]:
    try:
        errors = run_validator(pattern, stix_version="2.1") if pattern.strip() else ["the pattern is empty"]
    except Exception as exc:  # stix2-patterns fails on some malformed input itself (an empty one, for one)
        errors = [f"{type(exc).__name__}: {exc}"]
    if errors:
        return [], [Rejected(origin=origin, value=pattern, reason=f"not a valid STIX pattern: {errors[0]}")]
    found: list[Candidate] = []
    left: list[Rejected] = []
    for comparisons in observations(pattern):
        parent = next(
            (v for o, p, v in comparisons if o == "file" and p == "parent_directory_ref.path"), None
        )
        for obj, path, value in comparisons:
            if path == "parent_directory_ref.path":
                continue
            kind = _atomic(obj, path, value)
            if kind == "file-name" and parent is not None:
                kind, value = "file-path", _join(parent, value)
            if kind is None:
                left.append(
                    Rejected(origin=origin, value=f"{obj}:{path}", reason="no iocc type for this property")
                )
                continue
            found.append(Candidate(type=kind, value=value, origin=origin, **context))
    return found, left


_FALLBACK = re.compile(r" \(indicator set [a-z0-9-]+\)$")  # iocc's description when the indicator has none


def _context(obj: dict[str, Any], tlp: str | None) -> dict[str, Any]:
    """What an indicator says of its values besides the pattern: description, tags, confidence, first
    seen (iocc's extension), German description (iocc's extension), marking."""
    extension = (
        (obj.get("extensions") or {}).get(EXTENSION_ID) if isinstance(obj.get("extensions"), dict) else None
    )
    extension = extension if isinstance(extension, dict) else {}
    description = obj.get("description")
    if not isinstance(description, str) or not description.strip() or _FALLBACK.search(description):
        description = None
    labels = obj.get("labels")
    confidence = obj.get("confidence")
    german = extension.get("description_de")
    return {
        "tlp": tlp,
        "description": description,
        "description_de": german if isinstance(german, str) and description else None,
        "tags": tuple(t for t in labels if isinstance(t, str)) if isinstance(labels, list) else (),
        "confidence": confidence
        if isinstance(confidence, int) and not isinstance(confidence, bool)
        else None,
        "first_seen": stamp(str(extension["first_seen"])) if extension.get("first_seen") else None,
    }


def _join(directory: str, name: str) -> str:
    sep = "/" if "/" in directory and "\\" not in directory else "\\"
    return directory if directory.endswith(sep) and not name else directory.rstrip(sep) + sep + name


def _rule_name(obj: dict[str, Any]) -> str:
    slug = _SLUG.sub("-", str(obj.get("name") or obj.get("id") or "rule").lower()).strip("-")
    return slug[:64].strip("-") or "rule"


def read(text: str) -> Parsed:
    data = load_json(text)
    objects: list[dict[str, Any]] = data.get("objects", []) if isinstance(data, dict) else data
    if isinstance(data, dict) and data.get("type") != "bundle" and "objects" not in data:
        objects = [data]
    if not isinstance(objects, list):
        raise ValueError("the bundle's objects are not a list")
    definitions = markings.stix_definitions(objects)
    candidates: list[Candidate] = []
    rejected: list[Rejected] = []
    indicators = [o for o in objects if isinstance(o, dict) and o.get("type") == "indicator"]
    for obj in indicators:
        origin = str(obj.get("id", "indicator"))
        context = _context(obj, markings.stix_object(obj, definitions))
        if obj.get("revoked"):
            rejected.append(
                Rejected(origin=origin, value=str(obj.get("name", "")), reason="revoked in the source")
            )
            continue
        pattern = str(obj.get("pattern", ""))
        kind = obj.get("pattern_type", "stix")
        language = next((k.name for k in rule_kinds() if k.stix.pattern_type == kind), None)
        if language is not None:
            candidates.append(
                Candidate(type=language, value=pattern, origin=origin, name=_rule_name(obj), **context)
            )
            continue
        if kind != "stix":
            rejected.append(
                Rejected(origin=origin, value=pattern, reason=f"pattern type {kind!r} is not supported")
            )
            continue
        found, left = _from_pattern(pattern, origin, context)
        candidates.extend(found)
        rejected.extend(left)
    if not indicators:
        candidates.extend(_from_observables(objects, definitions))
    return Parsed(candidates=tuple(candidates), rejected=tuple(rejected))


def _from_observables(objects: list[dict[str, Any]], definitions: dict[str, Any]) -> list[Candidate]:
    found: list[Candidate] = []
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        origin, kind = str(obj.get("id", "")), obj.get("type")
        tlp = markings.stix_object(obj, definitions)
        hashes = obj.get("hashes")
        if kind == "file" and isinstance(hashes, dict):
            for algo, value in sorted(hashes.items()):
                hashed = _atomic("file", f"hashes.{str(algo).lower()}", str(value))
                if isinstance(value, str) and hashed is not None:
                    found.append(Candidate(type=hashed, value=str(value), origin=origin, tlp=tlp))
        elif kind in ("ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr") and "value" in obj:
            value = str(obj["value"])
            mapped = _atomic(kind, "value", value) or "domain"
            found.append(Candidate(type=mapped, value=value, origin=origin, tlp=tlp))
    return found
