"""War plans: contingent attacks that chain wars together.

Once ``actor`` is at war (level >= 3) with ``when_at_war_with``, it attacks
``attacks`` with probability ``p``, decided once (1914: a German war with
Russia meant an attack on France through Belgium). The attack raises
(actor, attacks) to war with ``actor`` as initiator.

Sources: Van Evera (1984), Snyder (1984) and Trachtenberg (1990/91) on the
Schlieffen–Moltke plan. Scalars: one replication.
"""

from __future__ import annotations

from foedus.model.jit import rule
from foedus.model.ladder import WAR


@rule
def triggered(done: bool, trigger_level: int) -> bool:
    """Is an undecided plan triggered (its trigger dyad at war)?"""
    return (not done) and trigger_level >= WAR
