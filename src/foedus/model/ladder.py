"""The escalation ladder (Kahn 1965, condensed to seven levels) and its moves.

Levels: 0 peace, 1 incidents, 2 limited strikes, 3 conventional war,
4 nuclear signalling, 5 limited nuclear use, 6 strategic exchange. Levels 4-6
exist only in dyads with a nuclear-armed side (see :mod:`foedus.model.nuclear`).

A dyad moves at most one step a month: a dyad raised this month by a spoiler
strike, an incident or an attack makes no ladder move until the next month.
Conventional moves, one uniform ``u`` per dyad and month (upward moves are
checked first, so ``p_up + p_down > 1`` resolves upward)::

    L = 1:  L -> 2  if u < min(1, p12 · M)         L -> 0 if u >= 1 - d1
    L = 2:  L -> 3  if u < min(1, p23 · M · N)     L -> 1 if u >= 1 - d2
    L = 3:  L -> 1  if u >= 1 - h_E                (a ceasefire ends the war)

``M`` is the escalation multiplier of the main dyad (the adversary's
initiation multiplier, :mod:`foedus.model.initiation`; 1 elsewhere) and ``N``
the nuclear-restraint multiplier (``n_R`` when both sides are nuclear-armed,
else 1).

Sources: Kahn, H. 1965. On Escalation: Metaphors and Scenarios. Praeger;
MID 4.01 escalation rates (Palmer et al. 2015); ICB v14 for nuclear dyads.
Shapes: ``level`` (R,) int8 (one dyad's column), ``u`` (R,), parameters (R,).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from foedus.model.nuclear import rates as nuclear_rates

PEACE, INCIDENTS, STRIKES, WAR, SIGNALLING, LIMITED_NUCLEAR, STRATEGIC = range(7)
NAMES = ("peace", "incidents", "limited strikes", "conventional war", "nuclear signalling",
         "limited nuclear use", "strategic exchange")
KAHN_RUNGS = ("1-3", "4-8", "9-11", "12-14", "15-20", "21-25", "26-44")

F = NDArray[np.floating[Any]]


#: Rungs dropped by a downward move, by level (a war that ends drops to incidents).
DROP = np.array([0, 1, 1, 2, 1, 0, 0], dtype=np.int8)


def tables(p12: F, p23: F, d1: F, d2: F, h_end: F, mult: F | float, restraint: F | float,
           nuclear: tuple[F, F, F, F] | None = None) -> tuple[list[F | float], list[F | float]]:
    """Per-level probabilities of moving up and down, as lists indexed by level.

    ``nuclear`` = ``(p34, p45, p56, p43)`` for dyads with a nuclear-armed side
    (:mod:`foedus.model.nuclear`), else ``None`` (levels 4-6 unreachable).
    """
    up: list[F | float] = [0.0, np.minimum(1.0, p12 * mult),
                           np.minimum(1.0, p23 * mult * restraint), 0.0, 0.0, 0.0, 0.0]
    down: list[F | float] = [0.0, d1, d2, h_end, 0.0, 0.0, 0.0]
    if nuclear is not None:
        up[3], up[4], up[5], down[4] = nuclear_rates(*nuclear)
    return up, down


def step(level: NDArray[np.int8], u: NDArray[np.floating], up: list[F | float],
         down: list[F | float], movable: NDArray[np.bool_] | None = None) -> None:
    """Apply one month of ladder moves to one dyad's ``level`` column, in place.

    Moves are decided from the level at the start of the step (one uniform
    per replication): up if ``u < up[L]``, else down if ``u >= 1 − down[L]``
    (a war that ends drops two rungs, to incidents). Replications where
    ``movable`` is False (the dyad was raised by an event earlier this month)
    do not move.
    """
    moves = []
    top = 6 if isinstance(up[4], np.ndarray) else 4  # levels 4-6 only in nuclear dyads
    for L in range(1, top):
        at = level == L
        if movable is not None:
            at &= movable
        if not at.any():
            continue
        go_up = at & (u < up[L]) if not _zero(up[L]) else None
        go_down = at & (u >= 1.0 - down[L]) if not _zero(down[L]) else None
        if go_up is not None and go_down is not None:
            go_down &= ~go_up
        moves.append((L, go_up, go_down))
    for L, go_up, go_down in moves:
        if go_up is not None:
            np.putmask(level, go_up, L + 1)
        if go_down is not None:
            np.putmask(level, go_down, L - DROP[L])


def _zero(x: F | float) -> bool:
    return isinstance(x, float) and x == 0.0
