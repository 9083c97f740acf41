"""Factors of a sensitivity problem: names and inverse CDFs.

Every design is drawn on the unit hypercube and mapped to parameter values through each
factor's inverse CDF (``ppf``), so the analysis samples every parameter from its prior, not
from a box around it: Beta priors through the Beta quantile function, uniform priors linearly,
log-normal priors through ``exp(log(median) + sigma * Phi^-1(u))`` clipped at ``upper`` (the
clipped distribution's quantile function). Point-mass priors are not uncertain and are never
factors.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from foedus.evidence.lenses import ResolvedPriors
from foedus.evidence.registry import PARAMETER_NAMES
from foedus.scenario.priors import BetaPrior, FixedPrior, LogNormalPrior, UniformPrior, _PriorBase

F64 = NDArray[np.float64]

#: Unit-cube coordinates are clipped to [EPS, 1 - EPS] before the inverse CDF, so that
#: unbounded priors never map to infinity.
EPS = 1e-9

#: Name of the dummy factor: sampled like the others, fed to nothing. Its indices must be ~0.
DUMMY = "(dummy)"


def prior_ppf(prior: _PriorBase, u: F64) -> F64:
    """Inverse CDF of ``prior`` at unit-cube coordinates ``u``.

    Raises
    ------
    ValueError
        For a point mass (nothing to vary) or an unknown prior family.
    """
    q = np.clip(np.asarray(u, dtype=np.float64), EPS, 1.0 - EPS)
    if isinstance(prior, BetaPrior):
        return np.asarray(stats.beta.ppf(q, prior.a, prior.b), dtype=np.float64)
    if isinstance(prior, UniformPrior):
        return prior.low + q * (prior.high - prior.low)
    if isinstance(prior, LogNormalPrior):
        x = np.exp(math.log(prior.median) + prior.sigma * stats.norm.ppf(q))
        if prior.upper is not None:
            x = np.minimum(x, prior.upper)
        return np.asarray(x, dtype=np.float64)
    if isinstance(prior, FixedPrior):
        raise ValueError("a point-mass prior has no inverse CDF to sample")
    raise ValueError(f"no inverse CDF for prior {prior!r}")


@dataclass(frozen=True)
class Factor:
    """One input of a sensitivity problem: a name and a map from [0, 1] to its values."""

    name: str
    ppf: Callable[[F64], F64]


@dataclass(frozen=True)
class _PriorPpf:
    prior: _PriorBase

    def __call__(self, u: F64) -> F64:
        return prior_ppf(self.prior, u)


@dataclass(frozen=True)
class UniformPpf:
    """Inverse CDF of Uniform(``low``, ``high``) (for analytic test functions)."""

    low: float
    high: float

    def __call__(self, u: F64) -> F64:
        return self.low + np.asarray(u, dtype=np.float64) * (self.high - self.low)


def uncertain_parameters(priors: ResolvedPriors) -> list[str]:
    """Registered parameters whose prior under this lens is not a point mass (registry order)."""
    return [n for n in PARAMETER_NAMES if not isinstance(priors.entries[n].prior, FixedPrior)]


def prior_factors(priors: ResolvedPriors, names: Sequence[str] | None = None) -> list[Factor]:
    """One factor per parameter in ``names`` (default: every uncertain parameter).

    Raises
    ------
    ValueError
        For an unknown parameter, or one that is a point mass under this lens.
    """
    uncertain = uncertain_parameters(priors)
    chosen = uncertain if names is None else list(names)
    for n in chosen:
        if n not in priors.entries:
            raise ValueError(f"unknown parameter '{n}'")
        if n not in uncertain:
            raise ValueError(f"parameter '{n}' is fixed under lens '{priors.lens}' "
                             f"({priors.entries[n].prior.describe()}); nothing to vary")
    if len(set(chosen)) != len(chosen):
        raise ValueError("a parameter is listed twice")
    return [Factor(n, _PriorPpf(priors.entries[n].prior)) for n in chosen]


def to_values(factors: Sequence[Factor], U: F64) -> F64:
    """Map unit-cube rows ``U`` (columns = factors, in order) to parameter values."""
    out = np.empty((U.shape[0], len(factors)))
    for j, f in enumerate(factors):
        out[:, j] = f.ppf(U[:, j])
    return out
