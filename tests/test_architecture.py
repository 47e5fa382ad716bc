"""The floor plan holds: every package sits in one layer, imports point only downwards, and no module
imports itself back through others (function-level imports count too).

The layers, lowest first, are docs/ARCHITECTURE.md's drawing; a new package gets a line here and there.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "compiler"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("files",),
    ("diagnostics",),
    ("corpus", "i18n"),
    ("config",),
    ("gate", "products", "engines", "locks"),
    ("validate",),
    ("detect",),
    ("scan",),
    ("outputs",),
    ("site",),
    ("changes",),
    ("pipeline",),
    ("authoring",),
    ("cli",),
)
TOP = ("__init__", "__main__")  # the package's own entry points: `compiler` itself sits outside the layers


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The compiler modules a file imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").startswith("compiler")
        ):
            base = node.module or ""
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else base)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("compiler"))
    return {name for name in found if name in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) - {name} for name, path in known.items()}


def area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def rank(module: str) -> int | None:
    name = area(module)
    for level, members in enumerate(LAYERS):
        if name in members:
            return level
    return None


def test_every_package_has_a_layer() -> None:
    unplaced = sorted({area(m) for m in modules() if rank(m) is None and area(m) not in TOP})
    assert unplaced == [], f"add these to LAYERS (and docs/ARCHITECTURE.md): {unplaced}"


def test_imports_point_only_downwards() -> None:
    upward = []
    for source, targets in graph().items():
        here = rank(source)
        if here is None:
            continue
        for target in sorted(targets):
            there = rank(target)
            if there is not None and there > here:
                upward.append(f"{source} -> {target}")
    assert upward == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert _cycles(graph()) == []


@pytest.mark.parametrize(
    ("edges", "expected"),
    [({"a": {"b"}, "b": {"a"}}, [["a", "b"]]), ({"a": {"b"}, "b": {"c"}, "c": set()}, [])],
)
def test_the_cycle_finder_finds_cycles(edges: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert _cycles(edges) == expected


def test_the_layer_check_sees_an_upward_import() -> None:
    assert rank("compiler.cli.build") is not None and rank("compiler.corpus.model") is not None
    assert (rank("compiler.cli.build") or 0) > (rank("compiler.corpus.model") or 0)


def test_no_test_module_imports_another() -> None:
    """Shared helpers live in *_support.py modules and shared fixtures in conftest.py."""
    tests = Path(__file__).resolve().parent
    offenders = []
    for path in sorted(tests.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[-1].startswith(("test_", "conftest"))
            ]
    assert offenders == []


def test_the_developer_guide_draws_these_layers() -> None:
    """docs/ARCHITECTURE.md's layer table names the packages of LAYERS, layer by layer."""
    guide = (PACKAGE.parent / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    drawn: dict[int, set[str]] = {}
    for line in guide.splitlines():
        row = re.fullmatch(r"\| (\d+) \| (.+?) \| .+ \|", line)
        if row:
            drawn[int(row.group(1))] = set(re.findall(r"`(\w+)/`", row.group(2)))
    assert drawn == {level + 1: set(members) for level, members in enumerate(LAYERS)}
