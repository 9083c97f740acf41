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

from typing import Any

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.floating[Any]]


def rates(p34: F, p45: F, p56: F, p43: F) -> tuple[F, F, F, F]:
    """``(up from 3, up from 4, up from 5, down from 4)`` for a dyad with a nuclear side."""
    return p34, p45, p56, p43
