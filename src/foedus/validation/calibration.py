"""The calibrated lens: a grid posterior of global parameters given a case library.

Calibration (:class:`Calibration`): a small set of global parameters
``θ = (attack_hazard, credibility_shift, escalate_2_3)`` is given a grid
prior (log-uniform for the hazards, uniform for the shift). For every case and
grid point the engine simulates the case with θ fixed and every other
parameter drawn from its evidence prior, with common random numbers (each grid
point has the same fixed stream in every case,
:func:`foedus.engine.simulate.point_units`). The likelihood of a case is
``P_θ(war)^y (1 − P_θ(war))^(1−y)`` times the same factor for guarantor
involvement (where the case has a guarantor), the two treated as independent
given θ; ``P`` is smoothed as ``(k + ½)/(n + 1)``. The posterior is the
normalised product over cases. Leaving case ``i`` out only drops its factor,
so the leave-one-out forecasts are exact posterior predictives
``Σ_θ w₋ᵢ(θ) P_θ,i`` with no refitting by simulation.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.special import logsumexp

from foedus.engine.simulate import DEFAULT_CHUNK, point_units, run_units
from foedus.evidence.casefile import CaseFile
from foedus.evidence.lenses import resolve
from foedus.validation.forecast import case_structure, concat_outcomes, conditional_rates

F = NDArray[np.float64]

#: The default grid of the calibrated parameters, around model v2's fitted values
#: (h₁₂ ≈ 0.0004 for the reference dyad, p₂₃ ≈ 0.07 for a high-stakes episode).
DEFAULT_GRID: dict[str, tuple[float, ...]] = {
    "attack_hazard": (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03),
    "credibility_shift": (-2.0, -1.0, 0.0, 1.0, 2.0),
    "escalate_2_3": (0.02, 0.05, 0.1, 0.2),
}
#: Parameters whose grid is spaced (and summarised) on the log scale.
LOG_SCALE: frozenset[str] = frozenset({"attack_hazard", "escalate_2_3"})
CAL_STREAM = (0xCA1,)


def _grid_points(grid: dict[str, tuple[float, ...]]) -> tuple[list[str], F]:
    names = list(grid)
    mesh = np.meshgrid(*[np.asarray(grid[n], dtype=float) for n in names], indexing="ij")
    return names, np.column_stack([m.ravel() for m in mesh])


@dataclass(frozen=True)
class Marginal:
    """Posterior marginal of one calibrated parameter on its grid."""

    name: str
    values: tuple[float, ...]
    weights: tuple[float, ...]

    def _scale(self, x: F) -> F:
        return np.log(x) if self.name in LOG_SCALE else x

    def mean(self) -> float:
        """Posterior mean (of the log for log-scale parameters, transformed back)."""
        v, w = self._scale(np.array(self.values)), np.array(self.weights)
        m = float(np.sum(v * w))
        return math.exp(m) if self.name in LOG_SCALE else m

    def sd(self) -> float:
        """Posterior standard deviation (of the log for log-scale parameters)."""
        v, w = self._scale(np.array(self.values)), np.array(self.weights)
        m = float(np.sum(v * w))
        return math.sqrt(max(0.0, float(np.sum(w * (v - m) ** 2))))

    def quantile(self, q: float) -> float:
        """Smallest grid value whose posterior CDF reaches ``q``."""
        cdf = np.cumsum(self.weights)
        return float(self.values[int(np.searchsorted(cdf, q - 1e-12))])


class Calibration:
    """Grid posterior of global parameters given a case library (see module docstring).

    Parameters
    ----------
    grid : dict
        Parameter name -> grid values (defaults to :data:`DEFAULT_GRID`).
    replications : int
        Replications per case and grid point.
    seed : int
        Root seed; grid point ``j`` uses stream ``(0xCA1, j)`` in every case.
    """

    def __init__(self, grid: dict[str, tuple[float, ...]] | None = None,
                 replications: int = 1000, seed: int = 1,
                 chunk_size: int = DEFAULT_CHUNK) -> None:
        self.grid = grid
        self.replications = replications
        self.seed = seed
        self.chunk_size = chunk_size

    def fit(self, cases: Sequence[CaseFile]) -> Calibration:
        """Simulate every case at every grid point; sets ``p_war_``, ``p_guarantor_``
        (n_cases, n_points), ``loglik_`` and ``posterior_`` (n_points,)."""
        grid = self.grid or DEFAULT_GRID
        self.names_, self.points_ = _grid_points(grid)
        P = len(self.points_)
        n = len(cases)
        self.p_war_ = np.empty((n, P))
        self.p_guarantor_ = np.empty((n, P))
        self.count_ = np.empty((n, P), dtype=np.int64)
        for i, c in enumerate(cases):
            st = case_structure(c)
            priors = resolve(c.document, "evidence")
            units = []
            sizes = []
            for j in range(P):
                us = point_units(self.seed, j, self.replications,
                                 dict(zip(self.names_, self.points_[j], strict=True)),
                                 CAL_STREAM)
                units += us
                sizes.append(sum(u.n for u in us))
            _t, kept = run_units(st, priors, units, self.chunk_size, False, keep=True)
            allout = concat_outcomes(kept)
            start = 0
            for j, k in enumerate(sizes):
                part = allout.take(slice(start, start + k))
                start += k
                pw, pg, m = conditional_rates(st, part)
                self.count_[i, j] = m
                self.p_war_[i, j] = pw if m else 0.5
                self.p_guarantor_[i, j] = pg if m else 0.5
        self.case_ids_ = [c.id for c in cases]
        self.y_war_ = np.array([float(c.war) for c in cases])
        self.has_g_ = np.array([c.guarantor is not None for c in cases])
        self.y_g_ = np.array([float(bool(c.guarantor)) for c in cases])
        self.loglik_ = self._case_loglik()
        total = self.loglik_.sum(axis=0)
        self.posterior_ = np.exp(total - logsumexp(total))
        self.date_ = dt.date.today().isoformat()
        return self

    def _smoothed(self, p: F) -> F:
        m = np.maximum(self.count_, 0)
        return (p * m + 0.5) / (m + 1.0)

    def _case_loglik(self) -> F:
        pw = self._smoothed(self.p_war_)
        pg = self._smoothed(self.p_guarantor_)
        yw = self.y_war_[:, None]
        ll = yw * np.log(pw) + (1 - yw) * np.log1p(-pw)
        yg = self.y_g_[:, None]
        llg = yg * np.log(pg) + (1 - yg) * np.log1p(-pg)
        ll += np.where(self.has_g_[:, None], llg, 0.0)
        # a case with no replication on its conditioning event carries no information
        return np.where(self.count_ > 0, ll, 0.0)

    def loo_predictions_(self) -> tuple[F, F]:
        """Leave-one-out posterior-predictive ``(p_war, p_guarantor)`` for every case."""
        total = self.loglik_.sum(axis=0)
        pw, pg = np.empty(len(self.y_war_)), np.empty(len(self.y_war_))
        for i in range(len(self.y_war_)):
            lw = total - self.loglik_[i]
            w = np.exp(lw - logsumexp(lw))
            pw[i] = float(w @ self.p_war_[i])
            pg[i] = float(w @ self.p_guarantor_[i])
        return pw, pg

    def loo_signed_(self) -> F:
        """Denominator of each leave-one-out forecast: the replications on the
        conditioning event (deal signed), averaged over grid points with the
        case's leave-one-out posterior weights."""
        total = self.loglik_.sum(axis=0)
        out = np.empty(len(self.y_war_))
        for i in range(len(self.y_war_)):
            lw = total - self.loglik_[i]
            w = np.exp(lw - logsumexp(lw))
            out[i] = float(w @ self.count_[i])
        return out

    def marginals_(self) -> list[Marginal]:
        """Posterior marginal of each parameter."""
        out = []
        for k, name in enumerate(self.names_):
            vals = np.unique(self.points_[:, k])
            w = np.array([self.posterior_[self.points_[:, k] == v].sum() for v in vals])
            out.append(Marginal(name, tuple(float(v) for v in vals),
                                tuple(float(x) for x in w)))
        return out

    def summary_(self) -> dict[str, Any]:
        """Posterior summary: per parameter mean, sd, 5 % and 95 % quantiles, weights."""
        return {m.name: {"mean": round(m.mean(), 6), "sd": round(m.sd(), 6),
                         "scale": "log" if m.name in LOG_SCALE else "linear",
                         "q05": m.quantile(0.05), "q95": m.quantile(0.95),
                         "grid": list(m.values),
                         "posterior": [round(w, 6) for w in m.weights]}
                for m in self.marginals_()}

    def lens_priors_(self) -> dict[str, dict[str, Any]]:
        """Priors of the ``calibrated`` lens, matched to the posterior marginals."""
        out: dict[str, dict[str, Any]] = {}
        for m in self.marginals_():
            lo, hi = m.quantile(0.05), m.quantile(0.95)
            if m.name == "attack_hazard":
                out[m.name] = {"dist": "lognormal", "median": round(m.mean(), 6),
                               "sigma": round(max(m.sd(), 0.3), 4), "upper": 1.0}
            elif m.name == "credibility_shift":
                c = m.mean()
                lo, hi = min(lo, c - 0.25), max(hi, c + 0.25)
                out[m.name] = {"dist": "uniform", "low": round(max(lo, -5.0), 4),
                               "high": round(min(hi, 5.0), 4)}
            elif m.name == "escalate_2_3":
                v = np.array(m.values)
                w = np.array(m.weights)
                mean = float(np.sum(v * w))
                var = float(np.sum(w * (v - mean) ** 2))
                k = mean * (1 - mean) / var - 1.0 if var > 0 else 500.0
                out[m.name] = {"dist": "beta", "mean": round(mean, 6),
                               "concentration": round(min(max(k, 5.0), 500.0), 3)}
            else:  # pragma: no cover - only the default parameters are supported
                raise ValueError(f"no lens prior form for '{m.name}'")
        return out

    def lens_record_(self, case_names: Sequence[str]) -> dict[str, Any]:
        """The JSON record shipped as the ``calibrated`` lens."""
        return {
            "method": ("grid posterior over (" + ", ".join(self.names_) + "): log-uniform "
                       "grid prior for hazards, uniform for the credibility shift; "
                       "likelihood of each case's war and guarantor outcomes within 120 "
                       "months, simulated with common random numbers, all other parameters "
                       "drawn from the evidence lens"),
            "date": self.date_, "replications": self.replications, "seed": self.seed,
            "cases": list(case_names), "n_cases": len(case_names),
            "posterior": self.summary_(), "priors": self.lens_priors_(),
        }

    def frame_(self) -> pd.DataFrame:
        """One row per grid point: the parameter values and the posterior weight."""
        df = pd.DataFrame(self.points_, columns=self.names_)
        df["posterior"] = self.posterior_
        return df
