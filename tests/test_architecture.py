"""The layering shown by the folder tree holds: lower layers never import higher ones."""

from __future__ import annotations

import ast
from pathlib import Path

import foedus

LAYERS = {"scenario": 0, "data": 0, "evidence": 1, "model": 2, "engine": 3, "study": 4,
          "scaleout": 5, "sensitivity": 6, "audit": 7, "validation": 7, "fitting": 7,
          "wargame": 7,
          "store": 8, "report": 9, "cli": 10, "web": 10}
ROOT = Path(foedus.__file__).parent


def _imports(path: Path) -> list[str]:
    mods: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            mods.append(node.module)
        elif isinstance(node, ast.Import):
            mods += [a.name for a in node.names]
    return [m for m in mods if m.startswith("foedus.")]


def test_no_layer_imports_a_higher_one() -> None:
    wrong = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).parts
        layer = rel[0] if len(rel) > 1 else None
        if layer not in LAYERS:
            continue
        for mod in _imports(path):
            target = mod.split(".")[1]
            if target in LAYERS and LAYERS[target] > LAYERS[layer]:
                wrong.append(f"{'/'.join(rel)} imports {mod}")
    assert not wrong, "\n".join(wrong)


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
