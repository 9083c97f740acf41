"""The adversary's perceived existential threat from a settlement.

    τ = clip(θ₀ + θ_T·troops + θ_A·alliance + θ_P·path − θ_N·(neutral + cap), 0, 1)

``troops`` is 1 for a rival guarantor's force on the protected state's soil and
``1 − ℓ`` if that force has a UN mandate (ℓ = ``un_legitimacy``); ``alliance``
is 1 for a collective-defence commitment to the protected state or alliance
membership; ``path`` is 1 for a promised path to membership; ``neutral`` is 1
for a neutrality clause and ``cap`` the force cap in [0, 1].

The terms enter only for replications in which the deal is signed; otherwise
the baseline commitments alone count. τ discounts deterrence (κ, see
:mod:`foedus.model.initiation`), raises the preventive motive to attack, and
lowers the adversary's value of the deal (ψ, :mod:`foedus.model.bargaining`).

Sources: the seed article's claims C1, C2 and C6; Mearsheimer (2014) for the
restraint school, Huth & Russett (1984) for the deterrence school. Shapes: all
inputs and the result are (R,).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.floating[Any]]


def threat(theta0: F, theta_t: F, theta_a: F, theta_p: F, theta_n: F, troops: F | float,
           alliance: F | float, path: F | float, neutral: F | float, cap: F | float) -> F:
    """Perceived threat τ in [0, 1]."""
    tau = theta0 + theta_t * troops + theta_a * alliance + theta_p * path
    tau = tau - theta_n * (neutral + cap)
    return np.clip(tau, 0.0, 1.0)
