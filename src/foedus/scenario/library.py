"""The bundled scenario library and SCENARIO-argument resolution.

A SCENARIO argument is a bundled id (``ukraine-2025``) or a path to a YAML file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from foedus.scenario.errors import Issue, ScenarioError
from foedus.scenario.loader import Document, parse_scenario, read_document


def bundled_ids() -> list[str]:
    """Ids of the scenarios shipped with foedus, sorted."""
    root = resources.files("foedus.scenario") / "bundled"
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml"))


def load(name_or_path: str | Path) -> Document:
    """Load a bundled scenario by id, or a scenario file by path."""
    name = str(name_or_path)
    if name in bundled_ids():
        res = resources.files("foedus.scenario") / "bundled" / f"{name}.yaml"
        return parse_scenario(res.read_text(encoding="utf-8"), f"{name}.yaml")
    p = Path(name)
    if p.suffix in (".yaml", ".yml") or p.exists() or "/" in name:
        return read_document(p)
    known = ", ".join(bundled_ids())
    raise ScenarioError([Issue(name, 0, "", f"no bundled scenario or file of that name "
                                            f"(bundled: {known})")])
