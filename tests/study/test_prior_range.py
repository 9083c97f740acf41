"""Known answers of the prior ranges (closed forms and sampled quantiles)."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.scenario.priors import BetaPrior, FixedPrior, LogNormalPrior, UniformPrior
from foedus.study.prior_range import central_range, is_point_mass, quantile


def test_uniform_and_fixed_closed_forms() -> None:
    assert central_range(UniformPrior(low=0.0, high=0.5)) == pytest.approx((0.025, 0.475))
    assert central_range(FixedPrior(value=0.3)) == (0.3, 0.3)
    assert is_point_mass(FixedPrior(value=0.0))
    assert not is_point_mass(UniformPrior(low=0.0, high=1.0))


def test_lognormal_median_and_cap() -> None:
    p = LogNormalPrior(median=0.8, sigma=0.8)
    assert quantile(p, 0.5) == pytest.approx(0.8)
    lo, hi = central_range(p)
    assert lo == pytest.approx(0.8 * np.exp(-0.8 * 1.6448536), rel=1e-6)
    assert hi == pytest.approx(0.8 * np.exp(0.8 * 1.6448536), rel=1e-6)
    capped = LogNormalPrior(median=0.8, sigma=0.8, upper=2.0)
    assert central_range(capped)[1] == 2.0  # the 95th percentile lies above the cap


@pytest.mark.parametrize("prior", [BetaPrior(mean=0.35, concentration=6.0),
                                   LogNormalPrior(median=0.4, sigma=0.6, upper=1.0),
                                   UniformPrior(low=0.6, high=1.0)])
def test_range_matches_sampled_quantiles(prior: BetaPrior | LogNormalPrior | UniformPrior
                                         ) -> None:
    x = prior.sample(np.random.default_rng(5), 400_000)
    want = np.quantile(x, [0.05, 0.95])
    assert central_range(prior) == pytest.approx(tuple(want), abs=4e-3)


def test_bad_levels_are_refused() -> None:
    with pytest.raises(ValueError, match="mass"):
        central_range(FixedPrior(value=1.0), 1.0)
    with pytest.raises(ValueError, match="quantile"):
        quantile(UniformPrior(low=0.0, high=1.0), 0.0)
