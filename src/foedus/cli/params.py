"""``foedus params``: the parameter registry with every lens's priors and sources.

``foedus params --format md > docs/parameters.md`` regenerates the reference page
(``make docs`` does the same); a test fails when that page is stale.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from foedus.cli.common import user_errors

if TYPE_CHECKING:
    from foedus.evidence.registry import Parameter, PriorEntry

REGENERATE = "foedus params --format md > docs/parameters.md   (or: make docs)"


def _entry(p: Parameter, lens: str) -> PriorEntry:
    from foedus.evidence.lenses import LENSES

    return LENSES[lens].overrides.get(p.name, p.evidence)


def _cites(source: str) -> list[str]:
    from foedus.evidence.registry import ASSUMPTION

    if source == ASSUMPTION or fitted_source(source):
        return []
    return source.split("; ")


def registry_dict(lenses: list[str]) -> dict[str, Any]:
    """The registry under ``lenses``, JSON-ready."""
    from foedus.evidence.lenses import LENSES
    from foedus.evidence.registry import PARAMETERS
    from foedus.evidence.sources import SOURCES

    params = []
    for p in PARAMETERS:
        priors = {}
        for ln in lenses:
            e = _entry(p, ln)
            priors[ln] = {"prior": e.prior.model_dump(by_alias=True), "describe":
                          e.prior.describe(), "mean": e.prior.mean(), "source": e.source,
                          "rationale": e.rationale, "basis": e.basis, "origin": e.origin}
        params.append({"name": p.name, "symbol": p.symbol, "mechanism": p.mechanism,
                       "description": p.description, "range": [p.low, p.high],
                       "scenario_specific": p.scenario_specific, "priors": priors})
    return {"lenses": {ln: LENSES[ln].description for ln in lenses}, "parameters": params,
            "sources": {k: {"citation": s.cite(), "verified": s.verified,
                            "unverified": s.unverified, "locator": s.locator}
                        for k, s in SOURCES.items()}}


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def registry_markdown(lenses: list[str]) -> str:
    """The registry as a Markdown reference page (docs/parameters.md)."""
    from foedus.evidence.lenses import LENSES
    from foedus.evidence.registry import PARAMETERS
    from foedus.evidence.sources import SOURCES

    lines = [
        "# Parameters",
        "",
        "<!-- Generated from src/foedus/evidence/registry.py, lenses.py and sources.py. "
        "Do not edit by hand. -->",
        f"<!-- Regenerate with: {REGENERATE} -->",
        "",
        "Every parameter of every mechanism, its prior under each bundled lens, the source "
        "and the rationale. **Basis**: `figure` — the prior is derived from a published or "
        "recomputed figure; `assumption` — its size is assumed (a cited source supports the "
        "mechanism or its direction only); `claim` — a school of thought's position, "
        "attributed to its source. Parameters marked *scenario-specific* may be replaced "
        "by a scenario's own sourced priors.",
        "",
        "## Lenses",
        "",
    ]
    for ln in lenses:
        lines.append(f"- **{ln}** — {LENSES[ln].description}")
    mechanisms: list[str] = []
    for p in PARAMETERS:
        if p.mechanism not in mechanisms:
            mechanisms.append(p.mechanism)
    for mech in mechanisms:
        lines += ["", f"## {mech.capitalize()}", ""]
        for p in (q for q in PARAMETERS if q.mechanism == mech):
            tag = ", scenario-specific" if p.scenario_specific else ""
            lines += [f"### `{p.name}` ({p.symbol})", "",
                      f"{p.description} Range [{p.low:g}, {p.high:g}]{tag}.", "",
                      "| lens | prior | mean | basis | source | rationale |",
                      "|---|---|---|---|---|---|"]
            for ln in lenses:
                e = _entry(p, ln)
                same = ln != "evidence" and p.name not in LENSES[ln].overrides
                if same:
                    lines.append(f"| {ln} | as evidence | | | | |")
                    continue
                lines.append(f"| {ln} | {e.prior.describe()} | {e.prior.mean():.4g} | "
                             f"{e.basis} | {_md_escape(e.source)} | "
                             f"{_md_escape(e.rationale)} |")
            lines.append("")
    lines += ["## Sources and how they were checked", "",
              "| source | checked against | not confirmed | figure used at |",
              "|---|---|---|---|"]
    for s in SOURCES.values():
        lines.append(f"| {_md_escape(s.cite())} | {_md_escape(s.verified)} | "
                     f"{_md_escape(s.unverified) or '—'} | {_md_escape(s.locator) or '—'} |")
    return "\n".join(lines).rstrip() + "\n"


def fitted_source(text: str) -> bool:
    """Is ``text`` the source line of a fit shipped in ``fitted.json`` ("fitted to ...")?"""
    from foedus.evidence import fitted

    return text in {v["source"] for v in fitted.record()["priors"].values()}


def unknown_citations() -> list[str]:
    """Citations in the registry or lenses that :mod:`foedus.evidence.sources` lacks."""
    from foedus.evidence.lenses import LENSES
    from foedus.evidence.registry import PARAMETERS
    from foedus.evidence.sources import by_citation

    bad = []
    for p in PARAMETERS:
        for ln in LENSES:
            for c in _cites(_entry(p, ln).source):
                if by_citation(c) is None:
                    bad.append(f"{p.name} ({ln}): {c}")
    return sorted(set(bad))


def register(app: typer.Typer) -> None:
    """Add the ``params`` command to ``app``."""

    @app.command()
    def params(
        lens: Annotated[list[str] | None, typer.Option(
            "--lens", "-l", help="bundled lens to show (repeatable; default: all)")] = None,
        fmt: Annotated[Literal["md", "json"], typer.Option(
            "--format", help="md (the docs/parameters.md page) or json")] = "md",
    ) -> None:
        """Print every parameter with its prior, source and rationale under each lens."""
        from foedus.evidence.lenses import LENSES

        with user_errors():
            names = lens if lens else list(LENSES)
            for ln in names:
                if ln not in LENSES:
                    raise ValueError(f"unknown lens '{ln}' (bundled: {', '.join(LENSES)})")
        if fmt == "json":
            sys.stdout.write(json.dumps(registry_dict(names), indent=2) + "\n")
        else:
            sys.stdout.write(registry_markdown(names))
