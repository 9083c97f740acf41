"""The monthly rules of foedus as an idiomatic Mesa 3 agent-based model.

This is the baseline a modeller would otherwise write: one Mesa ``Model`` per
replication, whose ``step()`` is one month; states, spoiler factions and
commitments are ``Agent`` objects that act through ``AgentSet.do`` in the
order of the monthly rules (``docs/model.md`` section 4); dyads' ladder levels
and episode initiators live on the model. It is a second implementation of
the rules, written from the model documentation, and the test suite compares
its outcome distributions with the kernel's (``tests/benchmarks``).

It implements model v2 (``docs/model.md`` section 4): the main dyad's
deliberate attacks follow the Weibull recurrence hazard on the clock since the
last ceasefire (or, in a crisis case, only while the crisis lasts), shared by
revisionism (moved by a signed deal's terms) and scaled by the side's resolve
exp(β_R·(rev − r̄)) and by the multiplier of the threat a settlement adds
(τ − τ⁰); a faction counts the share φ of its host's conditional cover as
emboldening cover; every episode has a latent crisis type (high stakes when begun
deliberately or under way at month 0, drawn for a spoiler's episode, low for an
incident) that sets its ladder rates; nuclear signalling scales with
battlefield defeat and the 2 → 3 move with the nuclear restraint (both sides
armed) or the one-side factor; a triggered pledge is decided by the
guarantor's propensity ``min(1, cred + a_T·troops)`` (times η_N against a
nuclear-armed attacker) while the adversary is deterred by its belief
``cred·auto``; an honoured assurance turns to combat with probability a_C; an
honoured pledge between two nuclear-armed states enters at level 2 at most;
conditional pledges restrain their client's spoilers; guarantor combat counts
only a guarantor whose forces fight (it honoured a pledge to the protected
state or began the episode).

It shares with the engine only what is not a monthly rule: the compiled
scenario (:class:`~foedus.engine.structure.Structure`), the parameter draws
(:func:`~foedus.engine.inputs.draw_inputs`) and the month-0 deal stage
(:func:`~foedus.engine.rules.month0`), whose results it reads: the deal, the
commitments in force, their credibilities after the lens's shift, the threat
with and without the settlement and the incident hazard. Monthly random
numbers come from the model's own ``random`` (one uniform per random event),
so agreement is in distribution, not draw by draw. It does not skip quiet
months (the engine does, exactly in distribution), so it checks that too.

Mesa is a development dependency only; the ``foedus`` package never imports
it. Two quirks of Mesa 3.3.1 are handled here: importing it forces the
multiprocessing start method to "spawn" (restored by :func:`import_mesa`), and
``mesa.Agent._ids`` keeps a reference to every model ever built (cleared after
each replication, or memory grows without bound).
"""

from __future__ import annotations

import math
import multiprocessing
from types import ModuleType
from typing import Any

import numpy as np

from foedus.engine import rules
from foedus.engine.inputs import BlockInputs
from foedus.engine.outcomes import ChunkOutcomes
from foedus.engine.pack import pack
from foedus.engine.structure import MILITARY, CommitmentSpec, Structure
from foedus.evidence import fitted
from foedus.model import params as model_params
from foedus.model.decisions import new_control

PEACE, INCIDENTS, STRIKES, WAR, SIGNALLING, LIMITED_NUCLEAR, STRATEGIC = range(7)
UNTRIGGERED, HONOURED, DEFECTED = 0, 1, 2
LOW, HIGH = 0, 1  # crisis types of an episode


def month0(st: Structure, inp: BlockInputs) -> dict[str, Any]:
    """The engine's deal stage for every replication.

    Returns arrays over replications: ``deal``, ``active`` (n, C), ``cred`` (n, C)
    (month-0 credibilities after the lens's shift), ``tau``, ``tau0`` (the threat
    of the baseline commitments alone), ``h_inc`` (incident hazard under the
    deal's terms) and, for cross-checks only, ``log_hr`` (the engine's ln HR of
    the main dyad's recurrence hazard; the oracle computes its own,
    :func:`log_hazard_ratio`).
    """
    net = pack(st)
    x = rules.new_state(net, new_control(-1, -1, False, False))
    P = np.stack([inp.params[k] for k in model_params.NAMES], axis=1)
    deal = np.zeros(inp.n, bool)
    active = np.zeros((inp.n, len(st.commitments)), bool)
    cred = np.zeros((inp.n, len(st.commitments)))
    tau, tau0, h_inc, log_hr = (np.zeros(inp.n) for _ in range(4))
    for r in range(inp.n):
        rules.month0(net, P[r], x, inp.cred0[r], inp.deal_u[r], inp.seeds[r])
        deal[r] = x.stat[rules.DEAL_SIGNED] != 0
        active[r] = x.active != 0
        cred[r] = x.cred
        tau[r], h_inc[r] = x.real[rules.TAU], x.real[rules.H_INCIDENT]
        tau0[r], log_hr[r] = x.real[rules.TAU0], x.real[rules.LOG_HR]
    return {"deal": deal, "active": active, "cred": cred, "tau": tau, "tau0": tau0,
            "h_inc": h_inc, "log_hr": log_hr}


def import_mesa() -> ModuleType:
    """Import mesa, undoing its change of the multiprocessing start method."""
    before = multiprocessing.get_start_method(allow_none=True)
    import mesa

    if before is not None:
        multiprocessing.set_start_method(before, force=True)
    return mesa


mesa = import_mesa()


def log_hazard_ratio(st: Structure, p: dict[str, float]) -> float:
    """ln HR of the main dyad's recurrence hazard from its covariates (docs/model.md §4.5).

    Known covariates enter as ``ln HR_j·(x_j − x̄_j)`` (x̄ the fitted spells'
    means); a 0/1 covariate the scenario leaves out by its expectation over the
    fitted population, ``ln(1 − m + m·HR_j) − m·ln HR_j``; the capability
    imbalance ``|ln K_A/K_P|`` is always known (offset 0 without capabilities).
    """
    total = 0.0
    for name, value in zip(("contiguous", "rivalry", "post1945"), st.dyad_covariates,
                           strict=True):
        hr, mean = p[f"hr_{name}"], fitted.estimate(f"recurrence.mean_{name}")
        total += (math.log(hr) * (float(value) - mean) if value is not None
                  else math.log(1.0 - mean + mean * hr) - mean * math.log(hr))
    ka, kp = float(st.cap[st.adv]), float(st.cap[st.prot])
    if ka > 0 and kp > 0:
        total += math.log(p["hr_capability"]) * (abs(math.log(ka / kp))
                                                 - fitted.estimate("recurrence.mean_log_cap_ratio"))
    return total


def defeat_factor(cap_a: float, cap_b: float, nuclear_a: bool, nuclear_b: bool) -> float:
    """Nuclear signalling's battlefield-defeat factor B = 2·(1 − w) of a dyad.

    ``w`` is the nuclear-armed side's share of the pair's capability (the weaker
    side's share when both are armed); 0 when neither side is armed.
    """
    if not (nuclear_a or nuclear_b):
        return 0.0
    share_a = cap_a / (cap_a + cap_b) if cap_a + cap_b > 0 else 0.5
    if nuclear_a and nuclear_b:
        w = min(share_a, 1.0 - share_a)
    else:
        w = share_a if nuclear_a else 1.0 - share_a
    return 2.0 * (1.0 - w)


class StateAgent(mesa.Agent):  # type: ignore[misc]
    """A state of the scenario; the two main sides may attack each other."""

    def __init__(self, model: FoedusModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    def attack(self, h_dyad: float) -> None:
        """Step 4: a revisionist main side attacks with its share of the dyad's hazard."""
        m = self.model
        if self.index not in (m.st.adv, m.st.prot) or m.level[m.main] >= WAR:
            return
        rev = m.rev[self.index]
        other = m.st.prot if self.index == m.st.adv else m.st.adv
        if rev <= 0.0:
            return
        share = rev / max(1.0, rev + m.rev[other])
        if m.random.random() < min(1.0, h_dyad * share * m.multiplier[self.index]):
            m.raise_dyad(m.main, WAR, self.index)


class FactionAgent(mesa.Agent):  # type: ignore[misc]
    """A spoiler faction: strikes its host's rival to wreck a ceasefire."""

    def __init__(self, model: FoedusModel, host: int, control: float, dyad: int) -> None:
        super().__init__(model)
        self.host, self.control, self.dyad = host, control, dyad

    def strike(self) -> None:
        """Step 2: strike while the dyad is below war; a new episode draws its type."""
        m, p = self.model, self.model.p
        if m.level[self.dyad] >= WAR:
            return
        embolden = min(1.0, m.cover[self.host]
                       + p["faction_cover"] * m.restraint[self.host])
        hazard = min(1.0, p["spoiler_hazard"] * (1.0 + p["moral_hazard"] * embolden)
                     * (1.0 - p["pledge_restraint"] * m.restraint[self.host])
                     * (1.0 - self.control))
        if m.random.random() < hazard:
            m.strikes += 1
            if m.level[self.dyad] == PEACE:
                m.level[self.dyad], m.init[self.dyad] = INCIDENTS, self.host
                m.ctype[self.dyad] = (HIGH if m.random.random() < p["crisis_share_high"]
                                      else LOW)
            if m.random.random() < p["retaliation_prob"]:
                m.level[self.dyad] = max(m.level[self.dyad], STRIKES)


class CommitmentAgent(mesa.Agent):  # type: ignore[misc]
    """A guarantor's pledge: joins, fires once when triggered, learns, erodes."""

    def __init__(self, model: FoedusModel, spec: CommitmentSpec, cred: float,
                 active: bool) -> None:
        super().__init__(model)
        self.spec, self.cred, self.active = spec, cred, active
        self.state = UNTRIGGERED
        self.response = spec.level

    @property
    def joining(self) -> float:
        """The adversary's belief that the guarantor joins: cred·auto, 1 honoured, 0 defected."""
        if not self.active or self.state == DEFECTED:
            return 0.0
        return 1.0 if self.state == HONOURED else self.cred * self.spec.automaticity

    def propensity(self, attacker: int) -> float:
        """The guarantor's true probability of honouring against ``attacker``."""
        p = self.model.p
        h = min(1.0, self.cred + p["tripwire_bonus"] * float(self.spec.troops))
        return h * p["honour_nuclear_factor"] if self.model.st.nuclear[attacker] else h

    def entry_level(self, f: int) -> int:
        """The level the honoured response raises dyad ``f`` to (combat at most, between
        two nuclear-armed states)."""
        if self.model.st.dyad_both_nuclear[f]:
            return min(self.response, STRIKES)
        return self.response

    def troops_hit(self) -> None:
        """Step 6: troops in place are struck while the main dyad is at 2 or above."""
        m, c = self.model, self.spec
        if not c.troops or c.beneficiary not in (m.st.adv, m.st.prot):
            return
        x = m.st.prot if c.beneficiary == m.st.adv else m.st.adv
        d = m.st.dyad(c.guarantor, x)
        if d < 0 or x == c.guarantor or not self.active or self.state == DEFECTED:
            return
        if m.level[m.main] >= STRIKES:
            q = m.p["q_target"] * (1.0 - (m.p["un_legitimacy"] if c.un_mandate else 0.0))
            if m.random.random() < min(1.0, max(0.0, q)):
                m.raise_dyad(d, STRIKES, x)
                if c.un_mandate or c.type == "monitoring":
                    m.peacekeepers_struck = True

    def triggered_by(self, e: int, f: int) -> bool:
        """Does the attacker with dyads ``e`` (beneficiary) and ``f`` (guarantor) trigger it?"""
        m, c = self.model, self.spec
        if c.territory and m.level[e] >= WAR and not (c.conditional
                                                      and m.init[e] == c.beneficiary):
            return True
        return (c.forces and f >= 0 and m.level[f] >= STRIKES
                and not (c.conditional and m.init[f] == c.guarantor))

    def fire(self) -> bool:
        """Step 7, one pass: bind if honoured, else decide once if triggered."""
        m, c = self.model, self.spec
        if c.level <= 0 or not self.active:
            return False
        changed = False
        honoured_before = self.state == HONOURED
        for x, e, f in c.candidates:
            if not self.triggered_by(e, f):
                continue
            if honoured_before:
                if m.level[f] < self.entry_level(f):
                    m.raise_dyad(f, self.entry_level(f), c.guarantor)
                    changed = True
                continue
            if self.state != UNTRIGGERED:
                continue
            changed = True
            honour = m.random.random() < self.propensity(x)
            self.state = HONOURED if honour else DEFECTED
            if honour:
                if c.level < STRIKES and m.random.random() < m.p["assurance_combat"]:
                    self.response = STRIKES  # an assurance carried out with force
                m.raise_dyad(f, self.entry_level(f), c.guarantor)
            omega = m.p["credibility_learning"]
            for other in m.commitments:
                if other is not self and other.spec.guarantor == c.guarantor:
                    k = other.spec.cred_k
                    other.cred = ((other.cred * k + omega) / (k + omega) if honour
                                  else other.cred * k / (k + omega))
        return changed

    def erode(self) -> None:
        """Step 8: credibility decays with the erosion half-life."""
        self.cred *= self.model.decay


class FoedusModel(mesa.Model):  # type: ignore[misc]
    """One replication of one policy; ``step()`` advances one month.

    Parameters
    ----------
    st : Structure
        The compiled scenario and policy.
    params : dict
        This replication's parameter values.
    m0 : dict
        This replication's month-0 values (see :func:`month0`): ``deal``,
        ``active``, ``cred``, ``tau``, ``tau0``, ``h_inc``, ``log_hr``.
    seed : int
        Seed of the model's random number generator.
    """

    def __init__(self, st: Structure, params: dict[str, float], m0: dict[str, Any],
                 seed: int) -> None:
        super().__init__(seed=seed)
        self.st, self.p, self.main = st, params, st.main
        self.deal, self.tau, self.tau0 = bool(m0["deal"]), m0["tau"], m0["tau0"]
        self.h_incident, self.log_hr = m0["h_inc"], log_hazard_ratio(st, params)
        # the period factor of the high-stakes war step, where the period is known
        post = st.dyad_covariates[2]
        self.era = (1.0 if post is None else math.exp(
            math.log(params["era_odds_ratio"]) * (float(post) - params["era_share_post1945"])))
        self.level = [int(x) for x in st.init_level]
        self.init = [int(x) for x in st.init_initiator]
        # episodes under way at month 0 are high-stakes unless the scenario draws their type
        self.ctype = [HIGH if lv != PEACE and not (drawn and self.random.random()
                                                   >= params["crisis_share_high"]) else LOW
                      for lv, drawn in zip(self.level, st.init_drawn, strict=True)]
        # the recurrence clock: from the ceasefire or the start; none for a crisis case
        # (-1: the hazard acts only while its episode lasts, on the clock from the start)
        in_crisis = PEACE < self.level[self.main] < WAR and not st.settlement
        self.since = -1.0 if in_crisis else 0.0
        # revisionism: as coded, moved by the terms of a signed deal
        self.rev = {st.adv: float(st.revisionism[st.adv]), st.prot: float(st.revisionism[st.prot])}
        if st.settlement and self.deal:
            self.level[self.main], self.init[self.main] = PEACE, -1
            gain = st.adversary_gain - 0.5
            w = params["terms_revisionism"]
            self.rev[st.adv] = min(1.0, max(0.0, self.rev[st.adv] - w * (
                gain + params["sanctions_value"] * st.sanctions_relief)))
            self.rev[st.prot] = min(1.0, max(0.0, self.rev[st.prot] + w * gain))
        self.defeat = [defeat_factor(float(st.cap[a]), float(st.cap[b]), bool(st.nuclear[a]),
                                     bool(st.nuclear[b])) for a, b in st.dyads]
        self.decay = 2.0 ** (-1.0 / params["erosion_half_life"])
        self.states = [StateAgent(self, i) for i in range(len(st.states))]
        self.factions = [FactionAgent(self, h, ctl, d) for h, _t, ctl, d in st.factions]
        self.commitments = [CommitmentAgent(self, c, float(m0["cred"][c.index]),
                                            bool(m0["active"][c.index]))
                            for c in st.commitments]
        self.plan_done = [False] * len(st.war_plans)
        self.guarantor_in_force = {g: any(a.active for a in self.commitments
                                          if a.spec.beneficiary == st.prot
                                          and a.spec.guarantor == g)
                                   for g, _ in st.guarantor_dyads}
        self.cover: dict[int, float] = {}
        self.restraint: dict[int, float] = {}
        self.multiplier: dict[int, float] = {}
        self.strikes = 0
        self.peacekeepers_struck = False
        self.month = 0
        # no deal: the war under way goes on into month 1
        war_goes_on = not self.deal and self.level[self.main] >= WAR
        self.first_war = 1 if war_goes_on else st.horizon + 1
        self.peace_months = 0
        self.guarantor_combat = self.great_power_war = self.nuclear_use = False
        self.max_level = max(self.level)
        self.record()

    # --- helpers -----------------------------------------------------------------------
    def raise_dyad(self, d: int, to: int, who: int) -> None:
        """Raise dyad ``d`` to at least ``to``; a deliberate episode from peace is
        ``who``'s and high-stakes."""
        if self.level[d] == PEACE:
            self.init[d], self.ctype[d] = who, HIGH
        self.level[d] = max(self.level[d], to)

    def deterrence(self, links: Any, provoked: bool, target: int) -> float:
        """Deterrence of an attack on ``target`` along the chains of military links."""
        reach = {target: 1.0}
        total = 0.0
        for lk in links:
            j = self.commitments[lk.commitment].joining
            if lk.direct and lk.conditional and provoked:
                j = 0.0
            contribution = reach.get(lk.beneficiary, 0.0) * j
            w = lk.weight * (self.p["arms_share"] if lk.arms else 1.0)
            if lk.umbrella:
                w *= 1.0 + self.p["umbrella_bonus"]
            total += contribution * w
            if lk.military:
                reach[lk.guarantor] = max(reach.get(lk.guarantor, 0.0), contribution)
        return total

    def pledged(self, a: int, conditional: bool) -> float:
        """Capped sum of joining beliefs of military pledges to ``a`` of one kind."""
        return min(1.0, sum(c.joining for c in self.commitments
                            if c.spec.beneficiary == a and c.spec.conditional == conditional
                            and c.spec.type in MILITARY))

    def dyad_hazard(self) -> float:
        """The main dyad's Weibull recurrence hazard this month (0 before any war and
        outside a crisis)."""
        since = self.since
        if since < 0.0:
            if self.level[self.main] == PEACE:
                return 0.0
            since = 0.0
        t = max(1.0, self.month + 1 - since)
        return (self.p["attack_hazard"] * (t / 12.0) ** (self.p["recurrence_shape"] - 1.0)
                * math.exp(self.log_hr))

    def ladder_move(self, d: int) -> None:
        """Step 5 for one dyad: at most one rung, upward moves checked first."""
        st, p, lv = self.st, self.p, self.level[d]
        nuclear, both = bool(st.dyad_nuclear[d]), bool(st.dyad_both_nuclear[d])
        if lv in (PEACE, STRATEGIC) or (lv >= SIGNALLING and not nuclear):
            return
        high = self.ctype[d] == HIGH
        mult = self.multiplier[st.adv] if d == self.main else 1.0
        restraint = (p["nuclear_restraint"] if both
                     else p["nuclear_one_factor"] if nuclear else 1.0)
        up = {INCIDENTS: min(1.0, p["escalate_1_2" if high else "escalate_1_2_low"] * mult),
              STRIKES: min(1.0, (p["escalate_2_3"] * self.era if high else 0.0) * mult
                           * restraint),
              WAR: min(1.0, p["nuclear_signal"] * self.defeat[d]) if nuclear else 0.0,
              SIGNALLING: p["nuclear_use"],
              LIMITED_NUCLEAR: p["nuclear_central"] if both else 0.0}
        down = {INCIDENTS: (p["deescalate_1" if high else "deescalate_1_low"], PEACE),
                STRIKES: (p["deescalate_2" if high else "deescalate_2_low"], PEACE),
                WAR: (p["war_end_hazard"], INCIDENTS), SIGNALLING: (p["nuclear_back"], WAR),
                LIMITED_NUCLEAR: (p["nuclear_back"], SIGNALLING)}
        u = self.random.random()
        if u < up[lv]:
            self.level[d] = lv + 1
        elif u >= 1.0 - down[lv][0]:
            self.level[d] = down[lv][1]
            if d == self.main and lv == WAR:
                self.since = self.month + 1  # a ceasefire restarts the recurrence clock

    def fighting(self, g: int, d: int) -> bool:
        """Do ``g``'s forces fight the adversary: it began the episode or honoured a
        pledge to the protected state?"""
        return self.init[d] == g or any(
            c.state == HONOURED for c in self.commitments
            if c.spec.guarantor == g and c.spec.beneficiary == self.st.prot)

    def record(self) -> None:
        """Outcomes of the month just simulated (month 0 counts for combat only)."""
        st = self.st
        if self.month > 0:
            if self.level[self.main] >= WAR:
                self.first_war = min(self.first_war, self.month)
            else:
                self.peace_months += 1
        for g, d in st.guarantor_dyads:
            self.guarantor_combat |= (self.guarantor_in_force[g] and self.level[d] >= STRIKES
                                      and self.fighting(g, d))
        for d, lv in enumerate(self.level):
            self.great_power_war |= bool(st.dyad_great_power[d]) and lv >= WAR
            self.nuclear_use |= bool(st.dyad_nuclear[d]) and lv >= LIMITED_NUCLEAR
        self.max_level = max(self.max_level, *self.level)

    # --- one month ---------------------------------------------------------------------
    def step(self) -> None:
        """One month, in the order of the rules."""
        st, p, m = self.st, self.p, self.main
        # 1. deterrence, cover and restraint
        d_adv = self.deterrence(st.links_adv, self.init[m] == st.prot, st.prot)
        d_prot = self.deterrence(st.links_prot, self.init[m] == st.adv, st.adv)
        for a in {st.adv, st.prot, *st.hosts}:
            self.cover[a] = self.pledged(a, conditional=False)
            self.restraint[a] = self.pledged(a, conditional=True)
        for side, tau, tau0, d in ((st.adv, self.tau, self.tau0, d_adv),
                                   (st.prot, 0.0, 0.0, d_prot)):
            resolve = math.exp(min(50.0, p["resolve_effect"]
                                   * (self.rev[side] - p["resolve_reference"])))
            self.multiplier[side] = (resolve
                                     * math.exp(p["threat_initiation"] * (tau - tau0)
                                                - p["deterrence_effect"]
                                                * (1.0 - p["threat_discount"] * tau) * d)
                                     * (1.0 + p["moral_hazard"] * self.cover[side]))
        start = list(self.level)
        # 2. spoilers
        if self.factions:
            self.agents_by_type[FactionAgent].do("strike")
        # 3. incidents: low-stakes episodes on the contact line
        if self.level[m] == PEACE and self.random.random() < self.h_incident:
            self.level[m], self.ctype[m] = INCIDENTS, LOW
        # 4. deliberate initiation: the adversary, then the protected state
        h_dyad = self.dyad_hazard()
        self.states[st.adv].attack(h_dyad)
        self.states[st.prot].attack(h_dyad)
        # 5. ladder moves of dyads not raised by steps 2-4
        for d in range(len(self.level)):
            if self.level[d] == start[d]:
                self.ladder_move(d)
            if self.level[d] == PEACE:
                self.init[d] = -1
        # 6. troops as targets
        for c in self.commitments:
            c.troops_hit()
        # 7. commitments and war plans, until a pass changes nothing
        changed = True
        while changed:
            changed = False
            for c in self.commitments:
                changed |= c.fire()
            for w, (trigger, response, prob) in enumerate(st.war_plans):
                if self.plan_done[w] or self.level[trigger] < WAR:
                    continue
                changed = self.plan_done[w] = True
                if self.random.random() < prob:
                    self.raise_dyad(response, WAR, st.war_plan_actor[w])
        # 8. erosion and bookkeeping
        if self.commitments:
            self.agents_by_type[CommitmentAgent].do("erode")
        self.month += 1
        self.record()


def simulate_mesa(st: Structure, inp: BlockInputs, seed: int) -> ChunkOutcomes:
    """Run one Mesa model per replication of ``inp``; return the engine's outcome arrays."""
    m0 = month0(st, inp)
    n, C, H = inp.n, len(st.commitments), st.horizon
    names = list(inp.params)
    cols = [inp.params[k].tolist() for k in names]
    seeds = np.random.SeedSequence(seed).generate_state(n).tolist()
    out: dict[str, list[Any]] = {k: [] for k in ("deal", "first_war", "peace", "gc", "gp",
                                                  "nuke", "max", "strikes", "pk", "state")}
    for r in range(n):
        model = FoedusModel(st, {k: float(c[r]) for k, c in zip(names, cols, strict=True)},
                            {k: v[r] for k, v in m0.items()}, seeds[r])
        for _ in range(H):
            model.step()
        out["deal"].append(model.deal)
        out["first_war"].append(model.first_war)
        out["peace"].append(model.peace_months)
        out["gc"].append(model.guarantor_combat)
        out["gp"].append(model.great_power_war)
        out["nuke"].append(model.nuclear_use)
        out["max"].append(model.max_level)
        out["strikes"].append(model.strikes)
        out["pk"].append(model.peacekeepers_struck)
        out["state"].append([c.state for c in model.commitments])
        mesa.Agent._ids.pop(model, None)  # Mesa 3.3.1 keeps every model alive otherwise
    state = np.array(out["state"], dtype=np.int8).reshape(n, C)
    return ChunkOutcomes(
        np.array(out["deal"], bool), np.array(out["first_war"], np.int16),
        np.array(out["peace"], np.int16), np.array(out["gc"], bool), np.array(out["gp"], bool),
        np.array(out["nuke"], bool), np.array(out["max"], np.int8),
        np.array(out["strikes"], np.int16), np.array(out["pk"], bool), state == HONOURED,
        state == DEFECTED)
