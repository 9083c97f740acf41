"""The negotiation block of a scenario: strict FILE:LINE errors, the forecast, the policy."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.negotiation.forecast import NoNegotiationError, forecast
from foedus.negotiation.policy import scenario_forecast, terms_from, with_negotiated
from foedus.scenario.errors import ScenarioError
from foedus.scenario.loader import Document, parse_scenario

TEXT = (resources.files("foedus.scenario") / "bundled" / "ukraine-2025.yaml").read_text(
    encoding="utf-8")
runner = CliRunner()


def _errors(old: str, new: str) -> list[str]:
    assert old in TEXT
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(TEXT.replace(old, new, 1), "s.yaml")
    return [str(i) for i in exc.value.issues]


def _line(needle: str) -> int:
    return TEXT.splitlines().index(next(x for x in TEXT.splitlines() if needle in x)) + 1


@pytest.mark.parametrize(("old", "new", "message"), [
    ("        territory: {position: {dist: uniform, low: 90, high: 100}",
     "        territory: {position: {dist: uniform, low: 90, high: 120}",
     "position must lie on the issue's scale [0, 100]"),
    ("        sanctions: {position: {dist: uniform, low: 90, high: 100}, salience: 0.7",
     "        sanktions: {position: {dist: uniform, low: 90, high: 100}, salience: 0.7",
     "unknown issue 'sanktions'"),
    ("salience: 0.9, source: \"Putin's conditions of 14 June 2024 (withdrawal",
     "salience: 1.5, source: \"Putin's conditions of 14 June 2024 (withdrawal",
     "salience must lie in [0, 1]"),
    ("commitments: [uk-reassurance, fr-reassurance]}",
     "commitments: [uk-reasurance, fr-reassurance]}", "unknown commitment 'uk-reasurance'"),
    ("    base: armistice", "    base: armistise", "unknown policy 'armistise'"),
    ("        - {upto: 60, label: non-aligned", "        - {upto: 20, label: non-aligned",
     "band bounds must increase strictly"),
])
def test_bad_negotiation_inputs_are_located(old: str, new: str, message: str) -> None:
    errs = _errors(old, new)
    assert any(message in e for e in errs), errs
    assert all(e.startswith("s.yaml:") and not e.startswith("s.yaml:0") for e in errs)


def test_the_error_names_the_line_of_the_stance() -> None:
    old = "        territory: {position: {dist: uniform, low: 90, high: 100}"
    errs = _errors(old, old.replace("high: 100", "high: 120"))
    assert errs[0].startswith(f"s.yaml:{_line(old)}: negotiation.actors.0.stances.territory")


def test_a_missing_stance_is_named() -> None:
    old = ("        sanctions: {position: {dist: uniform, low: 90, high: 100}, salience: 0.7, "
           "source: \"assumption: Russia seeks full relief and the return of frozen assets\"}\n")
    errs = _errors(old, "")
    assert any("no stance on issue(s) sanctions" in e for e in errs), errs


def test_forecast_is_reproducible_and_seeded(ukraine: Document) -> None:
    a = forecast(ukraine.scenario, rounds=4, replications=40)
    b = forecast(ukraine.scenario, rounds=4, replications=40)
    c = forecast(ukraine.scenario, rounds=4, replications=40, seed=99)
    for fa, fb, fc in zip(a.issues, b.issues, c.issues, strict=True):
        assert np.array_equal(fa.draws.positions, fb.draws.positions)
        assert not np.array_equal(fa.draws.positions[:, 0], fc.draws.positions[:, 0])
    mid, lo, hi = a.issue("territory").interval()
    assert 0 <= lo <= mid <= hi <= 100


def test_scenario_without_negotiation(july: Document) -> None:
    with pytest.raises(NoNegotiationError):
        forecast(july.scenario)
    assert with_negotiated(july) is july


def test_terms_from_linear_and_bands(ukraine: Document) -> None:
    neg = ukraine.scenario.negotiation
    assert neg is not None
    issues = {i.id: i for i in neg.issues}
    terms, add = terms_from(issues["territory"], 80.0)
    assert terms == {"adversary_gain": pytest.approx(0.5)} and add == []
    terms, add = terms_from(issues["alignment"], 10.0)
    assert terms["neutrality"] is True and "us-neutrality-guarantee" in add
    terms, add = terms_from(issues["alignment"], 95.0)
    assert terms["alliance_path"] == "member" and "us-article5" in add
    assert terms_from(issues["foreign-troops"], 50.0)[1] == []
    assert terms_from(issues["foreign-troops"], 50.1)[1] == ["uk-reassurance", "fr-reassurance"]


def test_negotiated_policy_joins_the_scenario(ukraine: Document) -> None:
    doc = with_negotiated(ukraine)
    ids = [p.id for p in doc.scenario.policies]
    assert ids[:-1] == [p.id for p in ukraine.scenario.policies] and ids[-1] == "negotiated"
    pol = doc.scenario.policy("negotiated")
    fc = scenario_forecast(ukraine.scenario)
    share = fc.issue("sanctions").interval()[0] / 100
    assert pol.terms.sanctions_relief == pytest.approx(share)
    assert "median forecasts" in pol.source


def test_cli_negotiate_json_has_distributions() -> None:
    res = runner.invoke(app, ["negotiate", "ukraine-2025", "--reps", "30", "--rounds", "3",
                              "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["replications"] == 30 and len(d["issues"]) == 5
    for issue in d["issues"]:
        f = issue["forecast"]
        assert f["lo"] <= f["median"] <= f["hi"]
        assert len(issue["rounds"]) == 4
    assert d["policy"]["id"] == "negotiated"


def test_cli_negotiate_table_and_errors(tmp_path) -> None:  # noqa: ANN001
    res = runner.invoke(app, ["negotiate", "ukraine-2025", "--reps", "20", "--rounds", "2"])
    assert res.exit_code == 0 and "Territory left under Russian control" in res.output
    assert "The deal as negotiated" in res.output
    res = runner.invoke(app, ["negotiate", "july-1914"])
    assert res.exit_code == 2 and "no negotiation block" in res.output
    bad = tmp_path / "t.csv"
    bad.write_text("Actor,Capability,Position,Salience\nA,0.5,4,0.5\nB,x,7,0.5\n")
    res = runner.invoke(app, ["negotiate", str(bad)])
    assert res.exit_code == 2 and f"{bad}:3: Capability: not a number" in res.output
    assert "Traceback" not in res.output
    good = tmp_path / "g.csv"
    good.write_text("Actor,Capability,Position,Salience\nA,0.5,4,0.5\nB,0.2,7,0.5\n"
                    "C,0.3,10,0.9\n")
    res = runner.invoke(app, ["negotiate", str(good), "--rounds", "3", "--moves"])
    assert res.exit_code == 0 and "round 1:" in res.output
    res = runner.invoke(app, ["negotiate", "ukraine-2025", "--normaliser", "bogus"])
    assert res.exit_code == 2


def test_cli_explain_lists_negotiation_inputs_and_policy() -> None:
    res = runner.invoke(app, ["explain", "ukraine-2025"])
    assert res.exit_code == 0
    assert "Negotiation parties" in res.output and "ua-hardliners" in res.output
    assert "negotiated" in res.output


def test_cli_compare_includes_the_negotiated_policy() -> None:
    res = runner.invoke(app, ["compare", "ukraine-2025", "--reps", "1000", "--horizon", "12",
                              "--json", "--no-store"])
    assert res.exit_code == 0, res.output
    assert "negotiated" in json.loads(res.stdout)["policies"]
