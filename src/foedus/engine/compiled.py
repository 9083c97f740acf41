"""An optional numba-compiled monthly kernel, identical to the numpy kernel.

:func:`run_chunk` advances one chunk with exactly the rules, the random
numbers and the floating-point arithmetic of
:func:`foedus.engine.kernel.run_chunk` (the reference), so both return
*identical* outcomes, not merely outcomes equal in distribution. Select it
with ``RunSpec(..., engine="numba")`` or ``--engine numba``; it needs the
optional dependency ``numba`` (``pip install foedus[fast]``).

How identity is kept:

* the month-0 deal stage and every per-replication constant (automaticity,
  erosion factor, targeting probability) are computed by the numpy kernel's
  own functions;
* each month, the compiled loops go over replications one at a time, doing the
  numpy kernel's operations in the same order and the same precision (the
  numpy kernel mixes float32 parameters with float64 threat, hazards and
  multipliers; every such promotion, and numpy's casting of Python floats to
  float32 under NEP 50, is reproduced operation by operation);
* the exponentials of the initiation multipliers are taken by ``numpy.exp``
  between two compiled phases of the month, because numpy's vectorised
  ``exp`` and a compiled ``exp`` may differ in the last bit;
* where the numpy kernel acts on a whole chunk at once with a visible effect
  (a dyad's initiator is cleared at peace only in months when some replication
  of the chunk has that dyad above peace), the compiled kernel computes the
  same chunk-wide flag.

The uniforms of month ``t`` arrive as an (n, K) float32 array, one row per
replication: the transpose of the numpy kernel's (K, n) array, holding the
same numbers (the driver skips the transposing copy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numba
import numpy as np
from numpy.typing import NDArray

from foedus.engine.inputs import BlockInputs
from foedus.engine.kernel import ChunkOutcomes, Layout, _auto, month0
from foedus.engine.structure import MILITARY, Structure
from foedus.model import erosion, troops

__all__ = ["PARAMS", "run_chunk"]

#: Per-replication parameters the monthly loop reads, as columns of one (n, P) array.
PARAMS: tuple[str, ...] = (
    "escalate_1_2", "escalate_2_3", "deescalate_1", "deescalate_2", "war_end_hazard",
    "nuclear_signal", "nuclear_use", "nuclear_central", "nuclear_back", "nuclear_restraint",
    "moral_hazard", "threat_initiation", "deterrence_effect", "threat_discount", "arms_share",
    "umbrella_bonus", "spoiler_hazard", "retaliation_prob", "attack_hazard",
    "credibility_learning",
)
(_P12, _P23, _D1, _D2, _HEND, _P34, _P45, _P56, _P43, _REST, _MU, _BTAU, _BD, _KAPPA, _ARMS,
 _UMB, _HS, _RET, _HA, _OMEGA) = range(len(PARAMS))

# link flags
_MIL, _DIRECT, _COND, _ARMSF, _UMBF = 1, 2, 4, 8, 16
# firing-commitment flags
_TERR, _FORCES = 1, 2

_WAR, _STRIKES, _LIMITED_NUCLEAR = 3, 2, 5
_DROP = np.array([0, 1, 1, 2, 1, 0, 0], dtype=np.int8)

_jit = numba.njit(cache=True, nogil=True)
#: helpers called once per replication are inlined in numba's IR: an ordinary call
#: would update the reference counts of every array argument, once per replication
_inline = numba.njit(cache=True, nogil=True, inline="always")


@_inline
def _min1(x: Any) -> Any:
    """``numpy.minimum(1.0, x)`` for a float64 (NaN propagates, as in numpy)."""
    return 1.0 if x > 1.0 else x


@_inline
def _min1f(x: Any) -> Any:
    """``numpy.minimum(1.0, x)`` for a float32 (NaN propagates, as in numpy)."""
    return np.float32(1.0) if x > np.float32(1.0) else x


@_jit
def _phase_a(u: Any, par: Any, tau: Any, h_inc: Any, level: Any, init: Any, start: Any,
             cred: Any, pending: Any, bound: Any, strikes: Any, links: Any, weights: Any,
             n_links: Any, cov_idx: Any, cov_n: Any, fac: Any, fac_c: Any, m: int, adv: int,
             prot: int, l_spoil: int, l_ret: int, l_inc: int, xa: Any, fa: Any, xp: Any,
             fp: Any) -> None:
    """Steps 1-3 of a month; the exponent and factor of both initiation multipliers.

    ``links[0]`` are the deterrence links of an attack on the protected state,
    ``links[1]`` of an attack on the adversary (``model.deterrence``). No helper
    taking arrays is called inside the replication loop: each call would
    update the arrays' reference counts atomically, once per replication.
    """
    n, C = cred.shape
    D = level.shape[1]
    A = cov_n.shape[0]
    j = np.empty(C, np.float32)
    reach = np.zeros(A, np.float32)
    seen = np.zeros(A, np.bool_)
    U = np.zeros(A, np.float32)
    for r in range(n):
        # 1. deterrence and cover
        for c in range(C):
            j[c] = cred[r, c] * pending[r, c] + bound[r, c]
        arms, umb = par[r, _ARMS], par[r, _UMB]
        d_adv = np.float32(0.0)
        d_prot = np.float32(0.0)
        for side in range(2):
            # model.deterrence.deterrence, float32: an attack on b, provoked or not by b
            b = prot if side == 0 else adv
            provoked = init[r, m] == b
            total = np.float32(0.0)
            for a in range(A):
                seen[a] = False
            for i in range(n_links[side]):
                c, g, h, fl = (links[side, i, 0], links[side, i, 1], links[side, i, 2],
                               links[side, i, 3])
                jc = j[c]
                if (fl & _DIRECT) and (fl & _COND) and provoked:
                    jc = jc * np.float32(0.0)
                contrib = jc if h == b else reach[h] * jc
                w = weights[side, i]
                if fl & _ARMSF:
                    w = w * arms
                if fl & _UMBF:
                    w = w * (np.float32(1.0) + umb)
                total += contrib * w
                if fl & _MIL:
                    if not seen[g]:
                        reach[g] = contrib
                        seen[g] = True
                    elif contrib > reach[g]:
                        reach[g] = contrib
            if side == 0:
                d_adv = total
            else:
                d_prot = total
        for a in range(A):
            k = cov_n[a]
            if k > 0:
                s = np.float32(0.0)
                for i in range(k):
                    s += j[cov_idx[a, i]]
                U[a] = _min1f(s)
        mu = par[r, _MU]
        bt, bd, ka = par[r, _BTAU], par[r, _BD], par[r, _KAPPA]
        tr = tau[r]
        # adversary: tau is float64, so the exponent is float64
        xa[r] = np.float64(bt) * tr - np.float64(bd) * (1.0 - np.float64(ka) * tr) \
            * np.float64(d_adv)
        if cov_n[adv] > 0:
            fa[r] = np.float64(np.float32(1.0) + mu * U[adv])
        else:  # no cover: numpy's float64 zeros make the factor exactly 1.0
            fa[r] = 1.0
        # protected state: tau = 0.0, all float32
        zero = np.float32(0.0)
        xp[r] = bt * zero - bd * (np.float32(1.0) - ka * zero) * d_prot
        if cov_n[prot] > 0:
            fp[r] = np.float32(1.0) + mu * U[prot]
        else:
            fp[r] = np.float32(1.0)
        for d in range(D):
            start[r, d] = level[r, d]
        # 2. spoilers
        for i in range(fac.shape[0]):
            host, d = fac[i, 0], fac[i, 1]
            hs = par[r, _HS]
            if cov_n[host] > 0:
                h32 = hs * (np.float32(1.0) + mu * U[host]) * np.float32(fac_c[i])
                hz = np.float64(_min1f(h32))
            else:
                hz = _min1(np.float64(hs) * 1.0 * fac_c[i])
            col = level[r, d]
            if col < _WAR and np.float64(u[r, l_spoil + i]) < hz:
                if col == 0:
                    init[r, d] = host
                    level[r, d] = 1
                strikes[r] += 1
                if u[r, l_ret + i] < par[r, _RET] and level[r, d] < _STRIKES:
                    level[r, d] = _STRIKES
        # 3. incidents
        if level[r, m] == 0 and np.float64(u[r, l_inc]) < h_inc[r]:
            level[r, m] = 1


@_jit
def _phase_c(t: int, H: int, u: Any, par: Any, ma: Any, mp: Any, mp32: bool, level: Any,
             init: Any, start: Any, cstate: Any, cred: Any, auto: Any, pending: Any,
             bound: Any, active: Any, decay: Any, q_eff: Any, plan_done: Any, rev: Any,
             movable_always: Any, nuclear: Any, both_nuclear: Any, troop: Any, fire: Any,
             fire_cond: Any, cand: Any, cand_n: Any, others: Any, others_n: Any, cred_k: Any,
             plans: Any, plan_p: Any, m: int, adv: int, prot: int, l_att: int, l_lad: int,
             l_trp: int, l_fire: int, l_plans: int, first_war: Any, peace: Any, gcombat: Any,
             gpwar: Any, nuke: Any, max_level: Any, is_guarantor: Any, g_pairs: Any,
             gp_cols: Any, nuc_cols: Any) -> None:
    """Steps 4-8 of a month and its record."""
    n, D = level.shape
    C = cstate.shape[1]
    # 4. deliberate initiation, and which dyads are above peace anywhere in the chunk
    live = np.zeros(D, np.bool_)
    rev_a, rev_p = rev[0], rev[1]
    for r in range(n):
        ha = par[r, _HA]
        if rev_a > 0.0:
            hz = _min1(np.float64(ha * rev_a) * ma[r])
            if level[r, m] < _WAR and np.float64(u[r, l_att]) < hz:
                if level[r, m] == 0:
                    init[r, m] = adv
                level[r, m] = _WAR
        if rev_p > 0.0:
            if mp32:
                h32 = ha * rev_p * np.float32(mp[r])
                hz = np.float64(_min1f(h32))
            else:
                hz = _min1(np.float64(ha * rev_p) * mp[r])
            if level[r, m] < _WAR and np.float64(u[r, l_att + 1]) < hz:
                if level[r, m] == 0:
                    init[r, m] = prot
                level[r, m] = _WAR
        for d in range(D):
            if level[r, d] != 0:
                live[d] = True
    for r in range(n):
        # 5. ladder moves
        for d in range(D):
            if not live[d]:
                continue
            L = level[r, d]
            top = 6 if nuclear[d] else 4
            if 1 <= L < top and (movable_always[d] or start[r, d] == L):
                uu = np.float64(u[r, l_lad + d])
                has_up, has_down = True, True
                up = 0.0
                down = np.float32(0.0)
                if L == 1:
                    if d == m:
                        up = _min1(np.float64(par[r, _P12]) * ma[r])
                    else:
                        up = np.float64(_min1f(par[r, _P12]))
                    down = par[r, _D1]
                elif L == 2:
                    if d == m:
                        rest = np.float64(par[r, _REST]) if both_nuclear[d] else 1.0
                        up = _min1(np.float64(par[r, _P23]) * ma[r] * rest)
                    else:
                        p23 = par[r, _P23] * par[r, _REST] if both_nuclear[d] else par[r, _P23]
                        up = np.float64(_min1f(p23))
                    down = par[r, _D2]
                elif L == 3:
                    if nuclear[d]:
                        up = np.float64(par[r, _P34])
                    else:
                        has_up = False
                    down = par[r, _HEND]
                elif L == 4:
                    up = np.float64(par[r, _P45])
                    down = par[r, _P43]
                else:  # L == 5
                    up = np.float64(par[r, _P56])
                    has_down = False
                if has_up and uu < up:
                    level[r, d] = L + 1
                elif has_down and u[r, l_lad + d] >= np.float32(1.0) - down:
                    level[r, d] = L - _DROP[L]
            if level[r, d] == 0:
                init[r, d] = -1
        # 6. troops as targets
        for k in range(troop.shape[0]):
            ci, x, d = troop[k, 0], troop[k, 1], troop[k, 2]
            if ci < 0:
                continue
            if (active[r, ci] and cstate[r, ci] != 2 and level[r, m] >= _STRIKES
                    and u[r, l_trp + k] < q_eff[r, k]):
                if level[r, d] == 0:
                    init[r, d] = x
                if level[r, d] < _STRIKES:
                    level[r, d] = _STRIKES
        # 7. commitments and war plans fire, until nothing new fires
        decided = False
        changed = True
        while changed:
            changed = False
            for k in range(fire.shape[0]):
                c, lvl, g, ben, fl = fire[k, 0], fire[k, 1], fire[k, 2], fire[k, 3], fire[k, 4]
                if not active[r, c]:
                    continue
                pend = cstate[r, c] == 0
                bnd = cstate[r, c] == 1
                if not (pend or bnd):
                    continue
                cond = fire_cond[k]
                for q in range(cand_n[k]):
                    e, f = cand[k, q, 0], cand[k, q, 1]
                    trig = False
                    if fl & _TERR:
                        trig = level[r, e] >= _WAR and not (cond and init[r, e] == ben)
                    if (fl & _FORCES) and f >= 0 and level[r, f] >= _STRIKES:
                        trig = trig or not (cond and init[r, f] == g)
                    if bnd and trig and level[r, f] < lvl:
                        changed = True
                        if level[r, f] == 0:
                            init[r, f] = g
                        level[r, f] = lvl
                    if not (trig and pend):
                        continue
                    changed = True
                    decided = True
                    honour = u[r, l_fire + k] < cred[r, c] * auto[r, c]
                    if lvl > 0 and honour:
                        if level[r, f] == 0:
                            init[r, f] = g
                        if level[r, f] < lvl:
                            level[r, f] = lvl
                    cstate[r, c] = 1 if honour else 2
                    pend = False
                    om = par[r, _OMEGA]
                    for i in range(others_n[c]):
                        o = others[c, i]
                        kk = cred_k[o]
                        if honour:
                            cred[r, o] = (cred[r, o] * kk + om) / (kk + om)
                        else:
                            cred[r, o] = cred[r, o] * kk / (kk + om)
            for w in range(plans.shape[0]):
                tdy, rdy, actor = plans[w, 0], plans[w, 1], plans[w, 2]
                if plan_done[r, w] or level[r, tdy] < _WAR:
                    continue
                changed = True
                if u[r, l_plans + w] < plan_p[w]:
                    if level[r, rdy] == 0:
                        init[r, rdy] = actor
                    if level[r, rdy] < _WAR:
                        level[r, rdy] = _WAR
                plan_done[r, w] = True
        if decided:
            for c in range(C):
                if cstate[r, c] != 0:
                    pending[r, c] = np.float32(0.0)
                if cstate[r, c] == 1:
                    bound[r, c] = np.float32(1.0)
        # 8. erosion, bookkeeping
        for c in range(C):
            cred[r, c] *= decay[r]
        war_now = level[r, m] >= _WAR
        if war_now and first_war[r] > H:
            first_war[r] = t
        if not war_now:
            peace[r] += 1
        for i in range(g_pairs.shape[0]):
            if is_guarantor[r, i] and level[r, g_pairs[i, 1]] >= _STRIKES:
                gcombat[r] = True
        for i in range(gp_cols.shape[0]):
            if level[r, gp_cols[i]] >= _WAR:
                gpwar[r] = True
        for i in range(nuc_cols.shape[0]):
            if level[r, nuc_cols[i]] >= _LIMITED_NUCLEAR:
                nuke[r] = True
        top = level[r, 0]
        for d in range(1, D):
            if level[r, d] > top:
                top = level[r, d]
        if top > max_level[r]:
            max_level[r] = top


@_jit
def _record0(level: Any, gcombat: Any, gpwar: Any, nuke: Any, max_level: Any,
             is_guarantor: Any, g_pairs: Any, gp_cols: Any, nuc_cols: Any) -> None:
    """The record of month 0 (as ``record(0)`` and the first ``max_level``)."""
    for r in range(level.shape[0]):
        for i in range(g_pairs.shape[0]):
            if is_guarantor[r, i] and level[r, g_pairs[i, 1]] >= _STRIKES:
                gcombat[r] = True
        for i in range(gp_cols.shape[0]):
            if level[r, gp_cols[i]] >= _WAR:
                gpwar[r] = True
        for i in range(nuc_cols.shape[0]):
            if level[r, nuc_cols[i]] >= _LIMITED_NUCLEAR:
                nuke[r] = True
        top = level[r, 0]
        for d in range(1, level.shape[1]):
            if level[r, d] > top:
                top = level[r, d]
        max_level[r] = top


I8 = NDArray[np.int8]
I64 = NDArray[np.int64]


def _links(st: Structure) -> tuple[I64, NDArray[np.float32], I64]:
    """Deterrence links of both attacks, packed: (2, L, 4) ints, (2, L) weights, counts."""
    sides = (st.links_adv, st.links_prot)
    width = max(1, *(len(x) for x in sides))
    idx = np.zeros((2, width, 4), np.int64)
    w = np.zeros((2, width), np.float32)
    for s, links in enumerate(sides):
        for i, lk in enumerate(links):
            fl = (_MIL * lk.military | _DIRECT * lk.direct | _COND * lk.conditional
                  | _ARMSF * lk.arms | _UMBF * lk.umbrella)
            idx[s, i] = (lk.commitment, lk.guarantor, lk.beneficiary, fl)
            w[s, i] = np.float32(lk.weight)  # numpy casts the Python float to float32
    return idx, w, np.array([len(x) for x in sides], np.int64)


def run_chunk(st: Structure, inp: BlockInputs,
              uniforms: Callable[[int], NDArray[np.float32]]) -> ChunkOutcomes:
    """Simulate the replications of ``inp``; identical to the numpy kernel.

    Parameters
    ----------
    st : Structure
        The compiled scenario and policy.
    inp : BlockInputs
        The chunk's inputs (as for :func:`foedus.engine.kernel.run_chunk`).
    uniforms : callable
        ``uniforms(t)`` returns month ``t``'s uniforms as a C-contiguous (n, K)
        float32 array: row ``r`` holds replication ``r``'s K numbers, laid out
        by :class:`~foedus.engine.kernel.Layout`.

    Returns
    -------
    ChunkOutcomes
        Equal, array for array, to what the numpy kernel returns for the same
        inputs and uniforms.
    """
    n, H = inp.n, st.horizon
    P = {k: v.astype(np.float32) for k, v in inp.params.items()}
    lay = Layout.of(st)
    C, D, A = len(st.commitments), len(st.dyads), len(st.states)
    m, adv, prot = st.main, st.adv, st.prot
    deal, active, tau, h_inc = month0(st, inp)
    tau = np.ascontiguousarray(np.broadcast_to(tau, (n,)))
    h_inc = np.ascontiguousarray(np.broadcast_to(h_inc, (n,)))
    if tau.dtype != np.float64 or h_inc.dtype != np.float64:
        raise TypeError("the compiled kernel expects float64 threat and incident hazards")
    active = np.ascontiguousarray(active)

    level = np.empty((n, D), dtype=np.int8)
    level[:] = st.init_level[None, :]
    init = np.empty((n, D), dtype=np.int8)
    init[:] = st.init_initiator[None, :]
    if st.settlement:
        level[deal, m] = 0
        init[deal, m] = -1
    start = np.empty_like(level)
    cstate = np.zeros((n, C), dtype=np.int8)
    cred = np.ascontiguousarray(inp.cred0, dtype=np.float32)
    auto = np.ascontiguousarray(_auto(st, P), dtype=np.float32)
    decay = erosion.monthly_factor(P["erosion_half_life"])
    if decay.dtype != np.float32:
        raise TypeError("the compiled kernel expects a float32 erosion factor")
    pending = np.where(active, auto, np.float32(0.0)).astype(np.float32)
    bound = np.zeros((n, C), dtype=np.float32)
    par = np.ascontiguousarray(np.stack([P[k] for k in PARAMS], axis=1), dtype=np.float32)

    links, weights, n_links = _links(st)
    uncond = {a: [c.index for c in st.commitments if c.beneficiary == a and not c.conditional
                  and c.type in MILITARY] for a in {adv, prot, *st.hosts}}
    width = max([1, *(len(v) for v in uncond.values())])
    cov_idx = np.zeros((A, width), np.int64)
    cov_n = np.full(A, -1, np.int64)
    for a, cs in uncond.items():
        cov_n[a] = len(cs)
        cov_idx[a, :len(cs)] = cs
    fac = np.array([(h, d) for h, _t, _c, d in st.factions], np.int64).reshape(-1, 2)
    fac_c = np.array([1.0 - ctl for _h, _t, ctl, _d in st.factions], np.float64)

    # troops as targets: (commitment, attacker, dyad), -1 where the numpy kernel skips
    troop = np.full((len(lay.troop_commitments), 3), -1, np.int64)
    q_eff = np.zeros((n, len(lay.troop_commitments)), np.float32)
    for k, ci in enumerate(lay.troop_commitments):
        spec = st.commitments[ci]
        b = spec.beneficiary
        if b not in (adv, prot):
            continue
        x = prot if b == adv else adv
        d = st.dyad(spec.guarantor, x)
        if d < 0 or x == spec.guarantor:
            continue
        troop[k] = (ci, x, d)
        q_eff[:, k] = troops.targeting_probability(P["q_target"], P["un_legitimacy"],
                                                   spec.un_mandate)

    fc = lay.firing_commitments
    ncand = max([1, *(len(st.commitments[c].candidates) for c in fc)])
    fire = np.zeros((len(fc), 5), np.int64)
    fire_cond = np.zeros(len(fc), np.bool_)
    cand = np.zeros((len(fc), ncand, 2), np.int64)
    cand_n = np.zeros(len(fc), np.int64)
    for k, c in enumerate(fc):
        spec = st.commitments[c]
        fl = _TERR * spec.territory | _FORCES * spec.forces
        fire[k] = (c, spec.level, spec.guarantor, spec.beneficiary, fl)
        fire_cond[k] = spec.conditional
        cand_n[k] = len(spec.candidates)
        for q, (_x, e, f) in enumerate(spec.candidates):
            cand[k, q] = (e, f)
    others = np.zeros((max(C, 1), max(C, 1)), np.int64)
    others_n = np.zeros(max(C, 1), np.int64)
    for cm in st.commitments:
        os_ = [o.index for o in st.commitments if o.guarantor == cm.guarantor
               and o.index != cm.index]
        others_n[cm.index] = len(os_)
        others[cm.index, :len(os_)] = os_
    cred_k = np.array([float(np.float32(x.cred_k)) for x in st.commitments] or [0.0],
                      np.float32)
    W = len(st.war_plans)
    plans = np.array([(t_, r_, st.war_plan_actor[w])
                      for w, (t_, r_, _p) in enumerate(st.war_plans)], np.int64).reshape(W, 3)
    # numpy compares the float32 uniforms with a Python float in float32 (NEP 50)
    plan_p = np.array([np.float32(p) for _t, _r, p in st.war_plans], np.float32)
    plan_done = np.zeros((n, W), dtype=bool)

    event = np.zeros(D, bool)
    event[[m, *(f[3] for f in st.factions)]] = True
    movable_always = ~event
    nuclear = np.asarray(st.dyad_nuclear, dtype=bool)
    both_nuclear = np.asarray(st.dyad_both_nuclear, dtype=bool)
    rev = np.array([np.float32(st.revisionism[adv]), np.float32(st.revisionism[prot])],
                   np.float32)
    mp32 = bool(cov_n[prot] > 0)

    g_pairs = np.array(st.guarantor_dyads, np.int64).reshape(-1, 2)
    is_guarantor = np.zeros((n, len(g_pairs)), dtype=bool)
    for i, (g, _d) in enumerate(st.guarantor_dyads):
        for cm in st.commitments:
            if cm.beneficiary == prot and cm.guarantor == g:
                is_guarantor[:, i] |= active[:, cm.index]
    gp_cols = np.flatnonzero(st.dyad_great_power).astype(np.int64)
    nuc_cols = np.flatnonzero(st.dyad_nuclear).astype(np.int64)

    first_war = np.full(n, H + 1, dtype=np.int16)
    peace = np.zeros(n, dtype=np.int16)
    gcombat = np.zeros(n, dtype=bool)
    gpwar = np.zeros(n, dtype=bool)
    nuke = np.zeros(n, dtype=bool)
    strikes = np.zeros(n, dtype=np.int16)
    max_level = np.zeros(n, dtype=np.int8)
    xa = np.empty(n, np.float64)
    fa = np.empty(n, np.float64)
    xp = np.empty(n, np.float32)
    fp = np.empty(n, np.float32)

    _record0(level, gcombat, gpwar, nuke, max_level, is_guarantor, g_pairs, gp_cols, nuc_cols)
    for t in range(1, H + 1):
        u = uniforms(t)
        _phase_a(u, par, tau, h_inc, level, init, start, cred, pending, bound, strikes,
                 links, weights, n_links, cov_idx, cov_n, fac, fac_c, m, adv, prot,
                 lay.spoil, lay.retaliate, lay.incident, xa, fa, xp, fp)
        # the multipliers' exponentials, by numpy as in the reference kernel
        ma = np.exp(xa)
        ma *= fa
        ep = np.exp(xp)
        mp = (ep * fp).astype(np.float64) if mp32 else ep.astype(np.float64)
        _phase_c(t, H, u, par, ma, mp, mp32, level, init, start, cstate, cred, auto, pending,
                 bound, active, decay, q_eff, plan_done, rev, movable_always, nuclear,
                 both_nuclear, troop, fire, fire_cond, cand, cand_n, others, others_n, cred_k,
                 plans, plan_p, m, adv, prot, lay.attack, lay.ladder, lay.troops, lay.fire,
                 lay.plans, first_war, peace, gcombat, gpwar, nuke, max_level, is_guarantor,
                 g_pairs, gp_cols, nuc_cols)

    return ChunkOutcomes(deal, first_war, peace, gcombat, gpwar, nuke, max_level, strikes,
                         cstate == 1, cstate == 2)
