"""Typed index tables shared by the Sobol' and Morris analyses."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from foedus.sensitivity.evaluate import complete_groups

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class Interval:
    """An index estimate with its bootstrap 95 % interval."""

    estimate: float
    lo: float
    hi: float

    def to_dict(self) -> dict[str, float]:
        return {"estimate": self.estimate, "lo": self.lo, "hi": self.hi}


@dataclass(frozen=True)
class Indices:
    """Indices of every factor (the dummy last) for one method.

    ``indices[kind][j]`` is the interval of index ``kind`` (``S1``, ``ST`` for Sobol';
    ``mu_star``, ``sigma``, ``mu`` for Morris) of factor ``names[j]``. ``groups_used`` of
    ``groups_total`` base samples had a defined outcome; ``noise_share`` is the mean Monte
    Carlo variance of a point's estimate over the variance of the outputs (0 for a
    deterministic function).
    """

    method: str
    names: tuple[str, ...]
    indices: dict[str, tuple[Interval, ...]]
    groups_total: int
    groups_used: int
    evaluations: int
    noise_share: float
    dummy: str | None


def intervals(est: Sequence[float] | F64, half: Sequence[float] | F64
              ) -> tuple[Interval, ...]:
    """``estimate ± half`` for each factor."""
    e, h = np.asarray(est, dtype=np.float64), np.asarray(half, dtype=np.float64)
    return tuple(Interval(float(a), float(a - b), float(a + b)) for a, b in zip(e, h, strict=True))


def usable(values: F64, groups: F64 | NDArray[np.int64], n_groups: int, what: str
           ) -> NDArray[np.bool_]:
    """Rows of complete groups; raise if fewer than half the groups, or no variance, remain."""
    keep = complete_groups(values[:, 0], np.asarray(groups, dtype=np.int64))
    used = int(np.unique(np.asarray(groups)[keep]).size)
    if used < max(2, math.ceil(n_groups / 2)):
        raise ValueError(f"the outcome is undefined at {n_groups - used} of {n_groups} "
                         f"{what} (e.g. resumption_given_deal where no deal is ever signed); "
                         "too few remain for the analysis")
    y = values[keep, 0]
    if float(np.ptp(y)) <= np.finfo(float).eps:
        raise ValueError(f"the outcome is the same ({y[0]:g}) at every point of the design; "
                         "it has no variance to apportion (try more replications, another "
                         "outcome or policy)")
    return keep


def noise_share(values: F64) -> float:
    """Mean Monte Carlo variance of a point over the variance of the points' values."""
    var_y = float(np.var(values[:, 0]))
    return float(np.mean(values[:, 1]) / var_y) if var_y > 0 else math.nan
