"""``foedus backtest``: JSON contract on a small case folder; bad case files exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.evidence import casefile
from foedus.evidence.casefile import read_cases
from tests.validation.synthetic import write_cases

runner = CliRunner()
CASES = Path(__file__).resolve().parents[2] / "src" / "foedus" / "evidence" / "cases"


def _folder(tmp_path: Path, names: list[str]) -> Path:
    for n in names:
        shutil.copy(CASES / n, tmp_path / n)
    return tmp_path


def test_backtest_json_on_a_user_folder(tmp_path: Path) -> None:
    d = _folder(tmp_path, ["korea-1953.yaml", "korea-1950.yaml", "finland-1939.yaml",
                           "austria-1955.yaml"])
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--reps", "500", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["cases"]) == 4
    assert {s["method"] for s in data["scores"]} == {"model", "base rate (LOO)",
                                                     "logistic (LOO)"}
    for c in data["cases"]:
        assert 0.0 <= c["p_war"] <= 1.0


def test_backtest_table_output(tmp_path: Path) -> None:
    d = _folder(tmp_path, ["korea-1953.yaml", "korea-1950.yaml", "finland-1939.yaml",
                           "kuwait-1990.yaml"])
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--reps", "200"])
    assert res.exit_code == 0, res.output
    assert "Brier" in res.output and "case-korea-1950" in res.output


def test_case_without_outcome_exits_2(tmp_path: Path) -> None:
    d = _folder(tmp_path, ["korea-1953.yaml", "korea-1950.yaml", "finland-1939.yaml"])
    bad = d / "korea-1950.yaml"
    text = bad.read_text(encoding="utf-8")
    bad.write_text(text[:text.index("outcome:")], encoding="utf-8")
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--reps", "200", "--json"])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert f"{bad}:" in res.output and "outcome: field required" in res.output


def test_case_without_source_exits_2(tmp_path: Path) -> None:
    d = _folder(tmp_path, ["korea-1953.yaml", "korea-1950.yaml", "finland-1939.yaml"])
    bad = d / "finland-1939.yaml"
    lines = bad.read_text(encoding="utf-8").split("\n")
    k = max(i for i, ln in enumerate(lines) if ln.strip().startswith("source:"))
    del lines[k]
    bad.write_text("\n".join(lines), encoding="utf-8")
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--reps", "200"])
    assert res.exit_code == 2
    assert "source: field required" in res.output


def test_empty_folder_exits_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["backtest", "--cases", str(tmp_path)])
    assert res.exit_code == 2 and "no case files" in res.output


def test_backtest_outside_folder_trained_on_bundled(tmp_path: Path) -> None:
    d = write_cases(tmp_path / "outside", 6, seed=11)
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--train", "bundled", "--reps",
                              "300", "--resamples", "200", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["baselines"] == "trained on bundled"
    diffs = {(x["outcome"], x["baseline"]) for x in data["differences"]}
    assert diffs == {("war", "base rate (trained on bundled)"),
                     ("war", "logistic (trained on bundled)")}
    for x in data["differences"]:
        assert len(x["brier_diff_ci"]) == 2 and len(x["log_score_diff_ci"]) == 2
    for c in data["cases"]:
        assert c["signed"] <= 300 and c["low_denominator"] is (c["signed"] < 200)
        assert (c["replications_needed"] is None) is (c["signed"] >= 200)


def test_backtest_set_rule_coded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = write_cases(tmp_path / "rc", 5, seed=12, prefix="rc")
    real = casefile.case_set
    monkeypatch.setattr(casefile, "case_set",
                        lambda name: read_cases(d) if name == "rule-coded" else real(name))
    res = runner.invoke(app, ["backtest", "--set", "rule-coded", "--reps", "200",
                              "--resamples", "200", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["cases_from"] == "rule-coded" and len(data["cases"]) == 5
    res = runner.invoke(app, ["backtest", "--set", "bundled", "--train", "rule-coded",
                              "--reps", "200", "--resamples", "200", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["baselines"] == "trained on rule-coded"
    # the synthetic library has no guarantor cases, so that outcome cannot be scored
    assert "guarantor" in data["skipped_outcomes"]
    assert {s["outcome"] for s in data["scores"]} == {"war"}


def test_backtest_table_flags_low_denominators(tmp_path: Path) -> None:
    d = write_cases(tmp_path / "few", 4, seed=13)
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--reps", "150",
                              "--resamples", "200"])
    assert res.exit_code == 0, res.output
    assert "(!)" in res.output and "fewer than 200" in res.output and "--reps" in res.output
    assert "Model minus baseline" in res.output


@pytest.mark.parametrize("args", [["--set", "bundled", "--cases", "."], ["--set", "nope"],
                                  ["--train", "nope"]])
def test_backtest_bad_options_exit_2(args: list[str]) -> None:
    res = runner.invoke(app, ["backtest", *args, "--reps", "100"])
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_leave_one_out_on_three_cases_is_a_clear_error(tmp_path: Path) -> None:
    d = _folder(tmp_path, ["korea-1953.yaml", "korea-1950.yaml", "finland-1939.yaml"])
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--reps", "100"])
    assert res.exit_code == 2
    assert "at least 4 cases" in res.output and "Traceback" not in res.output
