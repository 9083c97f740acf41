"""Deliberate initiation: one side of the main dyad attacks the other.

For side ``a`` attacking ``b`` (adversary on protected state, or the reverse)
while their dyad is below war, with ``rev_a`` the side's revisionism::

    M_a = exp(β_τ·(τ_a − τ⁰_a) − β_D·(1 − κ·τ_a)·D_ab) · (1 + μ·U_a)
    R_a = exp(β_R·(rev_a − r̄)) · S_a                            (resolve)
    h_a = min(1, h(t) · s_a · R_a · M_a)

``h(t)`` is the main dyad's recurrence hazard (:mod:`foedus.model.recurrence`),
``s_a = rev_a / max(1, rev_a + rev_b)`` the side's share by revisionism,
``D_ab`` deterrence from the commitment network and ``U_a`` the
unconditional cover of ``a`` (:mod:`foedus.model.deterrence`); ``τ_a`` the
threat ``a`` perceives (:mod:`foedus.model.threat`; the protected state's is 0)
and ``τ⁰_a`` the threat of the baseline alone, already part of the fitted
population's hazard (only the threat a settlement adds raises it).
Once a deal is signed, each side's revisionism moves with what the terms
give it (``x`` the adversary's share of the stake, ``ρ·relief`` the relief
it values)::

    rev'_adv  = clip(rev_adv  − ω·((x − ½) + ρ·relief), 0, 1)
    rev'_prot = clip(rev_prot + ω·(x − ½), 0, 1)

ω = 0.4 is the step of the rule-coded cases' revisionism from a war's loser
(0.6) through neither (0.4) to its winner (0.2); an even split with no relief
(every rule-coded post-war case) leaves revisionism as coded.
``S_a`` is the selection factor of the private value with which the side
signed the deal (1 without a signed deal; :mod:`foedus.model.selection`).
``R_a`` is the side's *resolve*: how much more (or less) ready to fight it is
than the fitted populations' reference side of revisionism ``r̄``; β_R and r̄
are fitted by simulated maximum likelihood to the rule-coded cases
(:mod:`foedus.fitting.resolve`), whose revisionism follows fixed rules
(docs/cases.md): 0.2 for a war's winner or a crisis's target, 0.6 for its
loser or the crisis's trigger, +0.2 for a territorial rivalry.
κ = 0 is classical deterrence; κ → 1 is the claim that deterrence fails
against an existentially threatened adversary. The adversary's multiplier
``R_adv · M_adv`` also scales upward escalation of the main dyad
(:mod:`foedus.model.ladder`).
A successful attack sets the dyad to war (level 3).

Sources: the recurrence fit (COW v4.0) for h(t); Benson (2011) and Johnson &
Leeds (2011) for β_D and μ; Jervis, Lebow & Stein (1985) for κ; Powell (2006)
for the preventive motive β_τ. Scalars: one replication.
"""

from __future__ import annotations

import math

from foedus.model.jit import rule


@rule
def deterrence_factor(tau: float, tau0: float, d: float, beta_tau: float, beta_d: float,
                      kappa: float) -> float:
    """The first factor of M_a: exp(β_τ·(τ − τ⁰) − β_D·(1 − κ·τ)·D)."""
    return math.exp(beta_tau * (tau - tau0) - beta_d * (1.0 - kappa * tau) * d)


@rule
def resolve_factor(rev: float, reference: float, beta_r: float) -> float:
    """``R_a = exp(β_R·(rev − r̄))``: the side's readiness to fight relative to the reference."""
    return math.exp(min(50.0, beta_r * (rev - reference)))


@rule
def deal_revisionism(rev: float, gain: float, omega: float) -> float:
    """A side's revisionism once a deal is signed: ``clip(rev − ω·gain, 0, 1)``, ``gain`` the
    share of the stake the deal gives it beyond an even split (plus, for the adversary, the
    relief it values)."""
    return min(1.0, max(0.0, rev - omega * gain))


@rule
def cover_factor(u: float, mu: float) -> float:
    """The second factor of M_a: 1 + μ·U (moral hazard of unconditional cover)."""
    return 1.0 + mu * u


@rule
def multiplier(tau: float, tau0: float, d: float, u: float, beta_tau: float, beta_d: float,
               kappa: float, mu: float) -> float:
    """Initiation multiplier M_a."""
    return deterrence_factor(tau, tau0, d, beta_tau, beta_d, kappa) * cover_factor(u, mu)


@rule
def hazard(h_dyad: float, share: float, mult: float) -> float:
    """Monthly hazard of deliberate attack by one side."""
    return min(1.0, h_dyad * share * mult)
