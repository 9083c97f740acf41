"""Spoilers: factions that strike to wreck a ceasefire.

A faction ``f`` hosted by state ``h`` strikes its target ``g`` while the dyad
(h, g) is below war, with monthly hazard::

    h_f = min(1, h_S · (1 + μ · U_h) · (1 − ρ_R · R_h) · (1 − control_f))

``U_h`` is the unconditional cover of the host (moral hazard that only
*unconditional* pledges create: Benson 2011, +249 % initiation; none for
conditional pledges) and ``R_h`` its cover by *conditional* military pledges,
whose guarantors restrain their client (Fang, Johnson & Leeds 2014; ``ρ_R``).
Each faction has its own host and control; a strike that opens an episode
draws the episode's crisis type (:mod:`foedus.model.ladder`). A strike raises
the dyad to at least 1 and, if the dyad was at peace, marks the host as the
episode's initiator (so conditional pledges to
the host do not cover what follows); the target retaliates against the host with probability
``r``, raising the dyad to at least 2.

Sources: Stedman (1997) for the concept; Reiter (2016) for frequencies (21.6 %
of agreements, 33.3 % of processes spoiled; rarely derailing); Kydd & Walter
(2002) for the strategic logic. Scalars: one replication.
"""

from __future__ import annotations

from foedus.model.jit import rule


@rule
def strike_hazard(h_spoiler: float, mu: float, cover: float, rho: float, restraint: float,
                  control: float) -> float:
    """Monthly strike hazard of one faction."""
    return min(1.0, h_spoiler * (1.0 + mu * cover) * (1.0 - rho * restraint)
               * (1.0 - control))
