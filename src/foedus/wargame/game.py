"""A wargame: one replication played month by month, with the user in one state's shoes.

::

    game = Wargame(lens="evidence", role="uk", seed=7).start(doc, "reassurance-force")
    while not game.finished_:
        if game.prompt_ is not None:          # the user's decision is needed
            game.step(answer="honour")
        else:
            game.step()                       # play the next month
    game.compare(doc, replications=5000)      # the path against the model's distribution

The rules are those of :mod:`foedus.wargame.rules` (the reference's
monthly rules with the player's decision points). A game draws its parameter
values, month-0 credibilities and deal uniforms exactly as the engine draws one
replication (:func:`foedus.engine.inputs.draw_inputs`) from its own generator,
``SeedSequence(seed, spawn_key=(policy key, GAME_STREAM))``; the monthly
uniforms follow from the same generator. A month is replayed from its start
(the generator's state is kept) with the answers given so far, so a game is
fully described by its JSON (:meth:`Wargame.to_dict`) and resumes exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from foedus._version import __version__
from foedus.engine.inputs import draw_inputs
from foedus.engine.simulate import policy_key, simulate_points
from foedus.engine.structure import Structure, compile_structure
from foedus.evidence.lenses import resolve
from foedus.evidence.registry import PARAMETER_NAMES
from foedus.model.ladder import NAMES
from foedus.scenario.loader import Document
from foedus.study.result import OUTCOME_LABELS, PolicyResult, Result
from foedus.wargame.rules import (
    MODEL,
    NOBODY,
    Month,
    NeedDecision,
    Prompt,
    ReplicationState,
    initial_state,
)

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
        self.seed_ = s.seed if self.seed is None else int(self.seed)
        st = self._structure(doc, policy)
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
            self.seed_, spawn_key=(policy_key(policy), GAME_STREAM))))
        inp = draw_inputs(st, priors, rng, 1, fixed=False)
        self.params_ = {k: float(v[0]) for k, v in inp.params.items()}
        self.cred0_ = [float(x) for x in inp.cred0[0]]
        self.deal_u_ = [float(x) for x in inp.deal_u[0]]
        self.rng_state_: dict[str, Any] = dict(rng.bit_generator.state)
        self.state_ = initial_state(st, self.cred0_)
        self.kind_ = allowed[self.role]
        self.prompt_: Prompt | None = None
        self.answers_: list[str] = []
        self.attack_: bool | None = False
        self.partial_: list[str] = []
        self.history_: list[dict[str, Any]] = []
        self.finished_ = False
        self._st = st
        self._factions = tuple(f.id for f in s.factions)
        return self

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
            self.answers_.append(answer)
        else:
            if answer is not None:
                raise GameError("no decision is pending; play the next month first")
            if attack is True and self.kind_ not in ("adversary", "protected"):
                raise GameError("only the adversary or the protected state can order an attack")
            self.answers_ = []
            self.attack_ = attack if self.kind_ in ("adversary", "protected") else None
        self._play()
        return self

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
        asked: list[tuple[Prompt, str]] = []

        def decide(prompt: Prompt) -> str:
            i = len(asked)
            if i < len(self.answers_):
                asked.append((prompt, self.answers_[i]))
                return self.answers_[i]
            raise NeedDecision(prompt, [])

        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = self.rng_state_
        rs = self.state_.copy()
        t = rs.t
        month = Month(self._st, self.params_, self.player, decide, self._factions)
        try:
            if t == 0:
                month.deal_stage(rs, self.deal_u_, self.cred0_, lambda: float(rng.random()))
            else:
                month.play(rs, lambda: float(rng.random()), self.attack_)
        except NeedDecision as nd:
            self.prompt_ = nd.prompt
            self.partial_ = nd.events
            return
        self.state_ = rs
        self.rng_state_ = dict(rng.bit_generator.state)
        self.history_.append({
            "month": t, "level": rs.level[self._st.main], "levels": list(rs.level),
            "events": month.events, "attack": self.attack_ if t > 0 else False,
            "decisions": [{"kind": p.kind, "text": p.text, "answer": a,
                           "model": p.model} for p, a in asked]})
        self.prompt_, self.answers_, self.partial_, self.attack_ = None, [], [], False
        self.finished_ = rs.t > self._st.horizon

    # -- outcomes ----------------------------------------------------------------------------
    def outcomes(self) -> dict[str, Any]:
        """The path's outcomes so far, keyed as :data:`foedus.study.result.OUTCOME_KEYS`."""
        rs, st = self.state_, self._st
        war = rs.first_war <= st.horizon
        return {
            "deal_signed": None if st.crisis else rs.deal,
            "war_by_horizon": war,
            "resumption_given_deal": (None if st.crisis or not rs.deal else war),
            "guarantor_combat": rs.guarantor_combat,
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
            "deal_u": self.deal_u_, "rng": self.rng_state_, "state": self.state_.to_dict(),
            "prompt": None if self.prompt_ is None else self.prompt_.to_dict(),
            "answers": list(self.answers_), "attack": self.attack_,
            "partial": list(self.partial_), "history": self.history_,
            "finished": self.finished_,
        }

    @staticmethod
    def restore(doc: Document, data: dict[str, Any]) -> Wargame:
        """Rebuild a game from :meth:`to_dict` (the prompt is replayed, not trusted)."""
        g = Wargame(data["lens"], data["role"], data["seed"], data["horizon"])
        g.start(doc, data["policy"])
        g.params_ = {k: float(v) for k, v in data["params"].items()}
        g.cred0_ = [float(x) for x in data["cred0"]]
        g.deal_u_ = [float(x) for x in data["deal_u"]]
        g.rng_state_ = data["rng"]
        g.state_ = ReplicationState.from_dict(data["state"])
        g.history_ = list(data["history"])
        g.finished_ = bool(data["finished"])
        g.attack_ = data["attack"]
        g.answers_ = list(data["answers"])
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
        """Commitments with their state and current credibility."""
        st, rs = self._st, self.state_
        word = {0: "untriggered", 1: "honoured", 2: "defected"}
        return [{"id": c.id, "guarantor": st.states[c.guarantor],
                 "beneficiary": st.states[c.beneficiary], "type": c.type,
                 "in_force": bool(rs.active[c.index]) if rs.t > 0 else None,
                 "state": word[rs.state[c.index]], "credibility": rs.cred[c.index],
                 "mine": c.guarantor == self.player} for c in st.commitments]


def play_model(st: Structure, params: Sequence[dict[str, float]],
               cred0: Sequence[Sequence[float]], deal_u: Sequence[Sequence[float]],
               uniform: Any, player: int = NOBODY, answer: str = MODEL
               ) -> list[ReplicationState]:
    """Play whole replications with a fixed answer to every decision of ``player``.

    ``answer`` is one option name (taken whenever it is a choice, else the model
    decides) or :data:`MODEL`. For tests and benchmarks of the stepping rules.
    """
    out = []

    def decide(prompt: Prompt) -> str:
        return answer if answer in prompt.options else MODEL

    for p, c0, du in zip(params, cred0, deal_u, strict=True):
        rs = initial_state(st, list(c0))
        month = Month(st, p, player, decide, log=False)
        month.deal_stage(rs, list(du), list(c0), uniform)
        while rs.t <= st.horizon:
            month.play(rs, uniform, None if answer == MODEL else False)
        out.append(rs)
    return out

