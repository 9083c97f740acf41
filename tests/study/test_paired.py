"""Paired differences on common random numbers: known answers, fallbacks, round trips."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from foedus.engine.tally import ROW_FLAGS, Rows
from foedus.study.intervals import Z95, difference, wilson
from foedus.study.paired import gap, paired_means, paired_proportions, paired_table
from foedus.study.result import Result
from foedus.study.simulation import Simulation
from foedus.study.verdict import PAIRED_NOTE, UNPAIRED_NOTE, rank_outcome, verdict


def test_square_and_add_known_answer() -> None:
    # Fagerland, Lydersen & Laake (2017), Statistical Analysis of Contingency Tables, ch. 8:
    # complete response before and after consolidation therapy (Cavo et al. 2012), the
    # paired table [[59, 6], [16, 80]]; Newcombe square-and-add: -0.0621 (-0.1186 to -0.0046)
    d, lo, hi = paired_table(59, 6, 16, 80)
    assert d == pytest.approx(-10 / 161)
    assert (round(d, 4), round(lo, 4), round(hi, 4)) == (-0.0621, -0.1186, -0.0046)


def test_uncorrelated_pairs_give_the_unpaired_interval() -> None:
    # ad - bc within [0, n/2]: psi = 0, the hybrid score interval of two proportions
    a, b, c, d = 25, 25, 25, 25
    w1, w2 = wilson(a + b, 100), wilson(a + c, 100)
    assert w1 is not None and w2 is not None
    assert paired_table(a, b, c, d) == pytest.approx(difference(w1, w2))


def test_arrays_match_the_table_and_positive_correlation_narrows() -> None:
    rng = np.random.default_rng(0)
    u = rng.random(4000)
    x = (u < 0.30).astype(np.int8)
    y = (u < 0.32).astype(np.int8)  # the same uniforms: strongly correlated pairs
    a, b = int((x & y).sum()), int((x & (1 - y)).sum())
    c = int(((1 - x) & y).sum())
    assert paired_proportions(x, y) == paired_table(a, b, c, x.size - a - b - c)
    d, lo, hi = paired_proportions(x, y)
    w1, w2 = wilson(int(x.sum()), x.size), wilson(int(y.sum()), y.size)
    assert w1 is not None and w2 is not None
    _, ulo, uhi = difference(w1, w2)
    assert hi - lo < 0.5 * (uhi - ulo)
    assert lo < d < hi < 0


def test_paired_means_known_answer() -> None:
    x = np.array([10, 12, 9, 15, 11])
    y = np.array([8, 11, 9, 12, 10])  # differences 2, 1, 0, 3, 1: mean 1.4, sd 1.1402
    d, lo, hi = paired_means(x, y)
    half = Z95 * math.sqrt(1.3) / math.sqrt(5)
    assert d == pytest.approx(1.4)
    assert (lo, hi) == pytest.approx((1.4 - half, 1.4 + half))
    with pytest.raises(ValueError):
        paired_means(x, y[:4])


def test_rows_round_trip_and_reject_malformed() -> None:
    rng = np.random.default_rng(1)
    n = 1003  # not a multiple of 8: the packed bits must be cut at n
    flags = {k: (rng.random(n) < 0.3).astype(np.int8) for k in ROW_FLAGS}
    rows = Rows(**flags, peace=rng.integers(0, 600, n).astype(np.int16))
    back = Rows.from_dict(json.loads(json.dumps(rows.to_dict())))
    for k in (*ROW_FLAGS, "peace"):
        assert np.array_equal(getattr(back, k), getattr(rows, k))
    bad = rows.to_dict() | {"n": n + 9}
    with pytest.raises(ValueError, match="per-replication"):
        Rows.from_dict(bad)
    with pytest.raises(ValueError, match="per-replication"):
        Rows.from_dict(rows.to_dict() | {"war": "not base64!"})


@pytest.fixture(scope="module")
def close_pair() -> Result:
    """Two ukraine-2025 policies that differ little: a reassurance force with and without a
    US backstop, on common random numbers."""
    return Simulation(replications=3_000, seed=11, horizon=36).run(
        "ukraine-2025", ["reassurance-force", "reassurance-backstop"]).result_


def test_policies_keep_rows_and_pair_their_differences(close_pair: Result) -> None:
    a, b = (close_pair.policies[p] for p in ("reassurance-force", "reassurance-backstop"))
    assert a.rows is not None and b.rows is not None and a.rows.n == b.rows.n == 3_000
    # the rows sum to the estimates
    war = a.outcomes["war_by_horizon"]
    assert war is not None and int(a.rows.war.sum()) == round(war.value * 3_000)
    g = gap(a, b, "war_by_horizon")
    assert g is not None and g.paired
    ea, eb = a.outcomes["war_by_horizon"], b.outcomes["war_by_horizon"]
    assert ea is not None and eb is not None
    _, ulo, uhi = difference((ea.value, ea.lo, ea.hi), (eb.value, eb.lo, eb.hi))
    assert g.estimate.value == pytest.approx(ea.value - eb.value)
    # the paired interval is narrower than the unpaired one
    assert g.estimate.hi - g.estimate.lo < 0.8 * (uhi - ulo)
    months = gap(a, b, "months_of_peace")
    assert months is not None and months.paired and months.estimate.kind == "mean"
    # a share of a subset (war after a deal among deals) has no pairs: unpaired
    cond = gap(a, b, "resumption_given_deal")
    assert cond is not None and not cond.paired


def test_a_stored_result_without_rows_falls_back_to_unpaired(close_pair: Result) -> None:
    payload = json.loads(json.dumps(close_pair.to_dict()))
    again = Result.from_dict(payload)
    assert verdict(again).to_dict() == verdict(close_pair).to_dict()
    for pr in payload["policies"].values():
        del pr["replicates"]  # as stored before the rows were kept
    old = Result.from_dict(payload)
    ov = rank_outcome(old, "war_by_horizon")
    assert ov.pairing == "unpaired" and not any(s.paired for s in ov.standings)
    v = verdict(old)
    assert v.pairing == UNPAIRED_NOTE and "unpaired" in v.to_dict()["pairing"]
    new = verdict(close_pair)
    assert rank_outcome(close_pair, "war_by_horizon").pairing == "paired"
    assert new.pairing != UNPAIRED_NOTE and new.pairing.startswith(PAIRED_NOTE[:-1])
    second = new.headline.standings[1]
    assert second.paired and second.to_dict()["gap_to_best"]["paired"] is True
