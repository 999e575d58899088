"""Imports point downward: extract < dedup < store < web/crawler < distributed < the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package -> what it may import from this project (besides itself)
BASE = {"archive", "archive.text"}
ALLOWED = {
    "archive.text": set(),
    "archive.extract": {"archive.text"},
    "archive.config": {"archive.text", "archive.extract"},
    "archive.dedup": {"archive.text", "archive.config"},
    "archive.store": {"archive.text", "archive.config", "archive.extract", "archive.dedup"},
    "archive.export": {"archive.text", "archive.config", "archive.store"},
    "archive.catalog": {"archive.text", "archive.config"},
    "archive.web": {"archive.text", "archive.config", "archive.extract", "archive.dedup", "archive.store",
                    "archive.export"},
    "crawler": {"archive.text", "archive.config", "archive.extract", "archive.dedup", "archive.store"},
    "crawler.distributed": {"archive.text", "archive.config", "archive.extract", "archive.dedup", "archive.store",
                            "crawler"},
}
TOP = {"archive.cli", "archive.commands", "archive.demo", "archive.reextract"}  # the application: may import anything


def _package(module: str) -> str | None:
    """The layer a module belongs to (longest matching prefix)."""
    for name in sorted(ALLOWED.keys() | TOP, key=len, reverse=True):
        if module == name or module.startswith(name + "."):
            return name
    return None


def _modules() -> list[tuple[str, Path]]:
    found = []
    for top in ("archive", "crawler"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found.append((".".join(parts), path))
    return found


def _imports(module: str, path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                base = ".".join(module.split(".")[: -node.level] + [node.module])
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return {n for n in names if n.split(".")[0] in ("archive", "crawler")}


MODULES = _modules()


@pytest.mark.parametrize("module,path", MODULES, ids=[m for m, _ in MODULES])
def test_imports_point_downward(module: str, path: Path) -> None:
    if module in BASE:
        return
    layer = _package(module)
    assert layer is not None, f"{module} belongs to no layer: add it to tests/test_layout.py"
    if layer in TOP:
        return
    known = {m for m, _ in MODULES}
    wrong = []
    for name in _imports(module, path):
        if name in BASE or name in {"archive.__version__"}:
            continue
        while name not in known and "." in name:  # `from archive.store import Archive` names a module, not Archive
            name = name.rsplit(".", 1)[0]
        target = _package(name)
        if target in (None, layer) or target in ALLOWED[layer]:
            continue
        wrong.append(name)
    assert not wrong, f"{module} ({layer}) imports against the layering: {sorted(wrong)}"


def test_no_import_cycle_between_files() -> None:
    known = {m for m, _ in MODULES}
    graph: dict[str, set[str]] = {}
    for module, path in MODULES:
        targets = set()
        for name in _imports(module, path):
            while name not in known and "." in name:
                name = name.rsplit(".", 1)[0]
            if name in known and name != module and not module.startswith(name + "."):
                targets.add(name)
        graph[module] = targets
    # a package's __init__ re-exporting its own submodules is not a cycle between files
    for module in graph:
        graph[module] = {t for t in graph[module] if not (t.startswith(module + ".") and (ROOT / module.replace(".", "/")).is_dir())}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
