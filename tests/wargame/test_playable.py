"""A wargame worth playing: playing on to the next decision, calendar dates, the story
of each month, fog of war, a decision for every side of 1914, the after-action record."""

from __future__ import annotations

import json

import numpy as np
import pytest

from foedus.engine.compiled import run_chunk
from foedus.engine.inputs import BlockInputs
from foedus.scenario.loader import Document
from foedus.wargame.game import MODEL, GameError, Wargame, after_action, calendar, roles


def test_calendar_months() -> None:
    assert calendar("1914-06", 0) == "June 1914"
    assert calendar("1914-06", 2) == "August 1914"
    assert calendar("2025-12", 1) == "January 2026"
    assert calendar("2025-12", 25) == "January 2028"
    assert calendar(None, 4) == "month 4"


def test_advance_is_stepping_without_orders(ukraine: Document) -> None:
    """Playing on to the next decision is the same game as pressing "play month" with no
    attack ordered, month for month, and stops exactly where the player must decide."""
    a = Wargame(role="russia", seed=1, horizon=36).start(ukraine, "reassurance-force")
    b = Wargame(role="russia", seed=1, horizon=36).start(ukraine, "reassurance-force")
    stops = clicks = 0
    while not a.finished_:
        if a.prompt_ is not None:
            a.step(a.prompt_.options[-1])
        else:
            a.advance()
            stops += 1
    while not b.finished_:
        if b.prompt_ is not None:
            b.step(b.prompt_.options[-1])
        else:
            b.step(attack=False)
            clicks += 1
    assert a.to_dict()["state"] == b.to_dict()["state"]
    assert a.history_ == b.history_
    assert 2 <= stops < clicks


def test_advance_for_some_months_and_errors(july: Document) -> None:
    g = Wargame(role="germany", seed=3).start(july, "as-in-1914")
    g.advance(months=3)
    assert g.prompt_ is not None or g.state_.t == 3
    if g.prompt_ is not None:
        with pytest.raises(GameError, match="decision is pending"):
            g.advance()
        g.step(MODEL)
    with pytest.raises(GameError, match="at least 1"):
        g.advance(months=0)


def test_log_has_dates_and_says_why(july: Document) -> None:
    g = Wargame(role="serbia", seed=2).start(july, "as-in-1914").autoplay()
    assert [h["date"] for h in g.history_[:3]] == ["June 1914", "July 1914", "August 1914"]
    events = [e for h in g.history_ for e in h["events"]]
    assert events
    reasons = ("hazard fired", "on the ladder", "triggered it", "stays out", "trigger was met",
               "for the strike", "rejects", "deal", "on your order")
    for e in events:
        assert any(r in e for r in reasons), e


def test_fog_of_war_hides_the_others_credibility(july: Document) -> None:
    g = Wargame(role="austria-hungary", seed=5).start(july, "as-in-1914")
    g.step()
    seen = g.commitments()
    assert all(c["credibility"] is None for c in seen if not c["mine"])
    assert any(c["mine"] for c in seen)
    assert all(c["credibility"] is not None for c in seen if c["mine"])
    cred = g.state_.cred
    auto = g.arrays_["auto"]
    for c, x in zip(seen, g.structure.commitments, strict=True):
        if c["state"] == "untriggered" and c["in_force"]:
            assert c["belief"] == pytest.approx(cred[x.index] * auto[x.index])
    # the page's and the API's view carries nothing else of the other sides' draws
    from foedus.web.views import game_view

    view = json.dumps(game_view("0" * 16, july, g, None))
    for c, x in zip(seen, g.structure.commitments, strict=True):
        if not c["mine"] and c["state"] == "untriggered" and auto[x.index] != 1:
            assert repr(cred[x.index]) not in view


def _play_out(g: Wargame, stance: str = MODEL) -> list[str]:
    """Play ``g`` to the end: ``stance`` on every pledge, the model for the rest; the kinds
    of decision the player was asked."""
    asked = []
    while not g.finished_:
        if g.prompt_ is not None:
            asked.append(g.prompt_.kind)
            g.step(stance if g.prompt_.kind == "stance" else MODEL)
        else:
            g.advance()
    return asked


def test_every_side_of_1914_decides_in_every_game(july: Document) -> None:
    """Every playable side of 1914 gets a decision in every game (seeds 0-19, the model
    answering): a side that gave pledges states its stance on each in July 1914, the
    others (Serbia) are on the ladder from the start."""
    sides = roles(july, "as-in-1914")
    assert {r["state"] for r in sides} >= {"germany", "uk", "italy", "france", "russia"}
    for r in sides:
        for seed in range(20):
            g = Wargame(role=r["state"], seed=seed).start(july, "as-in-1914")
            asked = _play_out(g)
            assert asked, (r["state"], seed)
            stances = asked.count("stance")
            assert stances == len(g.pledges()), (r["state"], seed)
            assert sum(len(h["decisions"]) for h in g.history_) == len(asked)


def test_a_stance_left_to_the_model_is_the_engine_run(july: Document) -> None:
    """With every decision the model's (the stances included), the game is the engine's
    run of the same replication, draw for draw."""
    for role, seed in (("germany", 3), ("uk", 4), ("italy", 11)):
        g = Wargame(role=role, seed=seed).start(july, "as-in-1914")
        g.autoplay()
        assert set(g.stances_.values()) == {MODEL}
        inp = BlockInputs({k: np.array([v]) for k, v in g.params_.items()},
                          np.array([g.cred0_]), np.array([g.deal_u_]),
                          np.array([g.stream_], np.int64))
        out = run_chunk(g.structure, inp, compiled=False)
        mine = g.outcomes()
        assert [mine["max_level"], mine["months_of_peace"], mine["great_power_war"]] == [
            int(out.max_level[0]), int(out.peace_months[0]), bool(out.great_power_war[0])]
        first = mine["first_war_month"]
        assert (first if first is not None else july.scenario.horizon + 1) == \
            int(out.first_war[0])


def _triggered(july: Document, role: str, pledge: str, stance: str) -> Wargame:
    """The first game (by seed) in which the player's ``pledge`` is triggered."""
    for seed in range(40):
        g = Wargame(role=role, seed=seed).start(july, "as-in-1914")
        _play_out(g, stance)
        if any(c["state"] != "untriggered" for c in g.commitments() if c["id"] == pledge):
            return g
    raise AssertionError(f"{pledge} never triggered")


@pytest.mark.parametrize(("stance", "state", "answer", "belief"),
                         [("honour", "honoured", "honour", 1.0),
                          ("stay-out", "defected", "defect", 0.0)])
def test_a_declared_stance_binds_and_is_believed(july: Document, stance: str, state: str,
                                                 answer: str, belief: float) -> None:
    """Germany's declaration on the blank cheque: the others read it as declared from
    July 1914 on (automaticity 1 or 0), and when the pledge is triggered it is honoured
    or not as declared, with no question asked, and the log says so."""
    g = Wargame(role="germany", seed=3).start(july, "as-in-1914")
    g.advance()
    assert g.prompt_ is not None and g.prompt_.kind == "stance"
    assert g.prompt_.subject == "germany-ah-blank-cheque" and g.state_.t == 1
    assert g.prompt_.model == {"open": 1.0}
    g.step(stance)
    c = g.structure.commitments[[x.id for x in g.structure.commitments].index(
        "germany-ah-blank-cheque")]
    assert g.arrays_["auto"][c.index] == belief
    g = _triggered(july, "germany", "germany-ah-blank-cheque", stance)
    seen = {x["id"]: x for x in g.commitments()}["germany-ah-blank-cheque"]
    assert seen["state"] == state and seen["stance"] == stance
    decisions = [d for h in g.history_ for d in h["decisions"]]
    standing = [d for d in decisions if d.get("standing")]
    assert len(standing) == 1 and standing[0]["answer"] == answer
    assert "honour" not in [d["kind"] for d in decisions if not d.get("standing")]
    july_1914 = g.history_[1]
    assert july_1914["date"] == "July 1914"
    assert july_1914["decisions"][0]["kind"] == "stance"
    assert "declares" in july_1914["events"][0]
    assert any("as you declared in July 1914" in e for h in g.history_ for e in h["events"])


def test_germany_staying_out_keeps_the_war_away_more_often(july: Document) -> None:
    """The declaration has consequences in distribution too: a Germany that says in July
    1914 that the blank cheque will not bring it in (no cover for Vienna, no German entry)
    sees war by the horizon less often than one that declares it will honour it (the same
    200 seeds: common random numbers)."""
    war = {}
    for stance in ("honour", "stay-out"):
        war[stance] = 0
        for seed in range(200):
            g = Wargame(role="germany", seed=seed).start(july, "as-in-1914")
            _play_out(g, stance)
            war[stance] += bool(g.outcomes()["war_by_horizon"])
    assert war["stay-out"] < war["honour"], war


def test_stances_resume_and_reach_the_after_action_record(july: Document) -> None:
    g = Wargame(role="uk", seed=6).start(july, "as-in-1914")
    g.advance()
    first = g.prompt_
    assert first is not None and first.kind == "stance"
    g.step("honour")
    second = g.prompt_
    assert second is not None and second.kind == "stance" and second.subject != first.subject
    assert g.partial_ and "declares" in g.partial_[0]
    h = Wargame.restore(july, json.loads(json.dumps(g.to_dict())))
    assert h.prompt_ == second and h.stances_ == {first.subject: "honour"}
    for x in (g, h):
        x.step("open")
        x.autoplay()
    assert g.history_ == h.history_
    rec = after_action(g, g.compare(july, replications=500))
    assert rec["stances"] == {first.subject: "honour", second.subject: "open"}
    assert rec["months"][1]["decisions"][:2] == [f"stance on {first.subject}: honour",
                                                 f"stance on {second.subject}: open"]


def test_after_action_record(july: Document) -> None:
    g = Wargame(role="russia", seed=8).start(july, "as-in-1914").autoplay()
    comp = g.compare(july, replications=1000)
    rec = after_action(g, comp)
    assert rec["start_month"] == "1914-06" and rec["replications"] == 1000
    assert [m["month"] for m in rec["months"]] == [h["month"] for h in g.history_]
    assert rec["months"][0]["date"] == "June 1914"
    for m in rec["months"]:
        if m["model_no_war_yet"] is not None:
            assert m["model_no_war_yet_lo"] <= m["model_no_war_yet"] <= m["model_no_war_yet_hi"]
    keys = {o["outcome"] for o in rec["outcomes"]}
    assert {"war_by_horizon", "great_power_war"} <= keys
    json.dumps(rec, allow_nan=False)
