"""Figures carry the numbers of the result they draw (known answers from the JSON)."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.report import figures as fg
from foedus.scenario.loader import Document
from foedus.study.result import OUTCOME_KEYS, Result


def test_policy_comparison_bars_are_the_intervals(july_result: Result) -> None:
    res = july_result.to_dict()
    fig = fg.policy_comparison(res)
    keys = [k for k in OUTCOME_KEYS  # outcomes no policy has (a crisis's deal) get no panel
            if any(p["outcomes"][k] is not None for p in res["policies"].values())]
    crisis_null = {"deal_signed", "war_no_deal", "war_after_deal", "resumption_given_deal"}
    assert len(fig.data) == len(keys) == len(set(OUTCOME_KEYS) - crisis_null)
    pols = list(res["policies"])
    for trace, key in zip(fig.data, keys, strict=True):
        assert list(trace.y) == pols
        for i, p in enumerate(pols):
            e = res["policies"][p]["outcomes"][key]
            if e is None:  # crisis scenario: no deal outcomes
                assert trace.x[i] is None and trace.text[i] == "—"
                continue
            v = e.get("p", e.get("mean"))
            assert trace.x[i] == v
            assert trace.error_x.array[i] == pytest.approx(e["hi"] - v)
            assert trace.error_x.arrayminus[i] == pytest.approx(v - e["lo"])


def test_survival_and_ladder(july_result: Result) -> None:
    res = july_result.to_dict()
    fig = fg.survival_curves(res)
    assert len(fig.data) == 3 * len(res["policies"])
    for i, p in enumerate(res["policies"]):
        lo, hi, mid = fig.data[3 * i: 3 * i + 3]
        s = res["policies"][p]["survival"]
        assert list(lo.y) == s["lo"] and list(hi.y) == s["hi"] and list(mid.y) == s["p"]
        assert hi.fill == "tonexty" and mid.name == p
    lad = fg.max_level_distribution(res)
    for trace, p in zip(lad.data, res["policies"], strict=True):
        assert list(trace.y) == res["policies"][p]["max_level"]
        assert sum(trace.y) == pytest.approx(1.0, abs=1e-5)
        assert trace.x[0] == "0 peace" and len(trace.x) == 7


def test_commitment_network(july: Document, july_result: Result) -> None:
    s = july.scenario
    fig = fg.commitment_network(s, july_result.to_dict())
    n_edges = len(s.commitments) + len(s.war_plans)
    assert len(fig.layout.annotations) == n_edges
    nodes = fig.data[-1]
    assert set(nodes.text) == {a.id for a in s.actors}
    edge_ids = [t.meta for t in fig.data[:-1]]
    assert sorted(edge_ids) == sorted([c.id for c in s.commitments]
                                      + [w.id for w in s.war_plans])
    blank = next(c for c in s.commitments if c.id == "germany-ah-blank-cheque")
    ann = fig.layout.annotations[edge_ids.index(blank.id)]
    assert ann.arrowcolor == fg.EDGE_COLOURS[blank.type]
    assert "honoured" in fig.data[edge_ids.index(blank.id)].hovertext
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["all"] + [p.id for p in s.policies]
    for b, p in zip(buttons[1:], s.policies, strict=True):
        active = set(s.baseline) | set(p.commitments) | {w.id for w in s.war_plans}
        vis = b.args[0]["visible"][:n_edges]
        assert {e for e, v in zip(edge_ids, vis, strict=True) if v} == active
        assert [b.args[1][f"annotations[{i}].visible"] for i in range(n_edges)] == vis


SOBOL_ROWS = pd.DataFrame({"parameter": ["a", "a", "b", "b"], "index": ["S1", "ST"] * 2,
                           "estimate": [0.5, 0.6, 0.1, 0.2], "lo": [0.4, 0.5, 0.0, 0.1],
                           "hi": [0.6, 0.7, 0.2, 0.3]})


@pytest.mark.parametrize("form", ["tidy", "wide", "salib", "cli", "nested"])
def test_tidy_sensitivity_forms(form: str) -> None:
    data: object
    if form == "tidy":
        data = SOBOL_ROWS
    elif form == "wide":
        data = [{"parameter": "a", "S1": 0.5, "S1_lo": 0.4, "S1_hi": 0.6, "ST": 0.6,
                 "ST_lo": 0.5, "ST_hi": 0.7},
                {"parameter": "b", "S1": 0.1, "S1_conf": 0.1, "ST": 0.2, "ST_conf": 0.1}]
    elif form == "salib":
        data = {"names": ["a", "b"], "S1": [0.5, 0.1], "S1_conf": [0.1, 0.1],
                "ST": [0.6, 0.2], "ST_conf": [0.1, 0.1]}
    elif form == "cli":
        data = {"method": "sobol", "policy": "p", "parameters": [
            {"name": "a", "prior": "U(0,1)", "S1": {"estimate": 0.5, "lo": 0.4, "hi": 0.6},
             "ST": {"estimate": 0.6, "lo": 0.5, "hi": 0.7}},
            {"name": "b", "S1": {"estimate": 0.1, "lo": 0.0, "hi": 0.2},
             "ST": {"estimate": 0.2, "lo": 0.1, "hi": 0.3}}]}
    else:
        data = {"method": "sobol", "indices": {
            "a": {"S1": {"value": 0.5, "lo": 0.4, "hi": 0.6},
                  "ST": {"value": 0.6, "lo": 0.5, "hi": 0.7}},
            "b": {"S1": {"value": 0.1, "lo": 0.0, "hi": 0.2},
                  "ST": {"value": 0.2, "lo": 0.1, "hi": 0.3}}}}
    frame, meta = fg.tidy_sensitivity(data)
    got = frame.sort_values(["parameter", "index"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got.astype({"lo": float, "hi": float}), SOBOL_ROWS,
                                  check_dtype=False, atol=1e-12)
    if form in ("cli", "nested"):
        assert meta["method"] == "sobol"
    fig = fg.sensitivity_indices(frame)
    assert [t.name for t in fig.data] == ["S1", "ST"]
    assert list(fig.data[1].y) == ["b", "a"]  # most influential at the top
    assert list(fig.data[1].x) == [0.2, 0.6]


def test_tidy_sensitivity_rejects_junk() -> None:
    with pytest.raises(ValueError):
        fg.tidy_sensitivity([{"x": 1}])
    with pytest.raises(ValueError):
        fg.tidy_sensitivity([{"parameter": "a", "foo": 1}])


def test_audit_heatmap() -> None:
    df = pd.DataFrame({"claim": ["C1", "C1", "C2", "C2"], "policy": ["p", "q"] * 2,
                       "outcome": ["war_by_horizon"] * 4, "effect": [0.1, -0.2, 0.0, 0.3]})
    fig = fg.audit_effects(df)
    assert fig is not None
    assert fig.data[0].z == ((0.1, -0.2), (0.0, 0.3)) or list(map(list, fig.data[0].z)) == [
        [0.1, -0.2], [0.0, 0.3]]
    assert fig.data[0].zmax == pytest.approx(0.3) and fig.data[0].zmin == pytest.approx(-0.3)
    assert fg.audit_effects(pd.DataFrame({"a": [1]})) is None
