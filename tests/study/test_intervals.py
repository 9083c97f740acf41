"""Known answers for the Wilson and mean intervals and the Kaplan–Meier estimator."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binomtest, norm

from foedus.engine.tally import Tally
from foedus.study.intervals import Z95, mean_interval, wilson
from foedus.study.result import PolicyResult
from foedus.study.survival import kaplan_meier

# --- Wilson ----------------------------------------------------------------------------


def test_z95_is_the_normal_quantile() -> None:
    assert abs(Z95 - norm.ppf(0.975)) < 1e-12


@pytest.mark.parametrize(("k", "n", "lo", "hi"), [
    # Textbook values (Newcombe 1998, Statistics in Medicine 17: 857-872, Table I style):
    (0, 10, 0.0, 0.2775),
    (5, 10, 0.2366, 0.7634),
    (10, 10, 0.7225, 1.0),
    (81, 263, 0.2553, 0.3662),  # Newcombe 1998, example (a)
])
def test_wilson_textbook_values(k: int, n: int, lo: float, hi: float) -> None:
    w = wilson(k, n)
    assert w is not None
    p, got_lo, got_hi = w
    assert p == k / n
    assert got_lo == pytest.approx(lo, abs=5e-5)
    assert got_hi == pytest.approx(hi, abs=5e-5)


@pytest.mark.parametrize("n", [1, 2, 7, 10, 50, 300, 1001])
def test_wilson_matches_scipy(n: int) -> None:
    for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
        ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        w = wilson(k, n)
        assert w is not None
        p, lo, hi = w
        assert lo == pytest.approx(ci.low, abs=1e-12), (k, n)
        assert hi == pytest.approx(ci.high, abs=1e-12), (k, n)
        assert 0.0 <= lo <= hi <= 1.0
        # exact containment is tested below
        assert lo - 1e-12 <= p <= hi + 1e-12


def test_wilson_interior_contains_estimate_exactly() -> None:
    for n in range(1, 400):
        for k in range(1, n):
            w = wilson(k, n)
            assert w is not None
            assert w[1] < w[0] < w[2], (k, n)


@pytest.mark.parametrize(("k", "n"), [(0, 300), (0, 2000), (10, 10), (300, 300)])
def test_wilson_boundary_contains_estimate_exactly(k: int, n: int) -> None:
    w = wilson(k, n)
    assert w is not None
    p, lo, hi = w
    assert lo <= p <= hi


def test_wilson_narrows_with_n() -> None:
    widths = []
    for n in (10, 100, 1000, 10000):
        w = wilson(n // 4, n)
        assert w is not None
        widths.append(w[2] - w[1])
    assert widths == sorted(widths, reverse=True)


def test_wilson_bad_input() -> None:
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(11, 10)
    with pytest.raises(ValueError):
        wilson(-1, 10)


# --- mean interval ---------------------------------------------------------------------


def test_mean_interval_known_answer() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    m = mean_interval(float(x.sum()), float((x * x).sum()), x.size)
    assert m is not None
    mean, lo, hi = m
    half = Z95 * math.sqrt(2.5 / 5)  # sample variance 2.5
    assert mean == pytest.approx(3.0)
    assert lo == pytest.approx(3.0 - half)
    assert hi == pytest.approx(3.0 + half)
    assert half == pytest.approx(1.385904, abs=1e-6)


def test_mean_interval_matches_numpy_on_random_data() -> None:
    rng = np.random.default_rng(4)
    x = rng.integers(0, 25, size=1000).astype(np.float64)
    m = mean_interval(float(x.sum()), float((x * x).sum()), x.size)
    assert m is not None
    half = Z95 * x.std(ddof=1) / math.sqrt(x.size)
    assert m == pytest.approx((x.mean(), x.mean() - half, x.mean() + half), rel=1e-10)


def test_mean_interval_degenerate() -> None:
    assert mean_interval(0.0, 0.0, 0) is None
    assert mean_interval(7.0, 49.0, 1) == (7.0, 7.0, 7.0)
    assert mean_interval(30.0, 90.0, 10) == pytest.approx((3.0, 3.0, 3.0))


# --- Kaplan–Meier ----------------------------------------------------------------------


def _loglog_band(s: float, greenwood: float, z: float = Z95) -> tuple[float, float]:
    se = math.sqrt(greenwood) / abs(math.log(s))
    return s ** math.exp(z * se), s ** math.exp(-z * se)


def test_kaplan_meier_hand_computed() -> None:
    # H = 4: index 0 unused, 1..4 first month of war, 5 = still at peace (censored at H).
    # 20 replications: 4 wars in month 1, 2 in month 2, none in month 3, 1 in month 4.
    hist = np.array([0, 4, 2, 0, 1, 13], dtype=np.int64)
    curve = kaplan_meier(hist)
    assert curve.month.tolist() == [0, 1, 2, 3, 4]
    # at risk: 20, 16, 14, 14
    s1 = 1 - 4 / 20
    s2 = s1 * (1 - 2 / 16)
    s3 = s2
    s4 = s3 * (1 - 1 / 14)
    assert curve.p == pytest.approx([1.0, s1, s2, s3, s4])
    assert curve.p == pytest.approx([1.0, 0.8, 0.7, 0.7, 0.65])  # = empirical survival
    gw1 = 4 / (20 * 16)
    gw2 = gw1 + 2 / (16 * 14)
    gw4 = gw2 + 1 / (14 * 13)
    for t, s, gw in ((1, s1, gw1), (2, s2, gw2), (3, s3, gw2), (4, s4, gw4)):
        lo, hi = _loglog_band(s, gw)
        assert curve.lo[t] == pytest.approx(lo, rel=1e-10), t
        assert curve.hi[t] == pytest.approx(hi, rel=1e-10), t
    assert curve.lo[0] == curve.hi[0] == 1.0
    assert np.all((curve.lo >= 0) & (curve.hi <= 1))
    assert np.all((curve.lo <= curve.p) & (curve.p <= curve.hi))
    assert np.all(np.diff(curve.p) <= 0)


def test_kaplan_meier_other_band_width_and_a_gap_in_the_months() -> None:
    # H = 3, 10 replications: 5 wars in month 1, none in 2, 5 in month 3, none censored.
    curve = kaplan_meier(np.array([0, 5, 0, 5, 0], dtype=np.int64), z=1.0)
    assert curve.p == pytest.approx([1.0, 0.5, 0.5, 0.0])
    lo, hi = _loglog_band(0.5, 5 / (10 * 5), z=1.0)
    assert curve.lo[1:3] == pytest.approx([lo, lo], rel=1e-10)
    assert curve.hi[1:3] == pytest.approx([hi, hi], rel=1e-10)
    assert (curve.lo[3], curve.hi[3]) == (0.0, 0.0)


def test_kaplan_meier_leaves_numpy_error_state_alone() -> None:
    before = np.geterr()
    with np.errstate(divide="raise", invalid="raise"):
        kaplan_meier(np.array([0, 4, 2, 0, 1, 13], dtype=np.int64))
        assert np.geterr()["divide"] == "raise" and np.geterr()["invalid"] == "raise"
    assert np.geterr() == before


@pytest.mark.parametrize("hist", [[0, 0, 0], [0, 3], [0, 2, -1, 4]])
def test_kaplan_meier_rejects_empty_or_negative_histograms(hist: list[int]) -> None:
    with pytest.raises(ValueError, match="first-war histogram"):
        kaplan_meier(np.array(hist, dtype=np.int64))


def test_kaplan_meier_no_wars() -> None:
    curve = kaplan_meier(np.array([0, 0, 0, 0, 50], dtype=np.int64))
    assert curve.p.tolist() == [1.0, 1.0, 1.0, 1.0]
    assert curve.lo.tolist() == [1.0, 1.0, 1.0, 1.0]
    assert curve.hi.tolist() == [1.0, 1.0, 1.0, 1.0]


def test_kaplan_meier_all_at_war_in_month_1() -> None:
    curve = kaplan_meier(np.array([0, 30, 0, 0, 0], dtype=np.int64))
    assert curve.p.tolist() == [1.0, 0.0, 0.0, 0.0]
    assert np.all(np.isfinite(curve.lo)) and np.all(np.isfinite(curve.hi))
    assert np.all((curve.lo >= 0) & (curve.hi <= 1))
    assert np.all((curve.lo <= curve.p) & (curve.p <= curve.hi))


@pytest.mark.parametrize("seed", range(5))
def test_kaplan_meier_random_histograms(seed: int) -> None:
    rng = np.random.default_rng(seed)
    H = int(rng.integers(1, 40))
    hist = np.concatenate([[0], rng.integers(0, 30, size=H + 1)]).astype(np.int64)
    curve = kaplan_meier(hist)
    n = hist.sum()
    empirical = 1.0 - np.concatenate([[0], np.cumsum(hist[1:H + 1])]) / n
    assert curve.p == pytest.approx(empirical)
    assert np.all((curve.lo >= 0) & (curve.hi <= 1))
    assert np.all((curve.lo <= curve.p + 1e-12) & (curve.p <= curve.hi + 1e-12))
    assert np.all(np.diff(curve.p) <= 0)


# --- months of peace in a result -------------------------------------------------------


def _tally_all_peace_but_one(n: int = 300, H: int = 12) -> Tally:
    """n replications over H months: all at peace throughout, except one at war from month 1."""
    t = Tally(H=H, C=0)
    t.n = n
    t.war = 1
    t.peace_sum = H * (n - 1)
    t.peace_sumsq = H * H * (n - 1)
    t.first_war[1] = 1
    t.first_war[H + 1] = n - 1
    t.max_level[0] = n - 1
    t.max_level[3] = 1
    return t


def test_months_of_peace_estimate_from_tally() -> None:
    pr = PolicyResult.from_tally("p", _tally_all_peace_but_one(), crisis=True,
                                 commitment_ids=[])
    m = pr.outcomes["months_of_peace"]
    assert m is not None and m.kind == "mean"
    assert m.value == pytest.approx(12 * 299 / 300)
    assert m.lo <= m.value <= m.hi
    war = pr.outcomes["war_by_horizon"]
    assert war is not None and war.value == pytest.approx(1 / 300)
    assert pr.survival.p[-1] == pytest.approx(299 / 300)


def test_months_of_peace_interval_stays_within_horizon() -> None:
    pr = PolicyResult.from_tally("p", _tally_all_peace_but_one(), crisis=True,
                                 commitment_ids=[])
    m = pr.outcomes["months_of_peace"]
    assert m is not None
    assert m.lo >= 0.0 and m.hi <= 12
