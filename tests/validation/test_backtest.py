"""Back-test scoring: known answers for Brier, log score and calibration; a small run."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from foedus.evidence.casefile import bundled_cases, read_cases
from foedus.validation.backtest import Backtest, calibrated_case_ids
from foedus.validation.forecast import replications_needed
from foedus.validation.scoring import brier, calibration_table, log_score
from tests.validation.synthetic import write_cases

FEW = ("case-july-1914", "case-korea-1953", "case-finland-1948", "case-poland-1939",
       "case-budapest-1994", "case-kuwait-1990")


@pytest.fixture(scope="module")
def few() -> list:  # type: ignore[type-arg]
    return [c for c in bundled_cases() if c.id in FEW]


def test_brier_and_log_score_known_answers() -> None:
    p, y = np.array([0.8, 0.3]), np.array([1.0, 0.0])
    assert brier(p, y) == pytest.approx((0.04 + 0.09) / 2)
    assert log_score(p, y) == pytest.approx((math.log(0.8) + math.log(0.7)) / 2)
    assert log_score(np.array([0.0]), np.array([1.0])) == pytest.approx(math.log(0.01))


def test_calibration_table_bins() -> None:
    t = calibration_table(np.array([0.1, 0.15, 0.9, 1.0]), np.array([0.0, 1.0, 1.0, 1.0]))
    assert t["n"].tolist() == [2, 0, 0, 0, 2]
    assert t.loc[0, "observed"] == pytest.approx(0.5)
    assert t.loc[4, "mean_forecast"] == pytest.approx(0.95)


def test_backtest_scores_every_case_with_both_baselines(few: list) -> None:  # type: ignore[type-arg]
    bt = Backtest(lens="evidence", replications=1000, seed=3).run(few)
    df = bt.predictions_
    assert len(df) == len(few)
    assert df["p_war"].between(0, 1).all()
    assert df[["base_war", "logit_war"]].notna().all().all()
    methods = {(s.outcome, s.method) for s in bt.scores_}
    assert ("war", "model") in methods and ("war", "base rate (LOO)") in methods
    assert ("war", "logistic (LOO)") in methods
    # crisis cases with an attack under way are forecast as more warlike than a treaty at peace
    p = dict(zip(df["case"], df["p_war"], strict=True))
    assert p["case-july-1914"] > p["case-finland-1948"]
    d = bt.to_dict()
    assert {"lens", "cases", "scores", "window_months"} <= set(d)
    again = Backtest(lens="evidence", replications=1000, seed=3).run(few)
    assert np.array_equal(again.predictions_["p_war"].to_numpy(), df["p_war"].to_numpy())


def test_outside_folder_with_baselines_trained_on_the_bundled_library(
        tmp_path: Path, few: list) -> None:  # type: ignore[type-arg]
    outside = read_cases(write_cases(tmp_path, 8, seed=5))
    bt = Backtest(replications=300, seed=2, train=bundled_cases(), train_name="bundled",
                  resamples=300).run(outside, "outside")
    methods = {s.method for s in bt.scores_}
    assert methods == {"model", "base rate (trained on bundled)",
                       "logistic (trained on bundled)"}
    assert {d.baseline for d in bt.differences_} == methods - {"model"}
    d = bt.to_dict()
    assert d["baselines"] == "trained on bundled" and d["cases_from"] == "outside"
    assert d["bootstrap"]["resamples"] == 300 and d["bootstrap"]["paired"]
    for s in d["scores"]:
        lo, hi = s["brier_ci"]
        assert lo <= s["brier"] <= hi


def test_denominators_are_reported_and_flagged(tmp_path: Path) -> None:
    outside = read_cases(write_cases(tmp_path, 4, seed=6))
    bt = Backtest(replications=150, seed=2, resamples=200).run(outside)
    df = bt.predictions_
    assert (df["signed"] <= 150).all() and df["low_denominator"].all()
    for signed, need in zip(df["signed"], df["replications_needed"], strict=True):
        assert need == replications_needed(int(signed), 150) and need * signed / 150 >= 200
    den = bt.to_dict()["denominators"]
    assert den["flagged"] == df["case"].tolist()
    assert den["replications_needed"] == int(df["replications_needed"].max())


def test_replications_needed_known_answers() -> None:
    # the rate at the lower end of its Wilson interval: 100 of 2,000 -> 0.04128, 200 / that
    # = 4,845, rounded up to a thousand
    assert replications_needed(100, 2000) == 5000
    assert replications_needed(39, 2000) == 14000  # Wilson low 0.01430 -> 13,989
    assert replications_needed(0, 1000) == 67000  # rule of three: fewer than 3 in 1,000
    # a case that signed 25 of 1,000 is told enough even if its true rate is lower: at the
    # suggested replications, 200 signed need a rate of at least 200 / 12,000 = 1.7 %
    assert replications_needed(25, 1000) == 12000


def test_calibrated_lens_outside_its_fit_uses_the_shipped_priors(tmp_path: Path) -> None:
    outside = read_cases(write_cases(tmp_path, 4, seed=7))
    bt = Backtest(lens="calibrated", replications=200, seed=1, resamples=200).run(outside)
    assert "shipped priors" in bt.model_ and not hasattr(bt, "calibration_")
    ids = calibrated_case_ids()
    assert len(ids) == len(bundled_cases())


def test_calibrated_lens_on_cases_it_was_fitted_to_is_refitted_leave_one_out(
        few: list) -> None:  # type: ignore[type-arg]
    bt = Backtest(lens="calibrated", replications=100, seed=1, resamples=200).run(few[:4])
    assert "leave-one-out refit" in bt.model_ and "4 of the cases" in bt.model_
    assert (bt.predictions_["signed"] > 0).all()


def test_three_guarantor_cases_are_too_few_for_leave_one_out() -> None:
    cases = [c for c in bundled_cases() if c.guarantor is not None][:3]
    cases += [c for c in bundled_cases() if c.guarantor is None][:1]
    bt = Backtest(replications=100, seed=1, resamples=100).run(cases)
    assert "at least 4 are needed" in bt.skipped_["guarantor"]
    assert {s.outcome for s in bt.scores_} == {"war"}
