"""The escalation ladder (Kahn 1965, condensed to seven levels) and its moves.

Levels: 0 peace, 1 incidents, 2 limited strikes, 3 conventional war,
4 nuclear signalling, 5 limited nuclear use, 6 strategic exchange. Levels 4-6
exist only in dyads with a nuclear-armed side (see :mod:`foedus.model.nuclear`).

A dyad moves at most one step a month: a dyad raised this month by a spoiler
strike, an incident or an attack makes no ladder move until the next month.
One uniform ``u`` per dyad and month decides the move (upward moves are
checked first, so ``p_up + p_down > 1`` resolves upward)::

    L = 1:  L -> 2  if u < min(1, p12_c · M)       L -> 0 if u >= 1 - d1_c
    L = 2:  L -> 3  if u < min(1, p23_c · E · M · N)   L -> 0 if u >= 1 - d2_c
    L = 3:  L -> 4  if u < p34 · B (nuclear dyads) L -> 1 if u >= 1 - h_E
    L = 4:  L -> 5  if u < p45                     L -> 3 if u >= 1 - p43
    L = 5:  L -> 6  if u < p56 (both nuclear)      L -> 4 if u >= 1 - p43
    L = 6:  absorbing (only between two nuclear-armed sides)

(a ceasefire ends a war: it drops two rungs, to incidents; an episode that
used force and stops short of war ends: back to peace, as the ladder fit reads
the MID record, where the episode leaves level 2 either up or out). Levels 1-3 are the
MID hostility levels (threat/display, use of force, war). Each episode has a
latent crisis type ``c`` (low or high stakes, drawn when it begins); its rates
are the ladder fit's (MID 4.01 and ICB v14 jointly, :mod:`foedus.fitting.ladder`),
with p23 = 0 for low stakes (the fit's identifying restriction). Where the
scenario's period is known (its ``dyad: post1945``, or a case's start date),
the high-stakes ``p23`` is multiplied by ``E = OR₄₅^(post1945 − m)``: among
ICB crises that used force, full-scale war had odds 0.26 times as high after
1945 (:mod:`foedus.fitting.era`). ``M`` is the
escalation multiplier of the main dyad (the adversary's initiation multiplier,
:mod:`foedus.model.initiation`; 1 elsewhere), ``N`` the nuclear multiplier
(:mod:`foedus.model.nuclear`) and ``B`` the battlefield-defeat factor of the
nuclear-armed side (:func:`foedus.model.nuclear.defeat`).

Sources: Kahn, H. 1965. On Escalation: Metaphors and Scenarios. Praeger;
MID 4.01 (Palmer et al. 2015) and ICB v14 (Brecher et al.) through the ladder
fit; ICB v14 for nuclear dyads.
Scalars: one dyad of one replication.
"""

from __future__ import annotations

import math

from foedus.model.jit import rule

PEACE, INCIDENTS, STRIKES, WAR, SIGNALLING, LIMITED_NUCLEAR, STRATEGIC = range(7)
NAMES = ("peace", "incidents", "limited strikes", "conventional war", "nuclear signalling",
         "limited nuclear use", "strategic exchange")
KAHN_RUNGS = ("1-3", "4-8", "9-11", "12-14", "15-20", "21-25", "26-44")


#: Crisis types of an episode.
LOW_STAKES, HIGH_STAKES = 0, 1


@rule
def rates(level: int, p12: float, p23: float, d1: float, d2: float, h_end: float,
          p34: float, p45: float, p56: float, p43: float, mult: float, restraint: float,
          nuclear: bool, both_nuclear: bool) -> tuple[float, float]:
    """``(P(up), P(down))`` of one dyad's move from ``level`` (as in the table above).

    ``p12, p23, d1, d2`` are the episode's type's; ``p34`` includes the defeat factor.
    """
    if level == INCIDENTS:
        return min(1.0, p12 * mult), d1
    if level == STRIKES:
        return min(1.0, p23 * mult * restraint), d2
    if level == WAR:
        return (min(1.0, p34) if nuclear else 0.0), h_end
    if nuclear and level == SIGNALLING:
        return p45, p43
    if nuclear and level == LIMITED_NUCLEAR:
        return (p56 if both_nuclear else 0.0), p43
    return 0.0, 0.0


@rule
def era_factor(odds_ratio: float, share_post: float, post1945: float, known: bool) -> float:
    """Multiplier of the high-stakes war step ``p₂₃`` for the scenario's period:
    ``OR₄₅^(post1945 − m)`` when the period is known, else 1 (the pooled fit)."""
    if not known:
        return 1.0
    return math.exp(math.log(odds_ratio) * (post1945 - share_post))


@rule
def move(level: int, u: float, up: float, down: float) -> int:
    """The level after the move decided by ``u`` (up first; see the table for the way down)."""
    if u < up:
        return level + 1
    if u >= 1.0 - down:
        if level == WAR:
            return INCIDENTS
        if level == STRIKES:
            return PEACE
        return level - 1
    return level


@rule
def raise_to(level: int, to: int) -> int:
    """A dyad raised to at least ``to``."""
    return to if level < to else level
