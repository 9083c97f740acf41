"""Settings of the web app: where things are, and the limits that keep it responsive."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class WebSettings:
    """Configuration of one app instance.

    Parameters
    ----------
    store : Path or None
        The results store (DuckDB); ``None`` uses ``$FOEDUS_STORE`` or
        ``./foedus-out/runs.duckdb``. Games are kept in it too.
    store_read_only : bool
        Open the store read-only: pages and runs can be read, nothing is
        recorded (answers 503). Set by ``foedus serve`` for a store it cannot
        write; also set by the app itself once it finds the store damaged.
    scenarios_dir : Path or None
        A folder of scenario YAML files shown next to the bundled ones. Users
        pick scenarios by id; they never name a file.
    max_replications : int
        Most replications per policy a request may ask for.
    max_body_bytes : int
        Largest request body accepted (scenario text included).
    time_limit_s : float
        Wall-clock limit of one simulation request.
    max_concurrent : int
        Simulations run at once, on threads of their own (at most 8 by default,
        so that page requests keep threads and CPU).
    max_queue : int
        Simulation requests that may wait for a thread; one more is answered 429
        with ``Retry-After``.
    queue_wait_s : float
        Kept for callers; a request's queueing counts against ``time_limit_s``.
    compare_replications : int
        Replications per policy of the Compare page by default: 20,000, as
        ``foedus compare``, so that both give the same numbers.
    sync_work : int
        Largest comparison (replications × policies) the Compare page computes while
        the page waits; a larger one runs as a background job with progress.
    job_time_limit_s : float
        Wall-clock limit of one background job (Compare, sensitivity, claim audit).
    max_jobs_running, max_jobs_queued : int
        Background jobs run at once, and how many more may wait (then 429).
    secret : bytes
        Key that signs the anti-forgery tokens of forms (random per process
        unless given).
    """

    store: Path | None = None
    store_read_only: bool = False
    scenarios_dir: Path | None = None
    max_replications: int = 50_000
    max_body_bytes: int = 256_000
    time_limit_s: float = 20.0
    max_concurrent: int = field(default_factory=lambda: max(1, min(8, os.cpu_count() or 1)))
    max_queue: int = 8
    queue_wait_s: float = 30.0
    whatif_replications: int = 20_000
    compare_replications: int = 20_000
    sync_work: int = 40_000
    job_time_limit_s: float = 900.0
    max_jobs_running: int = 1
    max_jobs_queued: int = 8
    game_replications: int = 5_000
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
