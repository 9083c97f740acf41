"""Decisions: every choice a state can take goes through one hook, :func:`decide`.

The model decides a binary choice (attack, retaliate, strike troops, honour a
pledge, execute a war plan, sign the deal) by a uniform draw ``u < p``. A
*player* (the wargame's user) may take the choices of one state instead: the
control array ``ctl`` (shape (CTL_SIZE,), int64) names the player's state and
holds the answers given so far this month, in the order the month asks for
them. :func:`decide` draws ``u`` in every case, so a player's answer never
shifts the random numbers of later events; it returns ``u < p`` unless the
decision belongs to the player and an answer is given (``YES``/``NO``;
``MODEL`` hands it back to the draw). When the player's answer is still
missing, the first such decision is written to ``ctl`` (kind, subjects) and
``ctf`` (the model's probabilities) as *pending* and the model's draw stands
in; the wargame then discards the month, asks the user, and replays the month
from its start with one more answer. A *standing* answer
(``ctl[STANDING_KIND]``, ``ctl[STANDING]``) answers every decision of one kind.

A ladder move (:func:`ladder_move`) is a three-way decision of either side of
the dyad: *escalate* (one rung up now), *hold* (refuse to step down; the other
side may still escalate at the model's rate) or *seek de-escalation* (the
model's rates both ways: stepping down takes both sides).

The deliberate attack of the adversary or the protected state is an *order*
(``ctl[ATTACK]``: −1 the model decides, 0 hold, 1 attack), applied by the
engine. Everything that happens is written to an event log (shape (LOG_SIZE,
5), int64: code and four subjects) when ``ctl[LOG]`` is set.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from foedus.model.jit import rule
from foedus.model.ladder import move
from foedus.model.rng import uniform

#: Kinds of decision.
DEAL, RETALIATE, LADDER, TROOPS, HONOUR, WAR_PLAN = range(6)
KINDS = ("deal", "retaliate", "ladder", "troops", "honour", "war_plan")
#: Answers.
MODEL, YES, NO, ESCALATE, HOLD, DEESCALATE = range(6)
#: Slots of the control array.
(PLAYER, ATTACK, N_ANSWERS, CURSOR, PENDING, P_KIND, P_A, P_B, P_C, LOG, N_LOG, SKIP, P_LOG,
 STANDING_KIND, STANDING) = range(15)
ANSWERS = 16
CTL_SIZE = 64
#: Event codes of the log.
(EV_DEAL_SIGNED, EV_NO_DEAL, EV_REJECTS, EV_STRIKE, EV_RETALIATE, EV_INCIDENT, EV_ATTACK,
 EV_MOVE, EV_TROOPS, EV_HONOUR, EV_DEFECT, EV_WAR_PLAN) = range(12)
LOG_SIZE = 256

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]


@rule
def new_control(player: int, attack: int, log: bool, skip: bool) -> I64:
    """A control array: ``player`` (−1 none), attack order, event log and skipping on/off."""
    ctl = np.zeros(CTL_SIZE, np.int64)
    ctl[PLAYER] = player
    ctl[ATTACK] = attack
    ctl[LOG] = 1 if log else 0
    ctl[SKIP] = 1 if skip else 0
    ctl[STANDING_KIND] = -1
    return ctl


@rule
def note(ctl: I64, log: I64, code: int, a: int, b: int, c: int, d: int) -> None:
    """Write an event to the log (when logging is on and the log has room)."""
    if ctl[LOG] == 0 or ctl[N_LOG] >= log.shape[0]:
        return
    i = ctl[N_LOG]
    log[i, 0], log[i, 1], log[i, 2], log[i, 3], log[i, 4] = code, a, b, c, d
    ctl[N_LOG] = i + 1


@rule
def _answer(ctl: I64, ctf: F64, kind: int, a: int, b: int, c: int, p0: float,
            p1: float) -> int:
    """The player's next answer, or MODEL (and the decision marked pending) if none."""
    i = ctl[CURSOR]
    ctl[CURSOR] = i + 1
    if i < ctl[N_ANSWERS]:
        return ctl[ANSWERS + i]
    if ctl[STANDING_KIND] >= 0:  # a standing answer to one kind of decision
        return ctl[STANDING] if kind == ctl[STANDING_KIND] else MODEL
    if ctl[PENDING] == 0:
        ctl[PENDING] = 1
        ctl[P_KIND], ctl[P_A], ctl[P_B], ctl[P_C] = kind, a, b, c
        ctl[P_LOG] = ctl[N_LOG]
        ctf[0], ctf[1] = p0, p1
    return MODEL


@rule
def decide_with(ctl: I64, ctf: F64, kind: int, actor: int, a: int, b: int, c: int,
                p: float, u: float) -> bool:
    """Decision ``kind`` of state ``actor`` with the model's probability ``p`` and draw ``u``."""
    if actor < 0 or actor != ctl[PLAYER]:
        return u < p
    ans = _answer(ctl, ctf, kind, a, b, c, p, 0.0)
    if ans == MODEL:
        return u < p
    return ans == YES


@rule
def decide(ctl: I64, ctf: F64, s: I64, kind: int, actor: int, a: int, b: int, c: int,
           p: float) -> bool:
    """:func:`decide_with` with the next uniform of the stream ``s``."""
    return decide_with(ctl, ctf, kind, actor, a, b, c, p, uniform(s))


@rule
def ladder_move(ctl: I64, ctf: F64, s: I64, d: int, side_a: int, side_b: int, level: int,
                up: float, down: float) -> int:
    """The new level of dyad ``d`` (sides ``side_a``, ``side_b``) after its monthly move."""
    moved = move(level, uniform(s), up, down)
    player = ctl[PLAYER]
    if player < 0 or (player != side_a and player != side_b):
        return moved
    ans = _answer(ctl, ctf, LADDER, d, level, 0, up, down)
    if ans == ESCALATE:
        return level + 1
    if ans == HOLD and moved < level:
        return level
    return moved
