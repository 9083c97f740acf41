"""A slow, readable reference implementation of the monthly rules: the specification.

:func:`simulate_reference` advances one replication at a time, one month at a
time, in plain Python scalars (no numpy arithmetic inside the loop). It is a
second, independent implementation of the rules that the vectorised kernel
(:func:`foedus.engine.kernel.run_chunk`) applies to whole chunks at once, and
the test suite checks that the two agree *in distribution*. Where the kernel is
clever (masks, in-place column updates, a bounded number of passes), this
module is plain: read it to learn what the model does.

It consumes the same :class:`~foedus.engine.inputs.BlockInputs` as the kernel
(parameter draws, month-0 credibilities, the two deal uniforms), but draws its
own monthly random numbers from ``rng``, one uniform per random event and only
when the event is possible, so the two implementations agree in distribution,
not draw by draw.

One month of one replication, in order:

1. **Deterrence and cover.** Joining probability of every commitment
   ``j_c = cred_c · auto_c`` (1 once honoured, 0 once defected, 0 if not in
   force). Deterrence ``D`` of an attack propagates reach along the chain of
   military links from the attacked state (a conditional pledge to the
   attacked state counts only if that state did not start the current episode
   of the main dyad). Cover ``U_a`` = min(1, Σ j_c over unconditional military
   pledges to ``a``). Initiation multipliers
   ``M_a = exp(β_τ·τ − β_D·(1 − κ·τ)·D) · (1 + μ·U)`` (τ = 0 for the protected
   state).
2. **Spoilers.** Each faction, while its dyad is below war, strikes with
   probability ``min(1, h_S·(1 + μ·U_host)·(1 − control))``: the dyad rises to
   at least 1 (the host becomes the initiator if the dyad was at peace), and
   the target retaliates with probability ``r``, raising it to at least 2.
3. **Incidents.** A main dyad at peace goes to 1 with the incident hazard
   (the settlement's terms lower it where the deal was signed). An incident
   has no initiator.
4. **Deliberate initiation.** The adversary, then the protected state (each
   only if revisionist), attacks while the main dyad is below war with
   probability ``min(1, h_A·rev·M)``: the dyad goes to war; the attacker
   becomes the initiator if the dyad was at peace.
5. **Ladder moves.** Every dyad not raised by steps 2-4 this month moves at
   most one rung, decided from its level at the start of this step, with one
   uniform; upward moves are checked before
   downward ones; the main dyad's escalation is scaled by ``M_adv``, the
   2 → 3 move by the nuclear restraint when both sides are nuclear-armed; the
   nuclear rungs exist only in dyads with a nuclear-armed side. A dyad back at
   peace loses its initiator.
6. **Troops as targets.** While the main dyad is at 2 or above, the other main
   side strikes each guarantor's troops in force (not withdrawn by defection)
   with probability ``q·(1 − ℓ·un_mandate)``, raising (attacker, guarantor) to
   at least 2.
7. **Commitments and war plans** fire in passes until a pass changes nothing.
   In one pass, every commitment with a response level (in index order), then
   every war plan (in order):

   * for each attacker it covers, the commitment is *triggered* if the
     attacker's dyad with the beneficiary is at war (territory) or its dyad with
     the guarantor is at 2 or above (forces, troops present); a conditional
     pledge ignores episodes started by its beneficiary (territory) or by its
     guarantor (forces);
   * a commitment honoured *before this pass's look at it* binds against every
     covered attacker that triggers it: the (guarantor, attacker) dyad is raised
     to the response level;
   * an undecided triggered commitment is decided once:
     honoured with probability ``cred·auto`` (raising (guarantor, attacker) to
     at least its response level) or defected; the guarantor's other
     commitments learn: ``cred' = (cred·k + ω)/(k + ω)`` after an honour,
     ``cred·k/(k + ω)`` after a defection;
   * a war plan whose trigger dyad is at war is decided once: with probability
     ``p`` its response dyad goes to war.

   Whoever raises a dyad from peace becomes its initiator.
8. **Erosion and bookkeeping.** Every credibility is multiplied by
   ``2^(−1/T½)``; the month's outcomes are recorded.

Month 0 is the deal stage (for settlement policies) or the crisis's initial
levels; the outcomes of month 0 count for guarantor combat, great-power war and
nuclear use, but not for the first war or the months of peace.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from foedus.engine.inputs import BlockInputs
from foedus.engine.kernel import ChunkOutcomes
from foedus.engine.structure import MILITARY, CommitmentSpec, Structure
from foedus.model.deterrence import Link
from foedus.model.incidents import DMZ_SCALE_KM
from foedus.model.ladder import (
    INCIDENTS,
    LIMITED_NUCLEAR,
    PEACE,
    SIGNALLING,
    STRATEGIC,
    STRIKES,
    WAR,
)

#: Commitment states.
UNTRIGGERED, HONOURED, DEFECTED = 0, 1, 2
#: Initiator of a dyad with no episode under way.
NO_ONE = -1

Params = dict[str, float]


class UniformStream:
    """Uniform(0, 1) numbers from a numpy generator, one per call (buffered).

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness.
    buffer : int, optional
        How many numbers to draw from ``rng`` at a time.
    """

    def __init__(self, rng: np.random.Generator, buffer: int = 8192) -> None:
        self._rng = rng
        self._size = buffer
        self._buf: list[float] = []
        self._i = 0

    def __call__(self) -> float:
        """Return the next uniform number in [0, 1)."""
        if self._i >= len(self._buf):
            self._buf = self._rng.random(self._size).tolist()
            self._i = 0
        x = self._buf[self._i]
        self._i += 1
        return x


# --------------------------------------------------------------------------------------
# Scalar versions of the mechanisms
# --------------------------------------------------------------------------------------


def _sigmoid(x: float) -> float:
    x = min(50.0, max(-50.0, x))
    return 1.0 / (1.0 + math.exp(-x))


def _clip01(x: float) -> float:
    return min(1.0, max(0.0, x))


def _threat(st: Structure, p: Params, in_force: Sequence[bool], with_terms: bool) -> float:
    """The adversary's perceived threat τ with the commitments ``in_force``.

    τ = clip(θ₀ + θ_T·troops + θ_A·alliance + θ_P·path − θ_N·(neutral + cap), 0, 1),
    counting only rival guarantors' commitments to the protected state.
    """
    troops, alliance, path, neutral, cap = 0.0, 0.0, 0.0, 0.0, 0.0
    for c in st.commitments:
        if not in_force[c.index] or c.beneficiary != st.prot or c.guarantor == st.adv:
            continue
        force_on_soil = c.type in ("tripwire_force", "reassurance_force")
        armed_monitors = (c.type == "monitoring" and c.troops and with_terms
                          and st.monitoring == "armed")
        if force_on_soil or armed_monitors:
            legit = p["un_legitimacy"] if c.un_mandate else 0.0
            troops = max(troops, 1.0 - legit)
        if c.type == "collective_defense":
            alliance = 1.0
    if with_terms:
        if st.alliance_path == "member":
            alliance = 1.0
        if st.alliance_path == "promised":
            path = 1.0
        neutral = 1.0 if st.neutrality else 0.0
        cap = st.force_cap
    tau = (p["threat_base"] + p["threat_troops"] * troops + p["threat_alliance"] * alliance
           + p["threat_path"] * path - p["threat_neutrality"] * (neutral + cap))
    return _clip01(tau)


def _joining(cred: Sequence[float], auto: Sequence[float], state: Sequence[int],
             active: Sequence[bool]) -> list[float]:
    """Joining probability of every commitment."""
    out = []
    for c in range(len(cred)):
        if not active[c] or state[c] == DEFECTED:
            out.append(0.0)
        elif state[c] == HONOURED:
            out.append(1.0)
        else:
            out.append(cred[c] * auto[c])
    return out


def _deterrence(links: Sequence[Link], j: Sequence[float], provoked_by_target: bool,
                target: int, arms_share: float, umbrella_bonus: float) -> float:
    """Deterrence D of an attack on ``target``, reach propagated along military links."""
    reach: dict[int, float] = {target: 1.0}
    total = 0.0
    for lk in links:
        jc = j[lk.commitment]
        if lk.direct and lk.conditional and provoked_by_target:
            jc = 0.0
        contribution = reach.get(lk.beneficiary, 0.0) * jc
        weight = lk.weight
        if lk.arms:
            weight *= arms_share
        if lk.umbrella:
            weight *= 1.0 + umbrella_bonus
        total += contribution * weight
        if lk.military:
            reach[lk.guarantor] = max(reach.get(lk.guarantor, 0.0), contribution)
    return total


def _multiplier(tau: float, d: float, u: float, p: Params) -> float:
    """Initiation multiplier M = exp(β_τ·τ − β_D·(1 − κ·τ)·D) · (1 + μ·U)."""
    return (math.exp(p["threat_initiation"] * tau
                     - p["deterrence_effect"] * (1.0 - p["threat_discount"] * tau) * d)
            * (1.0 + p["moral_hazard"] * u))


def _ladder_move(level: int, u: float, p: Params, mult: float, restraint: float,
                 nuclear: bool) -> int:
    """The new level of one dyad after one month's ladder move (upward moves first)."""
    if level == INCIDENTS:
        if u < min(1.0, p["escalate_1_2"] * mult):
            return STRIKES
        if u >= 1.0 - p["deescalate_1"]:
            return PEACE
    elif level == STRIKES:
        if u < min(1.0, p["escalate_2_3"] * mult * restraint):
            return WAR
        if u >= 1.0 - p["deescalate_2"]:
            return INCIDENTS
    elif level == WAR:
        if nuclear and u < p["nuclear_signal"]:
            return SIGNALLING
        if u >= 1.0 - p["war_end_hazard"]:
            return INCIDENTS
    elif nuclear and level == SIGNALLING:
        if u < p["nuclear_use"]:
            return LIMITED_NUCLEAR
        if u >= 1.0 - p["nuclear_back"]:
            return WAR
    elif nuclear and level == LIMITED_NUCLEAR and u < p["nuclear_central"]:
        return STRATEGIC
    return level


@dataclass
class _Month0:
    deal: bool
    active: list[bool]
    tau: float
    h_incident: float


def _month0(st: Structure, p: Params, cred0: Sequence[float], deal_u: Sequence[float],
            auto: Sequence[float]) -> _Month0:
    """The deal stage of one replication."""
    C = len(st.commitments)
    in_policy = [c.in_policy for c in st.commitments]
    baseline_tau = _threat(st, p, [not x for x in in_policy], with_terms=False)
    if st.crisis:
        return _Month0(False, [True] * C, baseline_tau, p["incident_hazard"])
    deal = False
    tau = baseline_tau
    if st.settlement:
        deal_tau = _threat(st, p, [True] * C, with_terms=True)
        j = _joining(cred0, auto, [UNTRIGGERED] * C, [True] * C)
        security = _clip01(_deterrence(st.links_adv, j, False, st.prot, p["arms_share"],
                                       p["umbrella_bonus"]))
        arms = 0.0
        for c in st.commitments:
            if c.type == "arms_support" and c.beneficiary == st.prot and not c.in_policy:
                arms += cred0[c.index] * float(st.cap[c.guarantor])
        k_adv, k_prot = float(st.cap[st.adv]), float(st.cap[st.prot])
        win = k_adv / (k_adv + k_prot + p["arms_share"] * arms)
        x = st.adversary_gain
        gap_adv = ((x + p["sanctions_value"] * st.sanctions_relief
                    - p["threat_aversion"] * deal_tau) - (win - p["war_cost_adversary"]))
        gap_prot = ((1.0 - x + p["security_value"] * security)
                    - (1.0 - win - p["war_cost_protected"]))
        accept_adv = _sigmoid(p["qre_lambda"] * gap_adv)
        accept_prot = _sigmoid(p["qre_lambda"] * gap_prot)
        deal = deal_u[0] < accept_adv and deal_u[1] < accept_prot
        if deal:
            tau = deal_tau
    active = [not in_policy[c] or deal for c in range(C)]
    h_incident = p["incident_hazard"]
    if deal:
        monitor = {"none": 0.0, "unarmed": p["monitoring_unarmed"],
                   "armed": p["monitoring_armed"]}[st.monitoring]
        dmz = p["dmz_effect"] * (1.0 - math.exp(-st.dmz_km / DMZ_SCALE_KM))
        joint = p["commission_effect"] if st.joint_commission else 0.0
        h_incident = _clip01(h_incident * (1.0 - monitor) * (1.0 - dmz) * (1.0 - joint))
    return _Month0(deal, active, tau, h_incident)


# --------------------------------------------------------------------------------------
# One replication
# --------------------------------------------------------------------------------------


@dataclass
class _Replication:
    """Outcomes of one replication."""

    deal: bool
    first_war: int
    peace_months: int
    guarantor_combat: bool
    great_power_war: bool
    nuclear_use: bool
    max_level: int
    spoiler_strikes: int
    state: list[int]


def _triggered(c: CommitmentSpec, level: Sequence[int], init: Sequence[int], e: int,
               f: int) -> bool:
    """Does the attacker with dyads ``e`` (with the beneficiary), ``f`` trigger ``c``?"""
    at_war = c.territory and level[e] >= WAR
    if at_war and not (c.conditional and init[e] == c.beneficiary):
        return True
    forces_hit = c.forces and f >= 0 and level[f] >= STRIKES
    return forces_hit and not (c.conditional and init[f] == c.guarantor)


def _raise(level: list[int], init: list[int], d: int, to: int, who: int) -> None:
    """Raise dyad ``d`` to at least ``to``; ``who`` begins the episode if it was at peace."""
    if level[d] == PEACE:
        init[d] = who
    level[d] = max(level[d], to)


def _fire(st: Structure, p: Params, uniform: UniformStream, level: list[int],
          init: list[int], state: list[int], cred: list[float], auto: Sequence[float],
          active: Sequence[bool], plan_done: list[bool]) -> None:
    """Step 7: commitments and war plans fire in passes until a pass changes nothing."""
    omega = p["credibility_learning"]
    while True:
        changed = False
        for c in st.commitments:
            if c.level <= 0 or not active[c.index]:
                continue
            honoured_before = state[c.index] == HONOURED
            for _x, e, f in c.candidates:
                if not _triggered(c, level, init, e, f):
                    continue
                if honoured_before:
                    # an honoured pledge binds against every attacker it covers
                    if level[f] < c.level:
                        _raise(level, init, f, c.level, c.guarantor)
                        changed = True
                    continue
                if state[c.index] != UNTRIGGERED:
                    continue
                changed = True
                honour = uniform() < cred[c.index] * auto[c.index]
                state[c.index] = HONOURED if honour else DEFECTED
                if honour:
                    _raise(level, init, f, c.level, c.guarantor)
                for other in st.commitments:
                    if other.guarantor != c.guarantor or other.index == c.index:
                        continue
                    k, cr = other.cred_k, cred[other.index]
                    cred[other.index] = ((cr * k + omega) / (k + omega) if honour
                                         else cr * k / (k + omega))
        for w, (trigger_dyad, response_dyad, prob) in enumerate(st.war_plans):
            if plan_done[w] or level[trigger_dyad] < WAR:
                continue
            changed = True
            plan_done[w] = True
            if uniform() < prob:
                _raise(level, init, response_dyad, WAR, st.war_plan_actor[w])
        if not changed:
            return


def _replicate(st: Structure, p: Params, cred0: list[float], deal_u: list[float],
               uniform: UniformStream) -> _Replication:
    """Simulate one replication over the horizon."""
    H, m, C = st.horizon, st.main, len(st.commitments)
    adv, prot = st.adv, st.prot
    auto = [min(1.0, c.automaticity + p["tripwire_bonus"] * float(c.troops))
            for c in st.commitments]
    m0 = _month0(st, p, cred0, deal_u, auto)
    active = m0.active

    level = [int(x) for x in st.init_level]
    init = [int(x) for x in st.init_initiator]
    if st.settlement and m0.deal:  # the signed deal ends the war
        level[m], init[m] = PEACE, NO_ONE
    state = [UNTRIGGERED] * C
    cred = list(cred0)
    decay = 2.0 ** (-1.0 / p["erosion_half_life"])
    plan_done = [False] * len(st.war_plans)

    cover_of = {a: [c.index for c in st.commitments if c.beneficiary == a
                    and not c.conditional and c.type in MILITARY]
                for a in {adv, prot, *st.hosts}}
    guarantor_in_force = {g: any(active[c.index] for c in st.commitments
                                 if c.beneficiary == prot and c.guarantor == g)
                          for g, _ in st.guarantor_dyads}
    troop_targets = []  # (commitment, attacker, dyad (guarantor, attacker), q_eff)
    for c in st.commitments:
        if not c.troops or c.beneficiary not in (adv, prot):
            continue
        x = prot if c.beneficiary == adv else adv
        d = st.dyad(c.guarantor, x)
        if d < 0 or x == c.guarantor:
            continue
        q = p["q_target"] * (1.0 - (p["un_legitimacy"] if c.un_mandate else 0.0))
        troop_targets.append((c.index, x, d, _clip01(q)))
    nuclear_dyad = [bool(x) for x in st.dyad_nuclear]
    both_nuclear = [bool(x) for x in st.dyad_both_nuclear]
    great_power_dyad = [bool(x) for x in st.dyad_great_power]
    revisionism = ((adv, float(st.revisionism[adv])), (prot, float(st.revisionism[prot])))

    out = _Replication(m0.deal, H + 1, 0, False, False, False, max(level), 0, state)

    def record(t: int) -> None:
        if t > 0:
            if level[m] >= WAR:
                out.first_war = min(out.first_war, t)
            else:
                out.peace_months += 1
        for g, d in st.guarantor_dyads:
            if guarantor_in_force[g] and level[d] >= STRIKES:
                out.guarantor_combat = True
        for d in range(len(st.dyads)):
            if great_power_dyad[d] and level[d] >= WAR:
                out.great_power_war = True
            if nuclear_dyad[d] and level[d] >= LIMITED_NUCLEAR:
                out.nuclear_use = True
        out.max_level = max(out.max_level, *level)

    record(0)
    for t in range(1, H + 1):
        # 1. deterrence and cover
        j = _joining(cred, auto, state, active)
        d_adv = _deterrence(st.links_adv, j, init[m] == prot, prot, p["arms_share"],
                            p["umbrella_bonus"])
        d_prot = _deterrence(st.links_prot, j, init[m] == adv, adv, p["arms_share"],
                             p["umbrella_bonus"])
        cover = {a: min(1.0, sum(j[c] for c in cs)) for a, cs in cover_of.items()}
        mult = {adv: _multiplier(m0.tau, d_adv, cover[adv], p),
                prot: _multiplier(0.0, d_prot, cover[prot], p)}
        start = list(level)  # a dyad raised by steps 2-4 makes no ladder move this month
        # 2. spoilers
        for host, _target, control, d in st.factions:
            if level[d] >= WAR:
                continue
            hazard = min(1.0, p["spoiler_hazard"] * (1.0 + p["moral_hazard"] * cover[host])
                         * (1.0 - control))
            if uniform() < hazard:
                out.spoiler_strikes += 1
                _raise(level, init, d, INCIDENTS, host)
                if uniform() < p["retaliation_prob"]:
                    level[d] = max(level[d], STRIKES)
        # 3. incidents
        if level[m] == PEACE and uniform() < m0.h_incident:
            level[m] = INCIDENTS
        # 4. deliberate initiation
        for side, rev in revisionism:
            if rev <= 0.0 or level[m] >= WAR:
                continue
            if uniform() < min(1.0, p["attack_hazard"] * rev * mult[side]):
                _raise(level, init, m, WAR, side)
        # 5. ladder moves
        for d in range(len(st.dyads)):
            if level[d] not in (PEACE, STRATEGIC) and level[d] == start[d]:
                restraint = p["nuclear_restraint"] if both_nuclear[d] else 1.0
                level[d] = _ladder_move(level[d], uniform(), p, mult[adv] if d == m else 1.0,
                                        restraint, nuclear_dyad[d])
            if level[d] == PEACE:
                init[d] = NO_ONE
        # 6. troops as targets
        for ci, x, d, q in troop_targets:
            present = active[ci] and state[ci] != DEFECTED
            if present and level[m] >= STRIKES and uniform() < q:
                _raise(level, init, d, STRIKES, x)
        # 7. commitments and war plans
        _fire(st, p, uniform, level, init, state, cred, auto, active, plan_done)
        # 8. erosion and bookkeeping
        for ci in range(C):
            cred[ci] *= decay
        record(t)
    return out


def simulate_reference(st: Structure, inp: BlockInputs,
                       rng: np.random.Generator) -> ChunkOutcomes:
    """Simulate the replications of ``inp`` one at a time (the readable specification).

    Parameters
    ----------
    st : Structure
        The compiled scenario and policy.
    inp : BlockInputs
        Parameter draws, month-0 credibilities and deal uniforms of ``n``
        replications (the same inputs the kernel consumes).
    rng : numpy.random.Generator
        Source of the monthly random numbers (drawn one per random event).

    Returns
    -------
    ChunkOutcomes
        Per-replication outcomes, in the same form as
        :func:`foedus.engine.kernel.run_chunk` returns them.
    """
    n, C = inp.n, len(st.commitments)
    names = list(inp.params)
    columns = [inp.params[k].tolist() for k in names]
    cred0 = inp.cred0.tolist()
    deal_u = inp.deal_u.tolist()
    uniform = UniformStream(rng)
    reps = []
    for r in range(n):
        p = {k: float(col[r]) for k, col in zip(names, columns, strict=True)}
        reps.append(_replicate(st, p, [float(x) for x in cred0[r]], deal_u[r], uniform))
    state = np.array([rp.state for rp in reps], dtype=np.int8).reshape(n, C)
    return ChunkOutcomes(
        deal=np.array([rp.deal for rp in reps], dtype=bool),
        first_war=np.array([rp.first_war for rp in reps], dtype=np.int16),
        peace_months=np.array([rp.peace_months for rp in reps], dtype=np.int16),
        guarantor_combat=np.array([rp.guarantor_combat for rp in reps], dtype=bool),
        great_power_war=np.array([rp.great_power_war for rp in reps], dtype=bool),
        nuclear_use=np.array([rp.nuclear_use for rp in reps], dtype=bool),
        max_level=np.array([rp.max_level for rp in reps], dtype=np.int8),
        spoiler_strikes=np.array([rp.spoiler_strikes for rp in reps], dtype=np.int16),
        honoured=state == HONOURED,
        defected=state == DEFECTED,
    )
