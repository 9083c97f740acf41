"""Resolve: how revisionism scales attack and escalation, fitted by simulated likelihood.

Model
-----
A side's attack hazard, and the main dyad's escalation while the adversary
presses a crisis, carry the factor (:mod:`foedus.model.initiation`)

    R_a = exp(β_R · (rev_a − r̄)),

``rev_a`` the side's revisionism, ``r̄`` the reference side whose hazards are
those the other fits measured on whole populations (the recurrence and ladder
fits know no revisionism). Every other parameter keeps its evidence prior.

Data
----
The rule-coded cases (:mod:`foedus.evidence.rulecoded`): crises (ICB v14) and
post-war dyads (COW Inter-State War v4.0), whose revisionism follows fixed
rules (0.2 for a war's winner or a crisis's target, 0.4 for other members, 0.6
for a war's loser or a crisis's trigger, +0.2 to both sides when a territorial
rivalry spans the year), with the outcome "war between the two within 120
months". The hand-coded cases are never used here: they are the held-out set
of ``foedus backtest``.

Likelihood
----------
For a parameter pair θ = (β_R, r̄) the engine forecasts every case,
``p_i(θ)`` (:func:`foedus.validation.forecast.simulate_case`, the deal
conditioned on in settlement cases), and

    ℓ(θ) = Σ_i y_i ln p̃_i + (1 − y_i) ln(1 − p̃_i),   p̃ = clip(p, 1/(2n), 1 − 1/(2n)).

Every evaluation draws with the same seeds per case (common random numbers),
so ℓ is smooth enough in θ to maximise: a grid over (β_R, r̄), then
Nelder–Mead (``scipy.optimize.minimize``) from the best grid point. The 95 %
intervals are Wald intervals from the curvature of ℓ at the optimum (a
quadratic fitted to ℓ on a 3 × 3 stencil), with the Monte Carlo error of ℓ
left out (reported as ``diagnostics['mc_se_loglik']``, from two seeds at the
optimum).

Shapes: ``y`` and forecasts ``(n_cases,)``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from foedus.evidence.casefile import CaseFile
from foedus.evidence.lenses import ResolvedPriors, resolve
from foedus.evidence.registry import PriorEntry
from foedus.fitting.base import FitReport, FittedParameter
from foedus.scenario.priors import FixedPrior
from foedus.validation.forecast import simulate_case

F = NDArray[np.float64]

#: The grid searched before the local optimisation.
BETA_GRID: tuple[float, ...] = (0.0, 3.0, 6.0, 9.0, 12.0)
REFERENCE_GRID: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8)
#: Step of the curvature stencil, per parameter.
STENCIL = (0.5, 0.03)


def case_outcomes(cases: Sequence[CaseFile]) -> F:
    """``y``: 1 where the case's war occurred within the window."""
    return np.array([1.0 if c.war else 0.0 for c in cases])


def fixed_forecasts(cases: Sequence[CaseFile], fixed: dict[str, float], lens: str,
                    replications: int, seed: int) -> F:
    """``(n_cases,)`` P(war) of every case with the parameters ``fixed`` and every other at
    its ``lens`` prior; case ``i`` is simulated with seed ``seed + i`` (common random
    numbers across calls)."""
    out = np.empty(len(cases))
    for i, case in enumerate(cases):
        pri = resolve(case.document, lens)
        entries = dict(pri.entries)
        for name, v in fixed.items():
            entries[name] = PriorEntry(FixedPrior(value=v), "fit", "fit")
        f = simulate_case(case, ResolvedPriors(pri.lens, entries), replications, seed + i)
        out[i] = f.p_war
    return out


#: The rule-coded cases, as the dataset of a fit's report.
RULE_CODED = "the rule-coded cases (ICB v14 crises, COW Inter-State War v4.0 post-war dyads; " \
             "foedus cases generate)"


def simulated_method(replications: int, search: str) -> str:
    """The method line of a simulated-likelihood fit's report."""
    return (f"simulated maximum likelihood, common random numbers, {replications} "
            f"replications per case; {search}")


def likelihood_diagnostics(loglik: float, null: float, other_seed: float,
                           null_name: str) -> dict[str, float]:
    """ℓ at the estimate and at the null, their likelihood-ratio statistic, and the Monte
    Carlo standard error of ℓ from its value under a second seed."""
    return {"loglik": round(loglik, 3), f"loglik_{null_name}": round(null, 3),
            "lr_statistic": round(2 * (loglik - null), 3),
            "mc_se_loglik": round(abs(other_seed - loglik) / math.sqrt(2), 3)}


def clipped_loglik(y: F, p: F, replications: int) -> float:
    """ℓ of outcomes ``y`` under forecasts ``p``, clipped to [1/(2n), 1 − 1/(2n)] with ``n``
    the replications (NaN forecasts dropped)."""
    eps = 0.5 / replications
    ok = np.isfinite(p)
    q = np.clip(p[ok], eps, 1.0 - eps)
    return float(np.sum(y[ok] * np.log(q) + (1.0 - y[ok]) * np.log1p(-q)))


class ResolveFitter:
    """Simulated maximum likelihood of (β_R, r̄) on cases with known outcomes.

    Parameters
    ----------
    replications : int
        Replications per case and evaluation.
    seed : int
        Root seed: case ``i`` is simulated with ``seed + i`` at every θ.
    lens : str
        Lens whose priors every other parameter keeps.

    Attributes
    ----------
    beta_, reference_ : float
        The estimates.
    loglik_ : float
        ℓ at the estimate; ``loglik_null_`` at β_R = 0 (no resolve effect).
    grid_ : list of dict
        ℓ at every grid point.
    forecasts_ : numpy.ndarray
        ``(n_cases,)`` forecasts at the estimate.
    report_ : FitReport
    """

    def __init__(self, replications: int = 400, seed: int = 20243,
                 lens: str = "evidence") -> None:
        self.replications = replications
        self.seed = seed
        self.lens = lens

    def forecasts(self, cases: Sequence[CaseFile], beta: float, reference: float,
                  seed: int | None = None) -> F:
        """``(n_cases,)`` P(war) of every case at θ = (β, r̄)."""
        return fixed_forecasts(cases, {"resolve_effect": beta, "resolve_reference": reference},
                               self.lens, self.replications, self.seed if seed is None else seed)

    def loglik(self, y: F, p: F) -> float:
        """ℓ of outcomes ``y`` under forecasts ``p`` (clipped; NaN forecasts dropped)."""
        return clipped_loglik(y, p, self.replications)

    def fit(self, cases: Sequence[CaseFile]) -> ResolveFitter:
        """Maximise ℓ over (β_R, r̄); see the module docstring."""
        if len(cases) < 20:
            raise ValueError(f"the resolve fit needs at least 20 cases (got {len(cases)})")
        y = case_outcomes(cases)
        cache: dict[tuple[float, float], float] = {}

        def ll(theta: Sequence[float]) -> float:
            key = (round(float(theta[0]), 6), round(float(theta[1]), 6))
            if key not in cache:
                cache[key] = self.loglik(y, self.forecasts(cases, key[0], key[1]))
            return cache[key]

        grid = [{"beta": b, "reference": r, "loglik": ll((b, r))}
                for b in BETA_GRID for r in REFERENCE_GRID]
        best = max(grid, key=lambda g: g["loglik"])
        res = minimize(lambda th: -ll((max(0.0, th[0]), min(1.0, max(0.0, th[1])))),
                       x0=np.array([best["beta"], best["reference"]]), method="Nelder-Mead",
                       options={"xatol": 0.02, "fatol": 0.05, "maxfev": 40,
                                "initial_simplex": np.array([
                                    [best["beta"], best["reference"]],
                                    [best["beta"] + 1.0, best["reference"]],
                                    [best["beta"], best["reference"] + 0.05]])})
        beta = max(0.0, float(res.x[0]))
        ref = min(1.0, max(0.0, float(res.x[1])))
        cov = self._curvature(ll, beta, ref)
        se = np.sqrt(np.clip(np.diag(cov), 0.0, None)) if cov is not None else \
            np.array([math.nan, math.nan])
        other = self.loglik(y, self.forecasts(cases, beta, ref, seed=self.seed + 10_000_019))
        self.beta_, self.reference_ = beta, ref
        self.loglik_ = ll((beta, ref))
        self.loglik_null_ = max(ll((0.0, r)) for r in REFERENCE_GRID)
        self.grid_ = grid
        self.forecasts_ = self.forecasts(cases, beta, ref)
        z = 1.959964
        b_lo, b_hi = max(beta - z * se[0], 1e-3), beta + z * se[0]
        r_lo, r_hi = max(ref - z * se[1], 0.0), min(ref + z * se[1], 1.0)
        n_war = int(y.sum())
        self.report_ = FitReport(
            fit="resolve",
            dataset=RULE_CODED,
            n_obs=len(cases),
            unit=f"cases, {n_war} wars within 120 months",
            method=simulated_method(self.replications, "grid then Nelder-Mead; Wald "
                                    "intervals from the curvature"),
            parameters=(
                FittedParameter("effect", beta, b_lo, b_hi, "positive",
                                "log-hazard increase per unit of revisionism (β_R)",
                                "resolve_effect"),
                FittedParameter("reference", ref, r_lo, r_hi, "probability",
                                "reference revisionism r̄ (R = 1)", "resolve_reference",
                                prior_spec={"dist": "fixed", "value": round(ref, 4)}),
            ),
            diagnostics={**likelihood_diagnostics(self.loglik_, self.loglik_null_, other,
                                                  "no_resolve"),
                         "mean_forecast": round(float(np.nanmean(self.forecasts_)), 4),
                         "observed": round(float(y.mean()), 4),
                         "evaluations": len(cache),
                         "grid": [dataclasses.asdict(_G(**g)) for g in grid]})
        return self

    def _curvature(self, ll: Any, beta: float, ref: float) -> F | None:
        """Inverse of −∇²ℓ from a quadratic fitted on a 3 × 3 stencil (None if not negative
        definite)."""
        hb, hr = STENCIL
        pts, vals = [], []
        for i in (-1, 0, 1):
            for j in (-1, 0, 1):
                b, r = max(0.0, beta + i * hb), min(1.0, max(0.0, ref + j * hr))
                pts.append((b - beta, r - ref))
                vals.append(ll((b, r)))
        X = np.array([[1, u, v, u * u, v * v, u * v] for u, v in pts])
        coef, *_ = np.linalg.lstsq(X, np.array(vals), rcond=None)
        hess = np.array([[2 * coef[3], coef[5]], [coef[5], 2 * coef[4]]])
        info = -hess
        if np.any(np.linalg.eigvalsh(info) <= 0):
            return None
        out: F = np.linalg.inv(info)
        return out


@dataclasses.dataclass(frozen=True)
class _G:
    beta: float
    reference: float
    loglik: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "loglik", round(self.loglik, 3))
