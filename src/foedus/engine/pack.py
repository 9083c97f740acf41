"""Pack a compiled :class:`~foedus.engine.structure.Structure` into the rules' :class:`Net`.

The rules (:mod:`foedus.engine.rules`) read the static network as plain
integer and float arrays (numba compiles no Python objects); this module is
the one place that translates the structure's records into those arrays.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from foedus.engine.rules import Net
from foedus.engine.structure import MILITARY, Structure
from foedus.evidence import fitted
from foedus.model.erosion import monthly_factor
from foedus.model.nuclear import defeat

#: Recurrence covariates of the main dyad, in the order of ``Net.cov_x``.
COVARIATES = ("contiguous", "rivalry", "post1945", "log_cap_ratio")
#: Codes of a policy's ``in_force`` (:data:`foedus.engine.rules.IN_FORCE_DEAL` ...).
IN_FORCE = {"deal": 0, "now": 1, "ceasefire": 2}

I64 = NDArray[np.int64]


def _table(rows: list[list[int]], width: int) -> tuple[I64, I64]:
    """Ragged integer rows as a zero-padded (len(rows), width) array and their lengths."""
    out = np.zeros((len(rows), max(width, 1)), np.int64)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out, np.array([len(r) for r in rows], np.int64)


def covariate_offsets(st: Structure) -> NDArray[np.float64]:
    """x − x̄ of the main dyad's recurrence covariates (0 where the scenario gives none)."""
    ka, kp = float(st.cap[st.adv]), float(st.cap[st.prot])
    log_cap = abs(math.log(ka) - math.log(kp)) if ka > 0 and kp > 0 else None
    values = (*st.dyad_covariates, log_cap)
    out = np.zeros(len(COVARIATES))
    for i, (name, v) in enumerate(zip(COVARIATES, values, strict=True)):
        if v is not None:
            out[i] = float(v) - fitted.estimate(f"recurrence.mean_{name}")
    return out


def pack(st: Structure) -> Net:
    """The rules' view of ``st``."""
    cs = st.commitments
    C, A = len(cs), len(st.states)
    adv, prot = st.adv, st.prot

    ncand = max([1, *(len(c.candidates) for c in cs)])
    cand = np.full((C, ncand, 3), -1, np.int64)
    for c in cs:
        for q, trip in enumerate(c.candidates):
            cand[c.index, q] = trip
    others, others_n = _table([[o.index for o in cs if o.guarantor == c.guarantor
                                and o.index != c.index] for c in cs], C)
    sides = (st.links_adv, st.links_prot)
    width = max(1, *(len(x) for x in sides))
    link = np.zeros((2, width, 3), np.int64)
    link_w = np.zeros((2, width))
    link_f = np.zeros((2, width), np.int64)
    for s, links in enumerate(sides):
        for i, lk in enumerate(links):
            link[s, i] = (lk.commitment, lk.guarantor, lk.beneficiary)
            link_w[s, i] = lk.weight
            link_f[s, i] = lk.flags
    cover_rows = [[c.index for c in cs if c.beneficiary == a and not c.conditional
                   and c.type in MILITARY] for a in range(A)]
    cov, cov_n = _table(cover_rows, max(len(r) for r in cover_rows) if A else 1)
    restraint_rows = [[c.index for c in cs if c.beneficiary == a and c.conditional
                       and c.type in MILITARY] for a in range(A)]
    ccov, ccov_n = _table(restraint_rows, max(len(r) for r in restraint_rows) if A else 1)
    troop = []
    for c in cs:
        if not c.troops or c.beneficiary not in (adv, prot):
            continue
        x = prot if c.beneficiary == adv else adv
        d = st.dyad(c.guarantor, x)
        if d >= 0 and x != c.guarantor:
            troop.append((c.index, x, d))
    gcom = np.zeros((len(st.guarantor_dyads), C), np.int64)
    for i, (g, _d) in enumerate(st.guarantor_dyads):
        for c in cs:
            gcom[i, c.index] = int(c.beneficiary == prot and c.guarantor == g)
    return Net(
        horizon=int(st.horizon), adv=int(adv), prot=int(prot), crisis=bool(st.crisis),
        settlement=bool(st.settlement), in_force=IN_FORCE[st.in_force],
        cap=np.asarray(st.cap, np.float64),
        revisionism=np.asarray(st.revisionism, np.float64),
        actor_nuclear=np.asarray(st.nuclear, np.int64), cov_x=covariate_offsets(st),
        cov_known=np.array([v is not None for v in st.dyad_covariates] + [True], np.int64),
        cov_mean=np.array([fitted.estimate(f"recurrence.mean_{c}") for c in COVARIATES]),
        defeat=np.array([defeat(float(st.cap[a]), float(st.cap[b]), bool(st.nuclear[a]),
                                bool(st.nuclear[b])) for a, b in st.dyads], np.float64),
        dyad_a=np.array([a for a, _ in st.dyads], np.int64),
        dyad_b=np.array([b for _, b in st.dyads], np.int64),
        nuclear=np.asarray(st.dyad_nuclear, np.int64),
        both_nuclear=np.asarray(st.dyad_both_nuclear, np.int64),
        great_power=np.asarray(st.dyad_great_power, np.int64),
        init_level=np.asarray(st.init_level, np.int64),
        init_initiator=np.asarray(st.init_initiator, np.int64),
        init_drawn=np.asarray(st.init_drawn, np.int64),
        guarantor=np.array([c.guarantor for c in cs], np.int64),
        beneficiary=np.array([c.beneficiary for c in cs], np.int64),
        level=np.array([c.level for c in cs], np.int64),
        conditional=np.array([c.conditional for c in cs], np.int64),
        territory=np.array([c.territory for c in cs], np.int64),
        forces=np.array([c.forces for c in cs], np.int64),
        troops=np.array([c.troops for c in cs], np.int64),
        un_mandate=np.array([c.un_mandate for c in cs], np.int64),
        in_policy=np.array([c.in_policy for c in cs], np.int64),
        automaticity=np.array([c.automaticity for c in cs], np.float64),
        cred_k=np.array([c.cred_k for c in cs], np.float64),
        erosion=np.array([0.0 if c.half_life is None else monthly_factor(c.half_life)
                          for c in cs], np.float64),
        on_soil=np.array([c.type in ("tripwire_force", "reassurance_force") for c in cs],
                         np.int64),
        monitor_troops=np.array([c.type == "monitoring" and c.troops for c in cs], np.int64),
        collective=np.array([c.type == "collective_defense" for c in cs], np.int64),
        arms_baseline=np.array([c.type == "arms_support" and c.beneficiary == prot
                                and not c.in_policy for c in cs], np.int64),
        cand=cand, cand_n=np.array([len(c.candidates) for c in cs], np.int64),
        others=others, others_n=others_n, link=link, link_w=link_w, link_f=link_f,
        link_n=np.array([len(x) for x in sides], np.int64), cov=cov, cov_n=cov_n,
        ccov=ccov, ccov_n=ccov_n,
        fac=np.array([(h, t, d) for h, t, _c, d in st.factions], np.int64).reshape(-1, 3),
        fac_control=np.array([c for _h, _t, c, _d in st.factions], np.float64),
        troop=np.array(troop, np.int64).reshape(-1, 3),
        plan=np.array([(t, r, st.war_plan_actor[w]) for w, (t, r, _p)
                       in enumerate(st.war_plans)], np.int64).reshape(-1, 3),
        plan_p=np.array([p for _t, _r, p in st.war_plans], np.float64),
        gdyad=np.array(st.guarantor_dyads, np.int64).reshape(-1, 2), gcom=gcom,
        neutrality=bool(st.neutrality), alliance_member=st.alliance_path == "member",
        alliance_promised=st.alliance_path == "promised", force_cap=float(st.force_cap),
        dmz_km=float(st.dmz_km),
        monitoring={"none": 0, "unarmed": 1, "armed": 2}[st.monitoring],
        joint_commission=bool(st.joint_commission),
        sanctions_relief=float(st.sanctions_relief),
        adversary_gain=float(st.adversary_gain),
    )

