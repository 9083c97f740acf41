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
Shapes: ``cred``, ``auto``, ``state`` (R, C); results (R,).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.floating[Any]]


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


def joining(cred: F, auto: F, state: NDArray[np.int8], active: NDArray[np.bool_]) -> F:
    """Per-commitment joining probability j, (R, C)."""
    j = np.where(state == 1, 1.0, np.where(state == 2, 0.0, cred * auto))
    return np.where(active, j, 0.0)


def deterrence(links: Sequence[Link], j: F, provoked_by_b: NDArray[np.bool_], b: int,
               n_states: int, arms_share: F, umbrella_bonus: F) -> F:
    """D_ab for every replication; ``links`` in breadth-first order from ``b``."""
    total = np.zeros(j.shape[0], dtype=j.dtype)
    reach: dict[int, F] = {}  # reach of each state reached so far; b itself has reach 1
    for lk in links:
        jc = j[:, lk.commitment]
        if lk.direct and lk.conditional:
            jc = jc * ~provoked_by_b
        contrib = jc if lk.beneficiary == b else reach[lk.beneficiary] * jc
        weight = lk.weight * (arms_share if lk.arms else 1.0)
        if lk.umbrella:
            weight = weight * (1.0 + umbrella_bonus)
        total += contrib * weight
        if lk.military:
            prev = reach.get(lk.guarantor)
            reach[lk.guarantor] = contrib if prev is None else np.maximum(prev, contrib)
    return total


def cover(j: F, commitments: Sequence[int]) -> F:
    """U: capped sum of joining probabilities of the given (unconditional) pledges."""
    if not commitments:
        return np.zeros(j.shape[0])
    return np.minimum(1.0, j[:, list(commitments)].sum(axis=1))
