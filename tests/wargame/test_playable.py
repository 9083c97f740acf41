"""A wargame worth playing: playing on to the next decision, calendar dates, the story
of each month, fog of war, a decision for every side of 1914, the after-action record."""

from __future__ import annotations

import json

import pytest

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


def test_every_side_of_1914_gets_decisions(july: Document) -> None:
    """Every playable side of 1914 is asked to decide in some games (the model gives a
    guarantor a choice only when one of its pledges, plans or dyads is in play)."""
    for r in roles(july, "as-in-1914"):
        asked = 0
        for seed in range(12):
            g = Wargame(role=r["state"], seed=seed).start(july, "as-in-1914")
            while not g.finished_:
                if g.prompt_ is not None:
                    asked += 1
                    g.step(MODEL)
                else:
                    g.advance()
            if asked:
                break
        assert asked > 0, r


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
