"""Maintainer reference pages: the YAML schemas, the diagnostic codes, the type to output table."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from compiler.diagnostics.codes import CODES
from compiler.files.safepath import read_bytes
from compiler.outputs.markdown import attr, inline
from compiler.site.labels import labels
from compiler.site.page import PageSpot, anchor, cell_text, front_matter, html_table
from compiler.site.targets import capability_table

_MAX_DEPTH = 8


def _resolve(node: Mapping[str, Any], schema: Mapping[str, Any]) -> tuple[Mapping[str, Any], str | None]:
    """Follow a local `$ref`; returns the target merged with the referring node, and the def's name."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
        return node, None
    name = ref.removeprefix("#/$defs/")
    target = schema.get("$defs", {}).get(name, {})
    merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return merged, name


def _type_of(node: Mapping[str, Any], def_name: str | None) -> str:
    if def_name == "text":
        return "text {de, en}"
    kind = node.get("type")
    if isinstance(kind, list):
        base = " | ".join(str(k) for k in kind)
    elif kind:
        base = str(kind)
    elif "const" in node:
        base = "const"
    elif "enum" in node:
        base = "enum"
    elif any(k in node for k in ("oneOf", "anyOf")):
        base = "one of"
    else:
        base = "any"
    if base == "array":
        items, item_def = _resolve(node.get("items", {}), {})
        base = f"array of {item_def or items.get('type', 'items')}"
    return base + (f" ({def_name})" if def_name and def_name != "text" else "")


def _constraints(node: Mapping[str, Any]) -> str:
    parts = []
    if "const" in node:
        parts.append(f"= `{json.dumps(node['const'])}`")
    if "enum" in node:
        parts.append("one of " + ", ".join(f"`{v}`" for v in node["enum"]))
    for key in ("pattern", "format", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"):
        if key in node:
            parts.append(f"{key} `{node[key]}`")
    return "; ".join(parts)


def schema_rows(schema: Mapping[str, Any]) -> Iterator[tuple[str, str, bool, str, str]]:
    """(path, type, required, description, constraints) for every property, depth first in file order."""

    def walk(node: Mapping[str, Any], prefix: str, depth: int) -> Iterator[tuple[str, str, bool, str, str]]:
        if depth > _MAX_DEPTH:
            return
        node, _ = _resolve(node, schema)
        if node.get("type") == "array" or "items" in node:
            node, _ = _resolve(node.get("items", {}), schema)
            prefix += "[]"
        branches = [node, *(_resolve(b, schema)[0] for b in node.get("oneOf", []) + node.get("anyOf", []))]
        seen: set[str] = set()
        for branch in branches:
            required = set(branch.get("required", []))
            for name, child in branch.get("properties", {}).items():
                if name in seen:
                    continue
                seen.add(name)
                path = f"{prefix}.{name}" if prefix else name
                resolved, def_name = _resolve(child, schema)
                desc = str(child.get("description") or resolved.get("description") or "")
                yield path, _type_of(resolved, def_name), name in required, desc, _constraints(resolved)
                if def_name != "text":
                    yield from walk(resolved, path, depth + 1)

    yield from walk(schema, "", 0)


def render_schemas(schema_dir: Path, spot: PageSpot) -> str:
    t = labels(spot.lang)
    parts = [front_matter(title=t["schemas_title"]), f"# {inline(t['schemas_title'])}", t["schemas_intro"]]
    config = sorted((schema_dir / "config").glob("*.json"))  # config/*.yaml: the reviewed settings
    for path in [*sorted(schema_dir.glob("*.json")), *config]:
        schema = json.loads(read_bytes(path, schema_dir))  # a link is refused (LinkRefused, IOC580)
        name = path.relative_to(schema_dir).as_posix()
        key = path.stem if path.parent == schema_dir else f"config-{path.stem}"
        parts.append(f"## {inline(name)} {{#{anchor(key)}}}")
        if schema.get("description"):
            parts.append(inline(str(schema["description"])))
        if schema.get("$id"):
            parts.append(f"`$id`: `{str(schema['$id']).replace('`', '')}`")
        rows = [
            [
                f"<code>{attr(p)}</code>",
                attr(kind),
                attr(t["yes"] if req else ""),
                cell_text(desc),
                cell_text(cons),
            ]
            for p, kind, req, desc, cons in schema_rows(schema)
        ]
        headers = [t["property"], t["type"], t["required"], t["description"], t["constraints"]]
        parts.append(html_table(headers, rows, css="iocc-schema", table_id=f"schema-{anchor(key)}"))
    return "\n\n".join(parts) + "\n"


def render_codes(spot: PageSpot) -> str:
    t = labels(spot.lang)
    rows = [
        [f'<code id="{attr(c.id)}">{attr(c.id)}</code>', attr(c.severity.value), attr(c.summary)]
        for c in CODES.values()
    ]
    return (
        "\n\n".join(
            [
                front_matter(title=t["codes_title"]),
                f"# {inline(t['codes_title'])}",
                t["codes_intro"],
                html_table([t["code"], t["severity"], t["meaning"]], rows, css="iocc-codes"),
            ]
        )
        + "\n"
    )


def render_outputs(spot: PageSpot) -> str:
    """A matrix of ✓ and – (the reason as a tooltip), then per output the how and why in full."""
    t = labels(spot.lang)
    outputs, table = capability_table()

    def mark(text: str) -> str:
        symbol, _, why = text.partition(" ")
        return f'<span title="{attr(why)}">{attr(symbol)}</span>' if why else attr(symbol)

    rows = [
        [f"<code>{attr(kind)}</code>", *(mark(table[kind].get(o, "")) for o in outputs)] for kind in table
    ]
    parts = [
        front_matter(title=t["outputs_title"]),
        f"# {inline(t['outputs_title'])}",
        inline(t["outputs_intro"]),
        html_table([t["type"], *outputs], rows, css="iocc-outputs"),
    ]
    for output in outputs:
        parts.append(f"## {inline(output)} {{#output-{anchor(output)}}}")
        detail = [[f"<code>{attr(kind)}</code>", attr(table[kind].get(output, ""))] for kind in table]
        parts.append(html_table([t["type"], output], detail, css="iocc-output-detail"))
    return "\n\n".join(parts) + "\n"
