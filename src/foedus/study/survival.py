"""Kaplan–Meier survival of peace, by month, with Greenwood log-log bands.

Input is the histogram of the first month of war (index ``t`` in 1..H; index
``H + 1`` counts replications still at peace at the horizon, censored there;
index 0 is unused). Every replication is followed to the horizon, so the
estimate equals the empirical survival function, but the code is the general
product-limit estimator with its variance:

    S(t) = Π_{s ≤ t} (1 − d_s / n_s),   Var[log S(t)] = Σ_{s ≤ t} d_s / (n_s (n_s − d_s))

Bands use the log(−log) transform so that they stay inside [0, 1]
(Kalbfleisch & Prentice 2002, The Statistical Analysis of Failure Time Data).
"""

from __future__ import annotations

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
    """Kaplan–Meier curve from the first-war histogram (length H + 2)."""
    H = first_war.shape[0] - 2
    events = first_war[1:H + 1].astype(np.float64)  # d_t, t = 1..H
    n0 = float(first_war.sum())
    at_risk = n0 - np.concatenate([[0.0], np.cumsum(events)[:-1]])  # n_t
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(at_risk > 0, 1.0 - events / at_risk, 1.0)
        s = np.concatenate([[1.0], np.cumprod(factor)])
        gw_terms = np.where((at_risk - events) > 0, events / (at_risk * (at_risk - events)),
                            0.0)
        gw = np.concatenate([[0.0], np.cumsum(gw_terms)])
        log_s = np.log(s)
        se = np.sqrt(gw) / np.abs(log_s)
        lo = np.where((s > 0) & (s < 1), s ** np.exp(z * se), s)
        hi = np.where((s > 0) & (s < 1), s ** np.exp(-z * se), s)
    lo = np.where(s == 1.0, 1.0, lo)
    return SurvivalCurve(np.arange(H + 1), s, np.nan_to_num(lo), np.nan_to_num(hi, nan=1.0))
