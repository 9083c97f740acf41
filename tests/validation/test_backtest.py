"""Back-test scoring: known answers for Brier, log score and calibration; a small run."""

from __future__ import annotations

import math

import numpy as np
import pytest

from foedus.evidence.casefile import bundled_cases
from foedus.validation.backtest import Backtest
from foedus.validation.scoring import brier, calibration_table, log_score

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
