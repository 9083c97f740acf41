"""Nuclear rungs: signalling, limited use, strategic exchange.

Only in dyads where at least one side is nuclear-armed; the moves are rows
4-6 of the ladder (:func:`foedus.model.ladder.rates`)::

    L = 3:  L -> 4  if u < p34 · B      (checked before the war-ending move)
    L = 4:  L -> 5  if u < p45          L -> 3 if u >= 1 - p43
    L = 5:  L -> 6  if u < p56 (both nuclear-armed only)   L -> 4 if u >= 1 - p43
    L = 6:  absorbing

Signalling is driven by battlefield defeat: ``B = 2·(1 − w)``, where ``w`` is
the nuclear-armed side's share of the dyad's capability (the weaker one's
when both are armed): 1 at parity, near 0 for a side that is winning, up to
2 for one that is losing. The 2 → 3 move is scaled by ``N``: the restraint
multiplier ``n_R`` when both sides are nuclear-armed (mutual deterrence: no
direct full-scale war between nuclear-armed adversaries), the fitted factor
``ψ₁`` when exactly one is, 1 otherwise. An honoured pledge against a
nuclear-armed attacker by a nuclear-armed guarantor enters at level 2 and
goes through the same move (:mod:`foedus.engine.rules`).

Sources: ICB v14 (no direct full-scale war and no nuclear use in 25 crises
between nuclear-armed adversaries since 1945; ψ₁ from the ladder fit);
Kahn 1965 (the no-nuclear-use and central-sanctuary thresholds); the defeat
driver is an assumption in the spirit of NATO's and Russia's declared
doctrines (use when the state's existence or territory is at stake).
Scalars: one dyad of one replication.
"""

from __future__ import annotations

from foedus.model.jit import rule


@rule
def restraint(n_r: float, psi_one: float, both_nuclear: bool, nuclear: bool) -> float:
    """Multiplier ``N`` of the 2 -> 3 move: ``n_R`` (both armed), ``ψ₁`` (one), else 1."""
    if both_nuclear:
        return n_r
    return psi_one if nuclear else 1.0


def defeat(k_a: float, k_b: float, nuclear_a: bool, nuclear_b: bool) -> float:
    """Battlefield-defeat factor ``B`` of a dyad (0 if neither side is nuclear-armed).

    Computed once per dyad when the structure is packed.
    """
    if not (nuclear_a or nuclear_b):
        return 0.0
    total = k_a + k_b
    w_a = k_a / total if total > 0 else 0.5
    w = min(w_a, 1.0 - w_a) if nuclear_a and nuclear_b else (w_a if nuclear_a else 1.0 - w_a)
    return 2.0 * (1.0 - w)
