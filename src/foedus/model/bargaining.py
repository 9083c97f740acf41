"""Month 0: will both sides sign the settlement? (quantal-response bargaining)

A Fearon (1995) bargaining model with logit choice (McKelvey & Palfrey 1995;
Signorino 1999). The contested stake has size 1; the adversary wins a
continued war with probability ``p`` and each side pays its cost ``c``::

    p       = K_A / (K_A + K_P + α · Σ_arms cred_g · K_g)
    V_war_A = p − c_A                V_deal_A = x + ρ·relief − ψ·τ
    V_war_P = 1 − p − c_P            V_deal_P = 1 − x + γ·S
    P(accept_i) = σ(λ · (V_deal_i − V_war_i)),    deal = accept_A ∧ accept_P

``x`` is the share of the stake the deal gives the adversary, ``τ`` the threat
the settlement poses to it (:mod:`foedus.model.threat`), ``S`` ∈ [0, 1] the
security the settlement's commitments give the protected state (its
deterrence value D, :mod:`foedus.model.deterrence`, clipped). ``α`` weighs the
arms support of the baseline commitments.

The "vicious circle" of the seed article is the pair (ψ·τ, γ·S): a stronger
guarantee raises S (the protected state signs more readily, and is attacked
less) and τ (the adversary signs less readily). Scalars: one replication.
"""

from __future__ import annotations

import math

from foedus.model.jit import rule


@rule
def win_probability(k_adv: float, k_prot: float, arms: float) -> float:
    """Adversary's probability of winning the continued war (``arms`` = α · Σ cred·K)."""
    return k_adv / (k_adv + k_prot + arms)


@rule
def acceptance(lam: float, gap: float) -> float:
    """Logit (quantal-response) acceptance probability σ(λ · gap)."""
    x = min(50.0, max(-50.0, lam * gap))
    return 1.0 / (1.0 + math.exp(-x))


@rule
def utility_gaps(p: float, x: float, relief: float, tau: float, security: float, c_a: float,
                 c_p: float, psi: float, rho: float, gamma: float) -> tuple[float, float]:
    """``(V_deal − V_war)`` for the adversary and for the protected state."""
    gap_a = (x + rho * relief - psi * tau) - (p - c_a)
    gap_p = (1.0 - x + gamma * security) - (1.0 - p - c_p)
    return gap_a, gap_p
