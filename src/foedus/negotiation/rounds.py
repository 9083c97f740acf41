"""Rounds of the group decision model: risk, offers, moves, until stable or a cap.

One round (Scholz, Calbert & Smith 2011, section 4; Bueno de Mesquita 1994):

1. risk exponents from the current positions, every actor taken as risk
   neutral (:mod:`foedus.negotiation.risk`);
2. with those exponents, the probabilities of prevailing
   (:mod:`foedus.negotiation.probability`) and both expected utilities of every
   pair (:mod:`foedus.negotiation.utility`);
3. every actor accepts at most one offer (:mod:`foedus.negotiation.offers`);
   all move at once.

Rounds repeat until no position moves (the replication has *converged*) or the
cap is reached. The published example does not converge: its positions cycle.
A replication whose positions return to those of an earlier round is
*cycling*, with the number of rounds between the two as its period.

Shapes: positions, capabilities, saliences ``(R, N)`` (replications, actors);
the trajectory's positions ``(R, T + 1, N)`` and medians ``(R, T + 1)`` for rounds
0..T (round 0: the starting positions).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from foedus.negotiation.offers import OFFER_CHOICES, OfferChoice, accept, offers
from foedus.negotiation.probability import NORMALISERS, Normaliser, prevail_probability
from foedus.negotiation.risk import risk_exponents, security
from foedus.negotiation.utility import challenge_matrices
from foedus.negotiation.votes import pair_votes, weighted_mean, weighted_median

F = NDArray[np.float64]

#: Positions closer than this (as a share of the scale's span) count as equal
#: when testing whether a replication moved or returned to an earlier round.
SAME = 1e-9


@dataclass(frozen=True)
class Options:
    """The model's variants (see each module for what they change).

    Parameters
    ----------
    normaliser : {"all-triples", "pair"}
        Normaliser of P_ij (:mod:`foedus.negotiation.probability`).
    offer_choice : {"scholz-code", "least-move"}
        Which offer an actor accepts (:mod:`foedus.negotiation.offers`).
    capitulation : bool
        Whether capitulation offers exist.
    q, t : float
        Probability that the status quo holds, and that it improves if not.
    """

    normaliser: Normaliser = "all-triples"
    offer_choice: OfferChoice = "scholz-code"
    capitulation: bool = True
    q: float = 1.0
    t: float = 1.0

    def __post_init__(self) -> None:
        if self.normaliser not in NORMALISERS:
            raise ValueError(f"normaliser must be one of {', '.join(NORMALISERS)}")
        if self.offer_choice not in OFFER_CHOICES:
            raise ValueError(f"offer_choice must be one of {', '.join(OFFER_CHOICES)}")
        if not (0.0 <= self.q <= 1.0 and 0.0 <= self.t <= 1.0):
            raise ValueError("q and t must lie in [0, 1]")


@dataclass(frozen=True)
class Trajectory:
    """What happened over the rounds, for every replication.

    Attributes
    ----------
    positions : ndarray, (R, T + 1, N)
    medians, means : ndarray, (R, T + 1)
    risk : ndarray, (R, T, N)
        The risk exponents used in each round.
    moves : ndarray of int8, (R, T, N)
        The kind of move each actor made (codes of :mod:`foedus.negotiation.offers`).
    partners : ndarray of int16, (R, T, N)
        Whose offer it accepted (−1: none).
    converged : ndarray of bool, (R,)
        No position moved in the last round.
    period : ndarray of int64, (R,)
        Rounds between a repeated set of positions and its earlier occurrence
        (0: no repetition; 1 for a converged replication).
    """

    positions: F
    medians: F
    means: F
    risk: F
    moves: NDArray[np.int8]
    partners: NDArray[np.int16]
    converged: NDArray[np.bool_]
    period: NDArray[np.int64]

    @property
    def rounds(self) -> int:
        """Rounds played (T)."""
        return int(self.moves.shape[1])


def one_round(x: F, c: F, s: F, span: float, opt: Options
              ) -> tuple[F, F, NDArray[np.int8], NDArray[np.int16]]:
    """New positions, the risk exponents used, the kinds of move and the proposers."""
    ones = np.ones_like(x)
    median = weighted_median(x, c, s, span)
    p1 = prevail_probability(pair_votes(x, c, s, ones, span), x, opt.normaliser)
    _, eu_ji1 = challenge_matrices(p1, x, s, ones, median, span, opt.q, opt.t)
    r = risk_exponents(security(eu_ji1))
    p = prevail_probability(pair_votes(x, c, s, r, span), x, opt.normaliser)
    eu_ij, eu_ji = challenge_matrices(p, x, s, r, median, span, opt.q, opt.t)
    kind, pos = offers(eu_ij, eu_ji, x, opt.capitulation)
    new_x, moved, partner = accept(kind, pos, eu_ij, eu_ji, x, opt.offer_choice)
    return new_x, r, moved, partner


def negotiate(x0: F, c: F, s: F, span: float, rounds: int, opt: Options | None = None
              ) -> Trajectory:
    """Play up to ``rounds`` rounds from positions ``x0`` (all arrays ``(R, N)``).

    Every replication plays all ``rounds`` rounds (a converged one stays put),
    so the trajectory has the same length for all.
    """
    opt = Options() if opt is None else opt
    x0, c, s = (np.atleast_2d(np.asarray(a, dtype=np.float64)) for a in (x0, c, s))
    if not x0.shape == c.shape == s.shape:
        raise ValueError("positions, capabilities and saliences must have one shape (R, N)")
    if x0.shape[1] < 2:
        raise ValueError("a negotiation needs at least two actors")
    if not span > 0.0:
        raise ValueError("the scale's span must be positive")
    if rounds < 0:
        raise ValueError("rounds must be non-negative")
    if (c < 0).any() or (s < 0).any() or (s > 1).any():
        raise ValueError("capabilities must be >= 0 and saliences in [0, 1]")
    R, N = x0.shape
    pos = np.empty((R, rounds + 1, N))
    pos[:, 0] = x0
    risk = np.empty((R, rounds, N))
    moves = np.zeros((R, rounds, N), dtype=np.int8)
    partners = np.full((R, rounds, N), -1, dtype=np.int16)
    period = np.zeros(R, dtype=np.int64)
    x = x0.copy()
    tol = SAME * span
    for k in range(rounds):
        x, risk[:, k], moves[:, k], partners[:, k] = one_round(x, c, s, span, opt)
        pos[:, k + 1] = x
        open_ = period == 0
        for back in range(k + 1):  # the latest earlier round with the same positions
            same = open_ & (np.abs(pos[:, back] - x).max(axis=1) <= tol)
            period[same] = k + 1 - back
            open_ &= ~same
    medians = np.stack([weighted_median(pos[:, k], c, s, span) for k in range(rounds + 1)], 1)
    means = np.stack([weighted_mean(pos[:, k], c, s) for k in range(rounds + 1)], 1)
    converged = (np.abs(pos[:, -1] - pos[:, -2]).max(axis=1) <= tol if rounds
                 else np.zeros(R, dtype=bool))
    return Trajectory(pos, medians, means, risk, moves, partners, converged, period)
