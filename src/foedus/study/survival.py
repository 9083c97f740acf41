"""Kaplan–Meier survival of peace, by month, with Greenwood log-log bands.

Input is the histogram of the first month of war (index ``t`` in 1..H; index
``H + 1`` counts replications still at peace at the horizon, censored there;
index 0 is unused). Every replication is followed to the horizon, so the
estimate equals the empirical survival function, but it is the general
product-limit estimator with its variance:

    S(t) = Π_{s ≤ t} (1 − d_s / n_s),   Var[log S(t)] = Σ_{s ≤ t} d_s / (n_s (n_s − d_s))

Bands use the log(−log) transform so that they stay inside [0, 1]
(Kalbfleisch & Prentice 2002, The Statistical Analysis of Failure Time Data):
``S(t) ** exp(±z √Var / |log S(t)|)``, and equal 1 (0) where S(t) is 1 (0).
The fit is lifelines' ``KaplanMeierFitter`` (Davidson-Pilon 2019, lifelines:
survival analysis in Python, JOSS 4(40):1317), whose default bands are these
"exponential Greenwood" bands, with the histogram's counts as weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from foedus.study.intervals import Z95

F = NDArray[np.floating[Any]]


@dataclass(frozen=True)
class SurvivalCurve:
    """S(t) for t = 0..H with 95 % bands."""

    month: NDArray[np.int64]
    p: F
    lo: F
    hi: F


def kaplan_meier(first_war: NDArray[np.int64], z: float = Z95) -> SurvivalCurve:
    """Kaplan–Meier curve from the first-war histogram.

    Parameters
    ----------
    first_war : ndarray of int, shape (H + 2,)
        Replications whose first war began in month ``t`` (1..H); the last entry
        counts those at peace throughout (censored at H); entry 0 is unused.
    z : float
        Normal quantile of the bands (1.96 for 95 %).

    Returns
    -------
    SurvivalCurve
        ``p``, ``lo`` and ``hi`` of shape (H + 1,), for months 0..H.
    """
    H = first_war.shape[0] - 2
    counts = np.asarray(first_war[1:], dtype=np.int64)  # months 1..H, then the censored
    if H < 1 or counts.sum() <= 0 or (counts < 0).any():
        raise ValueError("a first-war histogram needs H >= 1 and non-negative counts, "
                         "not all zero")
    months = np.minimum(np.arange(1, H + 2), H)
    war = np.arange(1, H + 2) <= H
    keep = counts > 0
    from lifelines import KaplanMeierFitter  # 0.1-1 s to import: not on every command's start

    # lifelines sets numpy's error state as it goes; keep that change local
    with np.errstate(all="ignore"):
        km = KaplanMeierFitter(alpha=math.erfc(z / math.sqrt(2.0))).fit(
            months[keep], war[keep], weights=counts[keep], timeline=np.arange(H + 1))
    p = km.survival_function_.to_numpy(dtype=np.float64)[:, 0]
    band = km.confidence_interval_survival_function_.to_numpy(dtype=np.float64)
    return SurvivalCurve(np.arange(H + 1), p, band[:, 0], band[:, 1])
