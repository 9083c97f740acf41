"""Baselines (LOO base rate, ridge logit) and the grid calibration."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.evidence.calibrated import overrides, record
from foedus.evidence.casefile import bundled_cases
from foedus.evidence.lenses import LENSES
from foedus.validation.baselines import FeatureLogit, loo_base_rate
from foedus.validation.calibration import Calibration


def test_loo_base_rate_known_answer() -> None:
    assert loo_base_rate(np.array([1.0, 0.0, 0.0, 1.0])).tolist() == pytest.approx(
        [1 / 3, 2 / 3, 2 / 3, 1 / 3])


def test_logit_learns_a_clear_signal_and_stays_finite() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 1))
    y = (x[:, 0] > 0).astype(float)  # perfectly separable: the penalty keeps it finite
    m = FeatureLogit(alpha=1.0).fit(x, y)
    assert np.all(np.isfinite(m.coef_))
    p = m.predict(np.array([[-2.0], [2.0]]))
    assert p[0] < 0.2 < 0.8 < p[1]


def test_grid_posterior_and_exact_leave_one_out() -> None:
    cases = [c for c in bundled_cases() if c.id in ("case-july-1914", "case-korea-1953",
                                                     "case-budapest-1994", "case-kuwait-1990")]
    grid = {"attack_hazard": (0.002, 0.03), "credibility_shift": (0.0,),
            "escalate_2_3": (0.01,)}
    cal = Calibration(grid=grid, replications=200, seed=2).fit(cases)
    assert cal.posterior_.sum() == pytest.approx(1.0)
    # a higher attack hazard gives more war in every case (common random numbers)
    assert np.all(cal.p_war_[:, 1] >= cal.p_war_[:, 0])
    pw, pg = cal.loo_predictions_()
    i = 0
    lw = cal.loglik_.sum(axis=0) - cal.loglik_[i]
    w = np.exp(lw - lw.max())
    w /= w.sum()
    assert pw[i] == pytest.approx(float(w @ cal.p_war_[i]))
    assert set(cal.lens_priors_()) == set(grid)


def test_shipped_calibrated_lens() -> None:
    rec = record()
    assert rec["n_cases"] == len(bundled_cases())
    lens = LENSES["calibrated"]
    assert set(lens.overrides) == set(rec["priors"]) == {"attack_hazard", "credibility_shift",
                                                         "escalate_2_3"}
    for e in overrides().values():
        assert "calibration" in e.source and e.origin == "calibrated"
