"""The monthly rules, in order: one source, compiled by numba and run as written.

Every function here is a *rule* (:mod:`foedus.model.jit`): a scalar function
over one replication's state that calls the mechanisms of :mod:`foedus.model`
in monthly order. :func:`run_block` runs a block of replications over the
horizon; :mod:`foedus.engine.compiled` compiles it with numba (production),
and calling it directly runs the very same source in Python (the readable
reference): the two give identical numbers, draw for draw. The wargame
(:mod:`foedus.wargame.game`) plays the same rules one month at a time with a
player's decisions (:mod:`foedus.model.decisions`).

Month 0 (:func:`month0`) is the deal stage (for settlement policies) or the
crisis's initial levels; its outcomes count for guarantor combat, great-power
war and nuclear use, but not for the first war or the months of peace. A
policy's own commitments take effect with the signed deal, at once whether or
not the adversary signs (``in_force: now``, an imposed guarantee), or at the
main dyad's first ceasefire (``in_force: ceasefire``, a sequenced one: step 5
brings them into force and adds the threat they pose). A signed deal moves
each side's revisionism by what its terms give it
(:func:`foedus.model.initiation.deal_revisionism`); the sides' resolve
factors are then set from it, each times the selection factor of the private
value with which the side signed (:mod:`foedus.model.selection`).

One month of one replication (:func:`month`), in order:

1. **Deterrence and cover** (:func:`drivers`). Joining probability of every
   commitment ``j_c = cred_c · auto_c`` (1 once honoured, 0 once defected, 0
   if not in force). Deterrence ``D`` of an attack propagates reach along the
   chain of military links from the attacked state (a conditional pledge to
   the attacked state counts only if that state did not start the current
   episode of the main dyad). Cover ``U_a`` = min(1, Σ j_c over unconditional
   military pledges to ``a``); restraint ``R_a`` the same sum over conditional
   ones. ``j_c`` is the attacker's *belief*; the guarantor decides by its own
   propensity (step 7). Initiation multipliers
   ``M_a = exp(β_τ·(τ − τ⁰) − β_D·(1 − κ·τ)·D) · (1 + μ·U)`` (τ = 0 for the
   protected state; τ⁰ the threat of the baseline commitments alone).
2. **Spoilers.** Each faction, while its dyad is below war, strikes with
   probability ``min(1, h_S·(1 + μ·E_host)·(1 − ρ_R·R_host)·(1 − control))``,
   ``E = min(1, U + φ·R)`` the cover that emboldens a militant faction:
   the dyad rises to at least 1 (the host becomes the initiator if the dyad
   was at peace; the episode draws its crisis type), and the target
   retaliates with probability ``r``, raising it to at least 2.
3. **Incidents.** A main dyad at peace goes to 1 with the incident hazard
   (the settlement's terms lower it where the deal was signed). An incident
   has no initiator.
4. **Deliberate initiation.** The adversary, then the protected state (each
   only if revisionist), attacks while the main dyad is below war with
   probability ``min(1, h(t)·s·M)``, ``h(t)`` the fitted Weibull recurrence
   hazard since the last ceasefire with the dyad's covariates
   (:mod:`foedus.model.recurrence`), ``s = rev / max(1, rev_a + rev_p)``, and
   the side's resolve ``R = exp(β_R·(rev − r̄))`` times ``M``: the dyad goes to
   war (a high-stakes episode); the attacker becomes the initiator if the dyad
   was at peace.
5. **Ladder moves.** Every dyad not raised by steps 2-4 this month moves at
   most one rung, decided from its level at the start of this step, with one
   uniform, at the rates of the episode's crisis type (low or high stakes);
   upward moves are checked before downward ones; the main dyad's escalation
   is scaled by ``R_adv·M_adv``, every high-stakes 2 → 3 move by the period
   factor ``E`` (:func:`foedus.model.ladder.era_factor`), the 2 → 3 move by
   the nuclear restraint (both sides nuclear-armed) or the fitted one-side
   factor; nuclear signalling
   scales with battlefield defeat; the nuclear rungs exist only in dyads with
   a nuclear-armed side, level 6 only between two. A dyad at peace has no
   initiator. When the main dyad's war ends, the recurrence clock restarts and a
   sequenced policy's commitments take effect.
6. **Troops as targets.** While the main dyad is at 2 or above, the other main
   side strikes each guarantor's troops in force (not withdrawn by defection)
   with probability ``q·(1 − ℓ·un_mandate)``, raising (attacker, guarantor) to
   at least 2. A strike on a UN-mandated or monitoring force counts as
   *peacekeepers struck*.
7. **Commitments and war plans** (:func:`fire`) fire in passes until a pass
   changes nothing. In one pass, every commitment with a response level (in
   index order), then every war plan (in order):

   * for each attacker it covers, the commitment is *triggered* if the
     attacker's dyad with the beneficiary is at war (territory) or its dyad
     with the guarantor is at 2 or above (forces, troops present); a
     conditional pledge ignores episodes started by its beneficiary
     (territory) or by its guarantor (forces);
   * a commitment honoured *before this pass's look at it* binds against every
     covered attacker that triggers it: the (guarantor, attacker) dyad is
     raised to the response level;
   * an undecided triggered commitment is decided once: honoured with the
     guarantor's propensity ``min(1, cred + a_T·troops)·η_N`` (η_N when the
     attacker is nuclear-armed), the response level drawn given honouring
     (an assurance is carried out with force with probability ``a_C``;
     between two nuclear-armed states at most level 2), or defected; the
     guarantor's other commitments learn:
     ``cred' = (cred·k + ω)/(k + ω)`` after an honour, ``cred·k/(k + ω)``
     after a defection;
   * a war plan whose trigger dyad is at war is decided once: with
     probability ``p`` its response dyad goes to war.

   Whoever raises a dyad from peace becomes its initiator.
8. **Erosion and bookkeeping.** Every credibility is multiplied by
   ``2^(−1/T½_c)``, ``T½_c`` the commitment's own half-life where the scenario
   gives one, else the lens's ``T½`` (:func:`decay`); the month's outcomes are
   recorded (:func:`record`).

**Quiet months are skipped** (:func:`advance`). While every dyad is at peace
with no initiator, only steps 2-4 can happen, each at most once, with
probabilities ``h_i(t)`` fixed at the month's start; nothing else changes but
erosion. The month is *eventful* with probability
``q_t = 1 − Π_i (1 − h_i(t))``. Rather than draw each month, the next
candidate month is drawn at once from a geometric law with a rate ``q̄`` that
bounds ``q_s`` for every later month ``s`` (the hazards move only through
erosion, monotonically, so each is bounded by its value now or at the
horizon, where each credibility has eroded by its own factor); a candidate
month is eventful with probability ``q_s / q̄`` (thinning), and then its first
event ``i`` is drawn with probability ``Π_{k<i}(1 − h_k) h_i / q_s``: the
events before it are known not to happen, it happens, and the rest of the
month runs as usual. This is exact in distribution (the months are independent
Bernoulli(``q_t``) trials either way), and a replication then costs draws
only where something happens.

State of one replication (:class:`State`, arrays of shape (D,), (C,), (A,),
(W,)) and the static network (:class:`Net`, packed by
:mod:`foedus.engine.pack`) are named tuples of numpy arrays and scalars; the
parameter vector ``p`` (P,) is indexed by :mod:`foedus.model.params`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from foedus.model import (
    bargaining,
    commitments,
    deterrence,
    erosion,
    incidents,
    initiation,
    ladder,
    nuclear,
    recurrence,
    selection,
    spoilers,
    threat,
    troops,
    warplans,
)
from foedus.model import params as P  # noqa: N812 - p[P.NAME] reads as the equations
from foedus.model.decisions import (
    ATTACK,
    DEAL,
    EV_ATTACK,
    EV_DEAL_SIGNED,
    EV_DEFECT,
    EV_HONOUR,
    EV_INCIDENT,
    EV_MOVE,
    EV_NO_DEAL,
    EV_REJECTS,
    EV_RETALIATE,
    EV_STRIKE,
    EV_TROOPS,
    EV_WAR_PLAN,
    HONOUR,
    LOG_SIZE,
    PLAYER,
    RETALIATE,
    SKIP,
    TROOPS,
    WAR_PLAN,
    decide,
    decide_with,
    ladder_move,
    note,
)
from foedus.model.deterrence import DEFECTED, HONOURED, UNTRIGGERED
from foedus.model.jit import rule, small_rule
from foedus.model.ladder import (
    HIGH_STAKES,
    INCIDENTS,
    LIMITED_NUCLEAR,
    LOW_STAKES,
    PEACE,
    STRATEGIC,
    STRIKES,
    WAR,
)
from foedus.model.rng import uniform

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]

NO_ONE = -1
#: When a policy's own commitments take effect (``Net.in_force``).
IN_FORCE_DEAL, IN_FORCE_NOW, IN_FORCE_CEASEFIRE = range(3)
#: Skip step 1 in months whose numbers cannot depend on it (:func:`drivers_matter`).
#: False computes it every month: the same numbers (the conformance suite checks it).
LAZY_DRIVERS = True
#: Slots of ``State.stat`` (int64).
(T, DEAL_SIGNED, FIRST_WAR, PEACE_MONTHS, GUARANTOR_COMBAT, GREAT_POWER_WAR, NUCLEAR_USE,
 MAX_LEVEL, SPOILER_STRIKES, PEACEKEEPERS_STRUCK, WAKE, FIRST) = range(12)
N_STAT = 12
#: Slots of ``State.real`` (float64).
(TAU, H_INCIDENT, DECAY, M_ADV, M_PROT, Q_BAR, LOG_HR, TAU0, SINCE, RES_ADV, RES_PROT,
 REV_ADV, REV_PROT, ERA) = range(14)
N_REAL = 14
#: Columns of the per-replication outcome array :func:`run_block` fills.
OUTCOMES = ("deal", "first_war", "peace_months", "guarantor_combat", "great_power_war",
            "nuclear_use", "max_level", "spoiler_strikes", "peacekeepers_struck")
_OUT_SLOTS = (DEAL_SIGNED, FIRST_WAR, PEACE_MONTHS, GUARANTOR_COMBAT, GREAT_POWER_WAR,
              NUCLEAR_USE, MAX_LEVEL, SPOILER_STRIKES, PEACEKEEPERS_STRUCK)


class Net(NamedTuple):
    """The static structure of one (scenario, policy), packed for the rules.

    Indices: ``A`` states, ``D`` live dyads (0 is the main dyad), ``C``
    commitments, ``F`` factions, ``W`` war plans, ``G`` guarantors of the
    protected state with a dyad with the adversary, ``T`` troop targets.
    """

    horizon: int
    adv: int
    prot: int
    crisis: bool
    settlement: bool
    in_force: int  # the policy's commitments take effect: 0 with the deal, 1 now, 2 at a ceasefire
    cap: F64  # (A,)
    revisionism: F64  # (A,)
    actor_nuclear: I64  # (A,)
    cov_x: F64  # (4,) recurrence covariate offsets x − x̄ of the main dyad
    cov_known: I64  # (4,) 1 where the scenario gives the covariate
    cov_mean: F64  # (4,) the covariates' means over the fitted spells
    defeat: F64  # (D,) battlefield-defeat factor of the nuclear-armed side
    dyad_a: I64  # (D,) the two sides of each dyad
    dyad_b: I64
    nuclear: I64  # (D,) 1 if a side is nuclear-armed
    both_nuclear: I64  # (D,)
    great_power: I64  # (D,)
    init_level: I64  # (D,)
    init_initiator: I64  # (D,)
    init_drawn: I64  # (D,) 1 if the initial episode's crisis type is drawn (else high)
    guarantor: I64  # (C,)
    beneficiary: I64  # (C,)
    level: I64  # (C,) response level (0: never fires)
    conditional: I64  # (C,)
    territory: I64  # (C,)
    forces: I64  # (C,)
    troops: I64  # (C,)
    un_mandate: I64  # (C,)
    in_policy: I64  # (C,)
    automaticity: F64  # (C,)
    cred_k: F64  # (C,)
    erosion: F64  # (C,) monthly erosion factor of a commitment's own half-life; 0: the lens's
    on_soil: I64  # (C,) a force on the protected state's soil (threat)
    monitor_troops: I64  # (C,) armed monitors (threat, with the armed-monitoring term)
    collective: I64  # (C,) collective defence (threat)
    arms_baseline: I64  # (C,) baseline arms support of the protected state (bargaining)
    cand: I64  # (C, K, 3) attacker, dyad (attacker, beneficiary), dyad (guarantor, attacker)
    cand_n: I64  # (C,)
    others: I64  # (C, C) the guarantor's other commitments
    others_n: I64  # (C,)
    link: I64  # (2, L, 3) deterrence links of an attack on prot (0) and on adv (1)
    link_w: F64  # (2, L)
    link_f: I64  # (2, L)
    link_n: I64  # (2,)
    cov: I64  # (A, K) unconditional military pledges to each state
    cov_n: I64  # (A,)
    ccov: I64  # (A, K) conditional military pledges to each state (restraint)
    ccov_n: I64  # (A,)
    fac: I64  # (F, 3) host, target, dyad
    fac_control: F64  # (F,)
    troop: I64  # (T, 3) commitment, attacker, dyad (guarantor, attacker)
    plan: I64  # (W, 3) trigger dyad, response dyad, actor
    plan_p: F64  # (W,)
    gdyad: I64  # (G, 2) guarantor, its dyad with the adversary
    gcom: I64  # (G, C) 1 where the commitment is the guarantor's pledge to prot
    neutrality: bool
    alliance_member: bool
    alliance_promised: bool
    force_cap: float
    dmz_km: float
    monitoring: int  # 0 none, 1 unarmed, 2 armed
    joint_commission: bool
    sanctions_relief: float
    adversary_gain: float


class State(NamedTuple):
    """Everything that changes during one replication (plus its scratch arrays)."""

    level: I64  # (D,)
    init: I64  # (D,) who began the current episode, -1 if none
    start: I64  # (D,) levels at the start of step 2 (scratch)
    cstate: I64  # (C,) UNTRIGGERED / HONOURED / DEFECTED
    active: I64  # (C,) 1 if in force
    cred: F64  # (C,)
    auto: F64  # (C,) effective automaticity
    j: F64  # (C,) joining probabilities (scratch)
    cover: F64  # (A,) cover U (scratch)
    restrain: F64  # (A,) conditional cover R (scratch)
    ctype: I64  # (D,) crisis type of the dyad's current episode
    resp: I64  # (C,) response level of an honoured commitment
    reach: F64  # (A,) (scratch)
    done: I64  # (W,) war plan decided
    gin: I64  # (G,) guarantor in force
    hz: F64  # (F + 3,) event hazards of a quiet month (scratch)
    hz_bar: F64  # (F + 3,) their bounds (scratch)
    emb: F64  # (F,) each faction's emboldening cover when a quiet stretch is bounded (scratch)
    rs: I64  # (6,) random stream
    stat: I64  # (N_STAT,)
    real: F64  # (N_REAL,)
    ctl: I64  # (CTL_SIZE,) decisions (:mod:`foedus.model.decisions`)
    ctf: F64  # (2,) the model's probabilities of a pending decision
    log: I64  # (LOG_SIZE, 5) event log


def new_state(net: Net, ctl: I64) -> State:
    """Allocate the state of one replication (reset by :func:`month0`)."""
    D, C, A = len(net.dyad_a), len(net.guarantor), len(net.cap)
    F, W, G = net.fac.shape[0], net.plan.shape[0], net.gdyad.shape[0]
    z = np.zeros
    return State(z(D, np.int64), z(D, np.int64), z(D, np.int64), z(C, np.int64),
                 z(C, np.int64), z(C), z(C), z(C), z(A), z(A), z(D, np.int64),
                 z(C, np.int64), z(A), z(W, np.int64),
                 z(G, np.int64), z(F + 3), z(F + 3), z(F), z(6, np.int64),
                 z(N_STAT, np.int64),
                 z(N_REAL), ctl, z(2), z((LOG_SIZE, 5), np.int64))


@small_rule
def copy(dst: I64 | F64, src: I64 | F64) -> None:
    """``dst[:] = src``, element by element (the compiled rules allocate nothing)."""
    for i in range(len(dst)):
        dst[i] = src[i]


@small_rule
def fill(dst: I64 | F64, value: float) -> None:
    """``dst[:] = value``, element by element."""
    for i in range(len(dst)):
        dst[i] = value


# ----------------------------------------------------------------------------------------
# Month 0
# ----------------------------------------------------------------------------------------


@rule
def perceived_threat(net: Net, p: F64, all_in_force: bool, with_terms: bool) -> float:
    """τ with the baseline (or all) commitments in force, and the terms if asked."""
    troop, alliance, path, neutral, cap = 0.0, 0.0, 0.0, 0.0, 0.0
    for c in range(len(net.guarantor)):
        in_force = all_in_force or net.in_policy[c] == 0
        if not in_force or net.beneficiary[c] != net.prot or net.guarantor[c] == net.adv:
            continue
        armed = net.monitor_troops[c] != 0 and with_terms and net.monitoring == 2
        if net.on_soil[c] != 0 or armed:
            legit = p[P.UN_LEGITIMACY] if net.un_mandate[c] != 0 else 0.0
            troop = max(troop, 1.0 - legit)
        if net.collective[c] != 0:
            alliance = 1.0
    if with_terms:
        if net.alliance_member:
            alliance = 1.0
        if net.alliance_promised:
            path = 1.0
        neutral = 1.0 if net.neutrality else 0.0
        cap = net.force_cap
    return threat.threat(p[P.THREAT_BASE], p[P.THREAT_TROOPS], p[P.THREAT_ALLIANCE],
                         p[P.THREAT_PATH], p[P.THREAT_NEUTRALITY], troop, alliance, path,
                         neutral, cap)


@rule
def acceptances(net: Net, p: F64, x: State, cred0: F64) -> tuple[float, float]:
    # ``cred0``: the month-0 credibilities after the lens's shift
    """P(accept) of the adversary and of the protected state (quantal-response bargaining)."""
    C = len(net.guarantor)
    deal_tau = perceived_threat(net, p, True, True)
    for c in range(C):
        x.j[c] = deterrence.joining(cred0[c], x.auto[c], UNTRIGGERED, True)
    d = deterrence.deterrence(net.link[0], net.link_w[0], net.link_f[0], net.link_n[0], x.j,
                              False, net.prot, p[P.ARMS_SHARE], p[P.UMBRELLA_BONUS], x.reach)
    security = min(1.0, max(0.0, d))
    arms = 0.0
    for c in range(C):
        if net.arms_baseline[c] != 0:
            arms += cred0[c] * net.cap[net.guarantor[c]]
    win = bargaining.win_probability(net.cap[net.adv], net.cap[net.prot],
                                     p[P.ARMS_SHARE] * arms)
    gap_a, gap_p = bargaining.utility_gaps(
        win, net.adversary_gain, net.sanctions_relief, deal_tau, security,
        p[P.WAR_COST_ADVERSARY], p[P.WAR_COST_PROTECTED], p[P.THREAT_AVERSION],
        p[P.SANCTIONS_VALUE], p[P.SECURITY_VALUE])
    return (bargaining.acceptance(p[P.QRE_LAMBDA], gap_a),
            bargaining.acceptance(p[P.QRE_LAMBDA], gap_p))


@rule
def month0(net: Net, p: F64, x: State, cred0: F64, deal_u: F64, seed: I64) -> None:
    """Reset ``x`` to a new replication and play month 0 (the deal stage)."""
    C = len(net.guarantor)
    copy(x.rs, seed)
    fill(x.stat, 0)
    fill(x.real, 0.0)
    x.stat[FIRST_WAR] = net.horizon + 1
    x.stat[WAKE] = -1
    x.stat[FIRST] = -1
    copy(x.level, net.init_level)
    copy(x.init, net.init_initiator)
    fill(x.cstate, UNTRIGGERED)
    fill(x.done, 0)
    for c in range(C):
        x.cred[c] = commitments.shift(cred0[c], p[P.CREDIBILITY_SHIFT])
        x.auto[c] = net.automaticity[c]
        x.resp[c] = net.level[c]
    for d in range(len(x.level)):
        x.ctype[d] = HIGH_STAKES if x.level[d] != PEACE else LOW_STAKES
        if x.level[d] != PEACE and net.init_drawn[d] != 0:
            x.ctype[d] = (HIGH_STAKES if uniform(x.rs) < p[P.CRISIS_SHARE_HIGH]
                          else LOW_STAKES)
    x.real[LOG_HR] = recurrence.log_hazard_ratio(p[P.HR_CONTIGUOUS], p[P.HR_RIVALRY],
                                                 p[P.HR_POST1945], p[P.HR_CAPABILITY],
                                                 net.cov_x, net.cov_known, net.cov_mean)
    x.real[REV_ADV] = net.revisionism[net.adv]
    x.real[REV_PROT] = net.revisionism[net.prot]
    # the scenario's period (the recurrence covariate post1945, offset by its fitted mean)
    x.real[ERA] = ladder.era_factor(p[P.ERA_ODDS_RATIO], p[P.ERA_SHARE_POST1945],
                                    net.cov_x[2] + net.cov_mean[2], net.cov_known[2] != 0)
    deal = False
    sel_adv, sel_prot = 1.0, 1.0
    tau = perceived_threat(net, p, False, False)
    x.real[TAU0] = tau
    # the recurrence clock runs from the end of the main dyad's last war, or from the start
    # of a case that starts at peace; a case that starts in a crisis episode: -1 (its
    # ladder carries the risk; the hazard acts only while the episode lasts)
    in_episode = x.level[0] != PEACE and x.level[0] < WAR
    x.real[SINCE] = -1.0 if (in_episode and not net.settlement) else 0.0
    if net.settlement:
        acc_adv, acc_prot = acceptances(net, p, x, x.cred)
        # both sides decide (a player is asked even when the other side rejects)
        yes_adv = decide_with(x.ctl, x.ctf, DEAL, net.adv, 0, 0, 0, acc_adv, deal_u[0])
        yes_prot = decide_with(x.ctl, x.ctf, DEAL, net.prot, 0, 0, 0, acc_prot, deal_u[1])
        deal = yes_adv and yes_prot
        if deal:  # the private values that signed carry into every later month (a
            # player's side has none: u = 1 reads as a decision the draw did not give)
            sel_adv = selection.selection_factor(
                p[P.SELECTION_LINK], p[P.SELECTION_REFERENCE],
                1.0 if x.ctl[PLAYER] == net.adv else deal_u[0], acc_adv)
            sel_prot = selection.selection_factor(
                p[P.SELECTION_LINK], p[P.SELECTION_REFERENCE],
                1.0 if x.ctl[PLAYER] == net.prot else deal_u[1], acc_prot)
        if yes_adv and not yes_prot:
            note(x.ctl, x.log, EV_REJECTS, net.prot, 0, 0, 0)
        if yes_prot and not yes_adv:
            note(x.ctl, x.log, EV_REJECTS, net.adv, 0, 0, 0)
        note(x.ctl, x.log, EV_DEAL_SIGNED if deal else EV_NO_DEAL, 0, 0, 0, 0)
        if deal:
            tau = perceived_threat(net, p, True, True)
            x.level[0] = PEACE  # the signed deal ends the war
            x.init[0] = NO_ONE
            split = net.adversary_gain - 0.5
            x.real[REV_ADV] = initiation.deal_revisionism(
                x.real[REV_ADV], split + p[P.SANCTIONS_VALUE] * net.sanctions_relief,
                p[P.TERMS_REVISIONISM])
            x.real[REV_PROT] = initiation.deal_revisionism(x.real[REV_PROT], -split,
                                                           p[P.TERMS_REVISIONISM])
    x.real[RES_ADV] = sel_adv * initiation.resolve_factor(
        x.real[REV_ADV], p[P.RESOLVE_REFERENCE], p[P.RESOLVE_EFFECT])
    x.real[RES_PROT] = sel_prot * initiation.resolve_factor(
        x.real[REV_PROT], p[P.RESOLVE_REFERENCE], p[P.RESOLVE_EFFECT])
    h_inc = p[P.INCIDENT_HAZARD]
    if deal:
        monitor = 0.0
        if net.monitoring == 1:
            monitor = p[P.MONITORING_UNARMED]
        elif net.monitoring == 2:
            monitor = p[P.MONITORING_ARMED]
        h_inc = incidents.incident_hazard(h_inc, monitor, p[P.DMZ_EFFECT], net.dmz_km,
                                          p[P.COMMISSION_EFFECT], net.joint_commission)
    imposed = net.in_force == IN_FORCE_NOW or (net.in_force == IN_FORCE_CEASEFIRE
                                               and x.level[0] < WAR)
    if imposed and not deal:
        tau = max(tau, perceived_threat(net, p, True, False))
    for c in range(C):
        x.active[c] = 1 if (net.crisis or net.in_policy[c] == 0 or deal or imposed) else 0
    guarantors_in_force(net, x)
    x.stat[DEAL_SIGNED] = 1 if deal else 0
    if not deal and x.level[0] >= WAR:
        x.stat[FIRST_WAR] = 1  # no deal: the war under way went on into month 1
    x.real[TAU] = tau
    x.real[H_INCIDENT] = h_inc
    x.real[DECAY] = erosion.monthly_factor(p[P.EROSION_HALF_LIFE])
    record(net, x, 0)
    x.stat[T] = 1


# ----------------------------------------------------------------------------------------
# Months 1..H
# ----------------------------------------------------------------------------------------


@small_rule
def guarantors_in_force(net: Net, x: State) -> None:
    """``x.gin``: each guarantor of the protected state with a pledge in force."""
    for i in range(net.gdyad.shape[0]):
        x.gin[i] = 0
        for c in range(len(x.active)):
            if net.gcom[i, c] != 0 and x.active[c] != 0:
                x.gin[i] = 1


@small_rule
def bring_into_force(net: Net, p: F64, x: State) -> None:
    """A sequenced guarantee at the first ceasefire: the policy's commitments take effect
    (those not yet in force, without the deal's terms) and the threat they pose is felt."""
    changed = False
    for c in range(len(x.active)):
        if net.in_policy[c] != 0 and x.active[c] == 0:
            x.active[c] = 1
            changed = True
    if changed:
        guarantors_in_force(net, x)
        x.real[TAU] = max(x.real[TAU], perceived_threat(net, p, True, False))


@small_rule
def record(net: Net, x: State, t: int) -> None:
    """Step 8's bookkeeping: the outcomes of month ``t``."""
    level = x.level
    if t > 0:
        if level[0] >= WAR:
            if t < x.stat[FIRST_WAR]:
                x.stat[FIRST_WAR] = t
        else:
            x.stat[PEACE_MONTHS] += 1
    for i in range(net.gdyad.shape[0]):
        g, d = net.gdyad[i, 0], net.gdyad[i, 1]
        if x.gin[i] != 0 and level[d] >= STRIKES and fighting(net, x, i, g, d):
            x.stat[GUARANTOR_COMBAT] = 1
    top = x.stat[MAX_LEVEL]
    for d in range(len(level)):
        if net.great_power[d] != 0 and level[d] >= WAR:
            x.stat[GREAT_POWER_WAR] = 1
        if net.nuclear[d] != 0 and level[d] >= LIMITED_NUCLEAR:
            x.stat[NUCLEAR_USE] = 1
        if level[d] > top:
            top = level[d]
    x.stat[MAX_LEVEL] = top


@small_rule
def fighting(net: Net, x: State, i: int, g: int, d: int) -> bool:
    """Are guarantor ``g``'s forces fighting the adversary (an honoured pledge to the
    protected state, or ``g`` began the episode)? Troops struck while ``g`` has not
    answered are not combat."""
    if x.init[d] == g:
        return True
    for c in range(len(x.cstate)):  # noqa: SIM110 - numba compiles no generators
        if net.gcom[i, c] != 0 and x.cstate[c] == HONOURED:
            return True
    return False


@small_rule
def drivers(net: Net, p: F64, x: State, scale: float, ahead: float
            ) -> tuple[float, float, float, float]:
    """Step 1: joining, cover ``x.cover`` and both initiation multipliers' factors.

    Untriggered credibilities are those after ``ahead`` more months of erosion
    (0 for the month itself; the months to the horizon when bounding a quiet
    stretch), each at its commitment's own rate (:func:`decay`): scaled by
    ``scale`` (the lens's factor to the power ``ahead``), or by their own
    factor to that power. Returns the deterrence and cover factors of
    ``M_adv`` and ``M_prot``.
    """
    m = 0
    for c in range(len(net.guarantor)):
        own = net.erosion[c]
        s = scale if own <= 0.0 else own ** ahead
        x.j[c] = deterrence.joining(x.cred[c] * s, x.auto[c], x.cstate[c], x.active[c] != 0)
    d_adv = deterrence.deterrence(net.link[0], net.link_w[0], net.link_f[0], net.link_n[0],
                                  x.j, x.init[m] == net.prot, net.prot, p[P.ARMS_SHARE],
                                  p[P.UMBRELLA_BONUS], x.reach)
    d_prot = deterrence.deterrence(net.link[1], net.link_w[1], net.link_f[1], net.link_n[1],
                                   x.j, x.init[m] == net.adv, net.adv, p[P.ARMS_SHARE],
                                   p[P.UMBRELLA_BONUS], x.reach)
    for a in range(len(net.cap)):
        x.cover[a] = deterrence.cover(x.j, net.cov[a], net.cov_n[a])
        x.restrain[a] = deterrence.cover(x.j, net.ccov[a], net.ccov_n[a])
    bt, bd, kappa, mu = (p[P.THREAT_INITIATION], p[P.DETERRENCE_EFFECT], p[P.THREAT_DISCOUNT],
                         p[P.MORAL_HAZARD])
    return (initiation.deterrence_factor(x.real[TAU], x.real[TAU0], d_adv, bt, bd, kappa),
            initiation.cover_factor(x.cover[net.adv], mu),
            initiation.deterrence_factor(0.0, 0.0, d_prot, bt, bd, kappa),
            initiation.cover_factor(x.cover[net.prot], mu))


@small_rule
def drivers_matter(net: Net, x: State) -> bool:
    """Can step 1's deterrence and cover change anything this month?

    They enter only through spoiler strikes (a faction whose dyad is below
    war), attacks (the main dyad below war) and the main dyad's moves up from
    levels 1 and 2 (:func:`foedus.model.ladder.rates` ignores the multiplier
    from war up). Levels only rise before step 5, so a dyad at war when the
    month starts stays at war through steps 2-5: when the main dyad and every
    faction's dyad are at war, the month's numbers do not depend on the
    drivers, and computing them (most months of a long war) can be skipped.
    """
    if x.level[0] < WAR:
        return True
    for f in range(net.fac.shape[0]):  # noqa: SIM110 - numba compiles no generators
        if x.level[net.fac[f, 2]] < WAR:
            return True
    return False


@small_rule
def event(x: State, e: int, prob: float) -> bool:
    """Does random event ``e`` of steps 2-4 happen (forced in a month reached by skipping)?"""
    first = x.stat[FIRST]
    if first >= 0:
        if e < first:
            return False
        if e == first:
            return True
    return uniform(x.rs) < prob


@small_rule
def raise_dyad(x: State, d: int, to: int, who: int) -> None:
    """Raise dyad ``d`` to at least ``to``; ``who`` begins the episode if it was at peace.

    An episode begun deliberately (an attack, an honoured pledge, a war plan, a
    strike on troops) is high-stakes.
    """
    if x.level[d] == PEACE:
        x.init[d] = who
        x.ctype[d] = HIGH_STAKES
    x.level[d] = ladder.raise_to(x.level[d], to)


@small_rule
def dyad_hazard(net: Net, p: F64, x: State, t: int) -> float:
    """The main dyad's recurrence hazard in month ``t`` (:mod:`foedus.model.recurrence`),
    on the clock since its last war ended; before any war between the two, only during
    a crisis (the main dyad in an episode), on the clock since the start."""
    since = x.real[SINCE]
    if since < 0.0:
        if x.level[0] == PEACE:
            return 0.0
        since = 0.0
    return recurrence.hazard(p[P.ATTACK_HAZARD], p[P.RECURRENCE_SHAPE],
                             max(1.0, t - since), x.real[LOG_HR])


@small_rule
def month(net: Net, p: F64, x: State, t: int) -> None:
    """Play month ``t`` (steps 1-8) in place."""
    m = 0
    level, ctl = x.level, x.ctl
    # 1. deterrence and cover (only where this month can use them)
    m_adv, m_prot = 1.0, 1.0
    if not LAZY_DRIVERS or drivers_matter(net, x):
        ea, ca, ep, cp = drivers(net, p, x, 1.0, 0.0)
        m_adv, m_prot = ea * ca, ep * cp
    x.real[M_ADV], x.real[M_PROT] = m_adv, m_prot
    copy(x.start, level)
    F = net.fac.shape[0]
    # 2. spoilers
    for f in range(F):
        host, target, d = net.fac[f, 0], net.fac[f, 1], net.fac[f, 2]
        if level[d] >= WAR:
            continue
        hz = faction_hazard(net, p, x, f, faction_embolden(net, p, x, f))
        if event(x, f, hz):
            x.stat[SPOILER_STRIKES] += 1
            note(ctl, x.log, EV_STRIKE, f, host, target, 0)
            if level[d] == PEACE:  # a new episode: its type is drawn
                x.init[d] = host
                level[d] = INCIDENTS
                x.ctype[d] = (HIGH_STAKES if uniform(x.rs) < p[P.CRISIS_SHARE_HIGH]
                              else LOW_STAKES)
            if decide(ctl, x.ctf, x.rs, RETALIATE, target, host, f, 0,
                      p[P.RETALIATION_PROB]):
                note(ctl, x.log, EV_RETALIATE, target, host, 0, 0)
                level[d] = ladder.raise_to(level[d], STRIKES)
    # 3. incidents
    if level[m] == PEACE and event(x, F, x.real[H_INCIDENT]):
        level[m] = INCIDENTS
        x.ctype[m] = LOW_STAKES  # the recurrence hazard carries the high-stakes episodes
        note(ctl, x.log, EV_INCIDENT, m, 0, 0, 0)
    # 4. deliberate initiation
    h_dyad = dyad_hazard(net, p, x, t)
    for k in range(2):
        side = net.adv if k == 0 else net.prot
        if level[m] >= WAR:
            continue
        if side == ctl[PLAYER] and ctl[ATTACK] >= 0:  # the player's order
            go = ctl[ATTACK] == 1
        else:
            rev = x.real[REV_ADV] if k == 0 else x.real[REV_PROT]
            go = rev > 0.0 and event(x, F + 1 + k, attack_hazard(
                net, x, k, h_dyad, m_adv if k == 0 else m_prot, 1.0))
        if go:
            note(ctl, x.log, EV_ATTACK, side, 0, 0, 0)
            raise_dyad(x, m, WAR, side)
    # 5. ladder moves
    for d in range(len(level)):
        lv = level[d]
        if lv != PEACE and lv != STRATEGIC and lv == x.start[d]:
            high = x.ctype[d] == HIGH_STAKES
            up, down = ladder.rates(
                lv, p[P.ESCALATE_1_2] if high else p[P.ESCALATE_1_2_LOW],
                p[P.ESCALATE_2_3] * x.real[ERA] if high else 0.0,
                p[P.DEESCALATE_1] if high else p[P.DEESCALATE_1_LOW],
                p[P.DEESCALATE_2] if high else p[P.DEESCALATE_2_LOW],
                p[P.WAR_END_HAZARD], p[P.NUCLEAR_SIGNAL] * net.defeat[d], p[P.NUCLEAR_USE],
                p[P.NUCLEAR_CENTRAL], p[P.NUCLEAR_BACK], m_adv * x.real[RES_ADV] if d == m else 1.0,
                nuclear.restraint(p[P.NUCLEAR_RESTRAINT], p[P.NUCLEAR_ONE_FACTOR],
                                  net.both_nuclear[d] != 0, net.nuclear[d] != 0),
                net.nuclear[d] != 0, net.both_nuclear[d] != 0)
            level[d] = ladder_move(ctl, x.ctf, x.rs, d, net.dyad_a[d], net.dyad_b[d], lv, up,
                                   down)
            if level[d] != lv:
                note(ctl, x.log, EV_MOVE, d, lv, level[d], 0)
                if d == m and lv == WAR and level[d] < WAR:
                    x.real[SINCE] = t  # a ceasefire: the recurrence clock restarts
                    if net.in_force == IN_FORCE_CEASEFIRE:
                        bring_into_force(net, p, x)
        if level[d] == PEACE:
            x.init[d] = NO_ONE
    # 6. troops as targets
    for k in range(net.troop.shape[0]):
        c, attacker, d = net.troop[k, 0], net.troop[k, 1], net.troop[k, 2]
        if x.active[c] == 0 or x.cstate[c] == DEFECTED or level[m] < STRIKES:
            continue
        q = troops.targeting_probability(p[P.Q_TARGET], p[P.UN_LEGITIMACY],
                                         net.un_mandate[c] != 0)
        if decide(ctl, x.ctf, x.rs, TROOPS, attacker, c, d, 0, q):
            note(ctl, x.log, EV_TROOPS, attacker, net.guarantor[c], c, 0)
            raise_dyad(x, d, STRIKES, attacker)
            if net.un_mandate[c] != 0 or net.monitor_troops[c] != 0:
                x.stat[PEACEKEEPERS_STRUCK] = 1
    # 7. commitments and war plans
    fire(net, p, x)
    # 8. erosion and bookkeeping
    for c in range(len(x.cred)):
        x.cred[c] *= decay(net, x, c)
    record(net, x, t)


@small_rule
def decay(net: Net, x: State, c: int) -> float:
    """Commitment ``c``'s monthly erosion factor: its own half-life's, else the lens's."""
    own = net.erosion[c]
    return own if own > 0.0 else x.real[DECAY]


@small_rule
def fire(net: Net, p: F64, x: State) -> None:
    """Step 7: commitments and war plans fire in passes until a pass changes nothing."""
    level, init, cstate, cred = x.level, x.init, x.cstate, x.cred
    omega = p[P.CREDIBILITY_LEARNING]
    while True:
        changed = False
        for c in range(len(net.guarantor)):
            lvl = net.level[c]
            if lvl <= 0 or x.active[c] == 0:
                continue
            g, b = net.guarantor[c], net.beneficiary[c]
            honoured_before = cstate[c] == HONOURED
            for q in range(net.cand_n[c]):
                attacker, e, f = net.cand[c, q, 0], net.cand[c, q, 1], net.cand[c, q, 2]
                if not commitments.triggered(
                        net.territory[c] != 0, net.forces[c] != 0, net.conditional[c] != 0, b,
                        g, level[e], init[e], level[f], init[f], f >= 0):
                    continue
                if honoured_before:
                    # an honoured pledge binds against every attacker it covers
                    to = commitments.response_level(x.resp[c], False,
                                                    net.both_nuclear[f] != 0)
                    if level[f] < to:
                        raise_dyad(x, f, to, g)
                        changed = True
                    continue
                if cstate[c] != UNTRIGGERED:
                    continue
                changed = True
                honour = decide(x.ctl, x.ctf, x.rs, HONOUR, g, c, attacker, 0,
                                commitments.propensity(
                                    cred[c], p[P.TRIPWIRE_BONUS], net.troops[c] != 0,
                                    p[P.HONOUR_NUCLEAR_FACTOR],
                                    net.actor_nuclear[attacker] != 0))
                cstate[c] = HONOURED if honour else DEFECTED
                note(x.ctl, x.log, EV_HONOUR if honour else EV_DEFECT, g, c, attacker, 0)
                if honour:
                    force = lvl < STRIKES and uniform(x.rs) < p[P.ASSURANCE_COMBAT]
                    x.resp[c] = commitments.response_level(lvl, force, False)
                    raise_dyad(x, f, commitments.response_level(
                        x.resp[c], False, net.both_nuclear[f] != 0), g)
                for i in range(net.others_n[c]):
                    o = net.others[c, i]
                    cred[o] = commitments.learn(cred[o], net.cred_k[o], omega, honour)
        for w in range(net.plan.shape[0]):
            trig, resp, actor = net.plan[w, 0], net.plan[w, 1], net.plan[w, 2]
            if not warplans.triggered(x.done[w] != 0, level[trig]):
                continue
            changed = True
            x.done[w] = 1
            target = net.dyad_b[resp] if net.dyad_a[resp] == actor else net.dyad_a[resp]
            if decide(x.ctl, x.ctf, x.rs, WAR_PLAN, actor, w, target, 0, net.plan_p[w]):
                note(x.ctl, x.log, EV_WAR_PLAN, actor, target, w, 0)
                raise_dyad(x, resp, WAR, actor)
        if not changed:
            return


# ----------------------------------------------------------------------------------------
# Quiet months
# ----------------------------------------------------------------------------------------


@small_rule
def quiet(x: State) -> bool:
    """Is every dyad at peace with no episode under way (only steps 2-4 can happen)?"""
    for d in range(len(x.level)):  # noqa: SIM110 - numba compiles no generators
        if x.level[d] != PEACE or x.init[d] != NO_ONE:
            return False
    return True


@rule
def event_hazards(net: Net, p: F64, x: State, scale: float, ahead: float, out: F64) -> bool:
    """The hazards of the events of a quiet month (spoilers, incident, attacks) into ``out``.

    With ``ahead`` > 0 the untriggered credibilities are those after ``ahead``
    more months of erosion (``scale``: the lens's factor to that power).
    Returns False where a hazard is not monotone in erosion (a negative
    weight), so that quiet months cannot be bounded and skipped.
    """
    if p[P.ARMS_SHARE] < 0.0 or p[P.UMBRELLA_BONUS] < -1.0 or x.real[DECAY] > 1.0 \
            or p[P.PLEDGE_RESTRAINT] < 0.0 or p[P.FACTION_COVER] < 0.0:
        return False
    ea, ca, ep, cp = drivers(net, p, x, scale, ahead)
    F = net.fac.shape[0]
    for f in range(F):
        out[f] = faction_hazard(net, p, x, f, faction_embolden(net, p, x, f))
    out[F] = x.real[H_INCIDENT]
    # the attack hazards' two factors, kept apart for the bound (their product below)
    out[F + 1], out[F + 2] = ea, ep
    x.real[M_ADV], x.real[M_PROT] = ca, cp
    return True


@small_rule
def faction_embolden(net: Net, p: F64, x: State, f: int) -> float:
    """Faction ``f``'s emboldening cover from its host's current cover and restraint."""
    h = net.fac[f, 0]
    return spoilers.emboldening(x.cover[h], x.restrain[h], p[P.FACTION_COVER])


@small_rule
def faction_hazard(net: Net, p: F64, x: State, f: int, embolden: float) -> float:
    """Faction ``f``'s strike hazard (:mod:`foedus.model.spoilers`) given its emboldening
    cover, with its host's current restraint."""
    h = net.fac[f, 0]
    return spoilers.strike_hazard(p[P.SPOILER_HAZARD], p[P.MORAL_HAZARD], embolden,
                                  p[P.PLEDGE_RESTRAINT], x.restrain[h], net.fac_control[f])


@small_rule
def attack_hazard(net: Net, x: State, k: int, h_dyad: float, det: float, cov: float
                  ) -> float:
    """Side ``k``'s attack hazard (0 adversary, 1 protected) from the dyad hazard, its
    share, its resolve and its multiplier's two factors (0 if not revisionist)."""
    rev = x.real[REV_ADV] if k == 0 else x.real[REV_PROT]
    if rev <= 0.0:
        return 0.0
    other = x.real[REV_PROT] if k == 0 else x.real[REV_ADV]
    resolve = x.real[RES_ADV] if k == 0 else x.real[RES_PROT]
    return initiation.hazard(h_dyad, recurrence.side_share(rev, other), resolve * det * cov)


@rule
def plan_quiet(net: Net, p: F64, x: State, t: int) -> bool:
    """Draw the next candidate month of a quiet stretch from month ``t`` (``stat[WAKE]``)."""
    F = net.fac.shape[0]
    H = net.horizon
    now, end = x.hz, x.hz_bar
    if not event_hazards(net, p, x, 1.0, 0.0, now):
        return False
    ca_now, cp_now = x.real[M_ADV], x.real[M_PROT]
    for f in range(F):
        x.emb[f] = faction_embolden(net, p, x, f)
    scale = x.real[DECAY] ** (H - t)
    event_hazards(net, p, x, scale, float(H - t), end)
    ca_end, cp_end = x.real[M_ADV], x.real[M_PROT]
    stay = 1.0
    # a faction's hazard rises with its cover E and falls with the restraint R, both of
    # which only erode: bounded by E now and R at the horizon
    for f in range(F):
        stay *= 1.0 - max(0.0, faction_hazard(net, p, x, f, x.emb[f]))
    stay *= 1.0 - max(0.0, max(float(now[F]), float(end[F])))
    # the dyad hazard is monotone in t (a power of t): bounded by its value now or at H
    h_bar = max(dyad_hazard(net, p, x, t), dyad_hazard(net, p, x, H))
    for k in range(2):
        det = max(now[F + 1 + k], end[F + 1 + k])
        cov = max(ca_now, ca_end) if k == 0 else max(cp_now, cp_end)
        stay *= 1.0 - max(0.0, attack_hazard(net, x, k, h_bar, det, max(0.0, cov)))
    q_bar = 1.0 - stay
    x.real[Q_BAR] = q_bar
    if q_bar <= 0.0:
        x.stat[WAKE] = H + 1
    elif q_bar >= 1.0:
        x.stat[WAKE] = t
    else:
        gap = math.log(uniform(x.rs)) / math.log1p(-q_bar)  # quiet months before the next
        x.stat[WAKE] = H + 1 if gap >= H + 1 - t else t + int(math.floor(gap))
    return True


@rule
def first_event(net: Net, p: F64, x: State, t: int) -> int:
    """At a candidate month: the first event (thinning by ``q_t / q̄``), or −1 if none."""
    F = net.fac.shape[0]
    h = x.hz
    event_hazards(net, p, x, 1.0, 0.0, h)
    h_dyad = dyad_hazard(net, p, x, t)
    h[F + 1] = attack_hazard(net, x, 0, h_dyad, h[F + 1], x.real[M_ADV])
    h[F + 2] = attack_hazard(net, x, 1, h_dyad, h[F + 2], x.real[M_PROT])
    v = uniform(x.rs) * x.real[Q_BAR]
    stay, cum = 1.0, 0.0
    for i in range(F + 3):
        hi = min(1.0, max(0.0, h[i]))
        cum += stay * hi
        if v < cum:
            return i
        stay *= 1.0 - hi
    return -1


@small_rule
def quiet_month(net: Net, x: State, t: int) -> None:
    """A month in which nothing happens: erosion and bookkeeping only."""
    for c in range(len(x.cred)):
        x.cred[c] *= decay(net, x, c)
    record(net, x, t)


@rule
def play(net: Net, p: F64, x: State, last: int) -> None:
    """Play months ``stat[T]`` to ``last``, skipping quiet months (when ``ctl[SKIP]`` is set).

    The loop over months lives here, with the month inlined, rather than in
    :func:`run_block`: a compiled call passes every array of the state and
    network tuples one field at a time (about 600 machine words), which costs
    more than a month itself, so the compiled rules make one such call per
    replication rather than one per month.
    """
    while x.stat[T] <= last:
        t = x.stat[T]
        x.stat[FIRST] = -1
        if x.ctl[SKIP] == 0:
            x.stat[WAKE] = -1
        elif x.stat[WAKE] < t and quiet(x):
            plan_quiet(net, p, x, t)
        wake = x.stat[WAKE]
        if wake > t:
            quiet_month(net, x, t)
        elif wake == t:
            x.stat[WAKE] = -1
            first = first_event(net, p, x, t)
            if first < 0:
                quiet_month(net, x, t)
            else:
                x.stat[FIRST] = first
                month(net, p, x, t)
                x.stat[FIRST] = -1
        else:
            month(net, p, x, t)
        x.stat[T] = t + 1


@rule
def advance(net: Net, p: F64, x: State) -> None:
    """Play the next month ``stat[T]`` (one step of :func:`play`)."""
    play(net, p, x, x.stat[T])


def run_block(net: Net, x: State, params: F64, cred0: F64, deal_u: F64, seeds: I64,
              out: I64, cstate: I64) -> None:
    """Simulate ``n`` replications over the horizon into ``out`` (n, 9) and ``cstate`` (n, C).

    ``params`` (n, P) in :data:`foedus.model.params.NAMES` order, ``cred0``
    (n, C), ``deal_u`` (n, 2), ``seeds`` (n, 6) the replications' streams;
    ``x`` is the scratch state (its control array says whether quiet months
    are skipped). Compiled by :mod:`foedus.engine.compiled`; called directly,
    it is the reference.
    """
    for r in range(params.shape[0]):
        p = params[r]
        month0(net, p, x, cred0[r], deal_u[r], seeds[r])
        play(net, p, x, net.horizon)
        for k in range(len(_OUT_SLOTS)):
            out[r, k] = x.stat[_OUT_SLOTS[k]]
        for c in range(len(x.cstate)):
            cstate[r, c] = x.cstate[c]
