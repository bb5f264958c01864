"""Dependencies point one way: core (attrib minus its CLI) -> loader -> CLI and UI.

Every import in a module counts, also those inside functions, so a lazy import cannot hide a
dependency on a layer above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# package -> the packages (and their submodules) it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "attrib": ("loader", "attrib.cli", "ui"),
    "loader": ("attrib.cli", "ui"),
    # the UI reaches Neo4j only through attrib.runner (read-only, deadline, caps, errors)
    "ui": ("attrib.db",),
}


def imported_modules(path: Path, text: str | None = None) -> set[str]:
    """Absolute names of every module `path` (or `text` as if it were there) imports."""
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    source = path.read_text(encoding="utf-8") if text is None else text
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def layer_of(path: Path) -> str | None:
    parts = path.relative_to(REPO).parts
    if parts[0] == "attrib" and (len(parts) < 2 or parts[1] != "cli"):
        return "attrib"
    return parts[0] if parts[0] in ("loader", "ui") else None


def violations(path: Path, text: str | None = None) -> list[str]:
    layer = layer_of(path)
    if layer is None:
        return []
    return sorted(
        name
        for name in imported_modules(path, text)
        for banned in FORBIDDEN[layer]
        if name == banned or name.startswith(banned + ".")
    )


MODULES = sorted(p for top in ("attrib", "loader", "ui") for p in (REPO / top).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_layer_imports_what_it_must_not(path: Path) -> None:
    assert violations(path) == []


def test_the_check_sees_every_kind_of_import() -> None:
    """The checker itself: top-level, lazy, from- and relative imports are all caught."""
    core = REPO / "attrib" / "db.py"
    sources = {
        "import loader.load": ["loader.load"],
        "from attrib.cli import output": ["attrib.cli", "attrib.cli.output"],
        "def f():\n    from ui import common": ["ui", "ui.common"],
        "from .cli import app": ["attrib.cli", "attrib.cli.app"],
        "from attrib import db": [],
        "from attrib.client import x": [],  # a name that merely starts like "cli"
    }
    for text, expected in sources.items():
        assert violations(core, text) == expected, text


def test_the_ui_never_opens_the_driver_itself() -> None:
    page = REPO / "ui" / "views" / "actor.py"
    assert violations(page, "from attrib import db") == ["attrib.db"]
    assert violations(page, "def f():\n    import attrib.db") == ["attrib.db"]
    assert violations(page, "from attrib import runner") == []


def test_the_cli_may_import_the_loader() -> None:
    cli = REPO / "attrib" / "cli" / "load.py"
    assert layer_of(cli) is None
    assert any(name.startswith("loader") for name in imported_modules(cli))


def _core_imports() -> dict[str, set[str]]:
    """Core module -> the core modules it imports (lazily too). `from pkg import sub` counts as
    an import of the submodule only, as Python runs it."""
    files = {}
    for path in (REPO / "attrib").rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if layer_of(path) == "attrib":
            files[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                subs = {f"{node.module}.{alias.name}" for alias in node.names}
                edges.update(subs & files.keys() or {node.module})
        graph[name] = {e for e in edges if e in files and e != name}
    return graph


def test_the_core_has_no_import_cycle() -> None:
    """A circle (config -> guard -> db -> settings -> local_server -> config, before the
    procedure names moved to attrib.procedures) makes import order matter and hides layers."""
    graph = _core_imports()

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in graph[start]
        )

    assert [m for m in sorted(graph) if reaches(m, m, {m})] == []


def test_every_module_is_under_600_lines() -> None:
    """Small modules (the house's rule): a module that grows past it is split by job."""
    long = {
        str(path.relative_to(REPO)): lines
        for path in MODULES
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) >= 600
    }
    assert long == {}
