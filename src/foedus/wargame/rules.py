"""The monthly rules of one replication, with decision points a player can take over.

This module applies exactly the rules of the readable reference implementation
(:mod:`foedus.engine.reference`, whose scalar mechanism functions it reuses) to
a single replication, one month per call, and stops where a *player* — the
state whose role the user took — decides instead of the model. Every random
event draws one uniform, in the reference's order, from the ``uniform``
callable; where the player decides, no uniform is drawn (the player's choice
replaces the draw), unless the player delegates the choice to the model.

Decision points of the player's state ``P`` (each a :class:`Prompt`):

``deal``
    Month 0 of a settlement: accept or reject (the deal needs both sides).
``retaliate``
    A faction strikes ``P``: retaliate (the dyad rises to limited strikes) or hold.
``ladder``
    A dyad of ``P`` that may move this month: *escalate* (one rung up, now:
    escalation is unilateral; the nuclear rungs only for a nuclear-armed
    ``P``), *hold* (``P`` refuses to step down; the other side may still
    escalate at the model's rate) or *seek de-escalation* (the model's rates
    both ways: stepping down takes both sides, so the other side's
    willingness is the model's).
``troops``
    ``P`` may strike a guarantor's troops (the model's ``q``): strike or hold.
``honour``
    A commitment ``P`` gave is triggered: honour (``P`` joins at the response
    level; its other pledges gain credibility) or defect.
``war_plan``
    A war plan of ``P`` is triggered: attack or hold.

Deliberate initiation (step 4) by the adversary or the protected state is an
*order*: the player's state attacks in a month only when ordered to
(``attack=True``), never by chance, unless the order is left to the model
(``attack=None``).

With no player (``player = -1``), or with every decision delegated to the
model, one month here is one month of the reference, in distribution.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from foedus.engine.reference import (
    DEFECTED,
    HONOURED,
    NO_ONE,
    UNTRIGGERED,
    _deterrence,
    _joining,
    _ladder_move,
    _month0,
    _multiplier,
    _raise,
    _sigmoid,
    _threat,
    _triggered,
)
from foedus.engine.structure import MILITARY, Structure
from foedus.model.ladder import (
    INCIDENTS,
    LIMITED_NUCLEAR,
    NAMES,
    PEACE,
    SIGNALLING,
    STRATEGIC,
    STRIKES,
    WAR,
)

Params = dict[str, float]
Uniform = Callable[[], float]
#: The answer that hands a decision back to the model (it draws with its own probability).
MODEL = "model"
NOBODY = -1


@dataclass(frozen=True)
class Prompt:
    """A decision the player must take before the month can go on.

    ``options`` are the player's choices; ``model`` gives the probability the
    model would assign to each (what the state would do if the model played it).
    """

    kind: str
    text: str
    options: tuple[str, ...]
    model: dict[str, float]
    labels: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "options": list(self.options),
                "labels": {o: self.labels.get(o, o) for o in self.options},
                "model": {k: round(v, 4) for k, v in self.model.items()}}


class NeedDecision(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised inside a month when the player has to decide; carries the prompt."""

    def __init__(self, prompt: Prompt, events: list[str]) -> None:
        super().__init__(prompt.text)
        self.prompt = prompt
        self.events = events


@dataclass
class ReplicationState:
    """Everything that changes during one replication (JSON-ready via ``to_dict``)."""

    t: int  # the next month to play (0 = the deal stage / crisis start)
    level: list[int]
    init: list[int]
    state: list[int]
    cred: list[float]
    plan_done: list[bool]
    deal: bool = False
    active: list[bool] = field(default_factory=list)
    tau: float = 0.0
    h_incident: float = 0.0
    first_war: int = 0
    peace_months: int = 0
    guarantor_combat: bool = False
    great_power_war: bool = False
    nuclear_use: bool = False
    max_level: int = 0
    spoiler_strikes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> ReplicationState:
        return ReplicationState(**d)

    def copy(self) -> ReplicationState:
        d: dict[str, Any] = {k: (list(v) if isinstance(v, list) else v)
                             for k, v in self.__dict__.items()}
        return ReplicationState(**d)


def initial_state(st: Structure, cred0: list[float]) -> ReplicationState:
    """The state before month 0."""
    C = len(st.commitments)
    return ReplicationState(
        t=0, level=[int(x) for x in st.init_level], init=[int(x) for x in st.init_initiator],
        state=[UNTRIGGERED] * C, cred=list(cred0), plan_done=[False] * len(st.war_plans),
        active=[True] * C, first_war=st.horizon + 1)


def automaticity(st: Structure, p: Params) -> list[float]:
    """Effective automaticity of every commitment (troops add the tripwire bonus)."""
    return [min(1.0, c.automaticity + p["tripwire_bonus"] * float(c.troops))
            for c in st.commitments]


class Month:
    """Plays months of one replication for a player (or none).

    Parameters
    ----------
    st : Structure
        The compiled scenario and policy.
    p : dict
        This replication's parameter values.
    player : int
        The state the user plays, or ``-1`` for none (the model plays everyone).
    decide : callable
        ``decide(prompt) -> option`` for the player's decisions; it may return
        :data:`MODEL`, or raise :class:`NeedDecision` to stop the month.
    names : sequence of str, optional
        Display names of the factions (scenario order), for the event log.
    log : bool
        Keep a human-readable event log.
    """

    def __init__(self, st: Structure, p: Params, player: int,
                 decide: Callable[[Prompt], str], factions: tuple[str, ...] = (),
                 log: bool = True) -> None:
        self.st, self.p, self.player, self.decide = st, p, player, decide
        self.auto = automaticity(st, p)
        self.factions = factions
        self.log = log
        self.events: list[str] = []

    # -- helpers ---------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        if self.log:
            self.events.append(text)

    def _name(self, a: int) -> str:
        return self.st.states[a]

    def _dyad_name(self, d: int) -> str:
        a, b = self.st.dyads[d]
        return f"{self._name(a)}–{self._name(b)}"

    def _decide(self, prompt: Prompt) -> str:
        """The player's answer to ``prompt`` (checked against its options)."""
        try:
            answer = self.decide(prompt)
        except NeedDecision as nd:
            raise NeedDecision(nd.prompt, list(self.events)) from None
        if answer != MODEL and answer not in prompt.options:
            raise ValueError(f"'{answer}' is not a choice here (choices: "
                             f"{', '.join(prompt.options)}, or '{MODEL}')")
        return answer

    def _ask(self, prompt: Prompt, uniform: Uniform, yes: str) -> str:
        """The player's answer; :data:`MODEL` becomes a draw with the model's probability."""
        answer = self._decide(prompt)
        if answer == MODEL:
            return yes if uniform() < prompt.model[yes] else next(
                o for o in prompt.options if o != yes)
        return answer

    def _binary(self, kind: str, text: str, yes: str, no: str, p_yes: float,
                uniform: Uniform, labels: dict[str, str] | None = None) -> bool:
        prompt = Prompt(kind, text, (yes, no), {yes: p_yes, no: 1.0 - p_yes}, labels or {})
        return self._ask(prompt, uniform, yes) == yes

    # -- month 0 ---------------------------------------------------------------------------
    def deal_stage(self, rs: ReplicationState, deal_u: list[float], cred0: list[float],
                   uniform: Uniform) -> None:
        """Month 0: the deal (settlement policies), or the crisis's initial levels."""
        st, p = self.st, self.p
        m0 = _month0(st, p, cred0, deal_u, self.auto)
        deal = m0.deal
        if st.settlement and self.player in (st.adv, st.prot):
            acc_adv, acc_prot = self._acceptance(cred0)
            mine = acc_adv if self.player == st.adv else acc_prot
            other_u, other_p = ((deal_u[1], acc_prot) if self.player == st.adv
                                else (deal_u[0], acc_adv))
            prompt = Prompt("deal", "A settlement is on the table (month 0). Do you sign "
                            "it? It takes effect only if the other side signs too.",
                            ("accept", "reject"), {"accept": mine, "reject": 1.0 - mine})
            answer = self._decide(prompt)
            own_u = deal_u[0] if self.player == st.adv else deal_u[1]
            accept = own_u < mine if answer == MODEL else answer == "accept"
            other = other_u < other_p
            deal = accept and other
            if accept and not other:
                self._say(f"{self._name(st.prot if self.player == st.adv else st.adv)} "
                          "rejects the deal")
            if deal != m0.deal:  # recompute month 0 under the player's choice
                m0 = _month0(st, p, cred0, [0.0, 0.0] if deal else [1.0, 1.0], self.auto)
        rs.deal, rs.active, rs.tau, rs.h_incident = m0.deal, m0.active, m0.tau, m0.h_incident
        if st.settlement:
            self._say("the deal is signed: the war stops" if rs.deal else "no deal is signed")
            if rs.deal:
                rs.level[st.main], rs.init[st.main] = PEACE, NO_ONE
        self._record(rs, 0)
        rs.t = 1

    def _acceptance(self, cred0: list[float]) -> tuple[float, float]:
        """P(accept) of the adversary and of the protected state (the reference's month 0)."""
        st, p = self.st, self.p
        C = len(st.commitments)
        deal_tau = _threat(st, p, [True] * C, with_terms=True)
        j = _joining(cred0, self.auto, [UNTRIGGERED] * C, [True] * C)
        security = min(1.0, max(0.0, _deterrence(st.links_adv, j, False, st.prot,
                                                 p["arms_share"], p["umbrella_bonus"])))
        arms = sum(cred0[c.index] * float(st.cap[c.guarantor]) for c in st.commitments
                   if c.type == "arms_support" and c.beneficiary == st.prot and not c.in_policy)
        k_adv, k_prot = float(st.cap[st.adv]), float(st.cap[st.prot])
        win = k_adv / (k_adv + k_prot + p["arms_share"] * arms)
        x = st.adversary_gain
        gap_adv = ((x + p["sanctions_value"] * st.sanctions_relief
                    - p["threat_aversion"] * deal_tau) - (win - p["war_cost_adversary"]))
        gap_prot = ((1.0 - x + p["security_value"] * security)
                    - (1.0 - win - p["war_cost_protected"]))
        return _sigmoid(p["qre_lambda"] * gap_adv), _sigmoid(p["qre_lambda"] * gap_prot)

    # -- months 1..H -----------------------------------------------------------------------
    def play(self, rs: ReplicationState, uniform: Uniform, attack: bool | None = None
             ) -> None:
        """Play month ``rs.t`` (≥ 1) in place.

        ``attack`` is the player's order to attack (adversary or protected
        state); ``None`` lets the model decide, as for any other state.
        """
        st, p = self.st, self.p
        m, adv, prot, me = st.main, st.adv, st.prot, self.player
        level, init, state, cred, active = rs.level, rs.init, rs.state, rs.cred, rs.active
        # 1. deterrence and cover
        j = _joining(cred, self.auto, state, active)
        d_adv = _deterrence(st.links_adv, j, init[m] == prot, prot, p["arms_share"],
                            p["umbrella_bonus"])
        d_prot = _deterrence(st.links_prot, j, init[m] == adv, adv, p["arms_share"],
                             p["umbrella_bonus"])
        cover: dict[int, float] = {}
        for a in {adv, prot, *st.hosts}:
            cover[a] = min(1.0, sum(j[c.index] for c in st.commitments
                                    if c.beneficiary == a and not c.conditional
                                    and c.type in MILITARY))
        mult = {adv: _multiplier(rs.tau, d_adv, cover[adv], p),
                prot: _multiplier(0.0, d_prot, cover[prot], p)}
        start = list(level)
        # 2. spoilers
        for k, (host, target, control, d) in enumerate(st.factions):
            if level[d] >= WAR:
                continue
            hazard = min(1.0, p["spoiler_hazard"] * (1.0 + p["moral_hazard"] * cover[host])
                         * (1.0 - control))
            if uniform() < hazard:
                rs.spoiler_strikes += 1
                who = self.factions[k] if k < len(self.factions) else f"a faction of {host}"
                self._say(f"spoiler strike: {who} (hosted by {self._name(host)}) hits "
                          f"{self._name(target)}")
                _raise(level, init, d, INCIDENTS, host)
                if target == me and me != NOBODY:
                    hit = self._binary("retaliate", f"{who}, hosted by {self._name(host)}, "
                                       f"struck you. Retaliate against {self._name(host)}?",
                                       "retaliate", "hold", p["retaliation_prob"], uniform)
                else:
                    hit = uniform() < p["retaliation_prob"]
                if hit:
                    self._say(f"{self._name(target)} retaliates against {self._name(host)}")
                    level[d] = max(level[d], STRIKES)
        # 3. incidents
        if level[m] == PEACE and uniform() < rs.h_incident:
            level[m] = INCIDENTS
            self._say(f"incident on the {self._dyad_name(m)} line of contact")
        # 4. deliberate initiation
        for side in (adv, prot):
            rev = float(st.revisionism[side])
            if level[m] >= WAR:
                continue
            if side == me and attack is not None:
                go = attack
            else:
                go = rev > 0.0 and uniform() < min(1.0, p["attack_hazard"] * rev * mult[side])
            if go:
                self._say(f"{self._name(side)} launches an attack: war")
                _raise(level, init, m, WAR, side)
        # 5. ladder moves
        for d in range(len(st.dyads)):
            if level[d] not in (PEACE, STRATEGIC) and level[d] == start[d]:
                before = level[d]
                level[d] = self._move(d, level[d], uniform, mult[adv] if d == m else 1.0)
                if level[d] != before:
                    self._say(f"{self._dyad_name(d)}: {NAMES[before]} → {NAMES[level[d]]}")
            if level[d] == PEACE:
                init[d] = NO_ONE
        # 6. troops as targets
        for ci, x, d, q in self._troop_targets(rs):
            present = active[ci] and state[ci] != DEFECTED
            if not (present and level[m] >= STRIKES):
                continue
            c = st.commitments[ci]
            if x == me:
                hit = self._binary("troops", f"{self._name(c.guarantor)}'s troops "
                                   f"({c.id}) are within reach. Strike them?", "strike",
                                   "hold", q, uniform)
            else:
                hit = uniform() < q
            if hit:
                self._say(f"{self._name(x)} strikes {self._name(c.guarantor)}'s troops")
                _raise(level, init, d, STRIKES, x)
        # 7. commitments and war plans
        self._fire(rs, uniform)
        # 8. erosion and bookkeeping
        decay = 2.0 ** (-1.0 / p["erosion_half_life"])
        for ci in range(len(cred)):
            cred[ci] *= decay
        self._record(rs, rs.t)
        rs.t += 1

    def _move(self, d: int, lv: int, uniform: Uniform, mult: float) -> int:
        st, p, me = self.st, self.p, self.player
        nuclear = bool(st.dyad_nuclear[d])
        restraint = p["nuclear_restraint"] if bool(st.dyad_both_nuclear[d]) else 1.0
        if me == NOBODY or me not in st.dyads[d]:
            return _ladder_move(lv, uniform(), p, mult, restraint, nuclear)
        up, down = _rates(lv, p, mult, restraint, nuclear)
        # only a nuclear-armed player can climb the nuclear rungs
        can_up = lv in (INCIDENTS, STRIKES) or (nuclear and bool(st.nuclear[me])
                                                 and lv in (WAR, SIGNALLING, LIMITED_NUCLEAR))
        other = self._name(st.dyads[d][0] if st.dyads[d][1] == me else st.dyads[d][1])
        options = (("escalate",) if can_up else ()) + ("hold", "de-escalate")
        prompt = Prompt(
            "ladder", f"You and {other} are at {NAMES[lv]} (level {lv}). Your move this "
            "month?", options,
            {"escalate": up, "hold": 1.0 - up - down, "de-escalate": down},
            {"escalate": f"escalate to {NAMES[min(lv + 1, STRATEGIC)]}",
             "hold": "hold (refuse to step down)",
             "de-escalate": "seek de-escalation (the other side decides)"})
        answer = self._decide(prompt)
        if answer == "escalate":
            return lv + 1
        moved = _ladder_move(lv, uniform(), p, mult, restraint, nuclear)
        if answer == "hold" and moved < lv:
            return lv
        return moved

    def _troop_targets(self, rs: ReplicationState) -> list[tuple[int, int, int, float]]:
        st, p = self.st, self.p
        out = []
        for c in st.commitments:
            if not c.troops or c.beneficiary not in (st.adv, st.prot):
                continue
            x = st.prot if c.beneficiary == st.adv else st.adv
            d = st.dyad(c.guarantor, x)
            if d < 0 or x == c.guarantor:
                continue
            q = p["q_target"] * (1.0 - (p["un_legitimacy"] if c.un_mandate else 0.0))
            out.append((c.index, x, d, min(1.0, max(0.0, q))))
        return out

    def _fire(self, rs: ReplicationState, uniform: Uniform) -> None:
        """Step 7 (the reference's passes), with the player's honour/defect and war plans."""
        st, p, me = self.st, self.p, self.player
        level, init, state, cred, active = rs.level, rs.init, rs.state, rs.cred, rs.active
        omega = p["credibility_learning"]
        while True:
            changed = False
            for c in st.commitments:
                if c.level <= 0 or not active[c.index]:
                    continue
                honoured_before = state[c.index] == HONOURED
                for x, e, f in c.candidates:
                    if not _triggered(c, level, init, e, f):
                        continue
                    if honoured_before:
                        if level[f] < c.level:
                            _raise(level, init, f, c.level, c.guarantor)
                            changed = True
                        continue
                    if state[c.index] != UNTRIGGERED:
                        continue
                    changed = True
                    pj = cred[c.index] * self.auto[c.index]
                    if c.guarantor == me:
                        honour = self._binary(
                            "honour", f"Your commitment {c.id} to {self._name(c.beneficiary)} "
                            f"is triggered by {self._name(x)}. Honour it (go to "
                            f"{NAMES[c.level]} with {self._name(x)}) or defect?",
                            "honour", "defect", pj, uniform)
                    else:
                        honour = uniform() < pj
                    state[c.index] = HONOURED if honour else DEFECTED
                    self._say(f"{self._name(c.guarantor)} {'honours' if honour else 'defects on'}"
                              f" {c.id} (attack by {self._name(x)})")
                    if honour:
                        _raise(level, init, f, c.level, c.guarantor)
                    for other in st.commitments:
                        if other.guarantor != c.guarantor or other.index == c.index:
                            continue
                        k, cr = other.cred_k, cred[other.index]
                        cred[other.index] = ((cr * k + omega) / (k + omega) if honour
                                             else cr * k / (k + omega))
            for w, (trigger_dyad, response_dyad, prob) in enumerate(st.war_plans):
                if rs.plan_done[w] or level[trigger_dyad] < WAR:
                    continue
                changed = True
                rs.plan_done[w] = True
                actor = st.war_plan_actor[w]
                target = next(s for s in st.dyads[response_dyad] if s != actor)
                if actor == me:
                    go = self._binary("war_plan", f"Your war plan against {self._name(target)} "
                                      f"is triggered ({self._dyad_name(trigger_dyad)} at war). "
                                      "Execute it?", "attack", "hold", prob, uniform)
                else:
                    go = uniform() < prob
                if go:
                    self._say(f"war plan: {self._name(actor)} attacks {self._name(target)}")
                    _raise(level, init, response_dyad, WAR, actor)
            if not changed:
                return

    def _record(self, rs: ReplicationState, t: int) -> None:
        st, level = self.st, rs.level
        if t > 0:
            if level[st.main] >= WAR:
                rs.first_war = min(rs.first_war, t)
            else:
                rs.peace_months += 1
        for g, d in st.guarantor_dyads:
            in_force = any(rs.active[c.index] for c in st.commitments
                           if c.beneficiary == st.prot and c.guarantor == g)
            if in_force and level[d] >= STRIKES:
                rs.guarantor_combat = True
        for d in range(len(st.dyads)):
            if bool(st.dyad_great_power[d]) and level[d] >= WAR:
                rs.great_power_war = True
            if bool(st.dyad_nuclear[d]) and level[d] >= LIMITED_NUCLEAR:
                rs.nuclear_use = True
        rs.max_level = max(rs.max_level, *level)


def _rates(lv: int, p: Params, mult: float, restraint: float, nuclear: bool
           ) -> tuple[float, float]:
    """The model's P(up) and P(down) of one ladder move (upward moves checked first)."""
    up, down = 0.0, 0.0
    if lv == INCIDENTS:
        up, down = min(1.0, p["escalate_1_2"] * mult), p["deescalate_1"]
    elif lv == STRIKES:
        up, down = min(1.0, p["escalate_2_3"] * mult * restraint), p["deescalate_2"]
    elif lv == WAR:
        up, down = (p["nuclear_signal"] if nuclear else 0.0), p["war_end_hazard"]
    elif nuclear and lv == SIGNALLING:
        up, down = p["nuclear_use"], p["nuclear_back"]
    elif nuclear and lv == LIMITED_NUCLEAR:
        up = p["nuclear_central"]
    up = min(1.0, max(0.0, up))
    return up, max(0.0, min(down, 1.0 - up))


def level_name(level: int) -> str:
    """The ladder rung's name."""
    return NAMES[level]

