"""Commitments firing along the network, and credibility learning.

A commitment (guarantor g -> beneficiary b, response level L_c) is triggered
when an attacker ``x`` it covers has the dyad (x, b) at war (territory
covered) or the dyad (x, g) at limited strikes (forces covered, troops
present); a *conditional* commitment ignores episodes its beneficiary started.
Once triggered it is decided once, by the guarantor's true *propensity*
(credibility counted once; troops on the ground tie its hands; a
nuclear-armed attacker deters it)::

    P(honour) = min(1, cred_c + a_T · troops_c) · (η_N if the attacker is nuclear-armed)

while the adversary's *belief* that it joins, which deters
(:mod:`foedus.model.deterrence`), is ``cred_c · auto_c`` (automaticity is a
costly signal: an automatic trigger is believed). Given honouring the response
is drawn: a pledge below combat (an assurance, L_c = 1) is carried out with
force (level 2) with probability ``a_C``. An honoured pledge raises (g, x) to
at least its response (collective defence: war; against a nuclear-armed
attacker by a nuclear-armed guarantor at most level 2, the ladder's nuclear
restraint deciding the step to war), so chains form within the month (the
engine repeats the pass until nothing new fires). Every act updates the
guarantor's other commitments as a Beta observation of weight ω (concentration k)::

    honoured:  cred' = (cred·k + ω) / (k + ω)      defected: cred' = cred·k / (k + ω)

Sources: Leeds, Long & Mitchell (2000) and Berkemeier & Fuhrmann (2018) for
reliability; Christensen & Snyder (1990) on chain-ganging; Benson (2011) on
conditional pledges; Reiter & Poast (2021) on tripwires. Scalars: one replication.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from foedus.model.jit import rule
from foedus.model.ladder import STRIKES, WAR

F = NDArray[np.floating[Any]]


@rule
def propensity(cred: float, tripwire_bonus: float, troops: bool, nuclear_factor: float,
               attacker_nuclear: bool) -> float:
    """The guarantor's true probability of honouring a triggered commitment."""
    p = min(1.0, cred + tripwire_bonus * (1.0 if troops else 0.0))
    return p * nuclear_factor if attacker_nuclear else p


@rule
def response_level(level: int, honoured_assurance_combat: bool, both_nuclear: bool) -> int:
    """The level an honoured pledge raises (guarantor, attacker) to (see the docstring)."""
    lvl = level
    if lvl < STRIKES and honoured_assurance_combat:
        lvl = STRIKES
    if both_nuclear and lvl > STRIKES:
        lvl = STRIKES
    return lvl


@rule
def shift(cred: float, s: float) -> float:
    """A credibility shifted by ``s`` on the logit scale (the lens's credibility shift)."""
    c = min(max(cred, 1e-9), 1.0 - 1e-9)
    return 1.0 / (1.0 + math.exp(-(math.log(c / (1.0 - c)) + s)))


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


def shift_logit(p: F, s: F) -> F:
    """:func:`shift` over arrays (for summaries outside the rules)."""
    p = np.clip(p, 1e-9, 1 - 1e-9)
    z = np.log(p / (1.0 - p)) + s
    return 1.0 / (1.0 + np.exp(-z))
