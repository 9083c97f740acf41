"""Security and the risk exponents.

An actor's *security* is the total expected utility the others expect from
challenging it, taken with risk-neutral exponents (r = 1); its risk attitude
follows from where that security stands between the least and the most secure
actor (Scholz, Calbert & Smith 2011, eqs. 9–10; Bueno de Mesquita 1994)::

    S_i = Σ_{j≠i} EU_j(i)
    R_i = (2 S_i − max_k S_k − min_k S_k) / (max_k S_k − min_k S_k)     ∈ [−1, 1]
    r_i = (1 − R_i / 3) / (1 + R_i / 3)                                ∈ [0.5, 2]

When every actor is equally secure (max = min) every ``r_i`` is 1. Shapes:
``eu_ji`` ``(R, N, N)`` as returned by
:func:`foedus.negotiation.utility.challenge_matrices`; returns ``(R, N)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.float64]


def security(eu_ji: F) -> F:
    """``S_i``: the row sums of ``eu_ji`` without the diagonal, shape ``(R, N)``."""
    n = eu_ji.shape[1]
    off = ~np.eye(n, dtype=bool)
    return np.where(off[None], eu_ji, 0.0).sum(axis=2)


def risk_exponents(sec: F) -> F:
    """``r_i`` from the securities ``S`` ``(R, N)``."""
    hi = sec.max(axis=1, keepdims=True)
    lo = sec.min(axis=1, keepdims=True)
    spread = hi - lo
    flat = spread <= 1e-15 * np.maximum(1.0, np.abs(hi))
    big_r = np.where(flat, 0.0, (2.0 * sec - hi - lo) / np.where(flat, 1.0, spread))
    return (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
