"""Weibull recurrence: known answers on synthetic spells, and the COW war file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foedus.data.cow import read_wars
from foedus.data.paths import FILES, default_data_dir, missing_files
from foedus.fitting.recurrence import WeibullRecurrenceFitter, recurrence_data

SHAPE, SCALE, HR = 0.6, 400.0, 0.4


def _spells(seed: int = 11, wars: int = 300, per_war: int = 3) -> pd.DataFrame:
    """Weibull times with a known shape, scale and hazard ratio, censored at 120 months."""
    rng = np.random.default_rng(seed)
    n = wars * per_war
    x = rng.integers(0, 2, n)
    # PH form: S(t) = exp(-(t / scale)^k * HR^x)  <=>  scale_x = scale * HR^(-1/k)
    scale = SCALE * HR ** (-x / SHAPE)
    t = scale * rng.weibull(SHAPE, n)
    return pd.DataFrame({"war": np.repeat(np.arange(wars), per_war), "a": np.arange(n),
                         "b": np.arange(n) + n, "end_year": rng.integers(1946, 1998, n),
                         "months": np.minimum(t, 120.0), "event": (t <= 120).astype(int),
                         "decisive": x})


@pytest.fixture(scope="module")
def synthetic() -> WeibullRecurrenceFitter:
    return WeibullRecurrenceFitter(covariates=("decisive",), n_bootstrap=60,
                                   seed=2).fit(_spells())


@pytest.mark.slow
def test_recovers_shape_scale_and_hazard_ratio(synthetic: WeibullRecurrenceFitter) -> None:
    s = synthetic.summary_
    for name, value in (("shape", SHAPE), ("scale_months", SCALE), ("hr_decisive", HR)):
        assert s.loc[name, "lo"] <= value <= s.loc[name, "hi"], (name, s.loc[name].tolist())
    assert s.loc["shape", "hi"] < 1.0  # a falling hazard is detected


@pytest.mark.slow
def test_implied_recurrence_matches_the_spells(synthetic: WeibullRecurrenceFitter) -> None:
    d = _spells()
    observed = d["event"].mean()  # every spell has a full window
    p = synthetic.params_["recur_dyads_1946_1997"]
    assert p.lo <= observed <= p.hi
    assert synthetic.n_events_ == int(d["event"].sum()) and synthetic.n_wars_ == 300


def test_data_without_events_or_columns_is_refused() -> None:
    d = _spells(wars=10).assign(event=0)
    with pytest.raises(ValueError, match="no recurrence events"):
        WeibullRecurrenceFitter(covariates=("decisive",)).fit(d)
    with pytest.raises(ValueError, match="lacks column"):
        WeibullRecurrenceFitter(covariates=("contiguous",)).fit(_spells(wars=10))


DATA = default_data_dir()


@pytest.mark.skipif(bool(missing_files(DATA)), reason=f"public datasets not found in {DATA}")
def test_real_spells_are_censored_at_the_window_and_the_data_end() -> None:
    d = recurrence_data(read_wars(DATA / FILES["wars"]))
    assert (d["months"] <= 120 + 1e-9).all() and d["months"].gt(0).all()
    post = d[(d["end_year"] >= 1946) & (d["end_year"] <= 1997)]
    # the published dyad rate: 11 of 101 post-1945 dyads fought again within 120 months
    assert (int(post["event"].sum()), len(post)) == (11, 101)
    assert (len(d), int(d["event"].sum())) == (379, 31)


@pytest.mark.slow
def test_real_spells_with_frame_covariates_pinned() -> None:
    from foedus.data.frame import load_frame
    from foedus.data.paths import FRAME_FILES
    from foedus.fitting.recurrence import FRAME_COVARIATES

    if missing_files(DATA, FRAME_FILES):
        pytest.skip(f"public datasets not found in {DATA}")
    d = recurrence_data(read_wars(DATA / FILES["wars"]), load_frame(DATA).frame)
    f = WeibullRecurrenceFitter(covariates=FRAME_COVARIATES, n_bootstrap=10, seed=1).fit(d)
    assert (f.n_obs_, f.n_events_) == (378, 31)
    assert f.params_["shape"].estimate == pytest.approx(0.7413, abs=1e-3)
    assert f.params_["hr_rivalry"].estimate == pytest.approx(9.79, abs=0.01)
    # the published post-1945 dyad rate (11/101) lies in the implied rate's range
    assert f.params_["recur_dyads_1946_1997"].estimate == pytest.approx(0.0995, abs=1e-3)
