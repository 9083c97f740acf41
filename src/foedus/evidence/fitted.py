"""The fitted priors of model v2: what ``foedus fit`` measured, read as evidence priors.

``fitted.json`` (package data, written by ``foedus fit``; docs/fitting.md) holds,
per fitted quantity, an estimate, its 95 % interval, a prior matched to them
(Beta for probabilities, log-normal for positive quantities) and the source
"fitted to DATASET, N observations". :func:`entry` turns one of them into the
evidence lens's :class:`~foedus.evidence.registry.PriorEntry`.

Log-normal priors of hazard ratios are *mean-preserving*: their median is
``estimate · exp(−σ²/2)``, so that the prior mean of the hazard (a product of
independently drawn factors) is the fitted hazard, not one inflated by the
spread of each factor (the fit's joint uncertainty is not carried over: its
factors are drawn independently).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import TypeAdapter

from foedus.scenario.priors import Prior, _PriorBase

_PRIOR = TypeAdapter(Prior)


@lru_cache(maxsize=1)
def record() -> dict[str, Any]:
    """The shipped fitted-priors record."""
    text = (resources.files("foedus.evidence") / "fitted.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def estimate(key: str) -> float:
    """The point estimate of fitted quantity ``fit.name`` (e.g. ``recurrence.mean_rivalry``)."""
    return float(record()["priors"][key]["estimate"])


def prior(key: str, mean_preserving: bool = False, upper: float | None = None) -> _PriorBase:
    """The prior of fitted quantity ``key`` (see the module docstring)."""
    spec = dict(record()["priors"][key]["prior"])
    if spec["dist"] == "lognormal":
        if mean_preserving:
            spec["median"] = float(f"{spec['median'] * math.exp(-spec['sigma'] ** 2 / 2):.6g}")
        if upper is not None:
            spec["upper"] = upper
    out: _PriorBase = _PRIOR.validate_python(spec)
    return out


def source(key: str) -> str:
    """The source line of fitted quantity ``key`` ("fitted to DATASET, N observations")."""
    return str(record()["priors"][key]["source"])


def rationale(key: str, note: str = "") -> str:
    """The rationale of fitted quantity ``key`` (estimate, interval, method), plus ``note``."""
    why = str(record()["priors"][key]["rationale"])
    return f"{why}; {note}" if note else why


def entry(key: str, note: str = "", mean_preserving: bool = False,
          upper: float | None = None) -> tuple[_PriorBase, str, str]:
    """Prior, source and rationale of fitted quantity ``key``, in the registry's order."""
    return (prior(key, mean_preserving=mean_preserving, upper=upper), source(key),
            rationale(key, note))
