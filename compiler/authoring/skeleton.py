"""Skeleton documents made from the schemas: every required field, nothing else.

The schema is the single source of shape, so a skeleton follows it without a hand-written copy:
each required property gets a placeholder by its type. Every human-readable text reads
`TODO: <what belongs here>` in both languages, which the translation check refuses, and other
free-form strings read `TODO` where their pattern refuses that too; so `iocc check` fails on a
skeleton until a maintainer has filled it in.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from compiler.authoring.fmt import dump_rt
from compiler.authoring.keyorder import SchemaOrder
from compiler.corpus.load import Kind
from compiler.corpus.vocab import LANGS
from compiler.validate.schema import configured

MODELINE = "# yaml-language-server: $schema={path}\n"
TODO = "TODO"
HEADER = "# Fill in every TODO: `iocc check` refuses this file until then.\n"

# Values the schema cannot choose, by property name: safe defaults a maintainer then reviews.
_CHOICES: dict[str, Any] = {"status": "draft", "tlp": "amber", "severity": "high", "confidence": 50}
# The three-step procedure every advisory follows (see check IOC309).
_STEP_KINDS = ("patch", "hunt", "false-positives")


def _language(lang: str) -> str:
    """The language's name in itself (Deutsch, English, français)."""
    from babel import Locale

    return str(Locale.parse(lang).get_display_name(lang) or lang)


class _Maker:
    def __init__(self, kind: Kind, date: str, languages: tuple[str, ...]) -> None:
        self.schema = configured(kind, languages)
        self.order = SchemaOrder(self.schema)
        self.date = date
        self.languages = languages

    def _is_text(self, node: dict[str, Any]) -> bool:
        return list(node.get("properties", {})) == list(self.languages) and node.get("type") == "object"

    def value(self, name: str, node: dict[str, Any]) -> Any:
        node = self.order.resolve(node, None)
        if "const" in node:
            return node["const"]
        if name in _CHOICES and (node.get("type") in ("integer", "string") or "enum" in node):
            return _CHOICES[name]
        if "enum" in node:
            return node["enum"][0]
        if "anyOf" in node and "type" not in node:  # date or date-time: a date
            return self.value(name, node["anyOf"][0])
        kind = node.get("type")
        if kind == "object":
            return self.text(name, node) if self._is_text(node) else self.mapping(node, {})
        if kind == "array":
            return self.array(name, node)
        if kind == "integer" or kind == "number":
            return node.get("minimum", 0)
        if kind == "boolean":
            return False
        if node.get("format") == "date":
            return SingleQuotedScalarString(self.date)
        return SingleQuotedScalarString("TODO")

    def text(self, name: str, node: dict[str, Any]) -> CommentedMap:
        what = name.replace("_", " ")
        out = CommentedMap()
        for lang in self.languages:
            out[lang] = SingleQuotedScalarString(f"TODO: {what} ({_language(lang)})")
        return out

    def mapping(self, node: dict[str, Any], given: dict[str, Any]) -> CommentedMap:
        out = CommentedMap()
        required = set(node.get("required", ()))
        for choice in node.get("anyOf", [])[:1]:  # one of several sets of keys: the first
            required |= set(choice.get("required", ()))
        for key, sub in node.get("properties", {}).items():
            if key in given:
                out[key] = given[key]
            elif key in required:
                out[key] = self.value(key, sub)
        return out

    def array(self, name: str, node: dict[str, Any]) -> CommentedSeq:
        out = CommentedSeq()
        items = node.get("items", {})
        if name == "steps":
            for step_kind in _STEP_KINDS:
                item = self.mapping(self.order.resolve(items, None), {"kind": step_kind})
                out.append(item)
        elif node.get("minItems", 0) > 0 and name != "indicators":
            out.append(self.value(name, items))
        if not out or all(not isinstance(x, dict) for x in out):
            out.fa.set_flow_style()
        return out


def _render(kind: Kind, schema_path: str, tree: CommentedMap) -> str:
    return MODELINE.format(path=schema_path) + HEADER + dump_rt(tree)


def advisory(advisory_id: str, date: str, languages: tuple[str, ...] = LANGS) -> str:
    """A new advisory published on `date`, to be saved as advisories/<year>/<id>.yaml."""
    maker = _Maker("advisory", date, languages)
    tree = maker.mapping(
        maker.schema,
        {
            "id": advisory_id,
            "published": SingleQuotedScalarString(date),
            "modified": SingleQuotedScalarString(date),
        },
    )
    return _render("advisory", "../../schemas/advisory.schema.json", tree)


def indicator_set(
    set_id: str, advisory_id: str, *, date: str, tlp: str | None = None, languages: tuple[str, ...] = LANGS
) -> str:
    """A new, empty indicator set of an advisory, to be saved as indicators/<advisory>/<set>.yaml. Without
    `tlp` the set's TLP reads TODO: a marking is chosen, never guessed (`iocc check` refuses TODO)."""
    maker = _Maker("indicator-set", date, languages)
    advisories = CommentedSeq([advisory_id])
    advisories.fa.set_flow_style()
    given: dict[str, Any] = {
        "id": set_id,
        "advisories": advisories,
        "tlp": SingleQuotedScalarString(TODO) if tlp is None else tlp,
    }
    tree = maker.mapping(maker.schema, given)
    return _render("indicator-set", "../../schemas/indicator-set.schema.json", tree)
