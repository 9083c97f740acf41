"""The verdict: rankings, unpaired intervals on gaps, ties, and what qualifies it."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.study.intervals import difference, wilson
from foedus.study.result import HIGHER_IS_BETTER, OUTCOME_KEYS, Estimate, PolicyResult, Result
from foedus.study.simulation import Simulation
from foedus.study.survival import kaplan_meier
from foedus.study.verdict import (
    backtest_check,
    base_rate_check,
    format_estimate,
    percent,
    rank_outcome,
    verdict,
)


def _policy(pid: str, wars: int, n: int = 10_000, deal: int | None = None) -> PolicyResult:
    def prop(k: int, m: int) -> Estimate | None:
        w = wilson(k, m)
        return None if w is None else Estimate(*w)

    outcomes: dict[str, Estimate | None] = {k: None for k in OUTCOME_KEYS}
    outcomes["war_by_horizon"] = prop(wars, n)
    outcomes["deal_signed"] = None if deal is None else prop(deal, n)
    hist = np.zeros(14, np.int64)
    hist[1], hist[13] = wars, n - wars
    return PolicyResult(pid, outcomes, kaplan_meier(hist), (1.0,), {}, 0.0)


def _result(*pols: PolicyResult) -> Result:
    return Result("s", "evidence", 1, 10_000, 12, "0", False, {p.policy: p for p in pols})


def test_newcombe_known_answer() -> None:
    # Newcombe (1998), table II, example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339
    a, b = wilson(56, 70), wilson(48, 80)
    assert a is not None and b is not None
    d, lo, hi = difference(a, b)
    assert d == pytest.approx(56 / 70 - 48 / 80)
    assert (round(lo, 4), round(hi, 4)) == (0.0524, 0.3339)


def test_ranks_harms_lowest_first_and_marks_clear_and_tied() -> None:
    res = _result(_policy("a", 3000), _policy("b", 2000), _policy("c", 2030),
                  _policy("d", 2600))
    ov = rank_outcome(res, "war_by_horizon")
    assert [s.policy for s in ov.standings] == ["b", "c", "d", "a"]
    assert ov.leaders == ("b", "c")  # 0.3 points apart: within the noise at n = 10,000
    assert not ov.clear and ov.spread
    assert [s.policy for s in ov.standings if s.worst] == ["a"]
    gap = ov.standing("d").gap
    assert gap is not None and gap.lo > 0  # clearly worse than the best
    v = verdict(res)
    assert v.headline.outcome == "war_by_horizon"
    assert "No single best policy" in v.answer and "b" in v.answer


def test_higher_is_better_and_missing_denominators() -> None:
    assert "deal_signed" in HIGHER_IS_BETTER
    res = _result(_policy("a", 3000, deal=5000), _policy("b", 2000, deal=7000),
                  _policy("none", 9000))
    ov = rank_outcome(res, "deal_signed")
    assert ov.best is not None and ov.best.policy == "b" and ov.clear
    assert ov.missing == ("none",)
    v = verdict(res)
    assert v.answer.startswith("b is best")
    assert {o.outcome for o in v.outcomes} == {"war_by_horizon", "deal_signed"}


def test_a_part_of_the_headline_is_no_caveat() -> None:
    """More deals mean more wars after a deal: the best policy on war by the horizon being
    worst on that part of it qualifies nothing; being worst on another harm does."""
    def with_split(pid: str, wars: int, after: int, combat: int) -> PolicyResult:
        pr = _policy(pid, wars, deal=after * 4)
        est = {"war_no_deal": wilson(wars - after, 10_000),
               "war_after_deal": wilson(after, 10_000),
               "guarantor_combat": wilson(combat, 10_000)}
        out = {**pr.outcomes, **{k: Estimate(*w) for k, w in est.items() if w is not None}}
        return PolicyResult(pid, out, pr.survival, pr.max_level, {}, 0.0)

    v = verdict(_result(with_split("a", 3000, 2000, 100), with_split("b", 5000, 500, 100)))
    assert v.answer.startswith("a is best")
    wa = next(o for o in v.outcomes if o.outcome == "war_after_deal")
    assert [s.policy for s in wa.standings if s.worst] == ["a"]
    assert not any("worst policy" in c for c in v.caveats)
    v = verdict(_result(with_split("a", 3000, 2000, 900), with_split("b", 5000, 500, 100)))
    assert any(c == "a is the worst policy on guarantor combat." for c in v.caveats)


def test_qualifiers_from_payloads() -> None:
    res = _result(_policy("a", 3000), _policy("b", 2000))
    audit = {"claims": "evans-2025", "objective": "war_by_horizon", "verdicts": [
        {"claim": "c1", "status": "contested", "best_if_holds": "a", "best_if_fails": "b",
         "changes_best": True, "decisive": True},
        {"claim": "c2", "status": "supported", "best_if_holds": "b", "best_if_fails": "b",
         "changes_best": False, "decisive": False}]}
    sens = {"policy": "b", "outcome": "war_by_horizon", "method": "sobol", "parameters": [
        {"name": "q_target", "ST": {"estimate": 0.5, "lo": 0.4, "hi": 0.6}},
        {"name": "moral_hazard", "ST": {"estimate": 0.2, "lo": 0.1, "hi": 0.3}}]}
    v = verdict(res, audit=audit, sensitivity=sens, records={"audit": 4})
    assert v.flips is not None and [f.claim for f in v.flips.flips] == ["c1"]
    assert v.main_caveat.startswith("1 of 2 claims")  # a flip is the first caveat
    assert v.drivers is not None and v.drivers.top[0].parameter == "q_target"
    assert any("q_target" in c for c in v.caveats)
    assert [c.status for c in v.validity] == ["not run", "not run"]
    assert "foedus baserates --lens evidence" in v.validity[0].command


def test_validity_checks_read_payloads() -> None:
    br = {"comparisons": [{"key": "mid", "verdict": "disagree: model lower"},
                          {"key": "mid-force", "verdict": "agree"}]}
    c = base_rate_check(br, "evidence", 7)
    assert c.status == "warning" and "1 of 2" in c.summary and c.record == 7
    bt = {"differences": [{"outcome": "war", "reference": "model", "baseline": "base rate",
                           "n": 20, "brier_diff": -0.05, "brier_diff_ci": [-0.09, -0.01]}],
          "scores": [{"outcome": "war", "method": "model", "brier": 0.18}]}
    c = backtest_check(bt, "evidence")
    assert c.status == "ok" and "better than base rate" in c.summary and "0.180" in c.summary


def test_formats_are_percentages() -> None:
    assert percent(0.652) == "65.2%"
    assert percent(0.0003) == "0.03%"
    assert format_estimate(Estimate(0.652, 0.64, 0.66)) == "65.2% [64.0–66.0]"
    assert format_estimate(Estimate(93.1, 92.6, 93.6, "mean")) == "93.1 [92.6–93.6]"


def test_simulation_api_for_notebooks() -> None:
    sim = Simulation(replications=1000, seed=5)
    assert repr(sim) == "Simulation(lens='evidence', replications=1_000, seed=5)"
    assert "not run yet" in sim._repr_html_()
    res = sim.run("july-1914", ["as-in-1914"]).result_
    assert repr(res).startswith("<Result july-1914")
    wide = res.to_frame(wide=True)
    assert wide.loc["as-in-1914", "war_by_horizon_lo"] <= wide.loc["as-in-1914",
                                                                   "war_by_horizon"]
    surv = res.survival_frame()
    assert list(surv.columns) == ["policy", "month", "p", "lo", "hi"]
    assert len(surv) == res.horizon_months + 1
    fig = res.plot()
    assert fig.layout.title.text.startswith("Policies compared")
    assert "<table>" in sim._repr_html_()


def test_assume_matches_what_if_stream_and_moves_outcome() -> None:
    from foedus.engine.structure import compile_structure
    from foedus.evidence.lenses import resolve
    from foedus.scenario.library import load
    from foedus.study.assume import simulate_assumed

    doc = load("july-1914")
    base = Simulation(replications=1000, seed=5, assume={}).run(doc, ["as-in-1914"])
    low = Simulation(replications=1000, seed=5, assume={"deterrence_effect": 0.0}
                     ).run(doc, ["as-in-1914"])
    s = doc.scenario
    st = compile_structure(s, s.policy("as-in-1914"))
    t = simulate_assumed(st, resolve(doc, "evidence"), 5, 1000, {"deterrence_effect": 0.0})
    assert low.result_.policies["as-in-1914"].outcomes["war_by_horizon"].value == t.war / t.n
    assert base.result_.to_dict() != low.result_.to_dict()
    with pytest.raises(ValueError, match="must lie in"):
        Simulation(assume={"deterrence_effect": 99.0})
