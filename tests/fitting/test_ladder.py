"""Ladder with a latent crisis type: known answers on synthetic episodes, and the real files."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.data.cow import read_mid
from foedus.data.icb import read_icb1, read_icb2
from foedus.data.paths import FILES, default_data_dir, missing_files
from foedus.fitting.base import expit, logit
from foedus.fitting.ladder import LadderData, LadderMixtureFitter, ladder_data

TRUE = {"share_high": 0.1, "force_low": 0.7, "force_high": 0.75, "war_high": 0.3,
        "nuclear_one_odds_ratio": 0.6, "sojourn_1_months": 1.5, "sojourn_2_months": 3.0}


def _episodes(rng: np.random.Generator, n: int, a: float, b: float) -> np.ndarray:
    force = rng.random(n) < a
    war = force & (rng.random(n) < b)
    return (1 + force + war).astype(np.int64)


def _synthetic(seed: int = 3, n_mid: int = 20_000, n_icb: int = 6_000) -> LadderData:
    rng = np.random.default_rng(seed)
    t = TRUE
    high = rng.random(n_mid) < t["share_high"]
    mid = np.where(high, _episodes(rng, n_mid, t["force_high"], t["war_high"]),
                   _episodes(rng, n_mid, t["force_low"], 0.0))
    months = rng.exponential(t["sojourn_1_months"], n_mid) + np.where(
        mid >= 2, rng.exponential(t["sojourn_2_months"], n_mid), 0.0)
    b_one = float(expit(logit(t["war_high"]) + np.log(t["nuclear_one_odds_ratio"])))
    return LadderData(mid, months, _episodes(rng, n_icb, t["force_high"], t["war_high"]),
                      _episodes(rng, n_icb, t["force_high"], b_one), 0, 25, "synthetic")


@pytest.fixture(scope="module")
def synthetic_fit() -> LadderMixtureFitter:
    return LadderMixtureFitter(n_bootstrap=200, seed=1).fit(_synthetic())


def test_recovers_known_parameters_within_their_intervals(
        synthetic_fit: LadderMixtureFitter) -> None:
    s = synthetic_fit.summary_
    for name, value in TRUE.items():
        assert s.loc[name, "lo"] <= value <= s.loc[name, "hi"], (name, s.loc[name].tolist())
    assert synthetic_fit.deviance_ < 10.0  # the true structure fits (df 1)


def test_monthly_rates_reproduce_the_episode_probabilities(
        synthetic_fit: LadderMixtureFitter) -> None:
    p = {k: v.estimate for k, v in synthetic_fit.params_.items()}
    for c in ("low", "high"):
        assert p[f"p12_{c}"] / (p[f"p12_{c}"] + p[f"d1_{c}"]) == pytest.approx(p[f"force_{c}"])
    assert p["p23_high"] / (p["p23_high"] + p["d2_high"]) == pytest.approx(p["war_high"])
    assert p["p12_high"] + p["d1_high"] == pytest.approx(1 - np.exp(-1 / p["sojourn_1_months"]))
    assert "p23_low" not in p  # fixed at 0 by the restriction, not fitted


def test_one_type_ladder_cannot_fit_a_mixture(synthetic_fit: LadderMixtureFitter) -> None:
    # MIDs escalate to war far less often than crises: a homogeneous ladder fails (df 2).
    assert synthetic_fit.homogeneous_deviance_ > 100.0


def test_ridge_trades_the_share_against_the_low_type_war_rate() -> None:
    f = LadderMixtureFitter(n_bootstrap=2)
    ridge = f.ridge(_synthetic(n_mid=5_000, n_icb=2_000))
    shares = [r["share_high"] for r in ridge]
    assert shares == sorted(shares, reverse=True) and shares[0] > shares[-1] + 0.02
    devs = [r["deviance"] for r in ridge]
    assert max(devs) - min(devs) < 0.5  # the margins cannot tell the points apart


def test_opposed_nuclear_zero_of_n_gives_a_bounded_prior(
        synthetic_fit: LadderMixtureFitter) -> None:
    p = synthetic_fit.params_["war_opposed_nuclear"]
    assert p.estimate == 0.0 and 0.10 < p.hi < 0.15
    assert p.prior() == {"dist": "beta", "mean": 1 / 27, "concentration": 27.0}


def test_bad_data_and_settings_are_refused() -> None:
    good = _synthetic(n_mid=50, n_icb=20)
    with pytest.raises(ValueError, match="levels 1-3"):
        LadderData(np.array([0, 1]), np.ones(2), good.icb_none, good.icb_one, 0, 1)
    with pytest.raises(ValueError, match="shape"):
        LadderData(good.mid_levels, np.ones(3), good.icb_none, good.icb_one, 0, 1)
    with pytest.raises(ValueError, match="opposed_war"):
        LadderData(good.mid_levels, good.mid_months, good.icb_none, good.icb_one, 2, 1)
    with pytest.raises(ValueError, match="low_class_war"):
        LadderMixtureFitter(low_class_war=1.0)


DATA = default_data_dir()


@pytest.mark.skipif(bool(missing_files(DATA)), reason=f"public datasets not found in {DATA}")
def test_real_files_reproduce_mid_and_icb_jointly() -> None:
    data = ladder_data(read_mid(DATA / FILES["mid_cow"]), read_icb1(DATA / FILES["icb1"]),
                       read_icb2(DATA / FILES["icb2"]))
    assert (data.mid_levels.size, data.icb_none.size, data.icb_one.size,
            data.opposed_n) == (1778, 353, 97, 25)
    f = LadderMixtureFitter(n_bootstrap=100, seed=7).fit(data)
    p = f.params_
    # the published rates, reproduced jointly (MID 29/1778, ICB 76/353 and 16/97)
    assert p["p_war_mid"].estimate == pytest.approx(29 / 1778, abs=5e-4)
    assert p["p_war_crisis_none"].estimate == pytest.approx(76 / 353, abs=2e-3)
    assert p["p_war_crisis_one"].estimate == pytest.approx(16 / 97, abs=2e-3)
    # pinned (maximum likelihood: deterministic; bootstrap: seed 7, 100 resamples)
    assert p["share_high"].estimate == pytest.approx(0.07577, abs=1e-4)
    assert p["force_low"].estimate == pytest.approx(0.70634, abs=1e-4)
    assert p["force_high"].estimate == pytest.approx(0.74447, abs=1e-4)
    assert p["war_high"].estimate == pytest.approx(0.28904, abs=1e-4)
    assert p["sojourn_1_months"].estimate == pytest.approx(1.6526, abs=1e-4)
    assert f.deviance_ < 0.1 and f.homogeneous_deviance_ > 150
    assert f.crisis_share(data) > p["share_high"].hi  # crises are not a subset of MIDs
