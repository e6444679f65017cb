"""The plan of the house: no import cycle inside the package, no module over about 400 lines.

Every module under src/policy_site is read with `ast` (not imported), and every import of
the package's own modules makes an arrow: at module level, under `if TYPE_CHECKING:` and
inside functions alike (an import moved into a function to dodge a cycle is still one).
Importing `a.b.c` from outside package `a.b` also runs `a/b/__init__.py`, so that counts
as an arrow too. A cycle is a strongly connected component of more than one module
(Tarjan), printed as a path so the reader sees where to cut.
"""
from __future__ import annotations

import ast
from pathlib import Path

import policy_site

PACKAGE = Path(policy_site.__file__).resolve().parent
MAX_LINES = 400
# Modules allowed over MAX_LINES while they wait to be split, each with why: none now (issue 16 split them).
TOO_LONG_FOR_NOW: dict[str, str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str, importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's own modules that `name` imports, anywhere in its text."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, name, is_package, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.append(sub if sub in known else base)
        for target in targets:
            if not target.startswith("policy_site"):
                continue
            if target in known and target != name:
                found.add(target)  # a name from a package's __init__ counts, even one's own
            # importing a.b.c also runs every package on the way that the importer is not inside
            parts = target.split(".")
            for i in range(1, len(parts)):
                prefix = ".".join(parts[:i])
                if prefix in known and not (name + ".").startswith(prefix + "."):
                    found.add(prefix)
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module (or a self-import)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
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
            if len(component) > 1 or v in graph.get(v, ()):
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def a_cycle_through(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """One closed path inside the component, for the message: a -> b -> ... -> a."""
    members = set(component)
    start = component[0]
    path, seen = [start], {start}
    while True:
        nxt = sorted(w for w in graph[path[-1]] if w in members)
        back = [w for w in nxt if w in seen]
        if back:
            return path[path.index(back[0]):] + [back[0]]
        path.append(nxt[0])
        seen.add(nxt[0])


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert len(graph) > 40, "the package was not found"
    found = [" -> ".join(a_cycle_through(c, graph)) for c in cycles(graph)]
    assert not found, "import cycles:\n  " + "\n  ".join(found)


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert a_cycle_through(["a", "b", "c"], graph) == ["a", "b", "c", "a"]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_imports_inside_functions_and_packages_count(tmp_path):
    pkg = tmp_path / "policy_site"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "sub" / "__init__.py").write_text("def f():\n    from .leaf import x\n")
    (pkg / "sub" / "leaf.py").write_text("from ..top import y\nfrom . import z\n")
    (pkg / "top.py").write_text("from .sub.leaf import x\n")
    known = {"policy_site.sub", "policy_site.sub.leaf", "policy_site.top"}
    assert imports_of("policy_site.sub", pkg / "sub" / "__init__.py", known) == {"policy_site.sub.leaf"}
    assert imports_of("policy_site.sub.leaf", pkg / "sub" / "leaf.py", known) == {"policy_site.top", "policy_site.sub"}
    assert imports_of("policy_site.top", pkg / "top.py", known) == {"policy_site.sub", "policy_site.sub.leaf"}


def test_no_module_is_over_400_lines():
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    too_long = {n: k for n, k in lengths.items() if k > MAX_LINES and n not in TOO_LONG_FOR_NOW}
    assert not too_long, f"modules over {MAX_LINES} lines (split them): {too_long}"
    stale = [n for n in TOO_LONG_FOR_NOW if lengths.get(n, 0) <= MAX_LINES]
    assert not stale, f"split already, take them off TOO_LONG_FOR_NOW: {stale}"
