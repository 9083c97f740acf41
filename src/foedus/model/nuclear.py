"""Nuclear rungs: signalling, limited use, strategic exchange.

Only in dyads where at least one side is nuclear-armed. With the same monthly
uniform ``u`` that drives the conventional move of the dyad::

    L = 3:  L -> 4  if u < p34          (checked before the war-ending move)
    L = 4:  L -> 5  if u < p45          L -> 3 if u >= 1 - p43
    L = 5:  L -> 6  if u < p56
    L = 6:  absorbing

Sources: ICB v14 (no direct full-scale war and no nuclear use in 25 crises
between nuclear-armed adversaries since 1945); Kahn 1965 (the no-nuclear-use
and central-sanctuary thresholds). Shapes: ``level`` (R,) int8, ``u`` (R,),
parameters (R,).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

LIMITED_NUCLEAR, SIGNALLING, WAR = 5, 4, 3

F = NDArray[np.float64]


def nuclear_moves(level: NDArray[np.int8], u: NDArray[np.floating], p34: F, p45: F, p56: F,
                  p43: F) -> tuple[NDArray[np.bool_], ...]:
    """Masks of the nuclear moves ``(3->4, 4->5, 4->3, 5->6)`` from the current levels.

    Pure: the caller (:func:`foedus.model.ladder.step`) applies them together
    with the conventional moves, all computed from the same starting level.
    """
    at4 = level == SIGNALLING
    sig = (level == WAR) & (u < p34)
    use = at4 & (u < p45)
    back = at4 & ~use & (u >= 1.0 - p43)
    central = (level == LIMITED_NUCLEAR) & (u < p56)
    return sig, use, back, central
