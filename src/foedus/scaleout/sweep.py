"""Parameter sweeps: one policy evaluated at every cell of a grid, resumable, on any executor.

A grid is the Cartesian product of ``PARAM=V1,V2,...`` axes (the last axis varies fastest).
Each cell fixes those parameters for all its replications; every other parameter is drawn
from its prior under the lens per replication, as in a plain run. Cell ``i`` is design point
``i`` of the engine under the stream key :data:`SWEEP_STREAM`
(:func:`foedus.engine.simulate.point_units`): its random numbers depend only on the seed, the
policy and ``i``, never on which task, worker or order it was simulated in, and its blocks of
1,000 replications each have their own generator.

The work (every block of every cell) is cut into tasks of about :data:`TASK_WORK`
replication-months each (a fraction of a second of kernel time, so that scheduling costs stay
small; a large cell spans several tasks, a small one shares a task with its neighbours). Each
task returns the exact integer tallies of its pieces; tallies merge exactly and in any order,
so the result is identical whatever the executor, the number of workers or the interruptions.

Every task is recorded in the results store (a study of kind ``sweep`` and its tasks) as soon
as it finishes. ``resume=ID`` re-opens a study: finished tasks are read back, tasks left
``running`` by a killed process and failed tasks run again. The finished sweep is recorded as a
``sweep`` record (payload: :meth:`SweepResult.to_dict`, rows: one per cell and outcome).

Usage::

    sw = Sweep("article5", ["threat_base=0.1,0.3,0.5", "q_target=0.05,0.2"],
               ResultsStore("runs.duckdb"), lens="evidence", replications=5000,
               scheduler="local", workers=2).run(doc)
    sw.result_.to_frame()
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import math
import secrets
import zlib
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from foedus._version import __version__
from foedus.engine.simulate import BLOCK, DEFAULT_CHUNK, block_ranges, merge, point_units, run_units
from foedus.engine.structure import Structure, compile_structure
from foedus.engine.tally import Tally
from foedus.evidence.lenses import ResolvedPriors, resolve
from foedus.evidence.registry import parameter
from foedus.scaleout.resumable import StudyError, StudyStore, open_study
from foedus.scaleout.scheduler import (
    CONNECT_TIMEOUT,
    TASK_WORK,
    Executor,
    TaskError,
    open_executor,
)
from foedus.scaleout.sweep_result import SweepCell, SweepResult
from foedus.scenario.loader import Document
from foedus.scenario.priors import FixedPrior
from foedus.scenario.schema import Scenario
from foedus.study.result import PolicyResult
from foedus.study.simulation import UnknownPolicyError

#: Stream key of sweep cells (extends each policy's seed child; see foedus.engine.simulate).
SWEEP_STREAM = zlib.crc32(b"sweep")
#: The largest grid accepted (cells).
MAX_CELLS = 100_000


class SweepError(ValueError):
    """A sweep cannot start or go on (bad grid, unknown study, a task failed)."""


class SweepTaskError(RuntimeError):
    """A task failed while the sweep ran; finished tasks are kept for ``resume``."""


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo (as the results store keeps it)."""
    return datetime.now(UTC).replace(tzinfo=None)


def scenario_digest(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical JSON (validated, sorted keys, no whitespace)."""
    text = json.dumps(scenario.model_dump(mode="json", by_alias=True), sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the grid ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GridAxis:
    """One swept parameter and its values, in the order given."""

    name: str
    values: tuple[float, ...]


def parse_axis(spec: str) -> GridAxis:
    """Parse ``PARAM=V1,V2,...`` (numbers; no repeats)."""
    where = f"--grid '{spec}'"
    name, eq, rest = spec.partition("=")
    name = name.strip()
    if not eq or not name:
        raise SweepError(f"{where}: expected PARAM=V1,V2,... (e.g. threat_base=0.1,0.3)")
    texts = [t.strip() for t in rest.split(",")]
    if not rest.strip() or any(t == "" for t in texts):
        raise SweepError(f"{where}: empty value in the list (expected PARAM=V1,V2,...)")
    values: list[float] = []
    for t in texts:
        try:
            v = float(t)
        except ValueError:
            raise SweepError(f"{where}: '{t}' is not a number") from None
        if not math.isfinite(v):
            raise SweepError(f"{where}: '{t}' is not a finite number")
        if v in values:
            raise SweepError(f"{where}: value {t} is given twice")
        values.append(v)
    return GridAxis(name, tuple(values))


def parse_grid(specs: Sequence[str] | Mapping[str, Sequence[float]]) -> tuple[GridAxis, ...]:
    """Axes from ``--grid`` strings, or from a mapping ``name -> values``."""
    if isinstance(specs, Mapping):
        specs = [f"{k}={','.join(repr(float(v)) for v in vs)}" for k, vs in specs.items()]
    if not specs:
        raise SweepError("no grid: give at least one --grid PARAM=V1,V2,...")
    axes = [parse_axis(s) for s in specs]
    seen: set[str] = set()
    for a in axes:
        if a.name in seen:
            raise SweepError(f"--grid: parameter '{a.name}' is given twice; list all its "
                             "values in one --grid PARAM=V1,V2,...")
        seen.add(a.name)
    n = math.prod(len(a.values) for a in axes)
    if n > MAX_CELLS:
        raise SweepError(f"--grid: {n:,} cells is more than {MAX_CELLS:,}; sweep fewer values")
    return tuple(axes)


def check_grid(axes: Sequence[GridAxis], priors: ResolvedPriors) -> None:
    """Every axis names a known parameter, and every value lies in its range and in the
    support of its prior under the lens.

    Raises
    ------
    SweepError
        Naming the parameter and the offending value.
    """
    for a in axes:
        if a.name not in priors.entries:
            close = difflib.get_close_matches(a.name, list(priors.entries), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else \
                " (see `foedus params` for the parameters)"
            raise SweepError(f"--grid: unknown parameter '{a.name}'{hint}")
        par = parameter(a.name)
        prior = priors.entries[a.name].prior
        lo, hi = prior.support()
        for v in a.values:
            if not par.low <= v <= par.high:
                raise SweepError(f"--grid {a.name}={v:g}: outside the parameter's range "
                                 f"[{par.low:g}, {par.high:g}] ({par.description})")
            if not lo <= v <= hi:
                kind = " (a fixed value under this lens)" if isinstance(prior, FixedPrior) \
                    else ""
                raise SweepError(f"--grid {a.name}={v:g}: outside the support [{lo:g}, {hi:g}] "
                                 f"of its prior {prior.describe()} under lens "
                                 f"'{priors.lens}'{kind}")


def grid_cells(axes: Sequence[GridAxis]) -> list[tuple[tuple[str, float], ...]]:
    """The cells of the grid in order (the last axis varies fastest)."""
    names = [a.name for a in axes]
    return [tuple(zip(names, combo, strict=True))
            for combo in itertools.product(*(a.values for a in axes))]


# -- tasks ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Segment:
    """Blocks ``start:stop`` (of :data:`foedus.engine.simulate.BLOCK` replications) of a cell."""

    cell: int
    start: int
    stop: int


@dataclass(frozen=True)
class SweepTask:
    """A task: consecutive segments worth about ``TASK_WORK`` replication-months."""

    id: str
    segments: tuple[Segment, ...]

    def params(self) -> dict[str, Any]:
        return {"segments": [[s.cell, s.start, s.stop] for s in self.segments]}


def plan_tasks(n_cells: int, replications: int, horizon: int, task_work: int = TASK_WORK
               ) -> list[SweepTask]:
    """Cut every block of every cell into tasks of at least ``task_work`` replication-months.

    Depends only on its arguments (never on the executor), so a study's task ids are stable
    across resumptions.
    """
    if task_work < 1:
        raise SweepError("task work must be at least 1 replication-month")
    blocks = [b - a for a, b in block_ranges(replications)]
    tasks: list[SweepTask] = []
    current: list[Segment] = []
    work = 0

    def close() -> None:
        nonlocal current, work
        if current:
            tasks.append(SweepTask(f"t{len(tasks):06d}", tuple(current)))
        current, work = [], 0

    for cell in range(n_cells):
        start = 0
        for b, n in enumerate(blocks):
            work += n * horizon
            if work >= task_work:
                current.append(Segment(cell, start, b + 1))
                start = b + 1
                close()
        if start < len(blocks):
            current.append(Segment(cell, start, len(blocks)))
    close()
    return tasks


@dataclass(frozen=True)
class TaskContext:
    """What every task needs, sent to each worker once."""

    st: Structure
    priors: ResolvedPriors
    cells: tuple[tuple[tuple[str, float], ...], ...]
    replications: int
    seed: int
    chunk_size: int = DEFAULT_CHUNK


TALLY_INTS: tuple[str, ...] = ("n", "deal", "war", "war_deal", "guarantor_combat",
                               "great_power_war", "nuclear_use", "peace_sum", "peace_sumsq",
                               "spoiler_strikes", "spoiled", "peacekeepers_struck")
TALLY_ARRAYS: tuple[str, ...] = ("first_war", "max_level", "honoured", "defected")


def tally_to_dict(t: Tally) -> dict[str, Any]:
    """A tally as plain JSON (integers and lists of integers; exact)."""
    d: dict[str, Any] = {"H": t.H, "C": t.C}
    d.update({k: int(getattr(t, k)) for k in TALLY_INTS})
    d.update({k: [int(x) for x in getattr(t, k)] for k in TALLY_ARRAYS})
    return d


def tally_from_dict(d: Mapping[str, Any]) -> Tally:
    """Inverse of :func:`tally_to_dict`."""
    t = Tally(int(d["H"]), int(d["C"]))
    for k in TALLY_INTS:
        setattr(t, k, int(d[k]))
    for k in TALLY_ARRAYS:
        setattr(t, k, np.asarray(d[k], dtype=np.int64))
    return t


def run_task(ctx: TaskContext, segments: Sequence[Segment]) -> list[dict[str, Any]]:
    """Simulate the segments of one task; one tally (as JSON) per segment, in order."""
    units = []
    owner: list[int] = []
    for k, seg in enumerate(segments):
        us = point_units(ctx.seed, seg.cell, ctx.replications,
                         dict(ctx.cells[seg.cell]), (SWEEP_STREAM,))[seg.start:seg.stop]
        units += us
        owner += [k] * len(us)
    tallies, _ = run_units(ctx.st, ctx.priors, units, ctx.chunk_size, fixed=False)
    per: list[list[Tally]] = [[] for _ in segments]
    for k, t in zip(owner, tallies, strict=True):
        per[k].append(t)
    return [{"cell": seg.cell, "start": seg.start, "stop": seg.stop,
             "tally": tally_to_dict(merge(ts))} for seg, ts in zip(segments, per, strict=True)]


def new_study_id() -> str:
    """``sweep-YYYYMMDD-HHMMSS-xxxxxx`` (UTC time and 24 random bits)."""
    return f"sweep-{utcnow():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


# -- the estimator ---------------------------------------------------------------------------
class Sweep:
    """Evaluate one policy at every cell of a parameter grid.

    Parameters
    ----------
    policy : str
        Policy id of the scenario.
    grid : sequence of str, or mapping
        ``PARAM=V1,V2,...`` strings, or ``{PARAM: [V1, V2, ...]}``.
    lens : str
        Lens whose priors give every parameter the grid does not fix.
    replications : int
        Replications per cell.
    seed : int or None
        Root seed (default: the scenario's).
    scheduler : str, Executor or None
        ``None`` (this process, or a local cluster when ``workers`` > 1), ``"local"`` (a
        Dask ``LocalCluster``), the address of a running Dask scheduler, or an executor of
        :mod:`foedus.scaleout.scheduler` already entered by the caller (kept open, e.g. to
        run several sweeps on one cluster).
    workers : int or None
        Worker processes of a local cluster.
    store : StudyStore
        Results store (:class:`foedus.store.store.ResultsStore`) for the study, its tasks as
        they finish, and the final ``sweep`` record.
    resume : str or None
        Id of a study to resume (same scenario, policy, grid, lens, replications and seed).
    task_work : int
        Replication-months per task (results do not depend on it, but a study keeps it).
    chunk_size : int
        Replications advanced together inside a task (results do not depend on it).
    timeout : float
        Seconds to wait for a scheduler to answer.

    Attributes
    ----------
    result_ : SweepResult
    study_id_ : str
    record_id_ : int
        The ``sweep`` record in the store.
    tasks_total_, tasks_skipped_, tasks_run_ : int
        Tasks of the study; finished before this run (resumed); run now.
    executor_ : str
        Where the tasks ran.
    """

    def __init__(self, policy: str, grid: Sequence[str] | Mapping[str, Sequence[float]],
                 store: StudyStore, lens: str = "evidence", replications: int = 1000,
                 seed: int | None = None, scheduler: str | Executor | None = None,
                 workers: int | None = None, resume: str | None = None,
                 task_work: int = TASK_WORK, chunk_size: int = DEFAULT_CHUNK,
                 timeout: float = CONNECT_TIMEOUT) -> None:
        self.policy = policy
        self.grid = grid
        self.lens = lens
        self.replications = replications
        self.seed = seed
        self.scheduler = scheduler
        self.workers = workers
        self.store = store
        self.resume = resume
        self.task_work = task_work
        self.chunk_size = chunk_size
        self.timeout = timeout

    # -- checks ----------------------------------------------------------------------------
    def _prepare(self, doc: Document) -> tuple[tuple[GridAxis, ...], ResolvedPriors, int]:
        s = doc.scenario
        if self.policy not in {p.id for p in s.policies}:
            raise UnknownPolicyError(f"unknown policy '{self.policy}' (available: "
                                     f"{', '.join(p.id for p in s.policies)})")
        if self.replications < 1:
            raise SweepError("replications must be at least 1")
        if self.seed is not None and self.seed < 0:
            raise SweepError("seed must be non-negative")
        if self.chunk_size < 1:
            raise SweepError("chunk size must be at least 1")
        axes = parse_grid(self.grid)
        priors = resolve(doc, self.lens)
        check_grid(axes, priors)
        seed = s.seed if self.seed is None else self.seed
        return axes, priors, seed

    def check(self, doc: Document) -> int:
        """Validate the settings against ``doc``; return the number of cells (no work)."""
        axes, _, _ = self._prepare(doc)
        self._executor()  # option consistency only: nothing is started
        return math.prod(len(a.values) for a in axes)

    def _executor(self) -> Executor:
        if self.scheduler is None or isinstance(self.scheduler, str):
            return open_executor(self.scheduler, self.workers, self.timeout)
        return self.scheduler

    def spec(self, doc: Document) -> dict[str, Any]:
        """The study's specification: everything the numbers depend on."""
        axes, _, seed = self._prepare(doc)
        return {"scenario": doc.scenario.id, "scenario_hash": scenario_digest(doc.scenario),
                "policy": self.policy, "lens": self.lens,
                "grid": [[a.name, list(a.values)] for a in axes],
                "replications": self.replications, "seed": seed, "stream": SWEEP_STREAM,
                "block": BLOCK, "task_work": self.task_work, "version": __version__}

    # -- the run ---------------------------------------------------------------------------
    def run(self, doc: Document, on_progress: Callable[[int], None] | None = None,
            on_start: Callable[[str, int, int], None] | None = None) -> Sweep:
        """Run (or resume) the sweep; sets ``result_`` and the other attributes.

        Parameters
        ----------
        doc : Document
            The scenario.
        on_progress : callable, optional
            Called with a number of replications each time a task finishes (and once with
            those already done when resuming).
        on_start : callable, optional
            Called with ``(study_id, tasks_total, tasks_to_run)`` once the study is recorded,
            before the first task starts.
        """
        s = doc.scenario
        axes, priors, seed = self._prepare(doc)
        spec = self.spec(doc)
        cells = grid_cells(axes)
        tasks = plan_tasks(len(cells), self.replications, s.horizon, self.task_work)
        store = self.store
        if self.resume is not None and store.tasks(self.resume).empty:
            raise StudyError(f"--resume {self.resume}: no study '{self.resume}' in "
                             f"{store.path}")
        executor = self._executor()
        entered = executor if isinstance(self.scheduler, str | None) else nullcontext()
        st = compile_structure(s, s.policy(self.policy))
        started = utcnow()
        with entered:  # connecting is the last check: nothing has been recorded yet
            study = self.resume or new_study_id()
            pieces, todo = self._open_study(store, study, spec, tasks, doc)
            by_id = {t.id: t for t in tasks}
            if on_start is not None:
                on_start(study, len(tasks), len(todo))
            if on_progress is not None and pieces:
                on_progress(sum(p["tally"]["n"] for p in pieces))
            ctx = TaskContext(st, priors, tuple(cells), self.replications, seed,
                              self.chunk_size)
            try:
                for i, res in executor.run(run_task, ctx, [by_id[t].segments for t in todo]):
                    store.finish_task(study, todo[i], {"segments": res})
                    pieces += res
                    if on_progress is not None:
                        on_progress(sum(p["tally"]["n"] for p in res))
            except TaskError as exc:
                store.fail_task(study, todo[exc.index], str(exc))
                raise SweepTaskError(f"task {todo[exc.index]} of study {study} failed ({exc});"
                                     f" finished tasks are kept: resume with --resume "
                                     f"{study}") from exc.cause
        cell_tallies = _assemble(pieces, len(cells), self.replications, s.horizon,
                                 len(st.commitments))
        cids = [c.id for c in st.commitments]
        out = tuple(SweepCell(i, cells[i], PolicyResult.from_tally(self.policy, t, st.crisis,
                                                                    cids))
                    for i, t in enumerate(cell_tallies))
        self.result_ = SweepResult(s.id, self.lens, self.policy, seed, self.replications,
                                   s.horizon, __version__, tuple(a.name for a in axes), out)
        self.study_id_ = study
        self.tasks_total_ = len(tasks)
        self.tasks_run_ = len(todo)
        self.tasks_skipped_ = len(tasks) - len(todo)
        self.executor_ = executor.describe()
        self.record_id_ = store.record(
            "sweep", payload=self.result_.to_dict(), rows=self.result_.store_rows(),
            scenario=s, lens=self.lens, policies=[self.policy], seed=seed,
            replications=self.replications, horizon_months=s.horizon, fixed=False,
            started_at=started,
            meta={"study": study, "grid": spec["grid"], "tasks": len(tasks),
                  "tasks_run": len(todo), "resumed": self.resume is not None,
                  "executor": self.executor_, "task_work": self.task_work})
        return self

    def _open_study(self, store: StudyStore, study: str, spec: dict[str, Any],
                    tasks: list[SweepTask], doc: Document
                    ) -> tuple[list[dict[str, Any]], list[str]]:
        """Create or re-open the study; return the finished pieces and the task ids to run."""
        open_study(store, study, "sweep", spec, doc.scenario, resume=self.resume is not None)
        store.add_tasks(study, {t.id: t.params() for t in tasks})
        store.reset_running(study)  # left 'running' by a killed process
        table = store.tasks(study)
        known = {t.id: t.params() for t in tasks}
        if set(table["task_id"]) != set(known) or any(
                p != known[tid] for tid, p in zip(table["task_id"], table["params"],
                                                  strict=True)):
            raise SweepError(f"study '{study}' has tasks that do not match this sweep")
        done = table[table["status"] == "done"]
        pieces = [p for r in done["result"] for p in r["segments"]]
        store.claim_tasks(study)
        todo = sorted(set(known) - set(done["task_id"]))
        return pieces, todo


def _assemble(pieces: Sequence[Mapping[str, Any]], n_cells: int, replications: int, horizon: int,
              n_commitments: int) -> list[Tally]:
    """Merge the segment tallies of every cell (in block order); check nothing is missing."""
    per: list[list[tuple[int, Tally]]] = [[] for _ in range(n_cells)]
    for p in pieces:
        per[int(p["cell"])].append((int(p["start"]), tally_from_dict(p["tally"])))
    out = []
    for cell, parts in enumerate(per):
        parts.sort(key=lambda x: x[0])
        total = merge([t for _, t in parts]) if parts else Tally(horizon, n_commitments)
        if total.n != replications:
            raise SweepError(f"cell {cell} has {total.n} of {replications} replications; the "
                             "study's stored tasks are incomplete")
        out.append(total)
    return out
