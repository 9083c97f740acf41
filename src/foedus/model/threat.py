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
restraint school, Huth & Russett (1984) for the deterrence school. Scalars:
one replication.
"""

from __future__ import annotations

from foedus.model.jit import rule


@rule
def threat(theta0: float, theta_t: float, theta_a: float, theta_p: float, theta_n: float,
           troops: float, alliance: float, path: float, neutral: float, cap: float) -> float:
    """Perceived threat τ in [0, 1]."""
    tau = theta0 + theta_t * troops + theta_a * alliance + theta_p * path
    tau = tau - theta_n * (neutral + cap)
    return min(1.0, max(0.0, tau))
