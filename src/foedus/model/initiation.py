"""Deliberate initiation: one side of the main dyad attacks the other.

For side ``a`` attacking ``b`` (adversary on protected state, or the reverse)
while their dyad is below war, with ``rev_a`` the side's revisionism::

    M_a = exp(β_τ·τ_a − β_D·(1 − κ·τ_a)·D_ab) · (1 + μ·U_a)
    h_a = min(1, h_A · rev_a · M_a)

``D_ab`` is deterrence from the commitment network and ``U_a`` the
unconditional cover of ``a`` (:mod:`foedus.model.deterrence`); ``τ_a`` the
threat ``a`` perceives (:mod:`foedus.model.threat`; the protected state's is 0).
κ = 0 is classical deterrence; κ → 1 is the claim that deterrence fails
against an existentially threatened adversary. The adversary's multiplier
``M`` also scales upward escalation of the main dyad (:mod:`foedus.model.ladder`).
A successful attack sets the dyad to war (level 3).

Sources: Fortna (2004) for the baseline hazard; Benson (2011) and Johnson &
Leeds (2011) for β_D and μ; Jervis, Lebow & Stein (1985) for κ; Powell (2006)
for the preventive motive β_τ. Shapes: every input (R,).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.floating[Any]]


def multiplier(tau: F | float, d: F, u: F, beta_tau: F, beta_d: F, kappa: F, mu: F) -> F:
    """Initiation multiplier M_a."""
    return np.exp(beta_tau * tau - beta_d * (1.0 - kappa * tau) * d) * (1.0 + mu * u)


def hazard(h_attack: F, revisionism: float, mult: F) -> F:
    """Monthly hazard of deliberate attack."""
    return np.minimum(1.0, h_attack * revisionism * mult)
