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
conditional pledges; Reiter & Poast (2021) on tripwires. Scalars: one replication.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from foedus.model.jit import rule
from foedus.model.ladder import STRIKES, WAR

F = NDArray[np.floating[Any]]


@rule
def effective_automaticity(auto: float, tripwire_bonus: float, troops: bool) -> float:
    """Automaticity including the hand-tying effect of troops."""
    return min(1.0, auto + tripwire_bonus * (1.0 if troops else 0.0))


@rule
def triggered(territory: bool, forces: bool, conditional: bool, beneficiary: int,
              guarantor: int, level_e: int, init_e: int, level_f: int, init_f: int,
              has_f: bool) -> bool:
    """Does an attacker with dyads e (with the beneficiary) and f (with the guarantor) trigger?

    Territory: the dyad e at war; forces: the dyad f at limited strikes. A
    conditional pledge ignores episodes begun by its beneficiary (e) or its
    guarantor (f).
    """
    if territory and level_e >= WAR and not (conditional and init_e == beneficiary):
        return True
    if forces and has_f and level_f >= STRIKES:
        return not (conditional and init_f == guarantor)
    return False


@rule
def learn(cred: float, k: float, omega: float, honoured: bool) -> float:
    """Beta update of one commitment's credibility after its guarantor acted."""
    if honoured:
        return (cred * k + omega) / (k + omega)
    return cred * k / (k + omega)


def shift_logit(p: F, shift: F) -> F:
    """Shift probabilities on the logit scale (the lens's credibility shift; for inputs)."""
    p = np.clip(p, 1e-9, 1 - 1e-9)
    z = np.log(p / (1.0 - p)) + shift
    return 1.0 / (1.0 + np.exp(-z))
