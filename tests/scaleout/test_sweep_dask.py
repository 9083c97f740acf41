"""Executors: option handling, unreachable schedulers, and a local Dask cluster."""

from __future__ import annotations

import logging
import operator
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from foedus.scaleout.scheduler import (
    DaskExecutor,
    SchedulerError,
    SerialExecutor,
    TaskError,
    check_address,
    open_executor,
)
from foedus.scaleout.sweep import Sweep
from foedus.scenario.loader import Document
from foedus.store.store import ResultsStore


def test_open_executor_options() -> None:
    assert isinstance(open_executor(None, None), SerialExecutor)
    assert isinstance(open_executor(None, 1), SerialExecutor)
    assert isinstance(open_executor("serial", None), SerialExecutor)
    local = open_executor(None, 3)
    assert isinstance(local, DaskExecutor) and local.address is None and local.workers == 3
    local = open_executor("local", 2)
    assert isinstance(local, DaskExecutor) and local.address is None and local.workers == 2
    remote = open_executor("tcp://10.1.2.3:8786", None)
    assert isinstance(remote, DaskExecutor) and remote.address == "tcp://10.1.2.3:8786"
    with pytest.raises(SchedulerError, match="--workers applies to --scheduler local"):
        open_executor("tcp://10.1.2.3:8786", 4)
    with pytest.raises(SchedulerError, match="leave out --workers"):
        open_executor("serial", 2)
    with pytest.raises(SchedulerError, match="at least 1"):
        open_executor("local", 0)


@pytest.mark.parametrize(("address", "message"), [
    ("foo", "missing port"),
    ("http://host:8786", "unknown address scheme"),
    ("tcp://host", "missing port"),
    ("tcp://host:70000", "not in 1..65535"),
    ("   ", "empty value"),
])
def test_bad_addresses(address: str, message: str) -> None:
    with pytest.raises(SchedulerError, match=message):
        open_executor(address, None)


def test_check_address_accepts() -> None:
    for a in ("tcp://10.0.0.5:8786", "10.0.0.5:8786", "tls://sched.example.org:8786",
              "[::1]:8786"):
        assert check_address(a) == a


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_scheduler_fails_fast() -> None:
    port = _closed_port()
    t0 = time.perf_counter()
    with pytest.raises(SchedulerError, match=rf"cannot reach the Dask scheduler at "
                                             rf"'tcp://127.0.0.1:{port}' within 0.5 s"), \
            DaskExecutor(f"tcp://127.0.0.1:{port}", timeout=0.5):
        pass
    assert time.perf_counter() - t0 < 10


def test_serial_executor_order_and_errors() -> None:
    with SerialExecutor() as ex:
        assert list(ex.run(operator.mul, 3, [1, 2, 5])) == [(0, 3), (1, 6), (2, 15)]
        with pytest.raises(TaskError) as info:
            list(ex.run(operator.truediv, 6, [1, 2, 0, 3]))
    assert info.value.index == 2 and isinstance(info.value.cause, ZeroDivisionError)


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskExecutor]:
    """A running scheduler with 2 workers, reached by its address (as a real cluster is)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.CRITICAL) as lc, \
            DaskExecutor(lc.scheduler_address, timeout=20) as ex:
        yield ex


def test_scheduler_by_address_runs_every_task(cluster: DaskExecutor) -> None:
    got = dict(cluster.run(operator.mul, 7, list(range(20))))
    assert got == {i: 7 * i for i in range(20)}
    assert cluster.workers == 2  # counted on the scheduler
    assert cluster.describe().endswith("(2 workers)")


def test_scheduler_reports_the_failing_task(cluster: DaskExecutor) -> None:
    with pytest.raises(TaskError) as info:
        list(cluster.run(operator.truediv, 6, [1, 2, 3, 0, 4]))
    assert info.value.index == 3 and isinstance(info.value.cause, ZeroDivisionError)
    # the cluster is still usable afterwards
    assert dict(cluster.run(operator.add, 1, [1, 2])) == {0: 2, 1: 3}


def test_sweep_on_a_scheduler_equals_serial(cluster: DaskExecutor, ukraine: Document,
                                            tmp_path: Path) -> None:
    grid = ["threat_base=0.1,0.6", "q_target=0.05,0.3"]
    args = {"replications": 2000, "seed": 9, "task_work": 120_000}
    remote = Sweep("article5", grid, ResultsStore(tmp_path / "r.duckdb"), scheduler=cluster,
                   **args).run(ukraine)
    serial = Sweep("article5", grid, ResultsStore(tmp_path / "s.duckdb"), **args).run(ukraine)
    assert remote.tasks_total_ == 8
    assert remote.result_.to_dict() == serial.result_.to_dict()
    assert remote.executor_.startswith("Dask scheduler tcp://127.0.0.1:")
