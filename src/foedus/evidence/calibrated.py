"""The ``calibrated`` lens: priors fitted to the case library.

The fitted record (``calibrated.json``, package data) is written by
``foedus calibrate`` (:class:`foedus.validation.calibration.Calibration`); this
module only reads it, when asked. Each prior's source names the calibration
(method, number of cases, date); its rationale gives the posterior summary.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import TypeAdapter

from foedus.evidence.registry import PriorEntry
from foedus.scenario.priors import Prior

DESCRIPTION = ("Evidence priors with attack_hazard, credibility_shift and escalate_2_3 fitted "
               "to the case library (grid posterior; see docs/backtest.md).")
_PRIOR = TypeAdapter(Prior)


@lru_cache(maxsize=1)
def record() -> dict[str, Any]:
    """The shipped calibration record."""
    text = (resources.files("foedus.evidence") / "calibrated.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def overrides(rec: dict[str, Any] | None = None) -> dict[str, PriorEntry]:
    """Prior entries of the calibrated lens, from ``rec`` (default: the shipped record)."""
    rec = record() if rec is None else rec
    source = (f"foedus calibration of {rec['date']}: {rec['method']}; "
              f"{rec['n_cases']} cases of the bundled case library, "
              f"{rec['replications']} replications per case and grid point, seed {rec['seed']}")
    out = {}
    for name, spec in rec["priors"].items():
        post = rec["posterior"][name]
        why = (f"posterior mean {post['mean']:g} ({post['scale']} scale), 90 % interval "
               f"[{post['q05']:g}, {post['q95']:g}] on the grid {post['grid']}")
        out[name] = PriorEntry(_PRIOR.validate_python(spec), source, why, origin="calibrated")
    return out
