"""Known answers of the group decision model's pieces, each against its own module."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.negotiation.offers import (
    CAPITULATION,
    COMPROMISE,
    CONFRONTATION,
    NONE,
    accept,
    offers,
)
from foedus.negotiation.probability import prevail_probability
from foedus.negotiation.risk import risk_exponents, security
from foedus.negotiation.rounds import Options, negotiate
from foedus.negotiation.utility import expected_utility
from foedus.negotiation.votes import pair_votes, weighted_mean, weighted_median


def row(*v: float) -> np.ndarray:
    return np.array([v], dtype=float)


def test_two_actors_median_is_the_heavier_position() -> None:
    x, c, s = row(0, 10), row(1, 3), row(1, 1)
    assert weighted_median(x, c, s, 10.0)[0] == 10.0
    assert weighted_median(x, row(3, 1), s, 10.0)[0] == 0.0
    # salience weighs like capability
    assert weighted_median(x, row(1, 3), row(1, 0.2), 10.0)[0] == 0.0


def test_weighted_median_of_three_and_ties() -> None:
    x = row(2, 5, 9)
    assert weighted_median(x, row(1, 1, 1), row(1, 1, 1), 7.0)[0] == 5.0
    assert weighted_median(x, row(1, 1, 3), row(1, 1, 1), 7.0)[0] == 9.0
    # weight split exactly in half between 2 and {5, 9}: both 2 and 5 tie; the lower wins
    assert weighted_median(x, row(2, 1, 1), row(1, 1, 1), 7.0)[0] == 2.0


def test_weighted_mean_known_value() -> None:
    assert weighted_mean(row(0, 10), row(1, 3), row(1, 1))[0] == pytest.approx(7.5)


def test_votes_favour_the_closer_position() -> None:
    v = pair_votes(row(0, 10), row(1, 1), row(1, 1), row(1, 1), 10.0)
    # voter 0 prefers position 0 over position 1 by the full span
    assert v[0, 0, 0, 1] == pytest.approx(1.0)
    assert v[0, 0, 1, 0] == pytest.approx(-1.0)
    assert v[0, 1, 0, 1] == pytest.approx(-1.0)


def test_pair_normaliser_sums_to_one_and_all_triples_is_smaller() -> None:
    x, c, s = row(0, 4, 10), row(1, 2, 1), row(0.5, 1, 0.8)
    v = pair_votes(x, c, s, row(1, 1.5, 0.7), 10.0)
    pair = prevail_probability(v, x, "pair")
    off = ~np.eye(3, dtype=bool)
    assert np.allclose((pair + pair.transpose(0, 2, 1))[0][off], 1.0)
    triples = prevail_probability(v, x, "all-triples")
    assert (triples[0][off] < pair[0][off]).all()
    assert np.allclose(np.diagonal(triples[0]), 0.0)
    with pytest.raises(ValueError, match="normaliser"):
        prevail_probability(v, x, "bogus")  # type: ignore[arg-type]


def test_expected_utility_of_a_challenge_at_no_distance_is_zero() -> None:
    z = np.zeros(1)
    for r in (0.5, 1.0, 2.0):
        assert expected_utility(np.array([0.3]), z, np.array([0.7]), z, np.array([r]))[0] == \
            pytest.approx(0.0)


def test_expected_utility_known_value_risk_neutral() -> None:
    # r = 1: U_s = 2 − 4(0.5 − 0.5d) = 2d, U_f = −2d, U_sq = 0
    d, p, s = 0.5, 0.25, 0.6
    eu = expected_utility(np.array([p]), np.array([d]), np.array([s]), np.zeros(1),
                          np.ones(1))[0]
    assert eu == pytest.approx(s * (p * 2 * d - (1 - p) * 2 * d) + (1 - s) * 2 * d)


def test_risk_exponents_span_half_to_two() -> None:
    r = risk_exponents(row(-3.0, 0.0, 5.0))
    assert r[0, 0] == pytest.approx(2.0)
    assert r[0, 2] == pytest.approx(0.5)
    assert np.allclose(risk_exponents(row(1.0, 1.0)), 1.0)


def test_security_ignores_the_diagonal() -> None:
    eu = np.array([[[9.0, 1.0], [2.0, 9.0]]])
    assert security(eu).tolist() == [[1.0, 2.0]]


def test_offer_kinds_and_positions() -> None:
    x = row(0, 10, 4, 6)
    # receiver 0 faces: 1 confrontation (b > a > 0), 2 compromise, 3 capitulation
    a = np.zeros((1, 4, 4))
    b = np.zeros((1, 4, 4))
    a[0, 0, 1], b[0, 0, 1] = 0.1, 0.3
    a[0, 0, 2], b[0, 0, 2] = -0.1, 0.4
    a[0, 0, 3], b[0, 0, 3] = -0.5, 0.2
    kind, pos = offers(a, b, x)
    assert kind[0, 0, 1:].tolist() == [CONFRONTATION, COMPROMISE, CAPITULATION]
    assert pos[0, 0, 2] == pytest.approx(4 * 0.25)
    assert pos[0, 0, 3] == 6.0
    kind_nc, _ = offers(a, b, x, capitulation=False)
    assert kind_nc[0, 0, 3] == NONE
    # scholz-code takes the confrontation even though it moves farthest
    new_x, moved, who = accept(kind, pos, a, b, x, "scholz-code")
    assert (new_x[0, 0], moved[0, 0], who[0, 0]) == (10.0, CONFRONTATION, 1)
    new_x, moved, who = accept(kind, pos, a, b, x, "least-move")
    assert (new_x[0, 0], moved[0, 0], who[0, 0]) == (1.0, COMPROMISE, 2)
    assert moved[0, 1] == NONE and new_x[0, 1] == 10.0


def test_agreement_is_a_fixed_point() -> None:
    t = negotiate(row(5, 5, 5), row(1, 2, 3), row(1, 1, 1), 10.0, 4)
    assert t.converged.all() and t.period.tolist() == [1]
    assert np.allclose(t.medians, 5.0)


def test_replications_are_independent_rows() -> None:
    x = np.array([[4, 7, 10.0], [10, 4, 7.0]])
    c = np.array([[0.2, 0.3, 0.5], [0.5, 0.2, 0.3]])
    s = np.full((2, 3), 0.7)
    both = negotiate(x, c, s, 6.0, 5)
    for k in range(2):
        one = negotiate(x[k:k + 1], c[k:k + 1], s[k:k + 1], 6.0, 5)
        assert np.array_equal(both.medians[k], one.medians[0])


def test_options_are_checked() -> None:
    with pytest.raises(ValueError):
        Options(normaliser="bogus")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        negotiate(row(1.0), row(1.0), row(1.0), 1.0, 3)
