"""Scores with paired bootstrap intervals: known answers, pairing, reproducibility."""

from __future__ import annotations

import math

import numpy as np
import pytest

from foedus.validation.scoring import (
    auc,
    bootstrap_scores,
    brier,
    calibration_in_large,
    log_score,
    recalibration,
    resample_indices,
)


def test_auc_known_answers() -> None:
    y = np.array([0.0, 0.0, 1.0, 1.0])
    assert auc(np.array([0.1, 0.2, 0.3, 0.4]), y) == 1.0
    assert auc(np.array([0.4, 0.3, 0.2, 0.1]), y) == 0.0
    # pairs (positive, negative): (0.3, 0.1) right, (0.3, 0.3) tied, (0.2, 0.1) right,
    # (0.2, 0.3) wrong: (1 + 1/2 + 1 + 0) / 4
    assert auc(np.array([0.1, 0.3, 0.3, 0.2]), y) == pytest.approx(0.625)
    assert np.isnan(auc(np.array([0.1, 0.2]), np.array([1.0, 1.0])))


def test_calibration_in_large_known_answer() -> None:
    assert calibration_in_large(np.array([0.2, 0.4, 0.9]), np.array([0.0, 1.0, 1.0])) == \
        pytest.approx(0.5 - 2 / 3)


def test_resamples_are_reproducible_and_keyed() -> None:
    a = resample_indices(30, 50, seed=4, key=0)
    assert a.shape == (50, 30) and a.min() >= 0 and a.max() < 30
    assert np.array_equal(a, resample_indices(30, 50, seed=4, key=0))
    assert not np.array_equal(a, resample_indices(30, 50, seed=4, key=1))
    assert not np.array_equal(a, resample_indices(30, 50, seed=5, key=0))


@pytest.fixture(scope="module")
def fixture_scores() -> tuple:  # type: ignore[type-arg]
    rng = np.random.default_rng(2)
    n = 200
    truth = rng.uniform(0.05, 0.95, n)
    y = (rng.uniform(size=n) < truth).astype(float)
    fc = {"model": truth, "flat": np.full(n, y.mean()), "noisy": np.clip(
        truth + rng.normal(0, 0.3, n), 0, 1)}
    return fc, y, bootstrap_scores("war", fc, y, "model", seed=9, key=0, resamples=1000,
                                   ranks=["model", "noisy"])


def test_point_estimates_are_the_plain_scores(fixture_scores: tuple) -> None:  # type: ignore[type-arg]
    fc, y, (scores, diffs, ok) = fixture_scores
    by = {s.method: s for s in scores}
    for name, p in fc.items():
        assert by[name].brier.est == pytest.approx(brier(p, y))
        assert by[name].log_score.est == pytest.approx(log_score(p, y))
        assert by[name].brier.lo <= by[name].brier.est <= by[name].brier.hi
    assert by["flat"].auc is None and by["model"].auc is not None
    assert by["model"].auc.est == pytest.approx(auc(fc["model"], y))
    d = {x.baseline: x for x in diffs}
    assert set(d) == {"flat", "noisy"}
    assert d["flat"].brier.est == pytest.approx(brier(fc["model"], y) - brier(fc["flat"], y))
    assert ok == 1000


def test_paired_intervals_are_narrower_than_unpaired(fixture_scores: tuple) -> None:  # type: ignore[type-arg]
    # the forecasters share their cases, so the difference varies less than the scores do
    _fc, _y, (scores, diffs, _ok) = fixture_scores
    by = {s.method: s for s in scores}
    d = {x.baseline: x for x in diffs}["noisy"]
    width = d.brier.hi - d.brier.lo
    assert width < (by["model"].brier.hi - by["model"].brier.lo) + (
        by["noisy"].brier.hi - by["noisy"].brier.lo)
    # the true probabilities beat a noisy copy of them: the whole interval favours the model
    assert d.brier.hi < 0 and d.log_score.lo > 0


def test_identical_forecasters_differ_by_exactly_zero() -> None:
    p = np.array([0.2, 0.7, 0.5, 0.9])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    _s, (d,), _ok = bootstrap_scores("war", {"model": p, "copy": p.copy()}, y, "model", 1, 0,
                                     resamples=200)
    assert (d.brier.est, d.brier.lo, d.brier.hi) == (0.0, 0.0, 0.0)


def test_recalibration_known_answers() -> None:
    rng = np.random.default_rng(7)
    p = rng.uniform(0.05, 0.95, 4_000)
    y = (rng.random(p.size) < p).astype(float)
    rc = recalibration(p, y)
    assert rc is not None and rc.slope is not None
    # calibrated forecasts: intercept 0 and slope 1 within their intervals
    assert rc.intercept.lo < 0.0 < rc.intercept.hi
    assert rc.slope.lo < 1.0 < rc.slope.hi
    # odds ten times too low: the intercept recovers ln 10, the slope stays 1
    odds = p / (1 - p) / 10.0
    low = recalibration(odds / (1 + odds), y)
    assert low is not None and low.slope is not None
    assert low.intercept.lo < math.log(10.0) < low.intercept.hi
    assert low.slope.lo < 1.0 < low.slope.hi
    # a leave-one-out intercept undoes a pure shift of the level
    assert abs(low.loo_brier - rc.loo_brier) < 1e-3
    assert low.loo_brier < float(np.mean((odds / (1 + odds) - y) ** 2))
    # one class only: undefined
    assert recalibration(p[:10], np.zeros(10)) is None
    # forecasts that do not rank: no slope
    flat = recalibration(np.full(100, 0.3), (rng.random(100) < 0.3).astype(float), slope=False)
    assert flat is not None and flat.slope is None
