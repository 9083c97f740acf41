"""Guarantor troops as targets.

While the main dyad is at limited strikes or worse (level >= 2), the side
fighting the state that hosts a guarantor's troops strikes them with monthly
probability::

    q_eff = q · (1 − ℓ · un_mandate)

raising the dyad (attacker, guarantor) to at least 2 — which triggers any
commitment that covers the guarantor's forces. Troops leave once the
commitment that placed them has been defected.

Sources: the seed article (troops without a UN mandate declared "legitimate
targets", claim C2); Reiter & Poast (2021) on tripwires. Scalars: one replication.
"""

from __future__ import annotations

from foedus.model.jit import rule


@rule
def targeting_probability(q: float, un_legitimacy: float, un_mandate: bool) -> float:
    """Monthly probability that troops are struck."""
    legit = un_legitimacy if un_mandate else 0.0
    return min(1.0, max(0.0, q * (1.0 - legit)))
