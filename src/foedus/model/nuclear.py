"""Nuclear rungs: signalling, limited use, strategic exchange.

Only in dyads where at least one side is nuclear-armed; the moves are rows
4-6 of the ladder (:func:`foedus.model.ladder.rates`)::

    L = 3:  L -> 4  if u < p34          (checked before the war-ending move)
    L = 4:  L -> 5  if u < p45          L -> 3 if u >= 1 - p43
    L = 5:  L -> 6  if u < p56
    L = 6:  absorbing

When both sides are nuclear-armed, the move from limited strikes to
conventional war is scaled by the restraint multiplier ``n_R`` (mutual
deterrence: no direct full-scale war between nuclear-armed adversaries).

Sources: ICB v14 (no direct full-scale war and no nuclear use in 25 crises
between nuclear-armed adversaries since 1945); Kahn 1965 (the no-nuclear-use
and central-sanctuary thresholds). Scalars: one dyad of one replication.
"""

from __future__ import annotations

from foedus.model.jit import rule


@rule
def restraint(n_r: float, both_nuclear: bool) -> float:
    """Multiplier of the 2 -> 3 move: ``n_R`` when both sides are nuclear-armed, else 1."""
    return n_r if both_nuclear else 1.0
