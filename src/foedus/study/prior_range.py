"""The central range of a prior: where a one-at-a-time swing moves a parameter.

For a prior with distribution function F, the central range of mass m is
``[F⁻¹((1 − m)/2), F⁻¹((1 + m)/2)]`` (m = 0.9: the 5th and 95th percentiles):

- ``Beta(mean, k)``: the Beta(a = mean·k, b = (1 − mean)·k) quantiles;
- ``Uniform(low, high)``: ``low + q·(high − low)``;
- ``LogNormal(median, σ)`` with optional cap u: ``min(u, median·exp(σ·Φ⁻¹(q)))``
  (the cap clips the draws, so it clips the quantiles too);
- ``Fixed(v)``: ``[v, v]``, a *point mass*: the lens leaves no uncertainty, and a
  swing over it is empty.

The What-if page marks each slider with this range, and its tornado chart sets each
parameter to the two ends in turn (Saltelli, A. et al. 2008. *Global Sensitivity
Analysis: The Primer*, Wiley, ch. 1, on one-at-a-time designs and their limits: they
show each parameter's reach with every other one left uncertain, not interactions).

Shapes: scalars only.
"""

from __future__ import annotations

import math

from scipy.stats import beta as beta_dist
from scipy.stats import norm

from foedus.scenario.priors import (
    BetaPrior,
    FixedPrior,
    LogNormalPrior,
    UniformPrior,
    _PriorBase,  # the registry's type of a prior
)

#: Prior mass inside the range shown on a slider and swung in the tornado chart.
RANGE_MASS = 0.9

AnyPrior = _PriorBase


def is_point_mass(prior: AnyPrior) -> bool:
    """Does ``prior`` put all its mass on one value (fixed by the lens)?"""
    return isinstance(prior, FixedPrior)


def quantile(prior: AnyPrior, q: float) -> float:
    """The ``q``-quantile of ``prior`` (0 < q < 1)."""
    if not 0.0 < q < 1.0:
        raise ValueError(f"quantile level must lie in (0, 1), got {q}")
    if isinstance(prior, FixedPrior):
        return prior.value
    if isinstance(prior, UniformPrior):
        return prior.low + q * (prior.high - prior.low)
    if isinstance(prior, BetaPrior):
        return float(beta_dist.ppf(q, prior.a, prior.b))
    if not isinstance(prior, LogNormalPrior):
        raise TypeError(f"no quantiles for a {type(prior).__name__}")
    x = prior.median * math.exp(prior.sigma * float(norm.ppf(q)))
    return x if prior.upper is None else min(prior.upper, x)


def central_range(prior: AnyPrior, mass: float = RANGE_MASS) -> tuple[float, float]:
    """The central range of ``prior`` holding ``mass`` of it (see module docstring)."""
    if not 0.0 < mass < 1.0:
        raise ValueError(f"mass must lie in (0, 1), got {mass}")
    tail = (1.0 - mass) / 2.0
    return quantile(prior, tail), quantile(prior, 1.0 - tail)
