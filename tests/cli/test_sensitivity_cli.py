"""``foedus sensitivity``: JSON contract, table, and bad input (exit 2, before any work)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app

runner = CliRunner()
FAST = ["--n", "4", "--reps", "1000", "--param", "war_cost_adversary",
        "--param", "attack_hazard", "--seed", "3"]


def test_json_contract_and_out_file(tmp_path: Path) -> None:
    target = tmp_path / "sa.json"
    res = runner.invoke(app, ["sensitivity", "ukraine-2025", "--policy", "article5",
                              "--outcome", "war_by_horizon", *FAST, "--json",
                              "--out", str(target)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert json.loads(target.read_text()) == data
    assert data["method"] == "sobol" and data["evaluations"] == 4 * 5
    assert {p["name"] for p in data["parameters"]} == {"war_cost_adversary", "attack_hazard"}
    for p in data["parameters"]:
        for k in ("S1", "ST"):
            assert p[k]["lo"] <= p[k]["estimate"] <= p[k]["hi"]
    assert data["dummy"]["ST"]["estimate"] == pytest.approx(0.0, abs=1e-12)
    assert data["dummy_check"]["passed"] is True


def test_morris_table() -> None:
    res = runner.invoke(app, ["sensitivity", "ukraine-2025", "-p", "neutrality", "-o",
                              "months_of_peace", "--method", "morris", *FAST])
    assert res.exit_code == 0, res.output
    assert "mu_star" in res.output and "war_cost_adversary" in res.output
    assert "dummy check" in res.output


@pytest.mark.parametrize(("args", "message"), [
    (["--outcome", "peace"], "unknown outcome 'peace'"),
    (["--outcome", "war_by_horizon", "--n", "100"], "power of two"),
    (["--outcome", "war_by_horizon", "--method", "fast"], "unknown method"),
    (["--outcome", "war_by_horizon", "--lens", "hawk"], "unknown lens"),
    (["--outcome", "war_by_horizon", "--param", "credibility_shift"], "fixed under lens"),
])
def test_bad_input_exits_2(args: list[str], message: str) -> None:
    res = runner.invoke(app, ["sensitivity", "ukraine-2025", "--policy", "article5", *args])
    assert res.exit_code == 2, res.output
    assert message in res.output and "Traceback" not in res.output


def test_no_deal_resumption_refused() -> None:
    res = runner.invoke(app, ["sensitivity", "ukraine-2025", "--policy", "no-deal",
                              "--outcome", "resumption_given_deal"])
    assert res.exit_code == 2 and "offers no deal" in res.output
