"""Time since the start: the Weibull recurrence hazard of the main dyad with covariates.

After a ceasefire (or the start of a crisis), the main dyad's war recurs by a
deliberate attack with the proportional-hazards Weibull hazard fitted to COW
dyad-war spells (:mod:`foedus.fitting.recurrence`)::

    h₀(t) = h₁₂ · (t / 12)^(k − 1)                       (k < 1: highest just after)
    ln HR = Σ_j ln HR_j · (x_j − x̄_j)                    x = (contiguous, rivalry,
                                                          post1945, |ln K_A/K_P|)
    h(t)  = h₀(t) · HR

``t`` counts months since the main dyad's last war ended (the ceasefire of a
settlement case, or a war that ended during the run); before any war between
the two (a crisis case) it acts only while the crisis lasts, on the clock
since the start; a crisis that ended without war leaves no recurrence
hazard (the crisis's own ladder, :mod:`foedus.model.ladder`, carried its risk).
``h₁₂`` is the hazard 12 months after the war for the *reference dyad*, whose
covariates are the means x̄ of the fitted spells; a covariate a scenario does
not give enters by its expectation over the fitted population: a 0/1
covariate with population share m contributes ln(1 − m + m·HR_j) − m·ln HR_j
(the expected hazard of a dyad of unknown contiguity, rivalry or period, not
the hazard of a dyad at the mean, which Jensen's inequality puts lower).
The engine splits ``h(t)`` between the two sides by revisionism and scales
each side's share by its initiation multiplier (:mod:`foedus.model.initiation`).

Sources: the recurrence fit (COW Inter-State War v4.0, Sarkees & Wayman 2010;
378 dyad-war spells, 31 recurrences); Fortna (2004) and Werner (1999) for the
declining hazard. Scalars: one replication; ``offsets`` (4,).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from foedus.model.jit import rule

#: Month of the reference hazard h₁₂.
REFERENCE_MONTH = 12.0


@rule
def covariate_term(hr: float, offset: float, known: bool, mean: float) -> float:
    """One covariate's term of ln HR: ``ln HR_j·(x_j − x̄_j)`` if known, else its
    expectation over the fitted population (a 0/1 covariate with share ``mean``)."""
    if known:
        return math.log(hr) * offset
    return math.log(1.0 - mean + mean * hr) - mean * math.log(hr)


@rule
def log_hazard_ratio(hr_contiguous: float, hr_rivalry: float, hr_post1945: float,
                     hr_capability: float, offsets: NDArray[np.float64],
                     known: NDArray[np.int64], means: NDArray[np.float64]) -> float:
    """ln HR of the main dyad from its covariate offsets x − x̄ (shapes (4,))."""
    return (covariate_term(hr_contiguous, offsets[0], known[0] != 0, means[0])
            + covariate_term(hr_rivalry, offsets[1], known[1] != 0, means[1])
            + covariate_term(hr_post1945, offsets[2], known[2] != 0, means[2])
            + covariate_term(hr_capability, offsets[3], True, means[3]))


@rule
def hazard(h12: float, shape: float, t: float, log_hr: float) -> float:
    """The dyad's monthly recurrence hazard ``t`` ≥ 1 months after its war ended."""
    return h12 * (t / REFERENCE_MONTH) ** (shape - 1.0) * math.exp(log_hr)


@rule
def side_share(rev_side: float, rev_other: float) -> float:
    """A side's share of the dyad hazard: its revisionism over max(1, the pair's sum)."""
    return rev_side / max(1.0, rev_side + rev_other)
