"""Morris elementary-effects screening: mu*, sigma (and mu) with bootstrap intervals.

Design: ``SALib.sample.morris.sample`` (``r`` trajectories of ``D + 1`` points on a ``p``-level
grid of the unit hypercube, one coordinate per factor plus a dummy), mapped through each
factor's inverse CDF, so an elementary effect is the change in the outcome per unit change of
the parameter's prior quantile. ``mu*`` (mean absolute effect) ranks influence; ``sigma`` (the
effects' standard deviation) flags non-linearity and interactions. ``mu*`` comes from
``SALib.analyze.morris.analyze``; SALib gives no interval for ``sigma``, so all three
intervals here are ±1.96 bootstrap standard errors over trajectories, computed from the same
elementary effects (a test checks them against SALib). Each trajectory is one group with
common random numbers.

References: Morris, M.D. 1991. Factorial sampling plans for preliminary computational
experiments. Technometrics 33(2): 161-174. Campolongo, F., J. Cariboni & A. Saltelli 2007. An
effective screening design for sensitivity analysis of large models. Environmental Modelling &
Software 22(10): 1509-1518.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from foedus.scaleout.scheduler import Executor
from foedus.sensitivity.evaluate import (
    DEFAULT_BATCH,
    Evaluator,
    evaluate_design,
    group_ids,
)
from foedus.sensitivity.indices import Indices, intervals, noise_share, usable
from foedus.sensitivity.problem import DUMMY, Factor, to_values
from foedus.sensitivity.seeds import analysis_seed, sample_seed
from foedus.sensitivity.sobol import DEFAULT_RESAMPLES, unit_problem

F64 = NDArray[np.float64]
Z95 = 1.959963984540054


def elementary_effects(U: F64, y: F64, r: int) -> F64:
    """``(r, D)`` elementary effects of ``r`` trajectories laid out consecutively."""
    D = U.shape[1]
    Ut = U.reshape(r, D + 1, D)
    dU = np.diff(Ut, axis=1)  # (r, D, D): step k changes one column
    dy = np.diff(y.reshape(r, D + 1), axis=1)  # (r, D)
    col = np.abs(dU).argmax(axis=2)  # (r, D)
    step = np.take_along_axis(dU, col[:, :, None], axis=2)[:, :, 0]
    ee = np.empty((r, D))
    rows = np.repeat(np.arange(r), D)
    ee[rows, col.ravel()] = (dy / step).ravel()
    return ee


def _stats(ee: F64) -> tuple[F64, F64, F64]:
    return np.abs(ee).mean(axis=0), ee.std(axis=0, ddof=1), ee.mean(axis=0)


def morris_analysis(factors: Sequence[Factor], evaluator: Evaluator, n: int, seed: int,
                    workers: int | Executor = 1, batch: int = DEFAULT_BATCH, dummy: bool = True,
                    levels: int = 4, resamples: int = DEFAULT_RESAMPLES,
                    on_progress: Callable[[int], None] | None = None) -> Indices:
    """Morris ``mu*``, ``sigma`` and ``mu`` of ``evaluator`` over ``factors``.

    Parameters
    ----------
    n : int
        Trajectories (at least 2); ``n * (D + 1)`` evaluations.
    levels : int
        Grid levels of the design (even, at least 2).

    Other parameters as :func:`~foedus.sensitivity.sobol.sobol_analysis`.
    """
    if n < 2:
        raise ValueError(f"Morris needs at least 2 trajectories (got {n})")
    if levels < 2 or levels % 2:
        raise ValueError(f"levels must be even and at least 2 (got {levels})")
    if not factors:
        raise ValueError("no factors to analyse")
    names = [f.name for f in factors] + ([DUMMY] if dummy else [])
    problem = unit_problem(names)
    U = morris_sample.sample(problem, n, num_levels=levels, seed=sample_seed(seed))
    size = len(names) + 1
    groups = group_ids(n, size)
    X = to_values(factors, U[:, : len(factors)])
    values = evaluate_design(evaluator, X, groups, workers, batch, on_progress)
    keep = usable(values, groups, n, "trajectories")
    r = int(keep.sum()) // size
    y = values[keep, 0]
    si = morris_analyze.analyze(problem, U[keep], y, num_resamples=resamples,
                                conf_level=0.95, num_levels=levels, seed=analysis_seed(seed))
    ee = elementary_effects(U[keep], y, r)
    mu_star, sigma, mu = _stats(ee)
    rng = np.random.default_rng(analysis_seed(seed))
    boot = np.array([np.stack(_stats(ee[rng.integers(0, r, r)])) for _ in range(resamples)])
    half = Z95 * boot.std(axis=0, ddof=1)  # (3, D)
    if not np.allclose(mu_star, np.asarray(si["mu_star"], dtype=np.float64), atol=1e-12):
        raise RuntimeError("elementary effects disagree with SALib's")  # pragma: no cover
    return Indices(
        "morris", tuple(names),
        {"mu_star": intervals(mu_star, half[0]), "sigma": intervals(sigma, half[1]),
         "mu": intervals(mu, half[2])},
        n, r, int(values.shape[0]), noise_share(values[keep]), DUMMY if dummy else None)
