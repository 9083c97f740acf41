"""docs/parameters.md is generated from the registry and must be current."""

from __future__ import annotations

from pathlib import Path

from foedus.cli.params import REGENERATE, registry_markdown
from foedus.evidence.lenses import LENSES

DOC = Path(__file__).resolve().parents[2] / "docs" / "parameters.md"


def test_parameters_doc_is_current() -> None:
    want = registry_markdown(list(LENSES))
    have = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert have == want, f"docs/parameters.md is stale; regenerate it with: {REGENERATE}"


def test_the_doc_lists_every_parameter() -> None:
    text = registry_markdown(list(LENSES))
    from foedus.evidence.registry import PARAMETERS

    for p in PARAMETERS:
        assert f"### `{p.name}`" in text
