"""Key order from the JSON Schema, applied to a ruamel.yaml round-trip tree without losing a comment.

ruamel.yaml attaches a comment to the node *before* it: the lines between two keys live in the
comment token of the deepest last scalar of the first key's value. Moving keys naively would move
those lines with the wrong key. So before a mapping is reordered, the lines that lead up to each
key are cut from the token before it and attached to the key itself (ruamel's "before key" slot,
written verbatim at the start of the key's line); end-of-line comments stay where they are; lines
after the mapping's last key stay at the end of the mapping.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

Schema = dict[str, Any]


class SchemaOrder:
    """Resolves, for a JSON value at some place in a document, the schema that describes it."""

    def __init__(self, root: Schema) -> None:
        self.root = root

    def resolve(self, schema: Schema, value: Any) -> Schema:
        """Follow $ref and pick the branch of if/then/else that applies to `value`."""
        for _ in range(32):  # bounded: a schema is a finite tree of references
            if "$ref" in schema:
                schema = self._ref(schema["$ref"])
            elif "if" in schema and ("then" in schema or "else" in schema):
                branch = "then" if _matches(self.resolve(schema["if"], value), value) else "else"
                schema = schema.get(branch, {})
            else:
                return schema
        return schema

    def _ref(self, ref: str) -> Schema:
        node: Any = self.root
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        result: Schema = node
        return result

    def key_order(self, schema: Schema) -> list[str]:
        return list(schema.get("properties", {}))

    def child(self, schema: Schema, key: str | int, value: Any) -> Schema:
        if isinstance(key, int):
            items = schema.get("items", {})
            return self.resolve(items, value) if isinstance(items, dict) else {}
        prop = schema.get("properties", {}).get(key)
        return self.resolve(prop, value) if isinstance(prop, dict) else {}


def _matches(schema: Schema, value: Any) -> bool:
    """The small subset of JSON Schema our `if` clauses use: type object, required, enum, const."""
    if schema.get("type") == "object" and not isinstance(value, dict):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if "const" in schema and value != schema["const"]:
        return False
    if isinstance(value, dict):
        if any(key not in value for key in schema.get("required", ())):
            return False
        for key, sub in schema.get("properties", {}).items():
            if key in value and isinstance(sub, dict) and not _matches(sub, value[key]):
                return False
    return True


def apply_order(tree: Any, schema: Schema) -> bool:
    """Reorder every mapping in `tree` by its schema's `properties` order; True when something moved."""
    order = SchemaOrder(schema)
    return _walk(tree, order.resolve(schema, tree), order)


def _walk(node: Any, schema: Schema, order: SchemaOrder) -> bool:
    changed = False
    if isinstance(node, CommentedMap):
        wanted = _target(list(node), order.key_order(schema))
        if wanted != list(node):
            _reorder(node, wanted)
            changed = True
        for key in list(node):
            changed |= _walk(node[key], order.child(schema, key, node[key]), order)
    elif isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            if _walk(item, order.child(schema, i, item), order):
                changed = True
                _hoist_first_key_comment(node, i)
    return changed


def _target(keys: list[Any], schema_keys: list[str]) -> list[Any]:
    """Schema keys first, in schema order; keys the schema does not know keep their order after them."""
    rank = {k: i for i, k in enumerate(schema_keys)}
    known = sorted((k for k in keys if k in rank), key=lambda k: rank[k])
    return known + [k for k in keys if k not in rank]


# --- comments ---------------------------------------------------------------------------------


def _is_block(node: Any) -> bool:
    flow = getattr(getattr(node, "fa", None), "flow_style", lambda: None)()
    return isinstance(node, CommentedMap | CommentedSeq) and len(node) > 0 and not flow


def _tail_slot(container: Any, key: Any) -> tuple[Any, Any, int]:
    """Where the comment after `container[key]` lives: (owner, key in owner.ca.items, index)."""
    value = container[key]
    if _is_block(value):
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return _tail_slot(value, last)
    return (container, key, 0 if isinstance(container, CommentedSeq) else 2)


def _get_token(slot: tuple[Any, Any, int]) -> CommentToken | None:
    owner, key, index = slot
    entry = owner.ca.items.get(key)
    if entry is None or len(entry) <= index:
        return None
    token: CommentToken | None = entry[index]
    return token


def _set_text(slot: tuple[Any, Any, int], text: str) -> None:
    """Set the tail text at `slot`, reusing the token (it may be shared with a flow collection)."""
    owner, key, index = slot
    token = _get_token(slot)
    if token is not None:
        if text:
            token.value = text
        else:
            owner.ca.items[key][index] = None  # an empty comment token cannot be written
        return
    if not text or text == "\n":
        return
    entry = owner.ca.items.setdefault(key, [None, None, None, None] if index == 2 else [None, None])
    while len(entry) <= index:
        entry.append(None)
    entry[index] = CommentToken(text, CommentMark(0), None)


def _text(token: CommentToken, *, eol: bool) -> tuple[str, str]:
    """A comment token's text as (end-of-line part, whole lines after it). Whole lines get their
    indentation written out, so they can be re-attached anywhere as verbatim text."""
    text = str(token.value)
    if eol:
        head, sep, rest = text.partition("\n")
        return head + sep, rest
    if text.startswith("#"):
        text = " " * (token.column or 0) + text
    return "", text


def _is_block_scalar(value: Any) -> bool:
    return isinstance(value, LiteralScalarString | FoldedScalarString)


def _leaf(container: Any, key: Any) -> Any:
    owner, leaf_key, _ = _tail_slot(container, key)
    return owner[leaf_key]


def _cut_tail(container: Any, key: Any) -> str:
    """Remove and return the whole lines after `container[key]`, keeping an end-of-line comment."""
    slot = _tail_slot(container, key)
    token = _get_token(slot)
    if token is None:
        return ""
    eol, rest = _text(token, eol=not _is_block_scalar(_leaf(container, key)))
    if rest:
        _set_text(slot, eol)
    return rest


def _append_tail(container: Any, key: Any, text: str) -> None:
    """Add whole lines after `container[key]` (after its end-of-line comment, if any)."""
    if not text:
        return
    slot = _tail_slot(container, key)
    token = _get_token(slot)
    if token is None:
        token_text = "" if _is_block_scalar(_leaf(container, key)) else "\n"
    else:
        token_text = str(token.value)
    _set_text(slot, token_text + text)


def _reorder(node: CommentedMap, wanted: list[Any]) -> None:
    keys = list(node)
    leading: dict[Any, str] = {}
    pre = node.ca.comment[1] if node.ca.comment and len(node.ca.comment) > 1 else None
    if pre:  # lines before the first key (shared with the parent's slot): they belong to that key
        leading[keys[0]] = "".join(_text(t, eol=False)[1] for t in pre)
        pre.clear()
    trailer = ""
    for i, key in enumerate(keys):
        rest = _cut_tail(node, key)
        if i + 1 < len(keys):
            if rest:
                leading[keys[i + 1]] = rest
        else:
            trailer = rest
    for key in wanted:
        node.move_to_end(key)
    for key, text in leading.items():
        _before_tokens(node, key).insert(0, CommentToken(text, CommentMark(0), None))
    _append_tail(node, wanted[-1], trailer)


def _hoist_first_key_comment(seq: CommentedSeq, index: int) -> None:
    """A comment before the first key of a mapping in a list goes before its dash, not after it."""
    item = seq[index]
    if not isinstance(item, CommentedMap) or not item:
        return
    entry = item.ca.items.get(next(iter(item)))
    if not entry or not entry[1]:
        return
    lines = "".join(str(t.value) for t in entry[1]).splitlines(keepends=True)
    text = "".join(ln.removeprefix("  ") for ln in lines)  # keys sit two columns right of the dash
    entry[1] = None
    if index > 0:
        _append_tail(seq, index - 1, text)
        return
    if not seq.ca.comment:
        seq.ca.comment = [None, []]
    if seq.ca.comment[1] is None:
        seq.ca.comment[1] = []
    seq.ca.comment[1].append(CommentToken(text, CommentMark(0), None))


def _before_tokens(node: CommentedMap, key: Any) -> list[CommentToken]:
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    if entry[1] is None:
        entry[1] = []
    tokens: list[CommentToken] = entry[1]
    return tokens


def comments(tree: Any) -> Iterator[str]:
    """Every comment line in a round-trip tree, for tests that prove none was lost."""
    seen: set[int] = set()
    for token in _tree_tokens(tree):
        if id(token) not in seen:
            seen.add(id(token))
            yield from (ln.strip() for ln in str(token.value).splitlines() if ln.strip())


def _tree_tokens(node: Any) -> Iterator[CommentToken]:
    """The comment tokens of a node, then those of its children, depth first."""
    ca = getattr(node, "ca", None)
    if ca is not None:
        for part in (ca.comment, *ca.items.values(), getattr(ca, "end", None)):
            yield from _tokens(part)
    if isinstance(node, dict):
        for value in node.values():
            yield from _tree_tokens(value)
    elif isinstance(node, list):
        for item in node:
            yield from _tree_tokens(item)


def _tokens(value: Any) -> Iterator[CommentToken]:
    """The comment tokens in one comment slot: a token, or lists of them nested (None where there is none)."""
    if isinstance(value, CommentToken):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _tokens(item)
