"""The stepping engine of the wargame against the reference rules and the kernel."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from foedus.engine.inputs import draw_inputs
from foedus.engine.simulate import RunSpec, simulate
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.scenario.loader import Document
from foedus.wargame.game import GameError, Wargame, play, roles


def _inputs(doc: Document, policy: str, n: int, horizon: int | None = None,
            seed: int = 1) -> tuple:
    s = doc.scenario if horizon is None else doc.scenario.model_copy(
        update={"horizon": horizon})
    st = compile_structure(s, s.policy(policy))
    pri = resolve(doc, "evidence")
    inp = draw_inputs(st, pri, np.random.default_rng(seed), n, False)
    params = [{k: float(v[i]) for k, v in inp.params.items()} for i in range(n)]
    return st, pri, inp, params


def _z(p1: float, n1: int, p2: float, n2: int) -> float:
    p = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = math.sqrt(max(p * (1 - p), 1e-12) * (1 / n1 + 1 / n2))
    return abs(p1 - p2) / se


def test_model_played_game_matches_the_kernel_in_distribution(ukraine: Document) -> None:
    st, pri, inp, params = _inputs(ukraine, "reassurance-force", 1500, 36)
    uk = st.states.index("uk")
    games = play(st, inp, uk)
    tally = simulate(st, pri, RunSpec(20_000, 5))
    n = len(games)
    for mine, theirs in [(sum(g.deal for g in games) / n, tally.deal / tally.n),
                         (sum(g.first_war <= 36 for g in games) / n, tally.war / tally.n),
                         (sum(g.guarantor_combat for g in games) / n,
                          tally.guarantor_combat / tally.n)]:
        assert _z(mine, n, theirs, tally.n) < 4.0, (mine, theirs)


def test_rejecting_the_deal_is_the_no_deal_policy(ukraine: Document) -> None:
    """Known answer at a fixed choice: a protected state that always rejects gets no deal,
    and the war then runs as under the no-deal policy (kernel)."""
    st, pri, inp, params = _inputs(ukraine, "neutrality", 1500, 36)
    games = play(st, inp, st.prot, "deal", "reject")
    assert not any(g.deal for g in games)
    s = ukraine.scenario.model_copy(update={"horizon": 36})
    nd = simulate(compile_structure(s, s.policy("no-deal")), pri, RunSpec(20_000, 6))
    n = len(games)
    war = sum(g.first_war <= 36 for g in games) / n
    peace = sum(g.peace_months for g in games) / n
    assert _z(war, n, nd.war / nd.n, nd.n) < 4.0
    sd = math.sqrt(nd.peace_sumsq / nd.n - (nd.peace_sum / nd.n) ** 2)
    assert abs(peace - nd.peace_sum / nd.n) < 4 * sd / math.sqrt(n)
    # and the same players who accept sign far more often than the model's own rate
    acc = play(st, inp, st.prot, "deal", "accept")
    assert sum(g.deal for g in acc) / n > sum(g.deal for g in games) / n + 0.3


def test_fixed_honour_or_defect_is_obeyed(july: Document) -> None:
    st, _, inp, params = _inputs(july, "as-in-1914", 400)
    fr = st.states.index("france")
    mine = [c.index for c in st.commitments if c.guarantor == fr]
    assert mine
    for answer, never in (("honour", 2), ("defect", 1)):
        games = play(st, inp, fr, "honour", answer)
        assert all(g.state[c] != never for g in games for c in mine)
        assert any(g.state[c] != 0 for g in games for c in mine)


def test_game_resumes_exactly_from_json(ukraine: Document) -> None:
    g = Wargame(role="ukraine", seed=3, horizon=10).start(ukraine, "neutrality")
    g.step()  # month 0: the deal decision
    assert g.prompt_ is not None and g.prompt_.kind == "deal"
    saved = json.loads(json.dumps(g.to_dict()))
    h = Wargame.restore(ukraine, saved)
    assert h.prompt_ == g.prompt_
    for x in (g, h):
        x.step("accept")
        x.autoplay()
    assert g.history_ == h.history_ and g.outcomes() == h.outcomes()
    assert g.finished_ and len(g.history_) == 11


def test_game_errors_are_messages(ukraine: Document) -> None:
    with pytest.raises(GameError, match="cannot play"):
        Wargame(role="nobody").start(ukraine, "article5")
    g = Wargame(role="uk", horizon=3).start(ukraine, "reassurance-force")
    with pytest.raises(GameError, match="only the adversary"):
        g.step(attack=True)
    with pytest.raises(GameError, match="no decision is pending"):
        g.step("honour")
    g.autoplay()
    with pytest.raises(GameError, match="over"):
        g.step()
    assert {r["kind"] for r in roles(ukraine, "reassurance-force")} == {
        "adversary", "protected", "guarantor"}


def test_comparison_reports_the_path_against_the_model(july: Document) -> None:
    g = Wargame(role="germany", seed=5).start(july, "as-in-1914").autoplay()
    comp = g.compare(july, replications=2000)
    assert comp["replications"] == 2000 and len(comp["path"]) == july.scenario.horizon + 1
    war = next(r for r in comp["rows"] if r["outcome"] == "war_by_horizon")
    assert isinstance(war["you"], bool) and 0.0 <= war["model"]["p"] <= 1.0
    assert 0.0 <= comp["share_max_level_below"] <= 1.0
