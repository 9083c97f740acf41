"""The vectorised monthly kernel: all replications of a chunk advance together.

One month, in order (each step is a mechanism module of :mod:`foedus.model`):

1. deterrence ``D`` and cover ``U`` from current credibilities;
2. spoiler strikes and retaliation;
3. incidents on the contact line (main dyad at peace);
4. deliberate initiation by either side of the main dyad;
5. ladder moves of every live dyad (escalation, de-escalation, war
   termination, nuclear rungs);
6. guarantor troops struck;
7. commitments and war plans fire, repeated until nothing new fires;
8. credibility erodes; outcomes are recorded.

Month 0 is the deal (settlement scenarios) or the crisis's initial levels.
The uniforms for month ``t`` come from ``uniforms(t)`` as a (K, n) float32
array laid out by :class:`Layout`, so the random stream is fixed by the
caller (per block) and independent of how replications are chunked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from foedus.engine.inputs import BlockInputs
from foedus.engine.structure import MILITARY, CommitmentSpec, Structure
from foedus.model import (
    bargaining,
    commitments,
    deterrence,
    erosion,
    incidents,
    initiation,
    ladder,
    spoilers,
    threat,
    troops,
    warplans,
)

F = NDArray[np.floating[Any]]
B = NDArray[np.bool_]


@dataclass(frozen=True)
class Layout:
    """Row offsets of each kind of monthly uniform in the (K, n) array."""

    spoil: int
    retaliate: int
    incident: int
    attack: int  # two rows: adversary, protected
    ladder: int
    troops: int
    fire: int
    plans: int
    K: int
    troop_commitments: tuple[int, ...]
    firing_commitments: tuple[int, ...]

    @staticmethod
    def of(st: Structure) -> Layout:
        nf = len(st.factions)
        tc = tuple(c.index for c in st.commitments if c.troops)
        fc = tuple(c.index for c in st.commitments if c.level > 0)
        spoil, ret = 0, nf
        inc = 2 * nf
        att = inc + 1
        lad = att + 2
        trp = lad + len(st.dyads)
        fire = trp + len(tc)
        plans = fire + len(fc)
        return Layout(spoil, ret, inc, att, lad, trp, fire, plans, plans + len(st.war_plans),
                      tc, fc)


@dataclass
class ChunkOutcomes:
    """Per-replication outcomes of a chunk (all arrays have leading axis n)."""

    deal: B
    first_war: NDArray[np.int16]  # first month 1..H with the main dyad at war; H+1 if none
    peace_months: NDArray[np.int16]
    guarantor_combat: B
    great_power_war: B
    nuclear_use: B
    max_level: NDArray[np.int8]
    spoiler_strikes: NDArray[np.int16]
    honoured: B  # (n, C)
    defected: B  # (n, C)

    def take(self, rows: slice) -> ChunkOutcomes:
        """The outcomes of a slice of replications."""
        return ChunkOutcomes(self.deal[rows], self.first_war[rows], self.peace_months[rows],
                             self.guarantor_combat[rows], self.great_power_war[rows],
                             self.nuclear_use[rows], self.max_level[rows],
                             self.spoiler_strikes[rows], self.honoured[rows],
                             self.defected[rows])


def month0(st: Structure, inp: BlockInputs) -> tuple[B, B, F, F]:
    """The deal stage: ``(deal, active (n, C), tau, incident hazard)``."""
    n, P = inp.n, inp.params
    C = len(st.commitments)
    in_policy = np.array([c.in_policy for c in st.commitments], dtype=bool)
    base_tau = _threat(st, P, np.zeros(C, bool) | ~in_policy, with_terms=False)
    if st.crisis:
        deal = np.zeros(n, dtype=bool)
        active = np.ones((n, C), dtype=bool)
        return deal, active, base_tau, P["incident_hazard"]
    if not st.settlement:
        deal = np.zeros(n, dtype=bool)
    else:
        deal_tau = _threat(st, P, np.ones(C, bool), with_terms=True)
        all_on = np.ones((n, C), dtype=bool)
        auto = _auto(st, P)
        j = deterrence.joining(inp.cred0, auto, np.zeros((n, C), np.int8), all_on)
        security = np.clip(deterrence.deterrence(
            st.links_adv, j, np.zeros(n, bool), st.prot, len(st.states),
            P["arms_share"], P["umbrella_bonus"]), 0.0, 1.0)
        arms = np.zeros(n)
        for c in st.commitments:
            if c.type == "arms_support" and c.beneficiary == st.prot and not c.in_policy:
                arms += inp.cred0[:, c.index] * st.cap[c.guarantor]
        p = bargaining.win_probability(st.cap[st.adv], st.cap[st.prot], P["arms_share"] * arms)
        gap_a, gap_p = bargaining.utility_gaps(
            p, st.adversary_gain, st.sanctions_relief, deal_tau, security,
            P["war_cost_adversary"], P["war_cost_protected"], P["threat_aversion"],
            P["sanctions_value"], P["security_value"])
        acc_a = bargaining.acceptance(P["qre_lambda"], gap_a)
        acc_p = bargaining.acceptance(P["qre_lambda"], gap_p)
        deal = (inp.deal_u[:, 0] < acc_a) & (inp.deal_u[:, 1] < acc_p)
        base_tau = np.where(deal, deal_tau, base_tau)
    active = ~in_policy[None, :] | deal[:, None]
    mon: dict[str, F | float] = {"none": 0.0, "unarmed": P["monitoring_unarmed"],
                                 "armed": P["monitoring_armed"]}
    h_terms = incidents.incident_hazard(P["incident_hazard"], mon[st.monitoring],
                                        P["dmz_effect"], st.dmz_km, P["commission_effect"],
                                        st.joint_commission)
    h_inc = np.where(deal, h_terms, P["incident_hazard"])
    return deal, active, base_tau, h_inc


def _auto(st: Structure, P: dict[str, F]) -> F:
    cols = [commitments.effective_automaticity(c.automaticity, P["tripwire_bonus"], c.troops)
            for c in st.commitments]
    n = P["tripwire_bonus"].shape[0]
    return np.stack(cols, axis=1) if cols else np.zeros((n, 0))


def _threat(st: Structure, P: dict[str, F], on: NDArray[np.bool_], with_terms: bool) -> F:
    """Threat τ with the commitments ``on`` (C,) in force (and the terms if asked)."""
    troop, alliance = 0.0, 0.0
    un = P["un_legitimacy"]
    for c in st.commitments:
        if not on[c.index] or c.beneficiary != st.prot or c.guarantor == st.adv:
            continue
        if c.type in ("tripwire_force", "reassurance_force") or (
                c.type == "monitoring" and c.troops and with_terms and st.monitoring == "armed"):
            troop = np.maximum(troop, 1.0 - un * float(c.un_mandate))
        if c.type == "collective_defense":
            alliance = 1.0
    path = 0.0
    neutral, cap = 0.0, 0.0
    if with_terms:
        alliance = 1.0 if st.alliance_path == "member" else alliance
        path = 1.0 if st.alliance_path == "promised" else 0.0
        neutral, cap = float(st.neutrality), st.force_cap
    return threat.threat(P["threat_base"], P["threat_troops"], P["threat_alliance"],
                         P["threat_path"], P["threat_neutrality"], troop, alliance, path,
                         neutral, cap)


def run_chunk(st: Structure, inp: BlockInputs,
              uniforms: Callable[[int], NDArray[np.float32]]) -> ChunkOutcomes:
    """Simulate the replications of ``inp`` over the scenario's horizon."""
    n, H = inp.n, st.horizon
    P = {k: v.astype(np.float32) for k, v in inp.params.items()}  # compared with float32 u
    lay = Layout.of(st)
    C, D = len(st.commitments), len(st.dyads)
    m = st.main
    deal, active, tau, h_inc = month0(st, inp)

    level = np.empty((n, D), dtype=np.int8, order="F")
    level[:] = st.init_level[None, :]
    init = np.empty((n, D), dtype=np.int8, order="F")
    init[:] = st.init_initiator[None, :]
    if st.settlement:  # a signed deal ends the war: the main dyad starts at peace
        level[deal, m] = 0
        init[deal, m] = -1
    cstate = np.zeros((n, C), dtype=np.int8)
    cred = inp.cred0.astype(np.float32)
    auto = _auto(st, P)
    decay = erosion.monthly_factor(P["erosion_half_life"])
    auto_pending = np.where(active, auto, np.float32(0.0))  # 0 once decided
    bound = np.zeros((n, C), dtype=np.float32)  # 1 where honoured (the guarantor is in)

    uncond = {a: [c.index for c in st.commitments if c.beneficiary == a and not c.conditional
                  and c.type in MILITARY] for a in {st.adv, st.prot, *st.hosts}}
    rev_a, rev_p = float(st.revisionism[st.adv]), float(st.revisionism[st.prot])
    b_tau, b_d, kappa, mu = (P["threat_initiation"], P["deterrence_effect"],
                             P["threat_discount"], P["moral_hazard"])
    p12, p23, d1, d2, h_end = (P["escalate_1_2"], P["escalate_2_3"], P["deescalate_1"],
                               P["deescalate_2"], P["war_end_hazard"])
    nuc = (P["nuclear_signal"], P["nuclear_use"], P["nuclear_central"], P["nuclear_back"])
    restraint = P["nuclear_restraint"]
    tables = [ladder.tables(p12, p23, d1, d2, h_end, 1.0,
                            restraint if st.dyad_both_nuclear[d] else 1.0,
                            nuc if st.dyad_nuclear[d] else None) for d in range(D)]
    q_eff = {c: troops.targeting_probability(P["q_target"], P["un_legitimacy"],
                                             st.commitments[c].un_mandate)
             for c in lay.troop_commitments}
    omega = P["credibility_learning"]
    by_guarantor: dict[int, list[int]] = {}
    for c in st.commitments:
        by_guarantor.setdefault(c.guarantor, []).append(c.index)
    plan_done = np.zeros((n, len(st.war_plans)), dtype=bool)
    event_dyads = sorted({m} | {f[3] for f in st.factions})

    first_war = np.full(n, H + 1, dtype=np.int16)
    peace = np.zeros(n, dtype=np.int16)
    gcombat = np.zeros(n, dtype=bool)
    gpwar = np.zeros(n, dtype=bool)
    nuke = np.zeros(n, dtype=bool)
    strikes = np.zeros(n, dtype=np.int16)
    gp_cols = np.flatnonzero(st.dyad_great_power)
    nuc_cols = np.flatnonzero(st.dyad_nuclear)
    g_pairs = [(g, d) for g, d in st.guarantor_dyads]
    is_guarantor = {g: np.zeros(n, bool) for g, _ in g_pairs}
    for c in st.commitments:
        if c.beneficiary == st.prot and c.guarantor in is_guarantor:
            is_guarantor[c.guarantor] |= active[:, c.index]

    def record(t: int) -> None:
        war_now = level[:, m] >= ladder.WAR
        if t > 0:
            np.copyto(first_war, np.int16(t), where=war_now & (first_war > H))
            peace[:] += ~war_now
        for g, d in g_pairs:
            gcombat[:] |= is_guarantor[g] & (level[:, d] >= ladder.STRIKES)
        for dg in gp_cols:
            gpwar[:] |= level[:, dg] >= ladder.WAR
        for dn in nuc_cols:
            nuke[:] |= level[:, dn] >= ladder.LIMITED_NUCLEAR

    record(0)
    max_level = level.max(axis=1)
    for t in range(1, H + 1):
        u = uniforms(t)
        # 1. deterrence and cover
        j = cred * auto_pending + bound  # = deterrence.joining(cred, auto, cstate, active)
        provoked_p = init[:, m] == st.prot
        provoked_a = init[:, m] == st.adv
        D_adv = deterrence.deterrence(st.links_adv, j, provoked_p, st.prot, len(st.states),
                                      P["arms_share"], P["umbrella_bonus"])
        D_prot = deterrence.deterrence(st.links_prot, j, provoked_a, st.adv, len(st.states),
                                       P["arms_share"], P["umbrella_bonus"])
        U = {a: deterrence.cover(j, cs) for a, cs in uncond.items()}
        M_adv = initiation.multiplier(tau, D_adv, U[st.adv], b_tau, b_d, kappa, mu)
        M_prot = initiation.multiplier(0.0, D_prot, U[st.prot], b_tau, b_d, kappa, mu)
        # dyads that events (steps 2-4) may raise this month: they make no ladder move
        start = {d: level[:, d].copy() for d in event_dyads}
        # 2. spoilers
        for i, (host, _target, control, d) in enumerate(st.factions):
            col = level[:, d]
            hz = spoilers.strike_hazard(P["spoiler_hazard"], mu, U[host], control)
            hit = (col < ladder.WAR) & (u[lay.spoil + i] < hz)
            fresh = hit & (col == 0)
            np.putmask(init[:, d], fresh, host)
            strikes += hit
            np.putmask(col, fresh, ladder.INCIDENTS)
            ret = hit & (u[lay.retaliate + i] < P["retaliation_prob"])
            np.putmask(col, ret & (col < ladder.STRIKES), ladder.STRIKES)
        # 3. incidents
        col = level[:, m]
        inc = (col == 0) & (u[lay.incident] < h_inc)
        np.putmask(col, inc, ladder.INCIDENTS)
        # 4. deliberate initiation
        for row, side, rev, M in ((0, st.adv, rev_a, M_adv), (1, st.prot, rev_p, M_prot)):
            if rev <= 0.0:
                continue
            hz = initiation.hazard(P["attack_hazard"], rev, M)
            att = (col < ladder.WAR) & (u[lay.attack + row] < hz)
            np.putmask(init[:, m], att & (col == 0), side)
            np.putmask(col, att, ladder.WAR)
        # 5. ladder moves
        for d in range(D):
            dcol = level[:, d]
            if not dcol.any():  # every replication at peace: nothing can move
                continue
            up, down = tables[d] if d != m else ladder.tables(
                p12, p23, d1, d2, h_end, M_adv, restraint if st.dyad_both_nuclear[m] else 1.0,
                nuc if st.dyad_nuclear[m] else None)
            ladder.step(dcol, u[lay.ladder + d], up, down,
                        dcol == start[d] if d in start else None)
            np.putmask(init[:, d], dcol == 0, -1)
        # 6. troops as targets
        for k, ci in enumerate(lay.troop_commitments):
            spec = st.commitments[ci]
            b = spec.beneficiary
            if b not in (st.adv, st.prot):
                continue
            x = st.prot if b == st.adv else st.adv
            d = st.dyad(spec.guarantor, x)
            if d < 0 or x == spec.guarantor:
                continue
            present = active[:, ci] & (cstate[:, ci] != 2)
            hit = present & (level[:, m] >= ladder.STRIKES) & (u[lay.troops + k] < q_eff[ci])
            np.putmask(init[:, d], hit & (level[:, d] == 0), x)
            np.putmask(level[:, d], hit & (level[:, d] < ladder.STRIKES), ladder.STRIKES)
        # 7. commitments and war plans fire, until nothing new fires
        if _fire(st, lay, u, level, init, cstate, cred, auto, active, plan_done, omega,
                 by_guarantor):
            decided = cstate != 0
            auto_pending[decided] = 0.0
            bound[cstate == 1] = 1.0
        # 8. erosion, bookkeeping
        cred *= decay[:, None]
        np.maximum(max_level, level.max(axis=1), out=max_level)
        record(t)

    return ChunkOutcomes(deal, first_war, peace, gcombat, gpwar, nuke, max_level, strikes,
                         cstate == 1, cstate == 2)


def _triggered(spec: CommitmentSpec, level: NDArray[np.int8], init: NDArray[np.int8], e: int,
               f: int) -> B:
    """Replications in which attacker dyad ``e`` (or forces dyad ``f``) triggers ``spec``."""
    trig = np.zeros(level.shape[0], dtype=bool)
    if spec.territory:
        t_ = level[:, e] >= ladder.WAR
        if spec.conditional:
            t_ &= init[:, e] != spec.beneficiary
        trig |= t_
    if spec.forces and f >= 0:
        f_ = level[:, f] >= ladder.STRIKES
        if spec.conditional:
            f_ &= init[:, f] != spec.guarantor
        trig |= f_
    return trig


def _fire(st: Structure, lay: Layout, u: NDArray[np.float32], level: NDArray[np.int8],
          init: NDArray[np.int8], cstate: NDArray[np.int8], cred: F, auto: F,
          active: B, plan_done: B, omega: F, by_guarantor: dict[int, list[int]]) -> bool:
    """Step 7: fire commitments and war plans along the network, to a fixed point.

    Returns whether any commitment was decided this month.
    """
    decided = False
    changed = True
    while changed:  # terminates: each change decides a commitment or raises a bounded level
        changed = False
        for k, c in enumerate(lay.firing_commitments):
            spec = st.commitments[c]
            pending = active[:, c] & (cstate[:, c] == 0)
            bound = active[:, c] & (cstate[:, c] == 1)
            if not (pending.any() or bound.any()):
                continue
            g = spec.guarantor
            for _x, e, f in spec.candidates:
                trig = _triggered(spec, level, init, e, f)
                # an honoured pledge binds against every attacker it covers
                again = bound & trig & (level[:, f] < spec.level)
                if again.any():
                    changed = True
                    fcol = level[:, f]
                    np.putmask(init[:, f], again & (fcol == 0), g)
                    np.putmask(fcol, again, spec.level)
                trig &= pending
                if not trig.any():
                    continue
                changed = decided = True
                honour = trig & (u[lay.fire + k] < cred[:, c] * auto[:, c])
                defect = trig & ~honour
                if spec.level > 0:
                    fcol = level[:, f]
                    np.putmask(init[:, f], honour & (fcol == 0), g)
                    np.putmask(fcol, honour & (fcol < spec.level), spec.level)
                np.putmask(cstate[:, c], honour, 1)
                np.putmask(cstate[:, c], defect, 2)
                pending &= ~trig
                for other in by_guarantor[g]:
                    if other != c:
                        o = st.commitments[other]
                        cred[:, other] = commitments.learn(cred[:, other], o.cred_k, omega,
                                                           honour, defect)
        for w, (tdy, rdy, p) in enumerate(st.war_plans):
            trig = ~plan_done[:, w] & (level[:, tdy] >= ladder.WAR)
            if not trig.any():
                continue
            changed = True
            go = warplans.fires(trig, u[lay.plans + w], p)
            rcol = level[:, rdy]
            np.putmask(init[:, rdy], go & (rcol == 0), st.war_plan_actor[w])
            np.putmask(rcol, go & (rcol < ladder.WAR), ladder.WAR)
            plan_done[:, w] |= trig
    return decided
