"""Spoilers: factions that strike to wreck a ceasefire.

A faction ``f`` hosted by state ``h`` strikes its target ``g`` while the dyad
(h, g) is below war, with monthly hazard::

    E_h = min(1, U_h + φ · R_h)
    h_f = min(1, h_S · (1 + μ · E_h) · (1 − ρ_R · R_h) · (1 − control_f))

``U_h`` is the unconditional cover of the host (moral hazard that only
*unconditional* pledges create for states: Benson 2011, +249 % initiation;
none for conditional pledges) and ``R_h`` its cover by *conditional* military
pledges, whose guarantors restrain their client (Fang, Johnson & Leeds 2014;
``ρ_R``). A militant faction is not its host's government: ``φ`` is the share
of a conditional pledge it reads as cover all the same, expecting that the
retaliation its attacks provoke will bring the guarantor in (Kuperman 2005 on
the moral hazard of expected intervention); ``E_h`` is the cover that
emboldens it. φ = 0 is Benson's finding carried over to factions; φ → 1 is
the claim that a guarantee stands behind "any and every" militant (claim C3
of the seed article).
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
def emboldening(cover: float, restraint: float, phi: float) -> float:
    """``E_h = min(1, U_h + φ·R_h)``: the cover a faction of host ``h`` counts on."""
    return min(1.0, cover + phi * restraint)


@rule
def strike_hazard(h_spoiler: float, mu: float, embolden: float, rho: float, restraint: float,
                  control: float) -> float:
    """Monthly strike hazard of one faction (``embolden`` = E_h, ``restraint`` = R_h)."""
    return min(1.0, h_spoiler * (1.0 + mu * embolden) * (1.0 - rho * restraint)
               * (1.0 - control))
