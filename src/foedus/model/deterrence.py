"""Deterrence D and unconditional cover U from the commitment network.

For an attack by ``a`` on ``b``, each commitment ``c`` (guarantor g ->
beneficiary h) that would bring g in against ``a``'s side is a link. The
probability that g joins is ``j_c = cred_c · auto_c`` while untriggered (1 once
honoured, 0 once defected; a *conditional* pledge to ``b`` counts only when
``b`` did not start the current episode). Reach is propagated from ``b``
along military links, strongest chain first, up to three links (1914:
Serbia <- Russia <- France <- UK)::

    reach_b = 1,     reach_g = max_c reach_h(c) · j_c
    D_ab = Σ_c reach_h(c) · j_c · w_c · (1 + u_N · umbrella_c)
    w_c  = type weight · K_g / (K_g + K_a)      (arms support: × α)

Unconditional cover of a side ``a`` (moral hazard, Benson 2011) is the summed
joining probability of unconditional military pledges to it, capped at 1::

    U_a = min(1, Σ_{c → a, unconditional, military} j_c)

Sources: Benson (2011); Johnson & Leeds (2011); Fuhrmann & Sechser (2014) for
the nuclear umbrella; Huth (1988) for capability-weighted extended deterrence.
The engine packs the links of one attack as arrays: ``link`` (L, 3) int64
(commitment, guarantor, beneficiary), ``weight`` (L,) and ``flags`` (L,)
(:data:`MILITARY`, :data:`DIRECT`, :data:`CONDITIONAL`, :data:`ARMS`,
:data:`UMBRELLA` bits), in breadth-first order from ``b``. Scalars and arrays
of one replication: ``j`` (C,), ``reach`` (A,) scratch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from foedus.model.jit import rule

#: Link flag bits.
MILITARY, DIRECT, CONDITIONAL, ARMS, UMBRELLA = 1, 2, 4, 8, 16
#: Commitment states.
UNTRIGGERED, HONOURED, DEFECTED = 0, 1, 2


@dataclass(frozen=True)
class Link:
    """One commitment as a link of a deterrence chain for a given attack a -> b."""

    commitment: int
    guarantor: int
    beneficiary: int
    weight: float  # type weight x K_g / (K_g + K_a)
    military: bool  # propagates reach to the guarantor's own guarantors
    direct: bool  # its beneficiary is the attacked state itself
    conditional: bool
    arms: bool
    umbrella: bool

    @property
    def flags(self) -> int:
        """The link's flag bits."""
        return (MILITARY * self.military | DIRECT * self.direct
                | CONDITIONAL * self.conditional | ARMS * self.arms | UMBRELLA * self.umbrella)


@rule
def joining(cred: float, auto: float, state: int, active: bool) -> float:
    """Joining probability j of one commitment."""
    if not active or state == DEFECTED:
        return 0.0
    if state == HONOURED:
        return 1.0
    return cred * auto


@rule
def deterrence(link: NDArray[np.int64], weight: NDArray[np.float64],
               flags: NDArray[np.int64], n: int, j: NDArray[np.float64],
               provoked_by_b: bool, b: int, arms_share: float, umbrella_bonus: float,
               reach: NDArray[np.float64]) -> float:
    """D_ab of an attack on ``b`` over the first ``n`` links (``reach`` is scratch)."""
    for a in range(len(reach)):
        reach[a] = 0.0
    reach[b] = 1.0
    total = 0.0
    for i in range(n):
        c, g, h, fl = link[i, 0], link[i, 1], link[i, 2], flags[i]
        jc = j[c]
        if (fl & DIRECT) != 0 and (fl & CONDITIONAL) != 0 and provoked_by_b:
            jc = 0.0
        contribution = reach[h] * jc
        w = weight[i]
        if (fl & ARMS) != 0:
            w *= arms_share
        if (fl & UMBRELLA) != 0:
            w *= 1.0 + umbrella_bonus
        total += contribution * w
        if (fl & MILITARY) != 0 and contribution > reach[g]:
            reach[g] = contribution
    return total


@rule
def cover(j: NDArray[np.float64], commitments: NDArray[np.int64], n: int) -> float:
    """U: capped sum of joining probabilities of the first ``n`` given (unconditional) pledges."""
    total = 0.0
    for i in range(n):
        total += j[commitments[i]]
    return min(1.0, total)
