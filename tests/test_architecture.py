"""The package's shape, read statically from the source (ast; nothing is imported).

- No import circle between textclean's modules.
- No private name (leading underscore) imported from another module.

Which imports count towards a circle:

- Module-level imports, wherever they stand at module level (inside `try`, `if`, `with` or a
  class body too): they run when the module is imported, so a circle of them can fail
  depending on which module is imported first, and it ties the modules into one unit.
- Imports under `if TYPE_CHECKING:` count too. They never run, but they are dependencies all
  the same: the module cannot be read or type-checked without the other, and
  `if TYPE_CHECKING` is the usual way to hide a circle from the interpreter without removing
  it.
- Function-local imports do not count. The package uses them to load optional extras
  (pyarrow, datasketch, dask) and heavy parts (the CLI's commands, the lexicon) only when a
  run needs them, and a function runs after the modules it imports from have loaded. The one
  pattern this lets through on purpose is a package collecting its members in a function
  (`textclean.repairs._registry`, the readers in `textclean.io`): the members import the names
  they share (`Hit`) from the package, defined before the function runs. One such
  function-local circle remains, named so it is not mistaken for a clean graph:
  `textclean.repairs` <-> its repair modules.

An import of `a.b.c` also runs the packages `a` and `a.b` first; that is not counted as an
edge to them (a package `__init__` re-exporting its members would otherwise form a circle
with each member). `from a.b import name` is an edge to the module `a.b.name` when there is
one, else to `a.b` (where `name` is defined or re-exported).

A module whose name starts with an underscore (`_core`, the compiled core, and `_version`) is
private to the package, not to a module: every textclean module may import it. Private names
*in* a module may not be imported by another: what other modules need is public in its proper
home.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "textclean"
TESTS = Path(__file__).resolve().parent


def _module_names() -> dict[str, Path]:
    """Every module of the package, by dotted name (`.pyi` for the compiled core)."""
    names: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py*")):
        if path.suffix not in (".py", ".pyi") or "__pycache__" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.setdefault(".".join(parts), path)
    return names


MODULES = _module_names()


@dataclass(frozen=True)
class Import:
    module: str  # the dotted name of the module that imports
    target: str  # the module imported from
    names: tuple[str, ...]  # the names taken from it (`from target import names`), or ()
    line: int
    where: str  # "module", "type-checking" or "function"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(module: str, path: Path) -> Iterator[Import]:
    """Every import statement of `module` that names a textclean module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.stem == "__init__"

    def visit(nodes: list[ast.stmt], where: str) -> Iterator[Import]:
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "textclean":
                        yield Import(module, alias.name, (), node.lineno, where)
            elif isinstance(node, ast.ImportFrom):
                target = _absolute(module, is_package, node)
                if target.split(".")[0] == "textclean":
                    yield Import(module, target, tuple(a.name for a in node.names),
                                 node.lineno, where)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from visit(node.body, "function")
            elif isinstance(node, ast.If) and _is_type_checking(node.test) and where == "module":
                yield from visit(node.body, "type-checking")
                yield from visit(node.orelse, where)
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    children = getattr(node, field, None)
                    if isinstance(children, list):
                        yield from visit([c for c in children if isinstance(c, ast.stmt)], where)
                for handler in getattr(node, "handlers", ()):
                    yield from visit(handler.body, where)
                for case in getattr(node, "cases", ()):
                    yield from visit(case.body, where)

    yield from visit(tree.body, "module")


def _edges(imp: Import) -> set[str]:
    """The modules `imp` depends on (see the module docstring)."""
    if not imp.names:
        return {imp.target} if imp.target in MODULES else set()
    out = set()
    for name in imp.names:
        sub = f"{imp.target}.{name}"
        out.add(sub if sub in MODULES else imp.target)
    return {m for m in out if m in MODULES and m != imp.module}


def import_graph(wheres: tuple[str, ...] = ("module", "type-checking")) -> dict[str, dict[str, int]]:
    """module -> {imported module: line of the import}, for the imports made `wheres`."""
    graph: dict[str, dict[str, int]] = {m: {} for m in MODULES}
    for module, path in MODULES.items():
        if path.suffix != ".py":
            continue
        for imp in _imports(module, path):
            if imp.where in wheres:
                for target in _edges(imp):
                    graph[module].setdefault(target, imp.line)
    return graph


def circles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def _describe(component: list[str], graph: dict[str, dict[str, int]]) -> str:
    members = set(component)
    lines = [" <-> ".join(component)]
    for m in component:
        for target, line in sorted(graph[m].items()):
            if target in members:
                lines.append(f"  {MODULES[m].relative_to(PACKAGE.parent)}:{line} imports {target}")
    return "\n".join(lines)


def test_the_walker_sees_the_package():
    graph = import_graph()
    assert len(MODULES) > 50
    assert "textclean._core" in MODULES  # the compiled core, by its stub
    assert "textclean.engine.loop" in graph["textclean.api"]
    assert "textclean.model" in graph["textclean.engine.loop"]


def test_circles_are_found():
    graph = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}, "d": {"a": 4}, "e": {"e": 5}}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b": 1}, "b": {}}) == []


def test_no_import_circle():
    graph = import_graph()
    found = circles(graph)
    assert not found, "import circles:\n" + "\n".join(_describe(c, graph) for c in found)


def _private_imports(module: str, path: Path) -> Iterator[str]:
    """`file:line: name from module` for every private name of another textclean module that
    `path` imports (`from m import _x`) or reads off an imported module (`m._x`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.stem == "__init__"
    aliases: dict[str, str] = {}  # local name -> the textclean module it is
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, is_package, node)
            if target.split(".")[0] != "textclean":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES:
                    aliases[alias.asname or alias.name] = sub
                elif _private(alias.name) and target != module:
                    yield f"{path.name}:{node.lineno}: {alias.name} from {target}"
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr)
                and isinstance(node.value, ast.Name) and node.value.id in aliases
                and aliases[node.value.id] != module):
            yield f"{path.name}:{node.lineno}: {node.attr} from {aliases[node.value.id]}"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@pytest.mark.parametrize("module", sorted(m for m, p in MODULES.items() if p.suffix == ".py"))
def test_no_private_name_imported_across_modules(module):
    found = list(_private_imports(module, MODULES[module]))
    assert not found, "private names imported from other modules:\n" + "\n".join(found)


def test_a_private_import_is_found(tmp_path):
    path = tmp_path / "probe.py"
    path.write_text("from textclean.run.runner import check_paths, _Quarantine\n"
                    "import textclean.io as io\nio._observed\nfrom textclean import _core\n")
    found = list(_private_imports("textclean.probe", path))
    assert found == ["probe.py:1: _Quarantine from textclean.run.runner",
                     "probe.py:3: _observed from textclean.io"]


# Tests and benchmarks use textclean's public names too (an equivalence test compares public
# functions: the split-word fast paths, the lexicon's cache, `engine.loop.run_plan` that
# benchmarks/bound.py wraps to time each rule call are public for that).
ROOT = PACKAGE.parent
# benchmarks/notes is a historical record; hidden folders (the peers' virtualenv
# benchmarks/.venv-peers that `make bench` creates) hold other projects' code.
USERS = sorted(p for folder in ("tests", "benchmarks") for p in (ROOT / folder).rglob("*.py")
               if not any(part == "notes" or part.startswith(".")
                          for part in p.relative_to(ROOT).parts))


@pytest.mark.parametrize("path", USERS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_tests_and_benchmarks_use_public_names(path):
    found = list(_private_imports(f"user.{path.stem}", path))
    assert not found, "private names of textclean imported:\n" + "\n".join(found)
