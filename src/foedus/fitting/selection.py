"""The selection link of a signed deal, fitted by simulated likelihood.

Model
-----
A side that signs carries its private value ``ε`` of the deal into every later
month (:mod:`foedus.model.selection`): its attack hazard is scaled by
``S = HR_sel^(−(ε − μ_ref))``. Across cases the link predicts that deals a
side was unlikely to accept are signed by sides that mean it (``HR_sel > 1``),
or by sides that sign to buy time (``HR_sel < 1``).

Data
----
The rule-coded post-war dyads (COW Inter-State War v4.0,
:mod:`foedus.evidence.rulecoded`): every one of them ended its war, so the
model's forecast is conditioned on the deal (the side's draw lies in its
acceptance region) and the link moves a case's forecast by how far its
acceptances sit from the reference. Crises have no deal stage and carry no
information on the link; the hand-coded cases are never used (the held-out
set).

Reference
---------
``a_ref`` is the mean month-0 acceptance of both sides over the fitted dyads
(the evidence lens's draws, run through the rules as written), so that the
typical signer keeps the hazard the recurrence fit measured on the same dyads.

Likelihood
----------
``ℓ(θ) = Σ_i y_i ln p̃_i(θ) + (1 − y_i) ln(1 − p̃_i(θ))`` with ``θ = ln HR_sel``,
``p_i`` the forecast with every other parameter at its evidence prior, the same
seeds per case at every θ (common random numbers). ℓ is evaluated on a grid of
θ; the estimate and its Wald interval come from a quadratic fitted to ℓ at the
five grid points around the best one (its vertex and curvature). The Monte Carlo
error of ℓ is reported from a second seed at the estimate.

Shapes: ``y`` and forecasts ``(n_cases,)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from foedus.engine.compiled import acceptances
from foedus.engine.inputs import draw_inputs
from foedus.evidence.casefile import CaseFile
from foedus.evidence.lenses import resolve
from foedus.fitting.base import FitReport, FittedParameter
from foedus.fitting.resolve import (
    case_outcomes,
    clipped_loglik,
    fixed_forecasts,
    likelihood_diagnostics,
    simulated_method,
)
from foedus.validation.forecast import case_structure

F = NDArray[np.float64]

#: Grid of θ = ln HR_sel.
LOG_GRID: tuple[float, ...] = (-0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75)
Z95 = 1.959964


def settlement_cases(cases: Sequence[CaseFile]) -> list[CaseFile]:
    """The cases that start with a deal stage (post-war settlements)."""
    return [c for c in cases if case_structure(c).settlement]


def vertex(theta: F, ll: F) -> tuple[float, float]:
    """Vertex and standard error of the quadratic ``ℓ ≈ c + bθ + aθ²`` fitted to points
    ``(theta, ll)`` (standard error NaN where the fit is not concave)."""
    a, b, _c = np.polyfit(theta, ll, 2)
    if a >= 0:
        return float(theta[int(np.argmax(ll))]), math.nan
    return float(-b / (2 * a)), float(1.0 / math.sqrt(-2 * a))


class SelectionFitter:
    """Simulated maximum likelihood of the selection link ``HR_sel``.

    Parameters
    ----------
    replications : int
        Replications per case and evaluation.
    seed : int
        Root seed: case ``i`` is simulated with ``seed + i`` at every θ.
    lens : str
        Lens whose priors every other parameter keeps.
    reference_replications : int
        Replications per case for the reference acceptance.

    Attributes
    ----------
    link_, lo_, hi_ : float
        ``HR_sel`` and its 95 % interval.
    reference_ : float
        ``a_ref``.
    grid_ : list of tuple
        ``(θ, ℓ)`` at every grid point.
    report_ : FitReport
    """

    def __init__(self, replications: int = 400, seed: int = 20244, lens: str = "evidence",
                 reference_replications: int = 100) -> None:
        self.replications = replications
        self.seed = seed
        self.lens = lens
        self.reference_replications = reference_replications

    def reference(self, cases: Sequence[CaseFile]) -> float:
        """``a_ref``: the mean month-0 acceptance of both sides over ``cases``."""
        means = []
        for i, case in enumerate(cases):
            st = case_structure(case)
            rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
                self.seed, spawn_key=(7, i))))
            inp = draw_inputs(st, resolve(case.document, self.lens), rng,
                              self.reference_replications, False)
            means.append(float(acceptances(st, inp).mean()))
        return float(np.mean(means))

    def forecasts(self, cases: Sequence[CaseFile], log_link: float, reference: float,
                  seed: int | None = None) -> F:
        """``(n_cases,)`` P(war) at ``HR_sel = exp(log_link)``."""
        return fixed_forecasts(cases, {"selection_link": math.exp(log_link),
                                       "selection_reference": reference},
                               self.lens, self.replications, self.seed if seed is None else seed)

    def fit(self, cases: Sequence[CaseFile]) -> SelectionFitter:
        """Fit ``HR_sel`` on the settlement cases among ``cases``; see the module docstring."""
        settled = settlement_cases(cases)
        if len(settled) < 20:
            raise ValueError(f"the selection fit needs at least 20 settlement cases "
                             f"(got {len(settled)})")
        y = case_outcomes(settled)
        ref = self.reference(settled)
        grid = [(t, clipped_loglik(y, self.forecasts(settled, t, ref), self.replications))
                for t in LOG_GRID]
        best = int(np.argmax([g[1] for g in grid]))
        lo_i = min(max(best - 2, 0), len(grid) - 5)
        near = grid[lo_i:lo_i + 5]
        theta, se = vertex(np.array([g[0] for g in near]), np.array([g[1] for g in near]))
        theta = min(max(theta, LOG_GRID[0]), LOG_GRID[-1])
        if not math.isfinite(se):
            raise ValueError("the selection fit's likelihood is not concave near its maximum")
        ll_hat = clipped_loglik(y, self.forecasts(settled, theta, ref), self.replications)
        other = clipped_loglik(y, self.forecasts(settled, theta, ref,
                                                 seed=self.seed + 10_000_019),
                               self.replications)
        ll_null = dict(grid)[0.0]
        self.link_ = math.exp(theta)
        self.lo_, self.hi_ = math.exp(theta - Z95 * se), math.exp(theta + Z95 * se)
        self.reference_ = ref
        self.grid_ = grid
        self.report_ = FitReport(
            fit="selection",
            dataset="the rule-coded post-war dyads (COW Inter-State War v4.0; "
                    "foedus cases generate)",
            n_obs=len(settled),
            unit=f"post-war dyads, {int(y.sum())} wars within 120 months",
            method=simulated_method(self.replications, "grid of ln HR_sel, quadratic "
                                    "through the five points around the best (Wald interval)"),
            parameters=(
                FittedParameter("link", self.link_, self.lo_, self.hi_, "positive",
                                "hazard ratio of reneging per logistic unit closer to "
                                "rejecting (HR_sel)", "selection_link"),
                FittedParameter("reference", ref, ref, ref, "probability",
                                "mean month-0 acceptance of the fitted dyads (a_ref)",
                                "selection_reference",
                                prior_spec={"dist": "fixed", "value": round(ref, 4)}),
            ),
            diagnostics={**likelihood_diagnostics(ll_hat, ll_null, other, "no_link"),
                         "observed": round(float(y.mean()), 4),
                         "grid": [{"log_link": t, "loglik": round(v, 3)} for t, v in grid]})
        return self
