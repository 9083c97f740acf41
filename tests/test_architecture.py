"""The layering shown by the folder tree holds, and no module imports itself in a circle.

Imports are read with :mod:`ast` from every module of the package, wherever
they stand (module level, inside a function, or under ``if TYPE_CHECKING:``, so
that a cycle of type-only imports is caught too), in every form that loads a
``foedus`` module: ``import foedus.a.b``, ``from foedus.a import b``,
``from foedus import a`` (resolved to the sub-package), relative imports,
``importlib.import_module("foedus.a.b")`` and ``__import__`` (an f-string name
counts as every module under its constant prefix), and any string constant
that is exactly the dotted name of a module of the package (a name kept in a
table for a later dynamic import).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import foedus

LAYERS = {"scenario": 0, "data": 0, "evidence": 1, "model": 2, "engine": 3, "study": 4,
          "scaleout": 5, "sensitivity": 6, "audit": 7, "validation": 7, "fitting": 7,
          "wargame": 7, "negotiation": 7,
          "store": 8, "report": 9, "cli": 10, "web": 10}
ROOT = Path(foedus.__file__).parent

#: Import cycles known to exist, each as the sorted tuple of its modules. Every entry is
#: an expected failure awaiting its fix, and the test fails once an entry no longer
#: exists, so that the list only ever shrinks.
KNOWN_CYCLES: set[tuple[str, ...]] = set()


def module_name(path: Path, root: Path = ROOT) -> str:
    """Dotted name of the module at ``path`` (a package's ``__init__`` names the package)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the package under ``root``, by dotted name."""
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def _dynamic_name(call: ast.Call) -> ast.expr | None:
    """The name argument of ``importlib.import_module(...)`` or ``__import__(...)``."""
    fn = call.func
    name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
    if name in ("import_module", "__import__") and call.args:
        return call.args[0]
    return None


def imports_of(source: str, module: str, known: Iterable[str], is_package: bool = False
               ) -> set[str]:
    """The modules of ``known`` that ``source`` (the text of ``module``) imports.

    Parameters
    ----------
    source : str
        Python source text.
    module : str
        Its dotted module name (to resolve relative imports).
    known : iterable of str
        Dotted names of the package's modules; other imports are ignored.
    is_package : bool
        Whether ``source`` is a package's ``__init__`` (relative imports start there).
    """
    known = set(known)
    base = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()

    def add(name: str) -> None:
        # ``a.b.c`` where ``c`` is a name defined in ``a.b`` resolves to ``a.b``
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name:
            found.add(name)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base.split(".")[: len(base.split(".")) - node.level + 1]
                mod = ".".join(anchor + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            for alias in node.names:
                sub = f"{mod}.{alias.name}"
                add(sub if sub in known else mod)
        elif isinstance(node, ast.Call) and (arg := _dynamic_name(node)) is not None:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                add(arg.value)
            elif isinstance(arg, ast.JoinedStr):
                prefix = ""
                for part in arg.values:
                    if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                        break
                    prefix += part.value
                found |= {k for k in known if k.startswith(prefix)} if prefix else set()
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value in known and "." in node.value:
            found.add(node.value)
    found.discard(module)
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the package modules it imports, for every module under ``root``."""
    mods = package_modules(root)
    return {name: imports_of(path.read_text(encoding="utf-8"), name, mods,
                             path.name == "__init__.py")
            for name, path in mods.items()}


def components(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module, each sorted (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return sorted(found)


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The shortest cycle through the first module of each component, e.g. ``[a, b, a]``."""
    found = []
    for comp in components(graph):
        start, members = comp[0], set(comp)
        prev: dict[str, str] = {}  # breadth-first search for the way back to ``start``
        frontier = [start]
        while start not in prev:
            nxt = []
            for v in frontier:
                for w in sorted(set(graph[v]) & members - prev.keys()):
                    prev[w] = v
                    nxt.append(w)
            frontier = nxt
        path = [start]
        while path[-1] != start or len(path) == 1:
            path.append(prev[path[-1]])
        found.append(path[::-1])
    return found


def test_no_layer_imports_a_higher_one() -> None:
    wrong = []
    for mod, targets in import_graph().items():
        parts = mod.split(".")
        layer = parts[1] if len(parts) > 1 else None
        if layer not in LAYERS:
            continue
        for target in sorted(targets):
            tl = target.split(".")[1] if "." in target else None
            if tl in LAYERS and LAYERS[tl] > LAYERS[layer]:
                wrong.append(f"{mod} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    graph = import_graph()
    comps = components(graph)
    unexpected = [f"{' -> '.join(path)} (modules involved: {', '.join(comp)})"
                  for comp, path in zip(comps, cycles(graph), strict=True)
                  if tuple(comp) not in KNOWN_CYCLES]
    stale = sorted(KNOWN_CYCLES - {tuple(c) for c in comps})
    assert not unexpected, "import cycles:\n" + "\n".join(unexpected)
    assert not stale, f"fixed cycles still listed in KNOWN_CYCLES: {stale}"


def test_every_package_is_placed_in_a_layer() -> None:
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(LAYERS), packages - set(LAYERS)


def test_package_inits_hold_no_logic() -> None:
    for init in ROOT.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        body = [n for n in tree.body if not (isinstance(n, ast.Expr)
                                              and isinstance(n.value, ast.Constant))]
        if init.parent == ROOT:  # the top level re-exports the version only
            assert all(isinstance(n, ast.ImportFrom | ast.Assign) for n in body)
            continue
        assert not body, f"{init.relative_to(ROOT)} has code"


# -- the import reader and the cycle finder on hand-made cases -------------------------------

KNOWN = {"foedus", "foedus.engine", "foedus.engine.kernel", "foedus.web", "foedus.web.app",
         "foedus.web.api", "foedus.cli", "foedus.cli.runs", "foedus.cli.sweep"}


def _read(source: str, module: str = "foedus.web.app", is_package: bool = False) -> set[str]:
    return imports_of(source, module, KNOWN, is_package)


def test_every_import_form_is_seen() -> None:
    assert _read("import foedus.engine.kernel") == {"foedus.engine.kernel"}
    assert _read("from foedus.engine.kernel import run_chunk") == {"foedus.engine.kernel"}
    assert _read("from foedus import engine") == {"foedus.engine"}
    assert _read("from foedus.engine import kernel") == {"foedus.engine.kernel"}
    assert _read("from foedus import __version__") == {"foedus"}
    assert _read("from . import api") == {"foedus.web.api"}
    assert _read("from .api import router") == {"foedus.web.api"}
    assert _read("from ..engine import kernel") == {"foedus.engine.kernel"}
    assert _read("from .app import x", "foedus.web", is_package=True) == {"foedus.web.app"}
    assert _read("import numpy\nfrom pathlib import Path") == set()


def test_function_local_and_dynamic_imports_are_seen() -> None:
    assert _read("def f():\n    from foedus.web import api\n") == {"foedus.web.api"}
    assert _read("import importlib\nimportlib.import_module('foedus.web.api')") \
        == {"foedus.web.api"}
    assert _read("from importlib import import_module\nimport_module('foedus.engine.kernel')") \
        == {"foedus.engine.kernel"}
    assert _read("__import__('foedus.engine')") == {"foedus.engine"}
    assert _read("import importlib\nfor n in N:\n    importlib.import_module(f'foedus.cli.{n}')"
                 ) == {"foedus.cli.runs", "foedus.cli.sweep"}
    assert _read("MODULES = ('foedus.cli.runs', 'not.a.module', 'foedus')") == {"foedus.cli.runs"}
    assert _read("'''foedus.web.api is documented here'''") == set()


def test_cycles_are_found_and_reported_as_paths() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"f"}, "f": {"e"},
             "g": {"a"}}
    assert components(graph) == [["a", "b", "c"], ["e", "f"]]
    assert cycles(graph) == [["a", "b", "c", "a"], ["e", "f", "e"]]
    assert cycles({"a": {"b", "c"}, "b": {"a"}, "c": {"b"}}) == [["a", "b", "a"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    pkg = tmp_path / "foedus"
    (pkg / "web").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "web" / "__init__.py").write_text("")
    (pkg / "web" / "app.py").write_text("def create():\n    from foedus.web import api\n")
    (pkg / "web" / "api.py").write_text("from foedus.web.app import create\n")
    assert cycles(import_graph(pkg)) == [["foedus.web.api", "foedus.web.app", "foedus.web.api"]]
