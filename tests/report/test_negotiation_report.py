"""The negotiation section of the HTML report: the chart of positions over rounds per
issue and the forecast tables, present exactly when the scenario has a negotiation block."""

from __future__ import annotations

import pytest

from foedus.negotiation.forecast import forecast
from foedus.report import figures as fg
from foedus.report.html import HtmlReport
from foedus.report.negotiation import issue_frame, round_frame
from foedus.scenario.loader import Document
from foedus.study.simulation import Simulation


@pytest.fixture(scope="module")
def small_ukraine(ukraine: Document) -> Document:
    """ukraine-2025 with a quicker negotiation (50 replications, 6 rounds)."""
    s = ukraine.scenario
    assert s.negotiation is not None
    neg = s.negotiation.model_copy(update={"replications": 50, "rounds": 6, "policy": None})
    return Document(s.model_copy(update={"negotiation": neg}), ukraine.source, ukraine.text)


def test_report_has_the_negotiation_chart_and_tables(small_ukraine: Document) -> None:
    s = small_ukraine.scenario
    assert s.negotiation is not None
    res = Simulation(replications=200, seed=5).run(small_ukraine).result_
    rep = HtmlReport().build(small_ukraine, res)
    figs = dict(rep.figures_)
    assert "fig-negotiation" in figs and 'id="negotiation"' in rep.html_
    fig = figs["fig-negotiation"]
    fc = forecast(s).to_dict()
    n_actors, n_issues = len(s.negotiation.actors), len(s.negotiation.issues)
    assert len(fig.data) == n_issues * (n_actors + 2)  # actors, band, median per issue
    medians = [t for t in fig.data if t.name == "forecast median"]
    assert [list(t.y) for t in medians] == [[r["median"] for r in i["rounds"]]
                                           for i in fc["issues"]]
    assert all(len(t.x) == 7 for t in medians)  # round 0 and 6 rounds
    for i in fc["issues"]:
        assert f"<td>{i['id']}</td>" in rep.html_
    assert "Forecast per issue" in rep.html_ and "negotiation-rounds" in rep.html_


def test_tables_follow_the_forecast(small_ukraine: Document) -> None:
    fc = forecast(small_ukraine.scenario).to_dict()
    issues, rounds = issue_frame(fc), round_frame(fc)
    assert list(issues["issue"]) == [i["id"] for i in fc["issues"]]
    assert len(rounds) == sum(len(i["rounds"]) for i in fc["issues"])
    first = fc["issues"][0]
    assert issues.loc[0, "forecast median"] == round(first["forecast"]["median"], 3)
    assert issues.loc[0, "95 % interval"] == (f"[{first['forecast']['lo']:.3g}, "
                                              f"{first['forecast']['hi']:.3g}]")
    assert (rounds["lo"] <= rounds["median"]).all() and (rounds["median"] <= rounds["hi"]).all()


def test_chart_of_a_one_issue_table_forecast() -> None:
    fc = {"replications": 1, "issues": [{
        "id": "issue", "name": "one", "scale": {"low": 1, "high": 10, "low_means": "a",
                                                "high_means": "b"},
        "rounds": [{"round": k, "median": m, "lo": m, "hi": m} for k, m in enumerate((5, 6))],
        "central": {"actors": ["x", "y"], "positions": [[1, 10], [5, 9]]}}]}
    fig = fg.negotiation_positions(fc)
    assert [t.name for t in fig.data] == ["x", "y", "median, 95 % band over draws",
                                          "forecast median"]
    assert list(fig.data[1].y) == [10, 9]
