"""The module layout keeps the data flow one way: no module of a package imports, at any depth (function-level
imports included), a module that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "bizenv"
PACKAGES = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())


def _imports(package: str) -> dict[str, set[str]]:
    modules = {f"bizenv.{package}.{f.stem}": f for f in (SRC / package).glob("*.py") if f.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph[node]:
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle_inside_a_package(package: str) -> None:
    graph = _imports(package)
    cycles = [c for m in sorted(graph) if (c := _cycle_through(graph, m))]
    assert not cycles, " → ".join(cycles[0])


def test_the_checker_finds_a_cycle() -> None:
    assert _cycle_through({"a": {"b"}, "b": {"a"}}, "a") == ["a", "b", "a"]
    assert _cycle_through({"a": {"b"}, "b": set()}, "a") is None
