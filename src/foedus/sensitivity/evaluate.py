"""Evaluators and the batched, parallel runner of a design.

An evaluator maps rows of parameter values and their *group* ids to outcome values and their
Monte Carlo variances (an ``(m, 2)`` array). A group is one base sample of a design (a
Saltelli block ``A, AB_1..AB_D, B`` or a Morris trajectory): every row of a group is simulated
with the **same random stream**, keyed by the group id (common random numbers), so that the
differences the estimators take between rows of a group reflect the parameters, not
simulation noise. A row's stream depends only on its group id, never on the batch it was run
in, so any split of the design across processes gives identical numbers.

:func:`evaluate_design` cuts the design into batches of rows and runs them in order, or in a
:class:`concurrent.futures.ProcessPoolExecutor` (``spawn`` start method: evaluators and the
task function are module-level and picklable).
"""

from __future__ import annotations

import multiprocessing
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from foedus.engine.simulate import DEFAULT_CHUNK, Unit, merge, point_units, run_units
from foedus.engine.structure import Structure
from foedus.engine.tally import Tally
from foedus.evidence.lenses import ResolvedPriors
from foedus.scaleout.scheduler import Executor
from foedus.sensitivity.outcomes import point_value

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

#: Stream key of sensitivity designs (extends each policy's seed child; see engine.simulate).
SENSITIVITY_STREAM = zlib.crc32(b"sensitivity")

#: Rows per batch by default: for the model about 1-4 s of work at 1,000 replications.
DEFAULT_BATCH = 200


class Evaluator(Protocol):
    """Callable ``(X (m, D), groups (m,)) -> (m, 2)`` array of (value, variance)."""

    def __call__(self, X: F64, groups: I64) -> F64: ...


@dataclass(frozen=True)
class ModelEvaluator:
    """Evaluate design rows by simulating one policy.

    Row ``i`` fixes parameters ``names`` to ``X[i]`` for all its ``replications`` (every other
    parameter is drawn from its prior per replication, as in a plain run) and uses the random
    stream of point ``groups[i]`` under :data:`SENSITIVITY_STREAM`.
    """

    st: Structure
    priors: ResolvedPriors
    names: tuple[str, ...]
    outcome: str
    replications: int
    seed: int
    chunk_size: int = DEFAULT_CHUNK
    engine: str = "compiled"

    def __call__(self, X: F64, groups: I64) -> F64:
        units: list[Unit] = []
        owner: list[int] = []
        for i in range(X.shape[0]):
            us = point_units(self.seed, int(groups[i]), self.replications,
                             dict(zip(self.names, X[i].tolist(), strict=True)),
                             (SENSITIVITY_STREAM,))
            units += us
            owner += [i] * len(us)
        tallies, _ = run_units(self.st, self.priors, units, self.chunk_size, fixed=False,
                               engine=self.engine)
        per_row: list[list[Tally]] = [[] for _ in range(X.shape[0])]
        for i, t in zip(owner, tallies, strict=True):
            per_row[i].append(t)
        return np.array([point_value(merge(ts), self.outcome) for ts in per_row],
                        dtype=np.float64).reshape(X.shape[0], 2)


@dataclass(frozen=True)
class Ishigami:
    """The Ishigami function, ``sin x1 + a sin^2 x2 + b x3^4 sin x1`` (deterministic).

    With inputs uniform on [-pi, pi], a = 7, b = 0.1 its Sobol' indices are known in closed
    form (Ishigami & Homma 1990; Sobol' & Levitan 1999): see :func:`ishigami_indices`.
    """

    a: float = 7.0
    b: float = 0.1

    def __call__(self, X: F64, groups: I64) -> F64:
        x1, x2, x3 = X[:, 0], X[:, 1], X[:, 2]
        y = np.sin(x1) + self.a * np.sin(x2) ** 2 + self.b * x3 ** 4 * np.sin(x1)
        return np.column_stack([y, np.zeros_like(y)])


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[F64, F64]:
    """Analytic first-order and total Sobol' indices of :class:`Ishigami`."""
    pi = np.pi
    v1 = 0.5 * (1 + b * pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def _task(evaluator: Evaluator, X: F64, groups: I64) -> F64:
    return evaluator(X, groups)


def _batch(evaluator: Evaluator, item: tuple[F64, I64]) -> F64:
    return evaluator(*item)


def evaluate_design(evaluator: Evaluator, X: F64, groups: I64, workers: int | Executor = 1,
                    batch: int = DEFAULT_BATCH,
                    on_progress: Callable[[int], None] | None = None) -> F64:
    """Evaluate every row of ``X``; ``(m, 2)`` (value, variance), identical for any ``workers``.

    Parameters
    ----------
    evaluator : Evaluator
        Picklable (module-level) when ``workers > 1``.
    X : ndarray, shape (m, D)
        Parameter values, one row per model evaluation.
    groups : ndarray, shape (m,)
        Group (random stream) of each row.
    workers : int or Executor
        Processes (1 runs in this process), or an entered executor of
        :mod:`foedus.scaleout.scheduler` (a Dask cluster, a resumable study, ...).
    batch : int
        Rows per task.
    on_progress : callable, optional
        Called with the number of rows finished, after each batch.
    """
    if isinstance(workers, int) and workers < 1:
        raise ValueError("workers must be at least 1")
    if batch < 1:
        raise ValueError("batch must be at least 1")
    m = X.shape[0]
    spans = [(a, min(a + batch, m)) for a in range(0, m, batch)]
    out = np.empty((m, 2))
    if not isinstance(workers, int):
        for k, res in workers.run(_batch, evaluator, [(X[a:b], groups[a:b]) for a, b in spans]):
            a, b = spans[k]
            out[a:b] = res
            if on_progress is not None:
                on_progress(b - a)
        return out
    if workers == 1 or len(spans) == 1:
        for a, b in spans:
            out[a:b] = evaluator(X[a:b], groups[a:b])
            if on_progress is not None:
                on_progress(b - a)
        return out
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures: list[Future[F64]] = [pool.submit(_task, evaluator, X[a:b], groups[a:b])
                                      for a, b in spans]
        try:
            for (a, b), fut in zip(spans, futures, strict=True):
                out[a:b] = fut.result()
                if on_progress is not None:
                    on_progress(b - a)
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise
    return out


def complete_groups(values: F64, groups: I64) -> NDArray[np.bool_]:
    """Rows whose whole group has a defined (finite) value."""
    bad = np.unique(groups[~np.isfinite(values)])
    return ~np.isin(groups, bad)


def group_ids(n_groups: int, size: int) -> I64:
    """Group id of each row of a design laid out as ``n_groups`` consecutive blocks."""
    return np.repeat(np.arange(n_groups, dtype=np.int64), size)
