"""Votes between positions, the forecast median and the weighted mean.

Actor ``k``'s vote for position ``x_a`` over ``x_b`` (Bueno de Mesquita 1994;
Scholz, Calbert & Smith 2011, eq. 1), with risk exponent ``r_k``::

    v_k(a, b) = c_k · s_k · ((|x_k − x_b| / R)^r_k − (|x_k − x_a| / R)^r_k)

positive when ``x_a`` is closer to ``x_k``. ``R`` is the span of the issue's
scale. The forecast *median* is the Condorcet winner of the pairwise contests
among the actors' positions with ``r = 1`` (Σ_k v_k(a, b) ≥ 0 for every b): on
one dimension, the capability × salience weighted median of the positions.
The weighted mean Σ c s x / Σ c s is reported beside it.

Sources: Bueno de Mesquita, B. 1994. "Political Forecasting: An Expected
Utility Method", in *European Community Decision Making*, Yale UP, ch. 4;
Scholz, J.B., G.J. Calbert & G.A. Smith 2011, *Journal of Theoretical
Politics* 23(4): 510–531. Shapes: positions, capabilities, saliences and risk
exponents ``(R, N)`` (replications, actors); votes ``(R, N, N, N)`` (voter k,
position a, position b); medians and means ``(R,)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.float64]

#: Margins closer to zero than this count as ties (the example's vote totals are
#: sums of a few products of two-decimal inputs).
TIE = 1e-12


def pair_votes(x: F, c: F, s: F, r: F, span: float) -> F:
    """Every actor's vote ``v_k(a, b)`` for position ``a`` over ``b``, shape ``(R, K, A, B)``."""
    dist = np.abs(x[:, :, None] - x[:, None, :]) / span  # (R, K, A): |x_k − x_a| / R
    dr = dist ** r[:, :, None]
    w = (c * s)[:, :, None, None]
    return w * (dr[:, :, None, :] - dr[:, :, :, None])


def weighted_median(x: F, c: F, s: F, span: float) -> F:
    """The Condorcet winner among the positions (linear votes), shape ``(R,)``.

    With linear votes the total for ``a`` over ``b`` separates,
    ``Σ_k v_k(a, b) = (D_b − D_a) / R`` with ``D_a = Σ_k c_k s_k |x_k − x_a|``,
    so the winner is the position with the least weighted distance (the weighted
    median). Ties go to the lower position.
    """
    w = c * s
    dsum = (w[:, :, None] * np.abs(x[:, :, None] - x[:, None, :])).sum(axis=1) / span
    best = dsum.min(axis=1, keepdims=True)
    cand = dsum <= best + TIE
    return np.where(cand, x, np.inf).min(axis=1)


def weighted_mean(x: F, c: F, s: F) -> F:
    """Capability × salience weighted mean of the positions, shape ``(R,)``."""
    w = c * s
    return (w * x).sum(axis=1) / w.sum(axis=1)
