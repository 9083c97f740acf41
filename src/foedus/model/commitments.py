"""Commitments firing along the network, and credibility learning.

A commitment (guarantor g -> beneficiary b, response level L_c) is triggered
when an attacker ``x`` it covers has the dyad (x, b) at war (territory
covered) or the dyad (x, g) at limited strikes (forces covered, troops
present); a *conditional* commitment ignores episodes its beneficiary started.
Once triggered it is decided once::

    P(honour) = cred_c · min(1, auto_c + a_T · troops_c)

An honoured pledge raises (g, x) to at least L_c (collective defence: war),
so chains form within the month (the engine repeats the pass until nothing
new fires). Every act updates the guarantor's other commitments as a Beta
observation of weight ω (concentration k)::

    honoured:  cred' = (cred·k + ω) / (k + ω)      defected: cred' = cred·k / (k + ω)

Sources: Leeds, Long & Mitchell (2000) and Berkemeier & Fuhrmann (2018) for
reliability; Christensen & Snyder (1990) on chain-ganging; Benson (2011) on
conditional pledges; Reiter & Poast (2021) on tripwires. Shapes: (R,).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.floating[Any]]


def honour_probability(cred: F, auto: float, tripwire_bonus: F, troops: bool) -> F:
    """P(honour | triggered) for one commitment."""
    return cred * np.minimum(1.0, auto + tripwire_bonus * float(troops))


def effective_automaticity(auto: float, tripwire_bonus: F, troops: bool) -> F:
    """Automaticity including the hand-tying effect of troops."""
    return np.minimum(1.0, auto + tripwire_bonus * float(troops))


def learn(cred: F, k: float, omega: F, honoured: NDArray[np.bool_],
          defected: NDArray[np.bool_]) -> F:
    """Beta update of one commitment's credibility after its guarantor acted."""
    up = (cred * k + omega) / (k + omega)
    down = cred * k / (k + omega)
    return np.where(honoured, up, np.where(defected, down, cred))


def shift_logit(p: F, shift: F) -> F:
    """Shift probabilities on the logit scale (the lens's credibility shift)."""
    p = np.clip(p, 1e-9, 1 - 1e-9)
    z = np.log(p / (1.0 - p)) + shift
    return 1.0 / (1.0 + np.exp(-z))
