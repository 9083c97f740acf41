"""Compile a scenario and a policy into the static structure the kernel runs on.

Array conventions, used throughout the engine (written down once):

* ``R`` replications (axis 0 of every per-replication array);
* ``A`` states (factions are not dyad members; they act through their host);
* ``D`` *live* dyads: unordered pairs of states whose ladder level can ever
  leave 0 given the scenario's structure (the main dyad, spoiler dyads,
  commitment responses and war plans, closed under chaining). Dyads that can
  never be touched stay at 0 and are not stored;
* ``C`` commitments (baseline and policy; ``in_policy`` tells which);
* ``F`` factions, ``W`` war plans.

Per-replication state: levels ``(R, D)`` int8 (Fortran order, so each dyad's
column is contiguous), initiators ``(R, D)`` int8 (state index of whoever began
the current episode, −1 if none), commitment states ``(R, C)`` int8
(0 untriggered, 1 honoured, 2 defected), credibility ``(R, C)`` float64.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from foedus.model.deterrence import Link
from foedus.scenario.schema import Policy, Scenario

#: How much of a guarantor's weight a commitment type brings to deterrence
#: (its response level over 3; arms support is scaled by ``arms_share``).
TYPE_WEIGHT: dict[str, float] = {
    "collective_defense": 1.0,
    "neutrality_guarantee": 1.0,
    "tripwire_force": 1.0,
    "reassurance_force": 2.0 / 3.0,
    "assurance": 1.0 / 3.0,
    "arms_support": 1.0,
    "monitoring": 0.0,
}
MILITARY: frozenset[str] = frozenset(
    {"collective_defense", "neutrality_guarantee", "tripwire_force", "reassurance_force"}
)
CHAIN_DEPTH = 3


@dataclass(frozen=True)
class CommitmentSpec:
    """A commitment compiled to indices."""

    id: str
    index: int
    guarantor: int
    beneficiary: int
    type: str
    level: int
    conditional: bool
    automaticity: float
    cred_mean: float
    cred_k: float
    troops: bool
    un_mandate: bool
    umbrella: bool
    in_policy: bool
    territory: bool
    forces: bool
    #: the commitment's own credibility half-life in months (None: the lens's parameter)
    half_life: float | None
    #: (attacker state, dyad (attacker, beneficiary), dyad (guarantor, attacker),
    #: dyad (attacker, guarantor) or -1) for every attacker this commitment covers.
    candidates: tuple[tuple[int, int, int], ...]


@dataclass(frozen=True)
class Structure:
    """Everything static about one (scenario, policy) pair."""

    scenario_id: str
    policy_id: str
    horizon: int
    crisis: bool
    settlement: bool
    #: when the policy's commitments take effect: "deal", "now" or "ceasefire"
    in_force: str
    states: tuple[str, ...]
    cap: NDArray[np.float64]
    nuclear: NDArray[np.bool_]
    great_power: NDArray[np.bool_]
    revisionism: NDArray[np.float64]
    adv: int
    prot: int
    dyads: tuple[tuple[int, int], ...]
    main: int
    dyad_nuclear: NDArray[np.bool_]  # (D,) at least one side nuclear
    dyad_both_nuclear: NDArray[np.bool_]  # (D,)
    dyad_great_power: NDArray[np.bool_]  # (D,) both sides great powers
    init_level: NDArray[np.int8]  # (D,) levels at month 0 (before the deal)
    init_initiator: NDArray[np.int8]  # (D,)
    init_drawn: NDArray[np.bool_]  # (D,) the initial episode's type is drawn (else high)
    commitments: tuple[CommitmentSpec, ...]
    factions: tuple[tuple[int, int, float, int], ...]  # (host, target, control, dyad)
    war_plans: tuple[tuple[int, int, float], ...]  # (trigger dyad, response dyad, p) + actor
    war_plan_actor: tuple[int, ...]
    links_adv: tuple[Link, ...]  # deterrence of the adversary attacking the protected
    links_prot: tuple[Link, ...]  # deterrence of the protected attacking the adversary
    guarantor_dyads: tuple[tuple[int, int], ...]  # (guarantor state, dyad with adversary)
    hosts: tuple[int, ...]  # faction hosts (for moral hazard U)
    #: recurrence covariates of the main dyad: contiguous, rivalry, post1945 (None: unknown)
    dyad_covariates: tuple[bool | None, bool | None, bool | None]
    # settlement terms (apply only to replications where the deal is signed)
    neutrality: bool
    alliance_path: str
    force_cap: float
    dmz_km: float
    monitoring: str
    joint_commission: bool
    sanctions_relief: float
    adversary_gain: float

    def dyad(self, a: int, b: int) -> int:
        """Index of the live dyad {a, b}, or -1."""
        key = (a, b) if a < b else (b, a)
        try:
            return self.dyads.index(key)
        except ValueError:
            return -1


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def compile_structure(s: Scenario, policy: Policy) -> Structure:
    """Compile scenario ``s`` under ``policy`` (ids must already be validated)."""
    states = tuple(a.id for a in s.states)
    idx = {sid: i for i, sid in enumerate(states)}
    A = len(states)
    cap = np.array([max(s.actor(x).capability, 1e-6) for x in states])
    nuclear = np.array([s.actor(x).nuclear for x in states])
    gp = np.array([s.actor(x).great_power for x in states])
    rev = np.array([s.actor(x).revisionism for x in states])
    adv, prot = idx[s.adversary], idx[s.protected]
    crisis = s.start == "crisis"

    chosen = list(s.baseline) + [c for c in policy.commitments if c not in s.baseline]
    # no deal stage in a crisis: every commitment of the policy is in force from month 0
    in_policy = {c: (not crisis) and c not in s.baseline for c in chosen}
    raw = [s.commitment(c) for c in chosen]

    # --- live dyads: closure of everything that can raise a level --------------------
    live: set[tuple[int, int]] = {_pair(adv, prot)}
    for lv in s.initial_levels:
        live.add(_pair(idx[lv.a], idx[lv.b]))
    factions = list(s.factions)
    fac_idx = [(idx[str(f.host)], idx[str(f.target)], float(f.control or 0.0))
               for f in factions]
    for host, target, _control in fac_idx:
        live.add(_pair(host, target))
    against = {c.id: {idx[x] for x in c.against} for c in raw}
    changed = True
    while changed:
        changed = False
        for c in raw:
            g, b = idx[c.guarantor], idx[c.beneficiary]
            attackers = {x for (p, q) in live for x in (p, q) if b in (p, q) and x != b}
            if c.troops and b in (adv, prot):  # troops as targets: the other main side
                x = prot if b == adv else adv
                attackers.add(x)
                if x != g and _pair(g, x) not in live:
                    live.add(_pair(g, x))
                    changed = True
            for x in attackers:
                if x == g or (against[c.id] and x not in against[c.id]):
                    continue
                if c.level > 0 and _pair(g, x) not in live:
                    live.add(_pair(g, x))
                    changed = True
        for w in s.war_plans:
            trig = _pair(idx[w.actor], idx[w.when_at_war_with])
            resp = _pair(idx[w.actor], idx[w.attacks])
            if trig in live and resp not in live:
                live.add(resp)
                changed = True
    main_pair = _pair(adv, prot)
    dyads = tuple([main_pair] + sorted(live - {main_pair}))
    dpos = {d: i for i, d in enumerate(dyads)}

    def dyad(a: int, b: int) -> int:
        return dpos.get(_pair(a, b), -1)

    # --- commitments ---------------------------------------------------------------------
    specs = []
    for k, c in enumerate(raw):
        g, b = idx[c.guarantor], idx[c.beneficiary]
        cands: list[tuple[int, int, int]] = []
        for x in range(A):
            if x in (g, b) or (against[c.id] and x not in against[c.id]):
                continue
            e, fd = dyad(x, b), dyad(g, x)
            if e < 0 or (fd < 0 and c.level > 0):
                continue
            cands.append((x, e, fd))
        specs.append(CommitmentSpec(
            id=c.id, index=k, guarantor=g, beneficiary=b, type=c.type, level=c.level,
            conditional=c.conditional, automaticity=c.automaticity,
            cred_mean=c.credibility.mean, cred_k=c.credibility.concentration,
            troops=c.troops > 0, un_mandate=c.un_mandate, umbrella=c.nuclear_umbrella,
            in_policy=in_policy[c.id], territory="territory" in c.covers,
            forces="forces" in c.covers and c.troops > 0, half_life=c.erosion_half_life,
            candidates=tuple(cands)))

    def links(a: int, b: int) -> tuple[Link, ...]:
        side_a = {a} | {sp.guarantor for sp in specs if sp.beneficiary == a}
        out: list[Link] = []
        frontier, seen = {b}, {b}
        for depth in range(CHAIN_DEPTH):
            nxt: set[int] = set()
            for sp in specs:
                if sp.beneficiary not in frontier or sp.guarantor in side_a or sp.guarantor == b:
                    continue
                covered = {y for y in against_idx(sp)} if against[sp.id] else None
                if covered is not None and not (covered & side_a):
                    continue
                w = TYPE_WEIGHT[sp.type] * cap[sp.guarantor] / (cap[sp.guarantor] + cap[a])
                if w <= 0.0:
                    continue
                out.append(Link(sp.index, sp.guarantor, sp.beneficiary, float(w),
                                sp.type in MILITARY, depth == 0, sp.conditional,
                                sp.type == "arms_support", sp.umbrella))
                if sp.type in MILITARY and sp.guarantor not in seen:
                    nxt.add(sp.guarantor)
                    seen.add(sp.guarantor)
            frontier = nxt
        return tuple(out)

    def against_idx(sp: CommitmentSpec) -> set[int]:
        return against[raw[sp.index].id]

    init_level = np.zeros(len(dyads), dtype=np.int8)
    init_init = np.full(len(dyads), -1, dtype=np.int8)
    init_drawn = np.zeros(len(dyads), dtype=bool)
    for lv in s.initial_levels:
        d = dyad(idx[lv.a], idx[lv.b])
        init_drawn[d] = lv.stakes == "drawn"
        init_level[d] = lv.level
        init_init[d] = idx[lv.initiator] if lv.initiator is not None else -1
    if not crisis and not any({lv.a, lv.b} == {s.adversary, s.protected}
                              for lv in s.initial_levels):
        init_level[0], init_init[0] = 3, adv  # the war the settlement would end

    g_dyads = tuple(sorted({(sp.guarantor, dyad(sp.guarantor, adv)) for sp in specs
                            if sp.beneficiary == prot and sp.guarantor != adv
                            and dyad(sp.guarantor, adv) >= 0}))
    plans = []
    plan_actor = []
    for w in s.war_plans:
        t, r = dyad(idx[w.actor], idx[w.when_at_war_with]), dyad(idx[w.actor], idx[w.attacks])
        if t >= 0 and r >= 0:
            plans.append((t, r, w.probability))
            plan_actor.append(idx[w.actor])
    fac = tuple((h, t, ctl, dyad(h, t)) for h, t, ctl in fac_idx)
    terms = policy.terms
    return Structure(
        scenario_id=s.id, policy_id=policy.id, horizon=s.horizon, crisis=crisis,
        settlement=policy.settlement and not crisis, in_force=policy.in_force,
        states=states, cap=cap,
        nuclear=nuclear, great_power=gp, revisionism=rev, adv=adv, prot=prot,
        dyad_covariates=((s.dyad.contiguous, s.dyad.rivalry, s.dyad.post1945)
                         if s.dyad is not None else (None, None, None)),
        dyads=dyads, main=0,
        dyad_nuclear=np.array([nuclear[a] or nuclear[b] for a, b in dyads]),
        dyad_both_nuclear=np.array([nuclear[a] and nuclear[b] for a, b in dyads]),
        dyad_great_power=np.array([gp[a] and gp[b] for a, b in dyads]),
        init_level=init_level, init_initiator=init_init, init_drawn=init_drawn,
        commitments=tuple(specs),
        factions=fac, war_plans=tuple(plans), war_plan_actor=tuple(plan_actor),
        links_adv=links(adv, prot), links_prot=links(prot, adv),
        guarantor_dyads=g_dyads, hosts=tuple(sorted({f[0] for f in fac})),
        neutrality=terms.neutrality, alliance_path=terms.alliance_path,
        force_cap=terms.force_cap, dmz_km=terms.dmz_km, monitoring=terms.monitoring,
        joint_commission=terms.joint_commission, sanctions_relief=terms.sanctions_relief,
        adversary_gain=terms.adversary_gain,
    )

