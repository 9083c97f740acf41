"""The selection-link fit (foedus.fitting.selection) and its mechanism (model.selection)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad

from foedus.evidence.casefile import bundled_cases
from foedus.fitting.selection import SelectionFitter, settlement_cases, vertex
from foedus.model import selection


@pytest.mark.parametrize("a", [0.05, 0.3, 0.5, 0.9])
def test_signer_mean_is_the_truncated_logistic_mean(a: float) -> None:
    """E[ε | ε > c] by quadrature of the logistic density, c = ln((1 − a)/a)."""
    c = math.log((1 - a) / a)
    dens = quad(lambda e: e * math.exp(-e) / (1 + math.exp(-e)) ** 2, c, math.inf)[0]
    assert selection.signer_mean(a) == pytest.approx(dens / a, rel=1e-7)


def test_selection_factor_reference_signer_and_player_decisions() -> None:
    a_ref = 0.4
    # the signer whose private value is the reference's mean keeps the hazard
    u_ref = 1 / (1 + math.exp(selection.signer_mean(a_ref)))
    assert selection.selection_factor(2.0, a_ref, u_ref, 0.7) == pytest.approx(1.0)
    # the eager signer (small u) attacks less when the signature reveals intent
    assert selection.selection_factor(2.0, a_ref, 0.01, 0.7) < 1.0
    assert selection.selection_factor(2.0, a_ref, 0.69, 0.7) > 1.0
    assert selection.selection_factor(0.5, a_ref, 0.01, 0.7) > 1.0
    # no link, or a decision the draw would not have given (a player's): no private value
    assert selection.selection_factor(1.0, a_ref, 0.01, 0.7) == 1.0
    assert selection.selection_factor(2.0, a_ref, 0.8, 0.7) == 1.0
    assert math.isfinite(selection.selection_factor(0.2, a_ref, 0.0, 0.7))


def test_vertex_of_an_exact_quadratic() -> None:
    theta = np.array([-0.5, -0.25, 0.0, 0.25, 0.5])
    ll = -10.0 - 8.0 * (theta - 0.1) ** 2
    t, se = vertex(theta, ll)
    assert t == pytest.approx(0.1)
    assert se == pytest.approx(1 / math.sqrt(16.0))
    t2, se2 = vertex(theta, theta ** 2)
    assert math.isnan(se2) and t2 in (-0.5, 0.5)


def test_the_fit_needs_settlement_cases() -> None:
    cases = bundled_cases()
    assert 0 < len(settlement_cases(cases)) < 20
    with pytest.raises(ValueError, match="at least 20 settlement cases"):
        SelectionFitter(replications=10).fit(cases)
