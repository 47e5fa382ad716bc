"""`iocc fmt`: the canonical form of a corpus file, by a ruamel.yaml round trip.

Canonical means: keys in the order of the schema's `properties`, atomic indicator values in their
canonical form (compiler.corpus.values), two-space indentation with list dashes indented by two, no line
folding. Comments, blank lines, quoting and flow/block style survive. Formatting is idempotent:
formatting a formatted file changes nothing. Files that cannot be read by the corpus loader are not
touched; their diagnostic is returned instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from compiler.authoring.keyorder import apply_order
from compiler.corpus.kinds import atomic_kind
from compiler.corpus.load import Kind, LoadError, compose, kind_of, read_text, to_data
from compiler.diagnostics import Diagnostic
from compiler.validate.schema import configured


def rt_yaml() -> YAML:
    """The one ruamel.yaml configuration for every round trip (fmt, new, import)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 30  # never fold a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_rt(text: str) -> Any:
    return rt_yaml().load(text)


def dump_rt(tree: Any) -> str:
    out = io.StringIO()
    rt_yaml().dump(tree, out)
    return out.getvalue()


def canonicalise_values(tree: Any) -> int:
    """Rewrite atomic indicator values into canonical form, keeping each scalar's quoting; returns
    how many changed. Invalid values are left for `iocc check` to report."""
    changed = 0
    indicators = tree.get("indicators") if isinstance(tree, CommentedMap) else None
    if not isinstance(indicators, CommentedSeq):
        return 0
    for item in indicators:
        if not isinstance(item, CommentedMap):
            continue
        declared = atomic_kind(item.get("type"))
        value = item.get("value")
        if declared is None or not isinstance(value, str):
            continue
        try:
            fixed = declared.canonical(value)
        except ValueError:
            continue
        if fixed != value:
            item["value"] = restyle(value, fixed)
            changed += 1
    return changed


def restyle(old: Any, new: str) -> Any:
    """`new` in the scalar style of `old` (single-quoted stays single-quoted, and so on)."""
    if isinstance(old, ScalarString):
        return type(old)(new)
    return new


def format_tree(tree: Any, kind: Kind) -> None:
    """Put a round-trip tree in canonical form, in place."""
    apply_order(tree, configured(kind))  # text keys in the order of compiler.corpus.vocab.LANGS
    if kind == "indicator-set":
        canonicalise_values(tree)


def format_text(text: str, kind: Kind) -> str:
    tree = load_rt(text)
    format_tree(tree, kind)
    return dump_rt(tree)


@dataclass(frozen=True, slots=True, kw_only=True)
class Formatted:
    path: Path
    rel: str
    before: str
    after: str | None  # None when the file could not be read
    diagnostic: Diagnostic | None = None

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after != self.before


def format_file(path: Path, rel: str) -> Formatted:
    """Format one file in memory. The corpus loader reads it first, so a file it refuses (syntax,
    duplicate keys, tags, anchors) is reported and never rewritten."""
    try:
        text = read_text(path, rel)
        to_data(compose(text, rel), rel)
    except LoadError as exc:
        return Formatted(path=path, rel=rel, before="", after=None, diagnostic=exc.diagnostic)
    return Formatted(path=path, rel=rel, before=text, after=format_text(text, kind_of(rel, text)))
