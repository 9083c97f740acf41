"""``foedus sensitivity``: Sobol' indices or Morris screening of one policy's outcome."""

from __future__ import annotations

import json
import secrets
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from foedus._version import __version__
from foedus.cli.common import (
    CliError,
    Engine,
    Json,
    Lens,
    Seed,
    err,
    out,
    user_errors,
)
from foedus.cli.runs import NoStore, StorePath, open_store, recording, store_errors
from foedus.scaleout.scheduler import CONNECT_TIMEOUT
from foedus.store.files import write_atomic
from foedus.study.outcome_keys import OUTCOME_KEYS

if TYPE_CHECKING:
    from rich.table import Table

    from foedus.scaleout.resumable import RecordingExecutor
    from foedus.scenario.loader import Document
    from foedus.sensitivity.estimator import Sensitivity
    from foedus.sensitivity.result import SensitivityResult


def _table(res: SensitivityResult, elapsed: float) -> Table:
    from rich.table import Table

    from foedus.sensitivity.result import MAIN_INDEX

    kinds = list(res.indices.indices)
    t = Table(title=f"{res.scenario} · {res.policy} · {res.outcome} · lens {res.lens} · "
                    f"{res.method} (n={res.n}, {res.replications:,} replications per point)")
    t.add_column("parameter")
    t.add_column("sym")
    t.add_column("mechanism")
    for k in kinds:
        t.add_column(k, justify="right")
    names = res.ranking() + ([res.indices.dummy] if res.indices.dummy else [])
    info = {p.name: p for p in res.parameters}
    for name in names:
        p = info.get(name)
        cells = []
        for k in kinds:
            iv = res.index(k, name)
            cells.append(f"{iv.estimate:.3f} [{iv.lo:.3f}, {iv.hi:.3f}]")
        t.add_row(name, p.symbol if p else "", p.mechanism if p else "dummy", *cells)
    ix = res.indices
    check = "passed" if res.dummy_check() else "FAILED"
    t.caption = (f"{ix.evaluations:,} points in {elapsed:.1f} s; {ix.groups_used} of "
                 f"{ix.groups_total} base samples used; Monte Carlo noise ≈ "
                 f"{ix.noise_share:.1%} of output variance; dummy check ({MAIN_INDEX[res.method]}"
                 f" ≈ 0): {check}")
    return t


Scheduler = Annotated[str | None, typer.Option(
    "--scheduler", help="'local' (a Dask cluster of --workers processes on this machine) or the "
                        "address of a running Dask scheduler (tcp://host:8786); default: "
                        "--workers local processes")]
Resume = Annotated[str | None, typer.Option(
    "--resume", help="resume the study ID (run the command that started it, plus --resume "
                     "ID): finished batches are kept")]
ConnectTimeout = Annotated[float, typer.Option(
    "--connect-timeout", min=0.1, max=600.0,
    help="seconds to wait for a scheduler and its workers")]


def study_executor(stack: ExitStack, sa: Sensitivity, doc: Document, scheduler: str | None,
                   workers: int, resume: str | None, store: Path | None, no_store: bool,
                   timeout: float, points: int) -> RecordingExecutor | None:
    """Open the store, connect the executor, open the study; set ``sa.workers``.

    Every check (store, scheduler address and connection, study) comes before any work.
    Returns the recording executor, or ``None`` with ``--no-store``.
    """
    from foedus.scaleout.resumable import RecordingExecutor, open_study
    from foedus.scaleout.scheduler import (
        Executor,
        ProcessExecutor,
        SerialExecutor,
        open_executor,
    )
    from foedus.scaleout.sweep import scenario_digest, utcnow

    st = open_store(store, no_store)
    if st is None and resume is not None:
        raise CliError("--resume needs the results store: leave out --no-store")
    if scheduler is None:
        inner: Executor = SerialExecutor() if workers == 1 else ProcessExecutor(workers)
    else:  # --workers 1 (the default) leaves the number to the cluster
        inner = open_executor(scheduler, workers if workers > 1 else None, timeout)
    if st is None:
        if scheduler is not None:
            sa.workers = stack.enter_context(inner)
        return None
    stack.enter_context(inner)  # connect (exit 2 if unreachable) before recording anything
    s = doc.scenario
    spec = {"scenario": s.id, "scenario_hash": scenario_digest(s), "policy": sa.policy,
            "outcome": sa.outcome, "lens": sa.lens, "method": sa.method, "n": sa.n,
            "replications": sa.replications, "seed": s.seed if sa.seed is None else sa.seed,
            "parameters": None if sa.parameters is None else list(sa.parameters),
            "dummy": sa.dummy, "levels": sa.levels, "batch": sa.batch,
            "version": __version__}
    study = resume or f"sensitivity-{utcnow():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
    open_study(st, study, "sensitivity", spec, s, resume=resume is not None)
    err.print(f"study {study}: {-(-points // sa.batch)} batches of {sa.batch} points; if "
              f"interrupted, resume with --resume {study}", markup=False, highlight=False)
    rec = RecordingExecutor(inner, st, study)
    sa.workers = rec
    return rec


def record_sensitivity(rec: RecordingExecutor | None, res: SensitivityResult, doc: Document,
                       started_at: datetime, method: str, n: int) -> int | None:
    """Record the finished analysis (one transaction): the JSON and one row per index."""
    from foedus.store.store import sensitivity_rows

    if rec is None:
        return None
    return rec.store.record("sensitivity", payload=res.to_dict(), rows=sensitivity_rows(res),
                            scenario=doc.scenario, lens=res.lens, policies=[res.policy],
                            seed=res.seed, replications=res.replications,
                            horizon_months=doc.scenario.horizon, fixed=False,
                            started_at=started_at,
                            meta={"study": rec.study_id, "method": method, "n": n,
                                  "outcome": res.outcome, "executor": rec.describe(),
                                  "batches_run": rec.ran_, "batches_resumed": rec.skipped_})


def register(app: typer.Typer) -> None:
    """Add ``sensitivity`` to ``app``."""

    @app.command()
    def sensitivity(
        scenario: Annotated[str, typer.Argument(help="bundled id or YAML file")],
        policy: Annotated[str, typer.Option("--policy", "-p", help="policy id")],
        outcome: Annotated[str, typer.Option("--outcome", "-o",
                                             help=" | ".join(OUTCOME_KEYS))],
        lens: Lens = "evidence",
        method: Annotated[str, typer.Option("--method", help="sobol | morris")] = "sobol",
        n: Annotated[int, typer.Option("--n", min=2, max=1_048_576,
                                       help="Sobol': base samples (power of two); Morris: "
                                            "trajectories")] = 256,
        reps: Annotated[int, typer.Option("--reps", "-n", min=1, max=10_000_000,
                                          help="replications per design point")] = 1000,
        workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=512,
                                             help="processes (results do not depend on "
                                                  "it)")] = 1,
        seed: Seed = None,
        param: Annotated[list[str] | None, typer.Option(
            "--param", help="analyse only this parameter (repeatable; default: every "
                            "uncertain parameter of the lens)")] = None,
        levels: Annotated[int, typer.Option("--levels", min=2, max=100,
                                            help="Morris grid levels (even)")] = 4,
        no_dummy: Annotated[bool, typer.Option("--no-dummy",
                                               help="leave out the dummy factor")] = False,
        as_json: Json = False,
        out_file: Annotated[Path | None, typer.Option(
            "--out", help="also write the JSON result to this file (atomically)")] = None,
        scheduler: Scheduler = None,
        resume: Resume = None,
        store: StorePath = None,
        no_store: NoStore = False,
        connect_timeout: ConnectTimeout = CONNECT_TIMEOUT,
        engine: Engine = "compiled",
    ) -> None:
        """Global sensitivity of one policy's outcome to every uncertain parameter of a lens."""
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        from foedus.scaleout.sweep import utcnow
        from foedus.scenario.library import load
        from foedus.sensitivity.estimator import METHODS, Sensitivity

        with user_errors(), store_errors(), ExitStack() as stack:
            if method not in METHODS:
                raise CliError(f"--method: unknown method '{method}' (known: "
                               f"{', '.join(METHODS)})")
            doc = load(scenario)
            sa = Sensitivity(policy, outcome, lens=lens, method=method, n=n,
                             replications=reps, seed=seed, workers=workers,
                             parameters=param or None, dummy=not no_dummy, levels=levels,
                             engine=engine)
            total = sa.points(doc)  # validates everything before any work
            rec = study_executor(stack, sa, doc, scheduler, workers, resume, store, no_store,
                                 connect_timeout, total)
            started_at = utcnow()
            start = time.perf_counter()
            show = not as_json and err.is_terminal
            if show:
                with Progress(TextColumn("sensitivity"), BarColumn(),
                              TextColumn("{task.completed:,}/{task.total:,} points"),
                              TimeRemainingColumn(), console=err, transient=True) as bar:
                    task = bar.add_task("sa", total=total)
                    advance: Callable[[int], None] = lambda k: bar.advance(task, k)  # noqa: E731
                    sa.run(doc, on_progress=advance)
            else:
                sa.run(doc)
            elapsed = time.perf_counter() - start
            res = sa.result_
            payload = json.dumps(res.to_dict(), indent=2, allow_nan=False)
            if out_file is not None:
                write_atomic(out_file, payload + "\n")
            if as_json:
                sys.stdout.write(payload + "\n")
            else:
                Console(width=max(out.width, 160)).print(_table(res, elapsed))
                if out_file is not None:
                    out.print(f"wrote {out_file}", markup=False, highlight=False)
            with recording():
                rid = record_sensitivity(rec, res, doc, started_at, method, n)
            if rid is not None and rec is not None and not as_json:
                out.print(f"recorded as run {rid} in {rec.store.path} (foedus runs show {rid})",
                          markup=False, highlight=False)
