"""What every fit reports: fitted parameters with intervals, and the prior each one implies.

A fitter follows the style of lifelines' fitters: settings in ``__init__``,
``fit(data) -> self``, results in trailing-underscore attributes. Each fitted
quantity is a :class:`FittedParameter` (estimate and 95 % interval on a stated
scale); :class:`FitReport` collects them with the number of observations and
the dataset, and gives ``summary_`` (a DataFrame) and the priors written by
``foedus fit``.

Priors from a fit (:meth:`FittedParameter.prior`):

- a probability -> Beta with the estimate as mean and the concentration k for
  which the Beta's standard deviation equals the interval's half-width / 1.96,
  k = m(1 - m) / s^2 - 1 (at least 2);
- a positive quantity (rate, shape, ratio) -> log-normal with the estimate as
  median and sigma = (ln hi - ln lo) / (2 * 1.96).

A parameter may instead carry an explicit prior (e.g. a Beta posterior for a
count of 0 events, whose estimate is on the boundary).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from foedus.study.intervals import Z95

Scale = Literal["probability", "positive"]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class FittedParameter:
    """One fitted quantity: estimate, 95 % interval, and what it informs.

    Attributes
    ----------
    name : str
        Identifier (used as the key of the fitted-priors file).
    estimate, lo, hi : float
        Point estimate and 95 % interval.
    scale : {"probability", "positive"}
        The quantity's support; decides the family of the prior.
    description : str
        What the number means, with its unit (per episode, per month, ...).
    informs : str
        The model-v2 parameter the fit informs (docs/fitting.md).
    prior_spec : dict or None
        An explicit prior (``{"dist": ..., ...}``) overriding the derived one.
    """

    name: str
    estimate: float
    lo: float
    hi: float
    scale: Scale
    description: str
    informs: str = ""
    prior_spec: dict[str, Any] | None = None

    def prior(self) -> dict[str, Any]:
        """The prior this fit implies, as a ``foedus.scenario.priors`` spec."""
        if self.prior_spec is not None:
            return dict(self.prior_spec)
        if self.scale == "probability":
            m = min(max(self.estimate, 1e-6), 1 - 1e-6)
            s = max((self.hi - self.lo) / (2 * Z95), 1e-9)
            k = max(m * (1 - m) / (s * s) - 1.0, 2.0)
            return {"dist": "beta", "mean": _round(m), "concentration": _round(min(k, 1e6))}
        if not (self.estimate > 0 and self.lo > 0 and self.hi > 0):
            raise ValueError(f"{self.name}: a positive quantity needs a positive estimate "
                             f"and interval (got {self.estimate}, [{self.lo}, {self.hi}])")
        sigma = (math.log(self.hi) - math.log(self.lo)) / (2 * Z95)
        return {"dist": "lognormal", "median": _round(self.estimate),
                "sigma": _round(min(max(sigma, 1e-6), 5.0))}

    def to_dict(self) -> dict[str, Any]:
        return {"estimate": _round(self.estimate), "lo": _round(self.lo),
                "hi": _round(self.hi), "scale": self.scale, "description": self.description,
                "informs": self.informs}


def _round(x: float, digits: int = 6) -> float:
    return float(f"{x:.{digits}g}")


@dataclass(frozen=True)
class FitReport:
    """The fitted parameters of one fit, with its data and method."""

    fit: str
    dataset: str
    n_obs: int
    unit: str
    method: str
    parameters: tuple[FittedParameter, ...]
    diagnostics: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The source line of every prior from this fit."""
        return f"fitted to {self.dataset}, {self.n_obs} observations ({self.unit})"

    def summary(self) -> pd.DataFrame:
        """One row per parameter: ``estimate, lo, hi, scale, description``."""
        rows = [{"parameter": p.name, "estimate": p.estimate, "lo": p.lo, "hi": p.hi,
                 "scale": p.scale, "description": p.description} for p in self.parameters]
        return pd.DataFrame(rows).set_index("parameter")

    def priors(self) -> dict[str, dict[str, Any]]:
        """Per parameter: prior, source, rationale, the estimate and what it informs."""
        out = {}
        for p in self.parameters:
            why = (f"{p.description}: estimate {p.estimate:.4g}, 95 % interval "
                   f"[{p.lo:.4g}, {p.hi:.4g}] ({self.method})")
            out[p.name] = {"prior": p.prior(), "source": self.source, "rationale": why,
                           "informs": p.informs, **{k: v for k, v in p.to_dict().items()
                                                    if k in ("estimate", "lo", "hi")}}
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"fit": self.fit, "dataset": self.dataset, "n_obs": self.n_obs,
                "unit": self.unit, "method": self.method, "source": self.source,
                "parameters": {p.name: p.to_dict() for p in self.parameters},
                "diagnostics": self.diagnostics}


def percentile_interval(draws: FloatArray, alpha: float = 0.05) -> tuple[float, float]:
    """The equal-tailed ``1 - alpha`` percentile interval of bootstrap draws (NaNs dropped)."""
    d = np.asarray(draws, dtype=np.float64)
    d = d[np.isfinite(d)]
    if d.size == 0:
        return math.nan, math.nan
    lo, hi = np.quantile(d, [alpha / 2, 1 - alpha / 2])
    return float(lo), float(hi)


def expit(x: FloatArray | float) -> Any:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def logit(p: FloatArray | float) -> Any:
    """The log-odds of ``p``."""
    q = np.asarray(p, dtype=np.float64)
    return np.log(q) - np.log1p(-q)
