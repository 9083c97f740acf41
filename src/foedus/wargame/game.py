"""A wargame: one replication played month by month, with the user in one state's shoes.

::

    game = Wargame(lens="evidence", role="uk", seed=7).start(doc, "reassurance-force")
    while not game.finished_:
        if game.prompt_ is not None:          # the user's decision is needed
            game.step(answer="honour")
        else:
            game.step()                       # play the next month
    game.compare(doc, replications=5000)      # the path against the model's distribution

The rules are the engine's own (:mod:`foedus.engine.rules`, run as written),
one month per step, with the player's decisions going through the rules'
decision hook (:mod:`foedus.model.decisions`). A game draws its parameter
values, month-0 credibilities, deal uniforms and random stream exactly as the
engine draws one replication (:func:`foedus.engine.inputs.draw_inputs`) from
its own generator, ``SeedSequence(seed, spawn_key=(policy key, GAME_STREAM))``.
When the model takes every decision, a game is the engine's run of that
replication, month for month. A month is replayed from its start (the state,
random stream included, is kept) with the answers given so far, so a game is
fully described by its JSON (:meth:`Wargame.to_dict`) and resumes exactly.

:meth:`Wargame.advance` plays on until the player has to decide (or for a given
number of months), with the player's standing orders (no attack unless ordered).
Months carry calendar dates when the scenario gives ``start_month``; the log
says what happened and why (which hazard fired, who honoured or defected). The
player sees what its side would know (:meth:`Wargame.commitments`): the drawn
credibility of its own pledges, and of the other sides' pledges only the
belief the model's deterrence reads (credibility × automaticity, 1 once
honoured, 0 once defected or when not in force), never their true propensity.
:func:`after_action` sets the player's path against the model's distribution,
month by month and per outcome.

Decision points of the player's state (each a :class:`Prompt`): ``deal``
(month 0 of a settlement: accept or reject; the deal needs both sides),
``retaliate`` (a faction struck the player), ``ladder`` (a dyad of the player
that may move: escalate, hold or seek de-escalation), ``troops`` (strike a
guarantor's troops), ``honour`` (a pledge the player gave is triggered) and
``war_plan``. Deliberate initiation by the adversary or the protected state is
an *order*: the player's state attacks only when ordered to (``attack=True``),
unless the order is left to the model (``attack=None``).

``stance``: at the start of month 1 a player who gave pledges (any state that
is a guarantor in the policy) states, pledge by pledge, what it makes known
about each: *honour* (a public declaration that it will honour the pledge if
triggered), *stay out* (a public declaration that the pledge will not bring it
in) or *open* (keep the others guessing and decide when the pledge is
triggered). July 1914 turned on such statements: Germany's assurance to Vienna
of 5-6 July (the "blank cheque"), Grey's refusal until 29 July to say whether
Britain would stand by France, Italy's ruling of 31 July that no casus
foederis arose. A declaration ties the player's hands: the pledge's honour
decision is then taken as declared when it comes (a *standing* answer, logged
as such), and it changes what the others read (the deterrence belief
``j = cred·auto``, :mod:`foedus.model.commitments`): a declaration to honour
makes the pledge automatic in their eyes (automaticity 1, belief = the
credibility), one to stay out withdraws it (automaticity 0, belief 0). Sources:
Fearon, J.D. 1997, "Signaling Foreign Policy Interests: Tying Hands versus
Sinking Costs", Journal of Conflict Resolution 41(1): 68-90 (a public
commitment ties hands: it is believed because backing down costs); Mombauer
2017 and Levy 1990/91 (the scenario's sources) for the July statements. The
model makes no declaration: it keeps every pledge as it stands and decides at
the trigger, so a stance left to the model is *open* and changes nothing, and a
game whose every decision is the model's is still the engine's run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from foedus._version import __version__
from foedus.engine import rules
from foedus.engine.inputs import BlockInputs, draw_inputs
from foedus.engine.pack import pack
from foedus.engine.rules import Net, State
from foedus.engine.simulate import policy_key, simulate_points
from foedus.engine.structure import CommitmentSpec, Structure, compile_structure
from foedus.evidence.lenses import resolve
from foedus.evidence.registry import PARAMETER_NAMES
from foedus.model import commitments
from foedus.model import decisions as dc
from foedus.model import params as model_params
from foedus.model.ladder import NAMES, STRATEGIC
from foedus.scenario.loader import Document
from foedus.study.result import OUTCOME_LABELS, PolicyResult, Result

#: The answer that hands a decision back to the model (it draws with its own probability).
MODEL = "model"
NOBODY = -1
#: Answer words and their codes in the rules' decision hook.
_YES = {"accept", "retaliate", "strike", "honour", "attack"}
_LADDER = {"escalate": dc.ESCALATE, "hold": dc.HOLD, "de-escalate": dc.DEESCALATE}
#: A guarantor's stance on a pledge of its own (month 1): the options and, for a public
#: declaration, the automaticity the others then read (see the module's docstring).
STANCES = ("honour", "stay-out", "open")
DECLARED_AUTO = {"honour": 1.0, "stay-out": 0.0}
#: The month in which the stances are asked (the first month after month 0).
STANCE_MONTH = 1
#: The standing answer a stance gives to its pledge's honour decision.
_STANDING = {"honour": "honour", "stay-out": "defect"}
#: The state arrays a game keeps between months.
_KEPT = ("level", "init", "cstate", "active", "cred", "auto", "done", "gin", "rs", "stat",
         "real", "ctype", "resp")


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def calendar(start_month: str | None, t: int) -> str:
    """The calendar month of month ``t`` after ``start_month`` (``YYYY-MM``), e.g.
    ``"August 1914"``; ``"month t"`` without a start."""
    if not start_month:
        return f"month {t}"
    year, month = (int(x) for x in start_month.split("-"))
    k = year * 12 + (month - 1) + t
    return f"{MONTH_NAMES[k % 12]} {k // 12}"


def answer_code(kind: str, answer: str) -> int:
    """The rules' code of ``answer`` to a decision of ``kind``."""
    if answer == MODEL:
        return dc.MODEL
    if kind == "ladder":
        return _LADDER[answer]
    return dc.YES if answer in _YES else dc.NO


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
    #: the commitment a stance is about ("" for the other kinds)
    subject: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "options": list(self.options),
                "labels": {o: self.labels.get(o, o) for o in self.options},
                "model": {k: round(v, 4) for k, v in self.model.items()},
                "subject": self.subject}


class GameState:
    """A read-only view of a replication's state between months."""

    def __init__(self, arrays: dict[str, list[Any]]) -> None:
        stat = arrays["stat"]
        self.t = int(stat[rules.T])
        self.level = [int(v) for v in arrays["level"]]
        self.state = [int(v) for v in arrays["cstate"]]
        self.cred = [float(v) for v in arrays["cred"]]
        self.active = [bool(v) for v in arrays["active"]]
        self.deal = bool(stat[rules.DEAL_SIGNED])
        self.first_war = int(stat[rules.FIRST_WAR])
        self.peace_months = int(stat[rules.PEACE_MONTHS])
        self.guarantor_combat = bool(stat[rules.GUARANTOR_COMBAT])
        self.great_power_war = bool(stat[rules.GREAT_POWER_WAR])
        self.nuclear_use = bool(stat[rules.NUCLEAR_USE])
        self.max_level = int(stat[rules.MAX_LEVEL])
        self.spoiler_strikes = int(stat[rules.SPOILER_STRIKES])
        self.peacekeepers_struck = bool(stat[rules.PEACEKEEPERS_STRUCK])


def _load(x: State, arrays: dict[str, list[Any]]) -> None:
    for name in _KEPT:
        if name in arrays:  # a game saved before an array was kept resumes without it
            getattr(x, name)[:] = arrays[name]


def _save(x: State) -> dict[str, list[Any]]:
    return {name: getattr(x, name).tolist() for name in _KEPT}


#: Stream key of games (distinct from design points and sweep cells).
GAME_STREAM = 0x6A4E


class GameError(ValueError):
    """A move that the game cannot take (finished, decision pending, bad answer)."""


def roles(doc: Document, policy: str) -> list[dict[str, str]]:
    """The states a user may play: the adversary, the protected state, every guarantor."""
    s = doc.scenario
    st = compile_structure(s, s.policy(policy))
    out = [{"state": s.adversary, "kind": "adversary"},
           {"state": s.protected, "kind": "protected"}]
    seen = {s.adversary, s.protected}
    for c in st.commitments:
        g = st.states[c.guarantor]
        if g not in seen:
            seen.add(g)
            out.append({"state": g, "kind": "guarantor"})
    for r in out:
        r["name"] = s.actor(r["state"]).name
    return out


class Wargame:
    """One replication, played month by month.

    Parameters
    ----------
    lens : str
        The lens whose priors the game's parameters are drawn from.
    role : str
        The state the user plays (see :func:`roles`); the model plays the others.
    seed : int or None
        Root seed (``None``: the scenario's).
    horizon : int or None
        Months to play (``None``: the scenario's).
    """

    def __init__(self, lens: str = "evidence", role: str = "", seed: int | None = None,
                 horizon: int | None = None) -> None:
        self.lens = lens
        self.role = role
        self.seed = seed
        self.horizon = horizon

    # -- setup -------------------------------------------------------------------------------
    def _structure(self, doc: Document, policy: str) -> Structure:
        s = doc.scenario
        if self.horizon is not None:
            if not 1 <= self.horizon <= 600:
                raise GameError("horizon must lie in 1..600 months")
            s = s.model_copy(update={"horizon": self.horizon})
        return compile_structure(s, s.policy(policy))

    def start(self, doc: Document, policy: str) -> Wargame:
        """Draw the game's world and stand before month 0; sets the ``*_`` attributes."""
        s = doc.scenario
        if policy not in {p.id for p in s.policies}:
            raise GameError(f"unknown policy '{policy}' (available: "
                            f"{', '.join(p.id for p in s.policies)})")
        allowed = {r["state"]: r["kind"] for r in roles(doc, policy)}
        if self.role not in allowed:
            raise GameError(f"cannot play '{self.role}' here (choose one of: "
                            f"{', '.join(allowed)})")
        priors = resolve(doc, self.lens)
        self.policy_ = policy
        self.start_month_ = s.start_month
        self.seed_ = s.seed if self.seed is None else int(self.seed)
        st = self._structure(doc, policy)
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
            self.seed_, spawn_key=(policy_key(policy), GAME_STREAM))))
        inp = draw_inputs(st, priors, rng, 1, fixed=False)
        self.params_ = {k: float(v[0]) for k, v in inp.params.items()}
        self.cred0_ = [float(x) for x in inp.cred0[0]]
        self.deal_u_ = [float(x) for x in inp.deal_u[0]]
        self.stream_ = [int(x) for x in inp.seeds[0]]
        self._setup(st, s)
        self.arrays_ = _save(self._x)  # before month 0
        self.arrays_["stat"][rules.T] = 0
        self.kind_ = allowed[self.role]
        self.prompt_: Prompt | None = None
        self.answers_: list[str] = []
        self.asked_: list[dict[str, Any]] = []
        self.stances_: dict[str, str] = {}
        self.declared_: list[dict[str, Any]] = []
        self.attack_: bool | None = False
        self.partial_: list[str] = []
        self.history_: list[dict[str, Any]] = []
        self.finished_ = False
        return self

    def _setup(self, st: Structure, s: Any) -> None:
        self._st = st
        self._net: Net = pack(st)
        self._factions = tuple(f.id for f in s.factions)
        self._p = np.array([self.params_[k] for k in model_params.NAMES], np.float64)
        self._x = rules.new_state(self._net, dc.new_control(NOBODY, -1, True, True))

    @property
    def state_(self) -> GameState:
        """The replication's state between months."""
        return GameState(self.arrays_)

    @property
    def structure(self) -> Structure:
        return self._st

    @property
    def player(self) -> int:
        return self._st.states.index(self.role)

    # -- playing -----------------------------------------------------------------------------
    def step(self, answer: str | None = None, attack: bool | None = False) -> Wargame:
        """Answer the pending decision, or play the next month (``attack``: order an attack).

        Runs until the month is over or the player has to decide (``prompt_``).
        ``attack=None`` leaves the decision to attack to the model.
        """
        if self.finished_:
            raise GameError("the game is over")
        if self.prompt_ is not None:
            if answer is None:
                raise GameError(f"a decision is pending: {self.prompt_.text}")
            if answer != MODEL and answer not in self.prompt_.options:
                raise GameError(f"'{answer}' is not a choice here (choices: "
                                f"{', '.join(self.prompt_.options)}, or '{MODEL}')")
            if self.prompt_.kind == "stance":
                self._declare(self.prompt_, answer)
                self._play()
                return self
            self.answers_.append(answer)
            self.asked_.append({"kind": self.prompt_.kind, "text": self.prompt_.text,
                                "answer": answer, "model": self.prompt_.model})
        else:
            if answer is not None:
                raise GameError("no decision is pending; play the next month first")
            if attack is True and self.kind_ not in ("adversary", "protected"):
                raise GameError("only the adversary or the protected state can order an attack")
            self.answers_, self.asked_, self.declared_ = [], [], []
            self.attack_ = attack if self.kind_ in ("adversary", "protected") else None
        self._play()
        return self

    def advance(self, months: int | None = None) -> Wargame:
        """Play on with the player's standing orders (no attack) until the player has to
        decide, the game ends, or ``months`` months have been played.

        The model decides nothing for the player: a pending decision stops the run (and
        must be answered first).
        """
        if months is not None and months < 1:
            raise GameError("months must be at least 1")
        if self.prompt_ is not None:
            raise GameError(f"a decision is pending: {self.prompt_.text}")
        if self.finished_:
            raise GameError("the game is over")
        start = self.state_.t
        while not self.finished_:
            self.step(attack=False)
            if self.prompt_ is not None or (months is not None
                                            and self.state_.t >= start + months):
                break
        return self

    def date(self, t: int) -> str:
        """The calendar month of month ``t`` (see :func:`calendar`)."""
        return calendar(self.start_month_, t)

    def autoplay(self, months: int | None = None) -> Wargame:
        """Let the model take the player's decisions for ``months`` months (or to the end)."""
        start = self.state_.t
        while not self.finished_ and (months is None or self.state_.t < start + months
                                      or self.prompt_ is not None):
            if self.prompt_ is not None:
                self.step(MODEL)
            else:
                self.step(attack=None if self.kind_ in ("adversary", "protected") else False)
        return self

    def _play(self) -> None:
        """Play the current month from its start with the answers given so far.

        A stance still to be taken stops the month before it starts; an honour decision
        that the player's stance answers is answered so, and the month replayed.
        """
        t = int(self.arrays_["stat"][rules.T])
        if t == STANCE_MONTH:
            ask = self._stance_prompt()
            if ask is not None:
                self.prompt_ = ask
                self.partial_ = [self._declaration(d) for d in self.declared_]
                return
        while self._play_once():
            pass

    def _play_once(self) -> bool:
        """Play the month once; True if a standing answer was added (play it again)."""
        x, st = self._x, self._st
        _load(x, self.arrays_)
        ctl = x.ctl
        ctl[:] = dc.new_control(self.player, -1, True, True)
        if self.attack_ is not None and self.kind_ in ("adversary", "protected"):
            ctl[dc.ATTACK] = 1 if self.attack_ else 0
            ctl[dc.SKIP] = 0  # the player's order: quiet months are not skipped past it
        for i, (asked, answer) in enumerate(zip(self.asked_, self.answers_, strict=True)):
            ctl[dc.ANSWERS + i] = answer_code(asked["kind"], answer)
        ctl[dc.N_ANSWERS] = len(self.answers_)
        t = int(self.arrays_["stat"][rules.T])
        if t == 0:
            rules.month0(self._net, self._p, x, np.array(self.cred0_), np.array(self.deal_u_),
                         np.array(self.stream_, np.int64))
        else:
            rules.advance(self._net, self._p, x)
        declared = [self._declaration(d) for d in self.declared_]
        events = declared + [self._event(*row) for row in x.log[:int(ctl[dc.N_LOG])].tolist()]
        if ctl[dc.PENDING]:
            prompt = self._prompt(int(ctl[dc.P_KIND]), int(ctl[dc.P_A]), int(ctl[dc.P_B]),
                                  float(x.ctf[0]), float(x.ctf[1]))
            stance = (self.stances_.get(st.commitments[int(ctl[dc.P_A])].id)
                      if prompt.kind == "honour" else None)
            if stance in _STANDING:  # the player's declaration answers it
                assert stance is not None
                self.answers_.append(_STANDING[stance])
                self.asked_.append({"kind": prompt.kind, "text": prompt.text,
                                    "answer": _STANDING[stance], "model": prompt.model,
                                    "standing": True})
                return True
            self.prompt_ = prompt
            self.partial_ = events[:len(declared) + int(ctl[dc.P_LOG])]
            return False
        self.arrays_ = _save(x)
        level = [int(v) for v in x.level]
        self.history_.append({
            "month": t, "date": self.date(t), "level": level[st.main], "levels": level,
            "events": events, "attack": self.attack_ if t > 0 else False,
            "decisions": list(self.declared_) + list(self.asked_)})
        self.prompt_, self.answers_, self.asked_, self.partial_ = None, [], [], []
        self.declared_ = []
        self.attack_ = False
        self.finished_ = t + 1 > st.horizon
        return False

    # -- stances -----------------------------------------------------------------------------
    def pledges(self) -> list[CommitmentSpec]:
        """The player's own pledges that can bring it in (a response level above 0 and an
        attacker they cover)."""
        return [c for c in self._st.commitments
                if c.guarantor == self.player and c.level > 0 and c.candidates]

    def _belief(self, c: int) -> float:
        """What the others read of pledge ``c`` now (credibility × automaticity)."""
        return float(self.arrays_["cred"][c]) * float(self.arrays_["auto"][c])

    def _stance_prompt(self) -> Prompt | None:
        """The stance on the player's next pledge still without one (None: all taken)."""
        todo = [c for c in self.pledges() if c.id not in self.stances_]
        if not todo:
            return None
        c = todo[0]
        cred = float(self.arrays_["cred"][c.index])
        attackers = [a for a, _, _ in c.candidates]
        # the model's propensity against the adversary where the pledge covers it
        adv = int(self._net.adv)
        a = adv if adv in attackers else (attackers[0] if attackers else NOBODY)
        p = commitments.propensity(cred, float(self._p[model_params.TRIPWIRE_BONUS]),
                                   c.troops, float(self._p[model_params.HONOUR_NUCLEAR_FACTOR]),
                                   a >= 0 and bool(self._st.nuclear[a]))
        against = ", ".join(self._name(x) for x in attackers) or "anyone"
        read = self._belief(c.index)
        text = (f"{self.date(STANCE_MONTH)}: the powers make their positions known. Your "
                f"pledge {c.id} to {self._name(c.beneficiary)} (against {against}): your "
                f"credibility is {100 * cred:.0f} %, the others read {100 * read:.0f} %; if it "
                f"is triggered, the model would honour it with probability {100 * p:.0f} %. "
                "Declare that you will honour it, declare that you will stay out, or keep "
                "them guessing and decide when it comes?")
        return Prompt("stance", text, STANCES, {"open": 1.0},
                      {"honour": "declare: we will honour it",
                       "stay-out": "declare: we will stay out",
                       "open": "keep them guessing (decide when it comes)"}, c.id)

    def _declare(self, prompt: Prompt, answer: str) -> None:
        """Take the stance ``answer`` on the prompt's pledge (before month 1 is played)."""
        c = next(x for x in self.pledges() if x.id == prompt.subject)
        before = self._belief(c.index)
        self.stances_[c.id] = answer
        if answer in DECLARED_AUTO:
            self.arrays_["auto"][c.index] = DECLARED_AUTO[answer]
            self.arrays_["stat"][rules.WAKE] = -1  # a quiet stretch is planned afresh
        self.declared_.append({"kind": "stance", "text": prompt.text, "answer": answer,
                               "model": prompt.model, "commitment": c.id,
                               "belief_before": before,
                               "belief_after": self._belief(c.index)})

    def _declaration(self, d: dict[str, Any]) -> str:
        """A stance taken this month in words, with its consequence."""
        c = next(x for x in self.pledges() if x.id == d["commitment"])
        me, ben = self.role, self._name(c.beneficiary)
        b0, b1 = d["belief_before"], d["belief_after"]
        if d["answer"] == "honour":
            return (f"{me} declares that it will honour {c.id} if {ben} is attacked: the "
                    f"others now read the pledge as automatic (their belief {100 * b0:.0f} % → "
                    f"{100 * b1:.0f} %), and it will honour it when triggered")
        if d["answer"] == "stay-out":
            return (f"{me} declares that {c.id} will not bring it in: the others no longer "
                    f"count on it (their belief {100 * b0:.0f} % → {100 * b1:.0f} %), and it "
                    "will stay out when triggered")
        if d["answer"] == "open":
            return (f"{me} keeps its intentions on {c.id} to itself (the others' belief "
                    f"stays {100 * b0:.0f} %): it will decide if the pledge is triggered")
        return (f"{me} leaves its stance on {c.id} to the model, which keeps the pledge as "
                f"it stands (the others' belief stays {100 * b0:.0f} %): it will decide if the "
                "pledge is triggered")

    # -- the rules' codes in words ----------------------------------------------------------
    def _name(self, a: int) -> str:
        return self._st.states[a]

    def _dyad_name(self, d: int) -> str:
        a, b = self._st.dyads[d]
        return f"{self._name(a)}–{self._name(b)}"

    def _faction(self, f: int) -> str:
        host = self._st.factions[f][0]
        return self._factions[f] if f < len(self._factions) else f"a faction of {host}"

    def _event(self, code: int, a: int, b: int, c: int, _d: int) -> str:
        """One logged event in words, with what made it happen."""
        if code == dc.EV_DEAL_SIGNED:
            return "the deal is signed by both sides: the fighting stops"
        if code == dc.EV_NO_DEAL:
            return "no deal is signed: the war goes on"
        if code == dc.EV_REJECTS:
            return f"{self._name(a)} rejects the deal"
        if code == dc.EV_STRIKE:
            return (f"spoiler strike: {self._faction(a)} (hosted by {self._name(b)}) hits "
                    f"{self._name(c)} (the faction's monthly strike hazard fired)")
        if code == dc.EV_RETALIATE:
            return f"{self._name(a)} retaliates against {self._name(b)} for the strike"
        if code == dc.EV_INCIDENT:
            return (f"incident on the {self._dyad_name(a)} line of contact (the incident "
                    "hazard fired)")
        if code == dc.EV_ATTACK:
            why = ("on your order" if a == self.player and self.attack_ is True
                   else "the deliberate-attack hazard fired")
            return f"{self._name(a)} launches an attack: war ({why})"
        if code == dc.EV_MOVE:
            way = "escalation" if c > b else "de-escalation"
            return f"{self._dyad_name(a)}: {NAMES[b]} → {NAMES[c]} ({way} on the ladder)"
        if code == dc.EV_TROOPS:
            return (f"{self._name(a)} strikes {self._name(b)}'s troops (the hazard of striking "
                    "foreign troops fired)")
        if code in (dc.EV_HONOUR, dc.EV_DEFECT):
            cm = self._st.commitments[b]
            declared = (f" (as you declared in {self.date(STANCE_MONTH)})"
                        if a == self.player and self.stances_.get(cm.id) in DECLARED_AUTO
                        else "")
            if code == dc.EV_HONOUR:
                return (f"{self._name(a)} honours {cm.id}: it joins "
                        f"{self._name(cm.beneficiary)} at {NAMES[cm.level]} against "
                        f"{self._name(c)}, whose attack triggered it{declared}")
            return (f"{self._name(a)} defects on {cm.id}: it stays out although "
                    f"{self._name(c)} attacked {self._name(cm.beneficiary)}{declared}")
        return (f"war plan: {self._name(a)} attacks {self._name(b)} (its plan's trigger was "
                "met)")

    def _prompt(self, kind: int, a: int, b: int, p0: float, p1: float) -> Prompt:
        """The pending decision as a prompt for the player."""
        st, me = self._st, self.player

        def binary(kind: str, text: str, yes: str, no: str) -> Prompt:
            return Prompt(kind, text, (yes, no), {yes: p0, no: 1.0 - p0})

        if kind == dc.DEAL:
            return binary("deal", "A settlement is on the table (month 0). Do you sign it? It "
                          "takes effect only if the other side signs too.", "accept", "reject")
        if kind == dc.RETALIATE:
            return binary("retaliate", f"{self._faction(b)}, hosted by {self._name(a)}, struck "
                          f"you. Retaliate against {self._name(a)}?", "retaliate", "hold")
        if kind == dc.TROOPS:
            cm = st.commitments[a]
            return binary("troops", f"{self._name(cm.guarantor)}'s troops ({cm.id}) are within "
                          "reach. Strike them?", "strike", "hold")
        if kind == dc.HONOUR:
            cm = st.commitments[a]
            return binary("honour", f"Your commitment {cm.id} to {self._name(cm.beneficiary)} "
                          f"is triggered by {self._name(b)}. Honour it (go to "
                          f"{NAMES[cm.level]} with {self._name(b)}) or defect?",
                          "honour", "defect")
        if kind == dc.WAR_PLAN:
            trigger = st.war_plans[a][0]
            return binary("war_plan", f"Your war plan against {self._name(b)} is triggered "
                          f"({self._dyad_name(trigger)} at war). Execute it?", "attack", "hold")
        d, lv = a, b
        up = min(1.0, max(0.0, p0))
        down = max(0.0, min(p1, 1.0 - up))
        nuclear = bool(st.dyad_nuclear[d])
        # only a nuclear-armed player can climb the nuclear rungs
        can_up = lv in (1, 2) or (nuclear and bool(st.nuclear[me]) and 3 <= lv < STRATEGIC)
        x, y = st.dyads[d]
        other = self._name(x if y == me else y)
        options = (("escalate",) if can_up else ()) + ("hold", "de-escalate")
        return Prompt(
            "ladder", f"You and {other} are at {NAMES[lv]} (level {lv}). Your move this "
            "month?", options, {"escalate": up, "hold": 1.0 - up - down, "de-escalate": down},
            {"escalate": f"escalate to {NAMES[min(lv + 1, STRATEGIC)]}",
             "hold": "hold (refuse to step down)",
             "de-escalate": "seek de-escalation (the other side decides)"})

    # -- outcomes ----------------------------------------------------------------------------
    def outcomes(self) -> dict[str, Any]:
        """The path's outcomes so far, keyed as :data:`foedus.study.result.OUTCOME_KEYS`."""
        rs, st = self.state_, self._st
        war = rs.first_war <= st.horizon
        return {
            "deal_signed": None if st.crisis else rs.deal,
            "war_by_horizon": war,
            "war_no_deal": None if st.crisis else war and not rs.deal,
            "war_after_deal": None if st.crisis else war and rs.deal,
            "resumption_given_deal": (None if st.crisis or not rs.deal else war),
            "guarantor_combat": rs.guarantor_combat,
            "peacekeepers_struck": rs.peacekeepers_struck,
            "great_power_war": rs.great_power_war,
            "nuclear_use": rs.nuclear_use,
            "months_of_peace": rs.peace_months,
            "first_war_month": rs.first_war if war else None,
            "max_level": rs.max_level,
            "spoiler_strikes": rs.spoiler_strikes,
        }

    def compare(self, doc: Document, replications: int = 5000) -> dict[str, Any]:
        """The path against ``replications`` model runs from the same start.

        The model runs share the game's scenario, policy, lens and parameter
        values (its *world*); commitments' credibilities, the deal and every
        monthly event are drawn afresh, and the model takes every decision.
        Returns the runs' result (the JSON contract, one policy) and, per
        outcome, the path's value next to the model's estimate.
        """
        st = self._st
        priors = resolve(doc, self.lens)
        names = list(PARAMETER_NAMES)
        X = np.array([[self.params_[n] for n in names]])
        tally = simulate_points(st, priors, names, X, replications, self.seed_,
                                stream=(GAME_STREAM, 1))[0]
        pr = PolicyResult.from_tally(self.policy_, tally, st.crisis,
                                     [c.id for c in st.commitments])
        res = Result(st.scenario_id, self.lens, self.seed_, replications, st.horizon,
                     __version__, False, {self.policy_: pr}).to_dict()
        mine = self.outcomes()
        rows = []
        for key, est in res["policies"][self.policy_]["outcomes"].items():
            rows.append({"outcome": key, "label": OUTCOME_LABELS[key], "you": mine[key],
                         "model": est})
        n = max(tally.n, 1)
        fw = tally.first_war
        my_fw = mine["first_war_month"]
        earlier = (float(fw[:my_fw].sum()) / n) if my_fw is not None else None
        ml = tally.max_level
        return {
            "replications": replications, "result": res, "rows": rows,
            "path": [h["level"] for h in self.history_],
            "share_war_earlier": earlier,
            "share_war_by_horizon": float(fw[1:st.horizon + 1].sum()) / n,
            "share_max_level_below": float(ml[:mine["max_level"]].sum()) / n,
            "share_max_level_same": float(ml[mine["max_level"]]) / n,
            "max_level": mine["max_level"], "max_level_name": NAMES[mine["max_level"]],
        }

    # -- persistence -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Everything needed to resume the game (JSON-ready)."""
        return {
            "lens": self.lens, "role": self.role, "seed": self.seed_, "horizon": self.horizon,
            "policy": self.policy_, "params": self.params_, "cred0": self.cred0_,
            "deal_u": self.deal_u_, "stream": self.stream_, "state": self.arrays_,
            "prompt": None if self.prompt_ is None else self.prompt_.to_dict(),
            "answers": list(self.answers_), "asked": list(self.asked_),
            "stances": dict(self.stances_), "declared": list(self.declared_),
            "attack": self.attack_, "partial": list(self.partial_),
            "history": self.history_, "finished": self.finished_,
        }

    @staticmethod
    def restore(doc: Document, data: dict[str, Any]) -> Wargame:
        """Rebuild a game from :meth:`to_dict` (the prompt is replayed, not trusted)."""
        g = Wargame(data["lens"], data["role"], data["seed"], data["horizon"])
        g.start(doc, data["policy"])
        g.params_ = {k: float(v) for k, v in data["params"].items()}
        g.cred0_ = [float(x) for x in data["cred0"]]
        g.deal_u_ = [float(x) for x in data["deal_u"]]
        g.stream_ = [int(x) for x in data["stream"]]
        g._setup(g._st, doc.scenario)
        g.arrays_ = {k: list(v) for k, v in data["state"].items()}
        g.history_ = list(data["history"])
        g.finished_ = bool(data["finished"])
        g.attack_ = data["attack"]
        g.answers_ = list(data["answers"])
        g.asked_ = list(data["asked"])
        g.stances_ = {str(k): str(v) for k, v in data.get("stances", {}).items()}
        g.declared_ = list(data.get("declared", []))
        if data.get("prompt") is not None and not g.finished_:
            g._play()  # replays the month up to the same decision
        return g

    # -- views -------------------------------------------------------------------------------
    def levels(self) -> list[dict[str, Any]]:
        """Every live dyad with its current level."""
        st, rs = self._st, self.state_
        return [{"dyad": f"{st.states[a]}–{st.states[b]}", "level": rs.level[d],
                 "name": NAMES[rs.level[d]], "main": d == st.main,
                 "mine": self.player in (a, b)} for d, (a, b) in enumerate(st.dyads)]

    def commitments(self) -> list[dict[str, Any]]:
        """Commitments with their state and what the player knows of their credibility.

        Fog of war: ``credibility`` is the drawn (and learned) credibility only for the
        player's own pledges; for the others it is ``None``. ``belief`` is what the other
        sides believe, the model's deterrence belief (:mod:`foedus.model.commitments`):
        credibility × automaticity, 1 once honoured, 0 once defected or when not in force.
        """
        st, rs = self._st, self.state_
        auto = self.arrays_["auto"]
        word = {0: "untriggered", 1: "honoured", 2: "defected"}
        out = []
        for c in st.commitments:
            mine = c.guarantor == self.player
            state = rs.state[c.index]
            live = rs.active[c.index] or rs.t == 0
            belief = {1: 1.0, 2: 0.0}.get(
                state, rs.cred[c.index] * float(auto[c.index]) if live else 0.0)
            out.append({"id": c.id, "guarantor": st.states[c.guarantor],
                        "beneficiary": st.states[c.beneficiary], "type": c.type,
                        "in_force": bool(rs.active[c.index]) if rs.t > 0 else None,
                        "state": word[state],
                        "credibility": rs.cred[c.index] if mine else None,
                        "belief": belief, "mine": mine,
                        "stance": self.stances_.get(c.id) if mine else None})
        return out


def after_action(game: Wargame, comparison: dict[str, Any]) -> dict[str, Any]:
    """The player's path against the model's distribution (the game's after-action record).

    ``comparison`` is :meth:`Wargame.compare`'s. Returns the game's description, per
    outcome the game's value next to the model's estimate and 95 % interval, and per
    month the date, the main dyad's level in the game, whether the game was at war, the
    model's probability of no war yet (with its band) and the decisions taken, and the
    player's stance on each of its pledges (``stances``).
    """
    res = comparison["result"]["policies"][game.policy_]
    surv = res["survival"]
    by_month = {int(m): (p, lo, hi) for m, p, lo, hi in
                zip(surv["month"], surv["p"], surv["lo"], surv["hi"], strict=True)}
    fw = game.outcomes()["first_war_month"]
    months = []
    for h in game.history_:
        t = int(h["month"])
        p, lo, hi = by_month.get(t, (None, None, None))
        months.append({"month": t, "date": game.date(t), "level": h["level"],
                       "level_name": NAMES[h["level"]],
                       "at_war": fw is not None and t >= fw,
                       "model_no_war_yet": p, "model_no_war_yet_lo": lo,
                       "model_no_war_yet_hi": hi,
                       "decisions": [_decision_words(d) for d in h["decisions"]],
                       "events": list(h["events"])})
    outcomes = []
    for r in comparison["rows"]:
        est = r["model"] or {}
        kind = "mean" if "mean" in est else "p"
        outcomes.append({"outcome": r["outcome"], "label": r["label"], "you": r["you"],
                         "model": est.get(kind), "model_lo": est.get("lo"),
                         "model_hi": est.get("hi")})
    return {"scenario": game.structure.scenario_id, "policy": game.policy_,
            "lens": game.lens, "role": game.role, "seed": game.seed_,
            "horizon": game.structure.horizon, "start_month": game.start_month_,
            "stances": dict(game.stances_),
            "replications": comparison["replications"], "version": __version__,
            "outcomes": outcomes, "months": months,
            "share_war_earlier": comparison["share_war_earlier"],
            "share_max_level_below": comparison["share_max_level_below"],
            "share_max_level_same": comparison["share_max_level_same"]}


def _decision_words(d: dict[str, Any]) -> str:
    """A decision of the log in a few words (the after-action record's)."""
    if d["kind"] == "stance":
        return f"stance on {d['commitment']}: {d['answer']}"
    return f"{d['kind']}: {d['answer']}" + (" (your stance)" if d.get("standing") else "")


def play(st: Structure, inp: BlockInputs, player: int = NOBODY, kind: str = "",
         answer: str = MODEL) -> list[GameState]:
    """Play whole replications through the rules, one month at a time, as the game does.

    The model takes every decision, except that ``player`` gives the standing
    ``answer`` to every decision of ``kind`` (e.g. ``"honour"``, ``"defect"``).
    For tests and benchmarks of the stepping rules.
    """
    net = pack(st)
    x = rules.new_state(net, dc.new_control(player, -1, False, True))
    if kind:
        x.ctl[dc.STANDING_KIND] = dc.KINDS.index(kind)
        x.ctl[dc.STANDING] = answer_code(kind, answer)
    out = []
    P: NDArray[np.float64] = np.stack([inp.params[k] for k in model_params.NAMES], axis=1)
    for r in range(inp.n):
        p = P[r]
        rules.month0(net, p, x, inp.cred0[r], inp.deal_u[r], inp.seeds[r])
        while x.stat[rules.T] <= st.horizon:
            x.ctl[dc.CURSOR] = 0
            rules.advance(net, p, x)
        out.append(GameState(_save(x)))
    return out
