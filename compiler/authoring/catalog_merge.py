"""Merge releases read from a build dictionary (compiler.authoring.catalog) into products/<id>.yaml.

A product file that exists keeps every release it has, comments included; a row whose id it already holds
with another build or date is reported as a conflict and left as the catalog has it. New releases go in at
their place in build order. A missing product file is created with the line's facts and a modeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from compiler.authoring.catalog import LINES, Row, key
from compiler.authoring.fmt import dump_rt, format_tree, load_rt

MODELINE = "# yaml-language-server: $schema=../schemas/product.schema.json\n"


@dataclass(slots=True)
class FileChange:
    path: Path
    text: str  # the file after the merge
    created: bool
    added: list[Row] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def merge_catalog(root: Path, rows: list[Row]) -> list[FileChange]:
    """Per product line with rows: the product file after adding what it lacks."""
    by_product: dict[str, list[Row]] = {}
    for row in rows:
        by_product.setdefault(row.product, []).append(row)
    changes: list[FileChange] = []
    for pid, found in sorted(by_product.items()):
        path = root / "products" / f"{pid}.yaml"
        created = not path.is_file()
        text = _skeleton(pid) if created else path.read_text(encoding="utf-8")
        tree = load_rt(text)
        change = FileChange(path=path, text=text, created=created)
        releases = tree.setdefault("releases", CommentedSeq())
        held = {str(r.get("id")): r for r in releases if isinstance(r, CommentedMap)}
        for row in found:
            old = held.get(row.id)
            if old is None:
                releases.append(_release(row))
                change.added.append(row)
            elif (str(old.get("build")), str(old.get("released"))) != (row.build, row.released):
                change.conflicts.append(
                    f"{row.id}: the catalog has {old.get('build')} of {old.get('released')}, "
                    f"the dictionary {row.build} of {row.released}; the catalog is kept"
                )
        if change.added or created:
            ordered = sorted(releases, key=lambda r: key(str(r["build"])))
            releases.clear()
            releases.extend(ordered)
            format_tree(tree, "product")
            change.text = (MODELINE if created else "") + dump_rt(tree)
        changes.append(change)
    return changes


def _skeleton(pid: str) -> str:
    for line, (product, prefixes, first, cpe, _) in LINES.items():
        if product != pid:
            continue
        name = f"Exchange Server {line}"
        out = [f"id: {pid}", "schema_version: 1", "vendor: Microsoft", f"name: {name}"]
        if cpe:
            out.append(f"cpe: '{cpe}'")
        out.append("deployment: on-premises")
        out.append("build_prefixes: [" + ", ".join(f"'{p}'" for p in prefixes) + "]")
        if first:
            out.append(f"first_build: '{first}'")
        out.append("releases: []")
        return "\n".join(out) + "\n"
    raise KeyError(pid)


def _release(row: Row) -> CommentedMap:
    out = CommentedMap()
    out["id"] = row.id
    out["kind"] = row.kind
    out["name"] = row.name
    out["build"] = SingleQuotedScalarString(row.build)
    out["released"] = SingleQuotedScalarString(row.released)
    if row.base:
        out["base"] = row.base
    if row.kb:
        out["kb"] = row.kb
    return out
