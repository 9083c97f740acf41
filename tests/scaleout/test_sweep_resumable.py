"""Resumable studies of design batches (sensitivity): recording, failure, resume, checks."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from foedus.scaleout.resumable import (
    RecordingExecutor,
    StudyError,
    decode_array,
    digest,
    encode_array,
    open_study,
)
from foedus.scaleout.scheduler import ProcessExecutor, SerialExecutor, TaskError
from foedus.sensitivity.evaluate import Ishigami, evaluate_design
from foedus.store.store import ResultsStore

F64 = np.ndarray


def test_array_codec_and_digest() -> None:
    a = np.array([[0.1, math.nan], [1e-300, -math.inf]])
    d = encode_array(a)
    assert d == {"shape": [2, 2], "values": [0.1, None, 1e-300, None]}
    b = decode_array(d)
    assert b[0, 0] == 0.1 and b[1, 0] == 1e-300 and np.isnan(b[0, 1]) and np.isnan(b[1, 1])
    x, g = np.arange(6.0).reshape(3, 2), np.arange(3)
    assert digest((x, g)) == digest((x.copy(), g.copy()))
    assert digest((x, g)) != digest((x + 1e-12, g))
    assert digest((x, g)) != digest((x, g.astype(np.int32)))


@dataclass
class Flaky:
    """Ishigami that fails on its ``fail_at``-th call (in this process)."""

    fail_at: int
    calls: list[int] = field(default_factory=list)

    def __call__(self, X: F64, groups: F64) -> F64:
        self.calls.append(len(X))
        if len(self.calls) == self.fail_at:
            raise RuntimeError("node lost")
        return Ishigami()(X, groups)


def _design() -> tuple[F64, F64]:
    rng = np.random.default_rng(3)
    X = rng.uniform(-np.pi, np.pi, size=(50, 3))
    return X, np.repeat(np.arange(10), 5)


def test_failure_then_resume_equals_plain_run(tmp_path: Path) -> None:
    X, groups = _design()
    plain = evaluate_design(Ishigami(), X, groups, workers=1, batch=7)
    store = ResultsStore(tmp_path / "s.duckdb")
    open_study(store, "st-1", "sensitivity", {"design": 1}, None, resume=False)
    with SerialExecutor() as inner:
        rec = RecordingExecutor(inner, store, "st-1")
        with pytest.raises(TaskError) as info:
            evaluate_design(Flaky(fail_at=4), X, groups, workers=rec, batch=7)
    assert info.value.index == 3
    tasks = store.tasks("st-1")
    assert list(tasks["status"]) == ["done"] * 3 + ["failed"] + ["running"] * 4
    assert "node lost" in tasks["error"].iloc[3]

    with pytest.raises(StudyError, match="other settings"):
        open_study(store, "st-1", "sensitivity", {"design": 2}, None, resume=True)
    open_study(store, "st-1", "sensitivity", {"design": 1}, None, resume=True)
    flaky = Flaky(fail_at=0)
    seen: list[int] = []
    with SerialExecutor() as inner:
        rec = RecordingExecutor(inner, store, "st-1")
        again = evaluate_design(flaky, X, groups, workers=rec, batch=7,
                                on_progress=seen.append)
    assert np.array_equal(again, plain)
    assert (rec.skipped_, rec.ran_) == (3, 5)
    assert flaky.calls == [7, 7, 7, 7, 1]  # only the unfinished batches ran
    assert sum(seen) == 50
    assert set(store.tasks("st-1")["status"]) == {"done"}


def test_another_design_is_refused(tmp_path: Path) -> None:
    X, groups = _design()
    store = ResultsStore(tmp_path / "s.duckdb")
    open_study(store, "st-2", "sensitivity", {"design": 1}, None, resume=False)
    with SerialExecutor() as inner:
        evaluate_design(Ishigami(), X, groups, workers=RecordingExecutor(inner, store, "st-2"),
                        batch=10)
        with pytest.raises(StudyError, match="another design"):
            evaluate_design(Ishigami(), X + 0.5, groups,
                            workers=RecordingExecutor(inner, store, "st-2"), batch=10)
    with pytest.raises(StudyError, match="no study 'missing'"):
        open_study(store, "missing", "sensitivity", {}, None, resume=True)


def test_process_executor_equals_serial() -> None:
    X, groups = _design()
    plain = evaluate_design(Ishigami(), X, groups, workers=1, batch=6)
    with ProcessExecutor(2) as ex:
        assert np.array_equal(evaluate_design(Ishigami(), X, groups, workers=ex, batch=6),
                              plain)
