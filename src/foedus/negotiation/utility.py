"""Utilities and the expected utility of a challenge.

From the point of view of an actor with risk exponent ``r`` (Scholz, Calbert &
Smith 2011, eqs. 3–8; Bueno de Mesquita 1994), for a challenge by ``i`` to
``j`` with ``d = |x_i − x_j| / R`` and ``m = |x_i − μ| / R`` (μ the median)::

    U_s  = 2 − 4 (0.5 − 0.5 d)^r                  i succeeds
    U_f  = 2 − 4 (0.5 + 0.5 d)^r                  i fails
    U_b  = 2 − 4 (0.5 − 0.25 (m + d))^r           the status quo improves
    U_w  = 2 − 4 (0.5 + 0.25 (m + d))^r           the status quo worsens
    U_sq = 2 − 4 (0.5)^r                          the status quo
    EU_i(j) = s_j [P_ij U_s + (1 − P_ij) U_f] + (1 − s_j) U_s
              − {Q U_sq + (1 − Q) [T U_b + (1 − T) U_w]}

``s_j`` is the target's salience (the chance that j resists at all) and
``P_ij`` the probability that i prevails (:mod:`foedus.negotiation.probability`).
Q = T = 1 in the published example (the status quo is expected to hold), so
U_b and U_w drop out there. ``r`` is the risk exponent of the actor whose view
is taken (a risk-acceptant actor has r < 1, a risk-averse one r > 1).

Every argument broadcasts; the model calls it with ``(R, N, N)`` arrays
(actor i, actor j) and ``(R, N, 1)`` or ``(R, 1, N)`` ones.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.float64]


def _u(z: F, r: F) -> F:
    return 2.0 - 4.0 * np.maximum(z, 0.0) ** r


def expected_utility(p_win: F, d: F, s_target: F, m: F, r: F, q: float = 1.0,
                     t: float = 1.0) -> F:
    """``EU_i(j)`` (see the module docstring); ``d`` and ``m`` as shares of the scale's span."""
    us = _u(0.5 - 0.5 * d, r)
    uf = _u(0.5 + 0.5 * d, r)
    usq = _u(np.full_like(d, 0.5), r)
    eu = s_target * (p_win * us + (1.0 - p_win) * uf) + (1.0 - s_target) * us - q * usq
    if q != 1.0:
        ub = _u(0.5 - 0.25 * (m + d), r)
        uw = _u(0.5 + 0.25 * (m + d), r)
        eu = eu - (1.0 - q) * (t * ub + (1.0 - t) * uw)
    return eu


def challenge_matrices(p: F, x: F, s: F, r: F, median: F, span: float, q: float = 1.0,
                       t: float = 1.0) -> tuple[F, F]:
    """Both expected utilities of each pair, from actor i's point of view (exponent ``r_i``).

    Returns ``(eu_ij, eu_ji)``, each ``(R, N, N)``: ``eu_ij[:, i, j] = EU_i(j)``
    (i challenges j) and ``eu_ji[:, i, j] = EU_j(i)`` (j challenges i), both
    with i's risk exponent.
    """
    d = np.abs(x[:, :, None] - x[:, None, :]) / span
    m = np.abs(x - median[:, None]) / span  # (R, N)
    ri = r[:, :, None]
    eu_ij = expected_utility(p, d, s[:, None, :], m[:, :, None], ri, q, t)
    eu_ji = expected_utility(np.swapaxes(p, 1, 2), d, s[:, :, None], m[:, None, :], ri, q, t)
    return eu_ij, eu_ji
