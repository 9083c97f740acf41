"""The escalation ladder (Kahn 1965, condensed to seven levels) and its moves.

Levels: 0 peace, 1 incidents, 2 limited strikes, 3 conventional war,
4 nuclear signalling, 5 limited nuclear use, 6 strategic exchange. Levels 4-6
exist only in dyads with a nuclear-armed side (see :mod:`foedus.model.nuclear`).

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

import numpy as np
from numpy.typing import NDArray

from foedus.model.nuclear import nuclear_moves

PEACE, INCIDENTS, STRIKES, WAR, SIGNALLING, LIMITED_NUCLEAR, STRATEGIC = range(7)
NAMES = ("peace", "incidents", "limited strikes", "conventional war", "nuclear signalling",
         "limited nuclear use", "strategic exchange")
KAHN_RUNGS = ("1-3", "4-8", "9-11", "12-14", "15-20", "21-25", "26-44")

F = NDArray[np.float64]


def step(level: NDArray[np.int8], u: NDArray[np.floating], p12: F, p23: F, d1: F, d2: F,
         h_end: F, mult: F | float, restraint: F | float,
         nuclear: tuple[F, F, F, F] | None = None) -> None:
    """Apply one month of ladder moves to one dyad's ``level`` column, in place.

    Every move is decided from the level at the start of the month, so a dyad
    moves at most one rung per month. ``nuclear`` = ``(p34, p45, p56, p43)``
    for dyads with a nuclear-armed side, else ``None``.
    """
    at1 = level == INCIDENTS
    at2 = level == STRIKES
    at3 = level == WAR
    up1 = at1 & (u < np.minimum(1.0, p12 * mult))
    dn1 = at1 & ~up1 & (u >= 1.0 - d1)
    up2 = at2 & (u < np.minimum(1.0, p23 * mult * restraint))
    dn2 = at2 & ~up2 & (u >= 1.0 - d2)
    end = at3 & (u >= 1.0 - h_end)
    if nuclear is not None:
        sig, use, back, central = nuclear_moves(level, u, *nuclear)
        end &= ~sig
        level[sig] = SIGNALLING
        level[use] = LIMITED_NUCLEAR
        level[back] = WAR
        level[central] = STRATEGIC
    level[up1] = STRIKES
    level[dn1] = PEACE
    level[up2] = WAR
    level[dn2] = INCIDENTS
    level[end] = INCIDENTS
