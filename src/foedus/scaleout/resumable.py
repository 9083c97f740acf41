"""Resumable studies: tasks recorded in a results store as they finish, skipped when resumed.

:class:`StudyStore` is what a study needs of the results store
(:class:`foedus.store.store.ResultsStore` provides it; the store is a higher layer, which
scale-out never imports). :class:`RecordingExecutor` wraps any executor of
:mod:`foedus.scaleout.scheduler` whose tasks return float arrays (e.g. the batches of a
sensitivity design): each task is a row of the study's ``tasks`` table, keyed by its
position and a digest of its inputs; a finished task's array is committed at once; on
resume, finished tasks are read back instead of being run, and tasks left ``running`` by a
killed process or ``failed`` run again.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, TypeVar, cast

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from foedus._version import __version__
from foedus.scaleout.scheduler import Executor, TaskError
from foedus.scenario.schema import Scenario

F64 = NDArray[np.float64]
S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


class StudyError(ValueError):
    """A study cannot be resumed (unknown id, another specification or design)."""


class StudyStore(Protocol):
    """What a resumable study needs of a results store (``ResultsStore`` provides it)."""

    path: Path

    def create_study(self, study_id: str, kind: str, spec: Mapping[str, Any],
                     scenario: Scenario | None = None) -> None: ...

    def add_tasks(self, study_id: str, tasks: Mapping[str, Mapping[str, Any]]) -> int: ...

    def claim_tasks(self, study_id: str, limit: int | None = None
                    ) -> list[tuple[str, dict[str, Any]]]: ...

    def finish_task(self, study_id: str, task_id: str, result: Mapping[str, Any]) -> None: ...

    def fail_task(self, study_id: str, task_id: str, error: str) -> None: ...

    def reset_running(self, study_id: str) -> int: ...

    def tasks(self, study_id: str, status: str | None = None) -> pd.DataFrame: ...

    def record(self, kind: str, *, payload: Mapping[str, Any],
               rows: pd.DataFrame | None = None, scenario: Scenario | None = None,
               lens: str | None = None, policies: Sequence[str] = (),
               seed: int | None = None, replications: int | None = None,
               horizon_months: int | None = None, fixed: bool | None = None,
               started_at: datetime | None = None, finished_at: datetime | None = None,
               meta: Mapping[str, Any] | None = None, version: str = __version__) -> int: ...


def open_study(store: StudyStore, study_id: str, kind: str, spec: Mapping[str, Any],
               scenario: Scenario | None, resume: bool) -> None:
    """Create the study (or, with ``resume``, check that it exists with this spec)."""
    if resume and store.tasks(study_id).empty:
        raise StudyError(f"--resume {study_id}: no study '{study_id}' in {store.path}")
    try:
        store.create_study(study_id, kind, spec, scenario)
    except Exception as exc:  # the store's error for a study with another specification
        if "different specification" not in str(exc):
            raise
        raise StudyError(f"--resume {study_id}: the study was started with other settings or "
                         "another foedus version; resume it with the command that started "
                         "it") from None


def encode_array(a: F64) -> dict[str, Any]:
    """A float array as JSON (NaN and infinities as null; finite values exact)."""
    flat = [None if not math.isfinite(x) else x for x in np.asarray(a, np.float64).ravel()
            .tolist()]
    return {"shape": list(np.shape(a)), "values": flat}


def decode_array(d: Mapping[str, Any]) -> F64:
    """Inverse of :func:`encode_array` (null becomes NaN)."""
    vals = [math.nan if v is None else float(v) for v in d["values"]]
    return np.asarray(vals, dtype=np.float64).reshape(tuple(d["shape"]))


def digest(item: object) -> str:
    """SHA-256 of a task's input arrays (a tuple of arrays, or one array)."""
    h = hashlib.sha256()
    parts = item if isinstance(item, tuple) else (item,)
    for a in parts:
        arr = np.ascontiguousarray(a)
        h.update(str(arr.dtype).encode() + str(arr.shape).encode())
        h.update(arr.tobytes())
    return h.hexdigest()


class RecordingExecutor:
    """An executor whose finished tasks are recorded in (and resumed from) a study.

    Parameters
    ----------
    inner : Executor
        Where the tasks that are not yet done run; entered (and closed) by the caller.
    store : StudyStore
        The results store; the study ``study_id`` must exist (:func:`open_study`).
    study_id : str

    Attributes
    ----------
    skipped_, ran_ : int
        Tasks read back from the store, and tasks run, by the last :meth:`run`.
    """

    def __init__(self, inner: Executor, store: StudyStore, study_id: str) -> None:
        self.inner = inner
        self.store = store
        self.study_id = study_id
        self.workers = inner.workers
        self.skipped_ = 0
        self.ran_ = 0

    def __enter__(self) -> RecordingExecutor:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None  # the inner executor belongs to the caller

    def describe(self) -> str:
        return self.inner.describe()

    def run(self, fn: Callable[[S, T], R], shared: S, items: Sequence[T]
            ) -> Iterator[tuple[int, R]]:
        """Yield ``(index, result)``: first the finished tasks (read back), then the others
        as they finish. Results must be float arrays."""
        ids = [f"b{i:06d}" for i in range(len(items))]
        params = {tid: {"digest": digest(item)} for tid, item in zip(ids, items, strict=True)}
        st, sid = self.store, self.study_id
        st.add_tasks(sid, params)
        st.reset_running(sid)
        table = st.tasks(sid)
        stored = dict(zip(table["task_id"], table["params"], strict=True))
        if set(stored) != set(ids) or any(stored[t] != params[t] for t in ids):
            raise StudyError(f"study '{sid}' holds tasks of another design; resume it with "
                             "the command that started it")
        done = table[table["status"] == "done"]
        finished = dict(zip(done["task_id"], done["result"], strict=True))
        st.claim_tasks(sid)
        todo = [i for i, t in enumerate(ids) if t not in finished]
        self.skipped_, self.ran_ = len(ids) - len(todo), len(todo)
        for i, t in enumerate(ids):
            if t in finished:
                yield i, cast(R, decode_array(finished[t]))
        try:
            for j, res in self.inner.run(fn, shared, [items[i] for i in todo]):
                st.finish_task(sid, ids[todo[j]], encode_array(np.asarray(res)))
                yield todo[j], res
        except TaskError as exc:
            st.fail_task(sid, ids[todo[exc.index]], str(exc))
            raise TaskError(todo[exc.index], exc.cause) from exc.cause
