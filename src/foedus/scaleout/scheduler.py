"""Where the tasks of a study run: in this process, on a local Dask cluster, or on a real one.

Three executors share one small interface (a context manager with :meth:`~Executor.run`):

``SerialExecutor``
    Runs every task in this process, in order.
``ProcessExecutor(N)``
    A pool of ``N`` local processes (no Dask).
``DaskExecutor(address=None, workers=N)``
    Starts a :class:`distributed.LocalCluster` of ``N`` single-threaded worker processes on the
    loopback interface (no dashboard) and closes it when done.
``DaskExecutor(address="tcp://host:8786")``
    Connects to a running Dask scheduler (``dask scheduler`` / ``dask worker``; see
    ``docs/scaleout.md``). Connecting is a check made before any work: an unreachable address,
    a scheduler without workers, or workers running another version of foedus raise
    :class:`SchedulerError` at once.

Tasks are module-level functions called as ``fn(shared, item)``; ``shared`` (e.g. the compiled
scenario and the priors) is sent to every worker once. :meth:`Executor.run` yields
``(index, result)`` as tasks finish, in any order; results must therefore never depend on the
order, which the callers guarantee by giving every task its own fixed random stream.

:func:`open_executor` turns the command-line options ``--scheduler`` / ``--workers`` into one of
these.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from types import TracebackType
from typing import Any, Protocol, TypeVar

from foedus._version import __version__

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: Seconds to wait for a scheduler to answer (and for its first worker) by default.
CONNECT_TIMEOUT = 10.0
#: Replication-months per sweep task by default: about 0.2 s of the numpy kernel on one core.
TASK_WORK = 1_000_000
#: Dask's nannies start workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which fixes glibc's
#: mmap threshold at 128 KiB: every large temporary array of the kernel is then mapped and
#: unmapped, and the page faults double its CPU time. Local clusters leave it unset (the
#: default, adaptive allocator); ``docs/scaleout.md`` shows how to do the same on a cluster.
TRIM_KEY = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
#: ``--scheduler`` values that are not addresses.
LOCAL = "local"
SERIAL = "serial"


class SchedulerError(ValueError):
    """The scheduler cannot be used: bad or unreachable address, no workers, wrong version."""


class TaskError(RuntimeError):
    """Task ``index`` raised ``cause`` (on whichever worker ran it)."""

    def __init__(self, index: int, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.index = index
        self.cause = cause


class Executor(Protocol):
    """Runs ``fn(shared, item)`` for every item; yields ``(index, result)`` as they finish."""

    workers: int

    def __enter__(self) -> Executor: ...

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    def run(self, fn: Callable[[S, T], R], shared: S, items: Sequence[T]
            ) -> Iterator[tuple[int, R]]: ...

    def describe(self) -> str: ...


class SerialExecutor:
    """Every task in this process, in order."""

    workers = 1

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None

    def run(self, fn: Callable[[S, T], R], shared: S, items: Sequence[T]
            ) -> Iterator[tuple[int, R]]:
        for i, item in enumerate(items):
            try:
                res = fn(shared, item)
            except Exception as exc:
                raise TaskError(i, exc) from exc
            yield i, res

    def describe(self) -> str:
        return "serial (this process)"


class ProcessExecutor:
    """Tasks in a pool of ``workers`` local processes (``spawn``), without Dask.

    ``fn`` and ``shared`` must be picklable (module-level); ``shared`` is sent with each task.
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise SchedulerError("workers must be at least 1")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessExecutor:
        self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                         mp_context=multiprocessing.get_context("spawn"))
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def run(self, fn: Callable[[S, T], R], shared: S, items: Sequence[T]
            ) -> Iterator[tuple[int, R]]:
        if self._pool is None:
            raise RuntimeError("use the executor as a context manager")
        futures = {self._pool.submit(fn, shared, item): i for i, item in enumerate(items)}
        try:
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    res = fut.result()
                except Exception as exc:
                    raise TaskError(i, exc) from exc
                yield i, res
        finally:
            for fut in futures:
                fut.cancel()

    def describe(self) -> str:
        return f"{self.workers} local processes"


def _worker_version() -> str:
    import foedus._version

    return foedus._version.__version__


class DaskExecutor:
    """Tasks on a Dask cluster: a local one (``address=None``) or a running scheduler.

    Parameters
    ----------
    address : str or None
        A scheduler address (``tcp://host:8786`` or ``host:8786``); ``None`` starts a
        ``LocalCluster`` of ``workers`` processes on 127.0.0.1.
    workers : int
        Worker processes of the local cluster (ignored with an address).
    timeout : float
        Seconds to wait for the scheduler to answer and for its first worker.
    """

    def __init__(self, address: str | None = None, workers: int = 2,
                 timeout: float = CONNECT_TIMEOUT) -> None:
        if workers < 1:
            raise SchedulerError("workers must be at least 1")
        if timeout <= 0:
            raise SchedulerError("the connect timeout must be positive")
        self.address = address
        self.workers = workers
        self.timeout = timeout
        self._stack: ExitStack | None = None
        self._client: Any = None

    def __enter__(self) -> DaskExecutor:
        stack = ExitStack()
        try:
            self._client = self._connect(stack)
        except BaseException:
            stack.close()
            raise
        self._stack = stack
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        stack, self._stack, self._client = self._stack, None, None
        if stack is not None:
            stack.close()

    def _connect(self, stack: ExitStack) -> Any:
        import dask
        from distributed import Client, LocalCluster

        stack.enter_context(_quiet_logs())
        if self.address is None:
            with dask.config.set({TRIM_KEY: None}):
                cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                       processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=logging.CRITICAL)
            stack.callback(cluster.close)
            client = Client(cluster)
            stack.callback(client.close)
            return client
        where = f"the Dask scheduler at '{self.address}'"
        check_address(self.address)
        try:
            client = Client(self.address, timeout=self.timeout, set_as_default=False)
        except OSError as exc:
            raise SchedulerError(f"cannot reach {where} within {self.timeout:g} s ({exc}); "
                                 "is `dask scheduler` running there?") from None
        stack.callback(client.close)
        try:
            client.wait_for_workers(1, timeout=self.timeout)
        except (TimeoutError, OSError):
            raise SchedulerError(f"{where} has no workers (waited {self.timeout:g} s); start "
                                 "some with `dask worker ADDRESS`") from None
        try:
            versions: dict[str, str] = client.run(_worker_version)
        except Exception as exc:  # e.g. a worker without foedus
            raise SchedulerError(f"the workers of {where} cannot import foedus "
                                 f"({type(exc).__name__}: {exc}); install foedus "
                                 f"{__version__} in their environment") from None
        wrong = {w: v for w, v in versions.items() if v != __version__}
        if wrong:
            listed = ", ".join(f"{w} has {v}" for w, v in sorted(wrong.items()))
            raise SchedulerError(f"workers of {where} run another version of foedus ({listed}; "
                                 f"this is {__version__}): results would not be comparable")
        self.workers = max(1, len(versions))
        return client

    def run(self, fn: Callable[[S, T], R], shared: S, items: Sequence[T]
            ) -> Iterator[tuple[int, R]]:
        from distributed import as_completed as dask_completed

        if self._client is None:
            raise RuntimeError("use the executor as a context manager")
        client = self._client
        [ctx] = client.scatter([shared], broadcast=True, hash=False)
        futures = [client.submit(fn, ctx, item, pure=False) for item in items]
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for fut in dask_completed(futures, loop=client.loop):
                i = index[fut.key]
                try:
                    res = fut.result()
                except Exception as exc:
                    raise TaskError(i, exc) from exc
                yield i, res
        finally:
            client.cancel(futures)

    def describe(self) -> str:
        if self.address is None:
            return f"local Dask cluster ({self.workers} worker processes)"
        return f"Dask scheduler {self.address} ({self.workers} workers)"


_LOGGERS = ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.worker",
            "distributed.core", "distributed.client", "distributed.http.proxy")


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """Raise the level of the ``distributed`` loggers to ERROR for a while."""
    old = {n: logging.getLogger(n).level for n in _LOGGERS}
    for n in _LOGGERS:
        logging.getLogger(n).setLevel(logging.ERROR)
    try:
        yield
    finally:
        for n, level in old.items():
            logging.getLogger(n).setLevel(level)


def check_address(address: str) -> str:
    """``address`` if it is a well-formed scheduler address, else :class:`SchedulerError`."""
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, loc = parse_address(address)
        get_backend(scheme)
        if scheme in ("tcp", "tls", "ws", "wss"):
            _, port = parse_host_port(loc)
            if not 1 <= int(port) <= 65535:
                raise ValueError(f"port {port} is not in 1..65535")
    except ValueError as exc:
        raise SchedulerError(f"--scheduler: bad address '{address}': {exc} (expected 'local' "
                             "or an address such as tcp://host:8786)") from None
    return address


def open_executor(scheduler: str | None, workers: int | None,
                  timeout: float = CONNECT_TIMEOUT) -> SerialExecutor | DaskExecutor:
    """The executor for ``--scheduler`` / ``--workers`` (not yet entered).

    ``scheduler`` ``None`` or ``"serial"``: this process (or a local cluster when
    ``workers`` > 1); ``"local"``: a local cluster of ``workers`` processes (default: the
    number of CPUs); anything else: the address of a running scheduler, where the cluster
    decides the number of workers (``workers`` must then be left out).
    """
    if workers is not None and workers < 1:
        raise SchedulerError("--workers must be at least 1")
    s = None if scheduler is None else scheduler.strip()
    if s == "":
        raise SchedulerError("--scheduler: empty value (expected 'local' or an address such "
                             "as tcp://host:8786)")
    if s is None or s == SERIAL:
        if workers is None or workers == 1:
            return SerialExecutor()
        if s == SERIAL:
            raise SchedulerError("--scheduler serial runs in this process: leave out --workers "
                                 "or use --scheduler local")
        return DaskExecutor(None, workers, timeout)
    if s == LOCAL:
        return DaskExecutor(None, workers or max(1, os.cpu_count() or 1), timeout)
    if workers is not None:
        raise SchedulerError("--workers applies to --scheduler local; the workers of a "
                             "scheduler are the `dask worker` processes connected to it")
    return DaskExecutor(check_address(s), 1, timeout)
