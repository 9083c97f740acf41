"""The monthly rules of foedus as an idiomatic Mesa 3 agent-based model.

This is the baseline a modeller would otherwise write: one Mesa ``Model`` per
replication, whose ``step()`` is one month; states, spoiler factions and
commitments are ``Agent`` objects that act through ``AgentSet.do`` in the
order of the monthly rules (``docs/model.md`` section 4); dyads' ladder levels
and episode initiators live on the model. It is a second implementation of
the rules, written from the model documentation, and the test suite compares
its outcome distributions with the kernel's (``tests/benchmarks``).

It shares with the engine only what is not a monthly rule: the compiled
scenario (:class:`~foedus.engine.structure.Structure`), the parameter draws
(:func:`~foedus.engine.inputs.draw_inputs`) and the month-0 deal stage
(:func:`~foedus.engine.rules.month0`). Monthly random numbers come from the
model's own ``random`` (one uniform per random event), so agreement is in
distribution, not draw by draw.

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
from foedus.model import params as model_params
from foedus.model.decisions import new_control

PEACE, INCIDENTS, STRIKES, WAR, SIGNALLING, LIMITED_NUCLEAR, STRATEGIC = range(7)
UNTRIGGERED, HONOURED, DEFECTED = 0, 1, 2


def month0(st: Structure, inp: BlockInputs) -> tuple[Any, Any, Any, Any]:
    """The engine's deal stage for every replication: ``(deal, active (n, C), tau, h_inc)``."""
    net = pack(st)
    x = rules.new_state(net, new_control(-1, -1, False, False))
    P = np.stack([inp.params[k] for k in model_params.NAMES], axis=1)
    deal = np.zeros(inp.n, bool)
    active = np.zeros((inp.n, len(st.commitments)), bool)
    tau, h_inc = np.zeros(inp.n), np.zeros(inp.n)
    for r in range(inp.n):
        rules.month0(net, P[r], x, inp.cred0[r], inp.deal_u[r], inp.seeds[r])
        deal[r] = x.stat[rules.DEAL_SIGNED] != 0
        active[r] = x.active != 0
        tau[r], h_inc[r] = x.real[rules.TAU], x.real[rules.H_INCIDENT]
    return deal, active, tau, h_inc


def import_mesa() -> ModuleType:
    """Import mesa, undoing its change of the multiprocessing start method."""
    before = multiprocessing.get_start_method(allow_none=True)
    import mesa

    if before is not None:
        multiprocessing.set_start_method(before, force=True)
    return mesa


mesa = import_mesa()


class StateAgent(mesa.Agent):  # type: ignore[misc]
    """A state of the scenario; the two main sides may attack each other."""

    def __init__(self, model: FoedusModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    def attack(self) -> None:
        """Step 4: deliberate initiation by a revisionist side of the main dyad."""
        m = self.model
        rev = float(m.st.revisionism[self.index])
        if self.index not in (m.st.adv, m.st.prot) or rev <= 0.0 or m.level[m.main] >= WAR:
            return
        hazard = min(1.0, m.p["attack_hazard"] * rev * m.multiplier[self.index])
        if m.random.random() < hazard:
            m.raise_dyad(m.main, WAR, self.index)


class FactionAgent(mesa.Agent):  # type: ignore[misc]
    """A spoiler faction: strikes its host's rival to wreck a ceasefire."""

    def __init__(self, model: FoedusModel, host: int, control: float, dyad: int) -> None:
        super().__init__(model)
        self.host, self.control, self.dyad = host, control, dyad

    def strike(self) -> None:
        """Step 2: strike while the dyad is below war; the target may retaliate."""
        m = self.model
        if m.level[self.dyad] >= WAR:
            return
        hazard = min(1.0, m.p["spoiler_hazard"] * (1.0 + m.p["moral_hazard"]
                                                   * m.cover[self.host]) * (1.0 - self.control))
        if m.random.random() < hazard:
            m.strikes += 1
            m.raise_dyad(self.dyad, INCIDENTS, self.host)
            if m.random.random() < m.p["retaliation_prob"]:
                m.level[self.dyad] = max(m.level[self.dyad], STRIKES)


class CommitmentAgent(mesa.Agent):  # type: ignore[misc]
    """A guarantor's pledge: joins, fires once when triggered, learns, erodes."""

    def __init__(self, model: FoedusModel, spec: CommitmentSpec, cred: float, auto: float,
                 active: bool) -> None:
        super().__init__(model)
        self.spec, self.cred, self.auto, self.active = spec, cred, auto, active
        self.state = UNTRIGGERED

    @property
    def joining(self) -> float:
        """Probability that the guarantor joins: j = cred·auto, 1 honoured, 0 defected."""
        if not self.active or self.state == DEFECTED:
            return 0.0
        return 1.0 if self.state == HONOURED else self.cred * self.auto

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
        for _x, e, f in c.candidates:
            if not self.triggered_by(e, f):
                continue
            if honoured_before:
                if m.level[f] < c.level:
                    m.raise_dyad(f, c.level, c.guarantor)
                    changed = True
                continue
            if self.state != UNTRIGGERED:
                continue
            changed = True
            honour = m.random.random() < self.cred * self.auto
            self.state = HONOURED if honour else DEFECTED
            if honour:
                m.raise_dyad(f, c.level, c.guarantor)
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
    cred0 : sequence of float
        Month-0 credibilities of the commitments.
    deal, active, tau, h_incident
        The month-0 deal stage of this replication.
    seed : int
        Seed of the model's random number generator.
    """

    def __init__(self, st: Structure, params: dict[str, float], cred0: list[float], deal: bool,
                 active: list[bool], tau: float, h_incident: float, seed: int) -> None:
        super().__init__(seed=seed)
        self.st, self.p, self.main = st, params, st.main
        self.deal, self.tau, self.h_incident = deal, tau, h_incident
        self.level = [int(x) for x in st.init_level]
        self.init = [int(x) for x in st.init_initiator]
        if st.settlement and deal:
            self.level[self.main], self.init[self.main] = PEACE, -1
        self.decay = 2.0 ** (-1.0 / params["erosion_half_life"])
        self.states = [StateAgent(self, i) for i in range(len(st.states))]
        self.factions = [FactionAgent(self, h, ctl, d) for h, _t, ctl, d in st.factions]
        self.commitments = [
            CommitmentAgent(self, c, cred0[c.index],
                            min(1.0, c.automaticity + params["tripwire_bonus"] * float(c.troops)),
                            active[c.index]) for c in st.commitments]
        self.plan_done = [False] * len(st.war_plans)
        self.guarantor_in_force = {g: any(a.active for a in self.commitments
                                          if a.spec.beneficiary == st.prot
                                          and a.spec.guarantor == g)
                                   for g, _ in st.guarantor_dyads}
        self.cover: dict[int, float] = {}
        self.multiplier: dict[int, float] = {}
        self.strikes = 0
        self.peacekeepers_struck = False
        self.month = 0
        self.first_war = st.horizon + 1
        self.peace_months = 0
        self.guarantor_combat = self.great_power_war = self.nuclear_use = False
        self.max_level = max(self.level)
        self.record()

    # --- helpers -----------------------------------------------------------------------
    def raise_dyad(self, d: int, to: int, who: int) -> None:
        """Raise dyad ``d`` to at least ``to``; ``who`` starts the episode if at peace."""
        if self.level[d] == PEACE:
            self.init[d] = who
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

    def ladder_move(self, d: int) -> None:
        """Step 5 for one dyad: at most one rung, upward moves checked first."""
        st, p, lv = self.st, self.p, self.level[d]
        nuclear = bool(st.dyad_nuclear[d])
        mult = self.multiplier[st.adv] if d == self.main else 1.0
        restraint = p["nuclear_restraint"] if st.dyad_both_nuclear[d] else 1.0
        up = {INCIDENTS: min(1.0, p["escalate_1_2"] * mult),
              STRIKES: min(1.0, p["escalate_2_3"] * mult * restraint),
              WAR: p["nuclear_signal"] if nuclear else 0.0,
              SIGNALLING: p["nuclear_use"], LIMITED_NUCLEAR: p["nuclear_central"]}
        down = {INCIDENTS: (p["deescalate_1"], PEACE), STRIKES: (p["deescalate_2"], INCIDENTS),
                WAR: (p["war_end_hazard"], INCIDENTS), SIGNALLING: (p["nuclear_back"], WAR)}
        if lv in (PEACE, STRATEGIC) or (lv >= SIGNALLING and not nuclear):
            return
        u = self.random.random()
        if u < up.get(lv, 0.0):
            self.level[d] = lv + 1
        elif lv in down and u >= 1.0 - down[lv][0]:
            self.level[d] = down[lv][1]

    def record(self) -> None:
        """Outcomes of the month just simulated (month 0 counts for combat only)."""
        st = self.st
        if self.month > 0:
            if self.level[self.main] >= WAR:
                self.first_war = min(self.first_war, self.month)
            else:
                self.peace_months += 1
        for g, d in st.guarantor_dyads:
            self.guarantor_combat |= self.guarantor_in_force[g] and self.level[d] >= STRIKES
        for d, lv in enumerate(self.level):
            self.great_power_war |= bool(st.dyad_great_power[d]) and lv >= WAR
            self.nuclear_use |= bool(st.dyad_nuclear[d]) and lv >= LIMITED_NUCLEAR
        self.max_level = max(self.max_level, *self.level)

    # --- one month ---------------------------------------------------------------------
    def step(self) -> None:
        """One month, in the order of the rules."""
        st, p, m = self.st, self.p, self.main
        # 1. deterrence and cover
        d_adv = self.deterrence(st.links_adv, self.init[m] == st.prot, st.prot)
        d_prot = self.deterrence(st.links_prot, self.init[m] == st.adv, st.adv)
        for a in {st.adv, st.prot, *st.hosts}:
            self.cover[a] = min(1.0, sum(c.joining for c in self.commitments
                                         if c.spec.beneficiary == a and not c.spec.conditional
                                         and c.spec.type in MILITARY))
        for side, tau, d in ((st.adv, self.tau, d_adv), (st.prot, 0.0, d_prot)):
            self.multiplier[side] = (math.exp(p["threat_initiation"] * tau
                                              - p["deterrence_effect"]
                                              * (1.0 - p["threat_discount"] * tau) * d)
                                     * (1.0 + p["moral_hazard"] * self.cover[side]))
        start = list(self.level)
        # 2. spoilers
        if self.factions:
            self.agents_by_type[FactionAgent].do("strike")
        # 3. incidents
        if self.level[m] == PEACE and self.random.random() < self.h_incident:
            self.level[m] = INCIDENTS
        # 4. deliberate initiation: the adversary, then the protected state
        self.states[st.adv].attack()
        self.states[st.prot].attack()
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
    deal, active, tau, h_inc = month0(st, inp)
    n, C, H = inp.n, len(st.commitments), st.horizon
    tau = np.broadcast_to(tau, (n,))
    h_inc = np.broadcast_to(h_inc, (n,))
    names = list(inp.params)
    cols = [inp.params[k].tolist() for k in names]
    seeds = np.random.SeedSequence(seed).generate_state(n).tolist()
    out: dict[str, list[Any]] = {k: [] for k in ("deal", "first_war", "peace", "gc", "gp",
                                                  "nuke", "max", "strikes", "pk", "state")}
    for r in range(n):
        model = FoedusModel(st, {k: float(c[r]) for k, c in zip(names, cols, strict=True)},
                               inp.cred0[r].tolist(), bool(deal[r]), active[r].tolist(),
                               float(tau[r]), float(h_inc[r]), seeds[r])
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
