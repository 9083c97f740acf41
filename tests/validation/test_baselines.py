"""Baselines trained on a named library: no case sees its own outcome."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from foedus.evidence.casefile import bundled_cases, read_cases
from foedus.validation.baselines import (
    FeatureLogit,
    baseline_forecasts,
    feature_matrix,
    loo_base_rate,
    outcome_values,
)
from tests.validation.synthetic import write_cases


@pytest.fixture(scope="module")
def bundled() -> list:  # type: ignore[type-arg]
    return bundled_cases()


def test_leave_one_out_is_the_default(bundled: list) -> None:  # type: ignore[type-arg]
    base, logit = baseline_forecasts(bundled, "war")
    _has, y = outcome_values(bundled, "war")
    assert np.allclose(base, loo_base_rate(y))
    assert np.allclose(logit, FeatureLogit().loo(bundled, y))


def test_trained_on_another_library(tmp_path: Path, bundled: list) -> None:  # type: ignore[type-arg]
    outside = read_cases(write_cases(tmp_path, 12, seed=3))
    base, logit = baseline_forecasts(outside, "war", train=bundled)
    _h, y_train = outcome_values(bundled, "war")
    assert np.allclose(base, y_train.mean())  # one fit: no outside case is in the library
    fit = FeatureLogit().fit(feature_matrix(bundled), y_train)
    assert np.allclose(logit, fit.predict(feature_matrix(outside)))


def test_a_scored_case_in_the_training_library_is_left_out(
        bundled: list) -> None:  # type: ignore[type-arg]
    scored = bundled[:5]
    base, logit = baseline_forecasts(scored, "war", train=bundled)
    _h, y = outcome_values(bundled, "war")
    assert np.allclose(base, loo_base_rate(y)[:5])
    assert np.allclose(logit, FeatureLogit().loo(bundled, y)[:5])


def test_guarantor_baselines_only_where_there_is_a_guarantor(
        bundled: list) -> None:  # type: ignore[type-arg]
    has, _y = outcome_values(bundled, "guarantor")
    base, logit = baseline_forecasts(bundled, "guarantor", train=bundled)
    assert np.isnan(base[~has]).all() and np.isfinite(logit[has]).all()


def test_too_small_a_training_library_is_an_error(tmp_path: Path) -> None:
    few = read_cases(write_cases(tmp_path, 3, seed=1))
    with pytest.raises(ValueError, match="at least 3"):
        baseline_forecasts(few, "war", train=few[:2] + few[:0])


def test_leave_one_out_needs_one_more_case_than_a_training_set(tmp_path: Path) -> None:
    """Each leave-one-out forecast is trained on the others: 3 cases leave 2 for each."""
    few = read_cases(write_cases(tmp_path, 3, seed=1))
    with pytest.raises(ValueError, match="at least 4 cases"):
        baseline_forecasts(few, "war", train=None)
