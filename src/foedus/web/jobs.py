"""Long work in the browser as background jobs: Compare, sensitivity and claim audits.

A job runs on the :class:`JobManager`'s own threads (at most ``max_running`` at once,
``max_queued`` more waiting; one more is answered 429 with ``Retry-After``). Its
progress is counted in the work's own units (replications for a comparison, design
points for a sensitivity analysis, (cell, policy) simulations for an audit) through
the ``on_progress`` callback the library already offers, which also stops a job that
passes its time limit. A finished job is recorded in the results store like the same
command line run, and its result page is the record's page; a comparison also fills
the Compare page's cache, so that page then opens at once. Jobs live in memory: a
restart forgets unfinished ones (finished ones are in the store).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from foedus.web.errors import RequestError

#: Finished jobs kept for their pages (the oldest are forgotten first).
KEEP_FINISHED = 200


class JobStoppedError(Exception):
    """Raised from a job's progress callback once it passes its time limit."""


@dataclass
class Job:
    """One background job: what it is, how far it got, and how it ended."""

    id: str
    kind: str
    label: str
    total: int
    limit_s: float
    params: dict[str, Any]
    done: int = 0
    state: str = "queued"  # queued | running | done | failed
    error: str | None = None
    record: int | None = None
    result_url: str | None = None
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None

    def tick(self, n: int) -> None:
        """Count ``n`` units of work done; stop the job once past its time limit."""
        self.done = min(self.total, self.done + int(n))
        if self.started is not None and time.time() - self.started > self.limit_s:
            raise JobStoppedError(f"the job took longer than its limit of {self.limit_s:g} s; "
                             "ask for less work")

    def to_dict(self) -> dict[str, Any]:
        elapsed = None if self.started is None else round(
            (self.finished or time.time()) - self.started, 1)
        return {"id": self.id, "kind": self.kind, "label": self.label, "state": self.state,
                "done": self.done, "total": self.total,
                "progress": round(self.done / self.total, 4) if self.total else 0.0,
                "error": self.error, "record": self.record, "result_url": self.result_url,
                "params": self.params, "elapsed_s": elapsed, "limit_s": self.limit_s}


class JobManager:
    """Queue, run and remember background jobs (see module docstring)."""

    def __init__(self, max_running: int = 1, max_queued: int = 8) -> None:
        self.max_running = max_running
        self.max_queued = max_queued
        self._pool = ThreadPoolExecutor(max_workers=max_running, thread_name_prefix="foedus-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def submit(self, kind: str, label: str, total: int, limit_s: float,
               params: dict[str, Any], work: Callable[[Job], tuple[int | None, str]]) -> Job:
        """Queue ``work(job)``; it returns (record id or None, result page URL)."""
        with self._lock:
            active = sum(j.state in ("queued", "running") for j in self._jobs.values())
            if active >= self.max_running + self.max_queued:
                raise RequestError(429, "the server already has its share of jobs queued; "
                                        "try again when one has finished", retry_after=30)
            job = Job(secrets.token_hex(6), kind, label, max(1, total), limit_s, params)
            self._jobs[job.id] = job
            self._forget_old()
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Callable[[Job], tuple[int | None, str]]) -> None:
        job.state, job.started = "running", time.time()
        try:
            job.record, job.result_url = work(job)
            job.done, job.state = job.total, "done"
        except (JobStoppedError, RequestError, ValueError, OSError) as exc:
            job.state = "failed"
            job.error = exc.message if isinstance(exc, RequestError) else str(exc)
        except Exception:  # noqa: BLE001 - a job never takes the server down
            job.state, job.error = "failed", "internal error: the job could not be completed"
        finally:
            job.finished = time.time()

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.state in ("done", "failed")]
        for k in finished[:max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[k]

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise RequestError(404, f"no job '{job_id}' (jobs are forgotten when the server "
                                    "restarts; finished ones are in the results store)")
        return job

    def list(self) -> list[Job]:
        return list(reversed(self._jobs.values()))
