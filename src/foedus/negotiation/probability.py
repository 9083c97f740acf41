"""Probability that actor i prevails against actor j.

Scholz, Calbert & Smith (2011) write the probability that ``i`` prevails in
a contest with ``j`` as the votes for ``x_i`` over ``x_j`` over a normaliser::

    P_ij = Σ_k max(0, v_k(i, j)) / N_ij,        P_ij = 0 where x_i = x_j

with the votes ``v_k`` of :mod:`foedus.negotiation.votes` (each voter's own
risk exponent). The public ports disagree on ``N_ij``:

* ``all-triples`` (the default): ``N = Σ_k Σ_a Σ_b |v_k(a, b)|``, one
  normaliser for every pair, summed over all actors and all pairs of
  positions. A public port that reproduces the published example's medians
  (jmckib's, 2014) uses it and says it follows Scholz's own code; it makes
  every P_ij small, which keeps actors from confronting one another in every
  round.
* ``pair``: ``N_ij = Σ_k |v_k(i, j)|``, so that ``P_ij + P_ji = 1`` (Bueno de
  Mesquita's reading of a two-way contest; dmasad's port, 2014, with linear
  votes). Offered as an option; it changes the dynamics.

Shapes: votes ``(R, K, N, N)``, positions ``(R, N)``; returns ``(R, N, N)``
(challenger i, target j).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.float64]
Normaliser = Literal["all-triples", "pair"]
NORMALISERS: tuple[str, ...] = ("all-triples", "pair")


def prevail_probability(votes: F, x: F, normaliser: Normaliser = "all-triples") -> F:
    """``P_ij`` for every ordered pair, shape ``(R, N, N)``."""
    top = np.maximum(votes, 0.0).sum(axis=1)  # (R, A, B)
    if normaliser == "all-triples":
        bottom = np.abs(votes).sum(axis=(1, 2, 3))[:, None, None]
    elif normaliser == "pair":
        bottom = np.abs(votes).sum(axis=1)
    else:
        raise ValueError(f"unknown normaliser '{normaliser}' (one of {', '.join(NORMALISERS)})")
    same = x[:, :, None] == x[:, None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(bottom > 0.0, top / np.where(bottom > 0.0, bottom, 1.0), 0.0)
    return np.where(same, 0.0, p)
