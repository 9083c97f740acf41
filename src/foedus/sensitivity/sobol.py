"""Sobol' indices (first order and total) with bootstrap intervals, via SALib.

Design: ``SALib.sample.sobol.sample`` (Saltelli's scheme on a scrambled Sobol' sequence,
``N (D + 2)`` rows without second-order terms); analysis: ``SALib.analyze.sobol.analyze``
(Saltelli et al. 2010 estimators; intervals are ±1.96 bootstrap standard errors over base
samples). The problem is the unit hypercube — one coordinate per factor plus a dummy — and
rows are mapped through each factor's inverse CDF (:mod:`.problem`), so every parameter is
sampled from its prior. Each Saltelli block (``A, AB_1..AB_D, B`` of one base sample) is one
group with common random numbers (:mod:`.evaluate`).

References: Sobol', I.M. 2001. Global sensitivity indices for nonlinear mathematical models and
their Monte Carlo estimates. Mathematics and Computers in Simulation 55: 271-280. Saltelli, A.
et al. 2010. Variance based sensitivity analysis of model output. Design and estimator for the
total sensitivity index. Computer Physics Communications 181(2): 259-270.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

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

DEFAULT_RESAMPLES = 1000


def unit_problem(names: Sequence[str]) -> dict[str, object]:
    """A SALib problem on the unit hypercube."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def sobol_analysis(factors: Sequence[Factor], evaluator: Evaluator, n: int, seed: int,
                   workers: int | Executor = 1, batch: int = DEFAULT_BATCH, dummy: bool = True,
                   resamples: int = DEFAULT_RESAMPLES,
                   on_progress: Callable[[int], None] | None = None) -> Indices:
    """First-order and total Sobol' indices of ``evaluator`` over ``factors``.

    Parameters
    ----------
    factors : sequence of Factor
        The inputs; the evaluator receives their values in this order.
    evaluator : Evaluator
        Model or test function (see :mod:`.evaluate`).
    n : int
        Base samples (a power of two); ``n * (D + 2)`` evaluations with ``D`` factors
        (dummy included).
    seed : int
        Root seed: fixes the scrambled Sobol' sequence and the bootstrap.
    workers, batch, on_progress
        See :func:`~foedus.sensitivity.evaluate.evaluate_design`.
    dummy : bool
        Add a dummy factor (sampled, fed to nothing); its indices should be ~0.
    resamples : int
        Bootstrap resamples for the intervals.
    """
    if n < 2 or n & (n - 1):
        raise ValueError(f"n must be a power of two for a Sobol' design (got {n})")
    if not factors:
        raise ValueError("no factors to analyse")
    names = [f.name for f in factors] + ([DUMMY] if dummy else [])
    problem = unit_problem(names)
    U = sobol_sample.sample(problem, n, calc_second_order=False, scramble=True,
                            seed=sample_seed(seed))
    size = len(names) + 2
    groups = group_ids(n, size)
    X = to_values(factors, U[:, : len(factors)])
    values = evaluate_design(evaluator, X, groups, workers, batch, on_progress)
    keep = usable(values, groups, n, "base samples")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        si = sobol_analyze.analyze(problem, values[keep, 0], calc_second_order=False,
                                   num_resamples=resamples, conf_level=0.95,
                                   seed=analysis_seed(seed))
    return Indices(
        "sobol", tuple(names),
        {"S1": intervals(si["S1"], si["S1_conf"]), "ST": intervals(si["ST"], si["ST_conf"])},
        n, int(keep.sum()) // size, int(values.shape[0]), noise_share(values[keep]),
        DUMMY if dummy else None)
