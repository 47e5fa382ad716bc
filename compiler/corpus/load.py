"""Read YAML files into documents that remember where every value came from.

The reading path uses libyaml's composer (through PyYAML's C binding) with every implicit
resolver removed, then resolves plain scalars by the YAML 1.2 core schema itself: `no` stays a
string, `22:22` and `010` are not sexagesimal or octal, timestamps stay strings. The composed
node tree is kept, so a JSON pointer maps back to (line, column) only when a diagnostic needs it.
Nothing here judges the data; it only reports what prevents reading it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.files.safepath import LinkRefused, first_link, root_of

Kind = Literal["advisory", "indicator-set", "product", "evidence"]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_DIGITS = 100  # Python refuses to read integers past 4,300 digits; no field needs more than a few
CORE_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq"))
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


class _CoreLoader(yaml.CSafeLoader):
    """libyaml with no implicit resolvers: every plain scalar composes as a string node."""

    yaml_implicit_resolvers: dict[str, list[Any]] = {}  # noqa: RUF012

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        # Called by the C composer for every untagged node: answer without the resolver tables.
        if kind is yaml.ScalarNode:
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip
_MAYBE_NOT_STR = frozenset("-+.0123456789~nNtTfF")


def resolve_plain(value: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if value and value[0] not in _MAYBE_NOT_STR:
        return value
    if value in _SPECIAL:
        return _SPECIAL[value]
    if _INT.fullmatch(value):
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value, 10)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


class LoadError(Exception):
    """A finding that stops reading one file; carries its diagnostic."""

    def __init__(self, diag: Diagnostic) -> None:
        super().__init__(diag.message)
        self.diagnostic = diag


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML file, read: its data in plain Python types and the node tree behind it."""

    path: str
    kind: Kind
    data: Any
    root: yaml.Node
    text: str
    # id(mapping node) -> {key: (key node, value node)}: made on first use, so locating n keys of one
    # mapping costs n lookups, not n scans of the mapping (64,000 unknown keys were quadratic).
    _index: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def _children(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        found = self._index.get(id(node))
        if found is None:
            found = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    found.setdefault(k.value, (k, v))
            self._index[id(node)] = found
        return found

    def locate(self, pointer: str, *, key: bool = False) -> Location:
        """The source position of the value at `pointer` (of its key with `key=True`).

        A pointer that leads nowhere stops at the deepest node that exists, so a missing
        property points at the mapping that should hold it.
        """
        node: yaml.Node = self.root
        key_node: yaml.Node | None = None
        for part in split_pointer(pointer):
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                pair = self._children(node).get(part)
                if pair is not None:
                    key_node, child = pair
            elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
                key_node, child = None, node.value[int(part)]
            if child is None:
                break
            node = child
        target = key_node if key and key_node is not None else node
        mark = target.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1, pointer)

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]


def join_pointer(parts: Iterator[str | int] | list[str | int] | tuple[str | int, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


# The schema a modeline names, and the top folder of a file without one, tell which kind it is.
_BY_SCHEMA: Final[tuple[tuple[str, Kind], ...]] = (
    ("indicator-set.schema.json", "indicator-set"),
    ("advisory.schema.json", "advisory"),
    ("product.schema.json", "product"),
    ("evidence.schema.json", "evidence"),
)
_BY_FOLDER: Final[dict[str, Kind]] = {
    "evidence": "evidence",
    "indicators": "indicator-set",
    "advisories": "advisory",
    "products": "product",
}
CORPUS_FOLDERS: Final = ("advisories", "indicators", "products")


def kind_of(rel_path: str, text: str) -> Kind:
    """Which schema a file follows: its modeline first, then its folder, then its content."""
    m = _MODELINE.search(text[:512])
    if m:
        for suffix, kind in _BY_SCHEMA:
            if m.group(1).endswith(suffix):
                return kind
    top = rel_path.split("/", 1)[0]
    if top in _BY_FOLDER:
        return _BY_FOLDER[top]
    return "indicator-set" if re.search(r"^indicators:", text, re.M) else "advisory"


def modeline(text: str) -> str | None:
    first = text.split("\n", 1)[0]
    m = _MODELINE.match(first.strip())
    return m.group(1) if m else None


def read_text(path: Path, rel: str) -> str:
    """Bytes to text: no symbolic link, size bound and strict UTF-8, with the position of the first bad byte."""
    root = root_of(path, rel)
    link = first_link(path, root)
    if link is not None:
        raise LoadError(diagnostic("IOC011", Location(rel), LinkRefused(link).describe(root)))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(
                diagnostic("IOC002", Location(rel), f"file is {size} bytes; the bound is {MAX_BYTES} bytes")
            )
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LoadError(diagnostic("IOC001", Location(rel), f"cannot read file: {exc.strerror}")) from exc
    if len(raw) > MAX_BYTES:  # grew since stat, or a special file that reports no size
        raise LoadError(diagnostic("IOC002", Location(rel), f"the file holds more than {MAX_BYTES} bytes"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            diagnostic("IOC001", Location(rel, line, col), f"not valid UTF-8: byte 0x{raw[exc.start]:02x}")
        ) from exc


def _mark_location(rel: str, mark: Any) -> Location:
    if mark is None:
        return Location(rel)
    return Location(rel, mark.line + 1, mark.column + 1)


def compose(text: str, rel: str) -> yaml.Node:
    """Text to a single node tree; syntax errors become located diagnostics."""
    loader = _CoreLoader(text)
    try:
        if not loader.check_node():
            raise LoadError(diagnostic("IOC008", Location(rel), "the file holds no YAML document"))
        root = loader.get_node()
        if root is None:
            raise LoadError(diagnostic("IOC008", Location(rel), "the file holds no YAML document"))
        if loader.check_node():
            extra = loader.get_node()
            raise LoadError(
                diagnostic(
                    "IOC008",
                    _mark_location(rel, extra.start_mark if extra is not None else None),
                    "a second YAML document starts here; one file holds one document",
                )
            )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "not well-formed YAML"
        if exc.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            # The file ended first: point at what was left open, which is on a line the reader can see.
            mark = exc.context_mark
            message += " before the file ends"
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            message += ": a tab (YAML indents with spaces only)"
        code = "IOC006" if "nesting depth" in message else "IOC003"
        raise LoadError(diagnostic(code, _mark_location(rel, mark), message)) from exc
    except yaml.YAMLError as exc:
        raise LoadError(diagnostic("IOC003", Location(rel), f"not well-formed YAML: {exc}")) from exc
    except RecursionError as exc:
        raise LoadError(
            diagnostic("IOC006", Location(rel), f"the document nests deeper than {MAX_DEPTH} levels")
        ) from exc
    finally:
        loader.dispose()
    return root


def to_data(root: yaml.Node, rel: str) -> Any:
    """Node tree to plain Python values (dict, list, str, int, float, bool, None)."""
    try:
        return _Converter(rel).convert(root, 0)
    except RecursionError as exc:
        raise LoadError(
            diagnostic("IOC006", Location(rel), f"the document nests deeper than {MAX_DEPTH} levels")
        ) from exc


class _Converter:
    """One walk over a node tree of one file. Every node is converted once: the composer hands out an
    anchored node again for each of its aliases (scalars too), so a node seen twice is an alias."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.seen: set[int] = set()

    def _refuse(self, code: str, node: yaml.Node, message: str, *, hint: str | None = None) -> LoadError:
        return LoadError(diagnostic(code, _mark_location(self.rel, node.start_mark), message, hint=hint))

    def convert(self, node: yaml.Node, depth: int) -> Any:
        self._admit(node, depth)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, depth + 1) for item in node.value]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, result)
            result[key] = self.convert(value_node, depth + 1)
        return result

    def _admit(self, node: yaml.Node, depth: int) -> None:
        """Refuse a node nested too deep, with a tag beyond the core schema, or reached through an alias."""
        if depth > MAX_DEPTH:
            raise self._refuse("IOC006", node, f"the document nests deeper than {MAX_DEPTH} levels")
        if node.tag not in CORE_TAGS:
            raise self._refuse(
                "IOC005", node, f"tag {node.tag!r} is not allowed; only plain YAML values are read"
            )
        if id(node) in self.seen:
            raise self._refuse("IOC007", node, "anchors and aliases are not allowed; write the value out")
        self.seen.add(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.style or node.tag != _STR:
            return node.value
        if len(node.value) > MAX_DIGITS and _INT.fullmatch(node.value):
            raise self._refuse(
                "IOC012",
                node,
                f"a number of {len(node.value)} characters; iocc reads at most {MAX_DIGITS} digits",
                hint="quote it if it is text",
            )
        return resolve_plain(node.value)

    def _key(self, key_node: yaml.Node, result: dict[str, Any]) -> str:
        """The text of a mapping key: a scalar with a core tag, no merge key, not yet in `result`."""
        if not isinstance(key_node, yaml.ScalarNode):
            raise self._refuse("IOC003", key_node, "a mapping key must be plain text")
        if key_node.tag not in CORE_TAGS:
            raise self._refuse(
                "IOC005", key_node, f"tag {key_node.tag!r} is not allowed; only plain YAML values are read"
            )
        key: str = key_node.value
        if key == "<<" and not key_node.style:
            raise self._refuse("IOC007", key_node, "merge keys are not allowed; write the mapping out")
        if key in result:
            raise self._refuse("IOC004", key_node, f"duplicate key {key!r}; a mapping holds each key once")
        return key


def parse_documents(text: str, origin: str) -> list[Any]:
    """Every document of YAML text from outside the corpus (an imported feed, a Sigma rule in a STIX
    bundle), read as corpus files are: core schema, no tags, no anchors or aliases (so no alias bomb),
    nesting and size bounded. LoadError with the first problem otherwise."""
    if len(text) > MAX_BYTES:
        raise LoadError(diagnostic("IOC002", Location(origin), f"more than {MAX_BYTES} characters of YAML"))
    loader = _CoreLoader(text)
    nodes: list[yaml.Node] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                nodes.append(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "not well-formed YAML"
        raise LoadError(diagnostic("IOC003", _mark_location(origin, mark), message)) from exc
    except yaml.YAMLError as exc:
        raise LoadError(diagnostic("IOC003", Location(origin), f"not well-formed YAML: {exc}")) from exc
    except RecursionError as exc:
        raise LoadError(
            diagnostic("IOC006", Location(origin), f"the document nests deeper than {MAX_DEPTH} levels")
        ) from exc
    finally:
        loader.dispose()
    return [to_data(node, origin) for node in nodes]


def load_file(path: Path, rel: str) -> Document:
    """Read one file into a Document, or raise LoadError with its one located diagnostic."""
    text = read_text(path, rel)
    root = compose(text, rel)
    data = to_data(root, rel)
    return Document(path=rel, kind=kind_of(rel, text), data=data, root=root, text=text)


def discover(root: Path) -> list[Path]:
    """The corpus files under a repository root, sorted. Symbolic links are not followed but listed (any
    name), so reading them reports each (IOC011) instead of leaving them out in silence."""
    found: list[Path] = []
    for top in CORPUS_FOLDERS:
        base = root / top
        if base.is_symlink():
            found.append(base)
        elif base.is_dir():
            for folder, dirs, files in os.walk(base):
                here = Path(folder)
                found.extend(here / d for d in dirs if (here / d).is_symlink())
                for name in files:
                    if name.endswith((".yaml", ".yml")) or (here / name).is_symlink():
                        found.append(here / name)
    return sorted(found)


@dataclass(frozen=True, slots=True)
class Loaded:
    documents: tuple[Document, ...]
    diagnostics: tuple[Diagnostic, ...]


def relative(path: Path, root: Path) -> str:
    """`path` relative to `root`, links left as they are (a link is reported under its own name)."""
    try:
        return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_paths(paths: list[Path], root: Path) -> Loaded:
    """Read every file; a file that cannot be read adds a diagnostic and the rest go on."""
    docs: list[Document] = []
    diags: list[Diagnostic] = []
    for path in paths:
        rel = relative(path, root)
        try:
            docs.append(load_file(path, rel))
        except LoadError as exc:
            diags.append(exc.diagnostic)
    return Loaded(tuple(docs), tuple(diags))
