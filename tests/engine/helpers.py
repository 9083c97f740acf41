"""Builders for small synthetic scenarios with analytically known behaviour."""

from __future__ import annotations

from typing import Any

import yaml

from foedus.evidence.registry import PARAMETERS
from foedus.scenario.loader import Document, parse_scenario


def quiet_lens(**values: float) -> dict[str, Any]:
    """A scenario lens fixing every parameter to a 'switched off' value, except ``values``."""
    off = {p.name: 0.0 for p in PARAMETERS}
    off.update({"qre_lambda": 10.0, "erosion_half_life": 1e4, "credibility_learning": 1.0,
                "nuclear_restraint": 1.0, "recurrence_shape": 1.0, "hr_contiguous": 1.0,
                "hr_rivalry": 1.0, "hr_capability": 1.0, "hr_post1945": 1.0,
                "nuclear_one_factor": 1.0, "honour_nuclear_factor": 1.0,
                "crisis_share_high": 1.0, "selection_link": 1.0, "selection_reference": 0.5})
    off.update(values)
    return {"description": "all mechanisms off except those under test", "base": "evidence",
            "parameters": {k: {"prior": {"dist": "fixed", "value": v}, "source": "test",
                               "rationale": "known-answer test"} for k, v in off.items()}}


def actor(aid: str, **kw: Any) -> dict[str, Any]:
    return {"id": aid, "name": aid, "capability": 0.1, "source": "test", **kw}


def scenario(actors: list[dict[str, Any]], policies: list[dict[str, Any]], *,
             commitments: list[dict[str, Any]] | None = None, start: str = "crisis",
             initial: list[dict[str, Any]] | None = None, horizon: int = 24,
             lens: dict[str, Any] | None = None, adversary: str = "a",
             protected: str = "b", war_plans: list[dict[str, Any]] | None = None) -> Document:
    data: dict[str, Any] = {
        "id": "synthetic", "name": "synthetic", "adversary": adversary,
        "protected": protected, "start": start, "horizon": horizon, "seed": 3,
        "actors": actors, "commitments": commitments or [], "policies": policies,
    }
    if initial is not None:
        data["initial_levels"] = initial
    if war_plans:
        data["war_plans"] = war_plans
    if lens is not None:
        data["lenses"] = {"quiet": lens}
    return parse_scenario(yaml.safe_dump(data, sort_keys=False), "synthetic.yaml")


def policy(pid: str = "p", commitments: list[str] | None = None, **kw: Any) -> dict[str, Any]:
    return {"id": pid, "name": pid, "commitments": commitments or [], "source": "test", **kw}
