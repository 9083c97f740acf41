"""``foedus sweep``: one policy at every cell of a parameter grid, on Dask, resumable."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from foedus.cli.common import Json, Lens, Seed, err, out, user_errors
from foedus.cli.runs import StorePath, not_recorded, open_store, store_errors
from foedus.scaleout.scheduler import CONNECT_TIMEOUT, TASK_WORK
from foedus.store.files import write_atomic
from foedus.study.outcome_keys import OUTCOME_KEYS, OUTCOME_LABELS

if TYPE_CHECKING:
    from foedus.scaleout.sweep_result import SweepResult


def _table(res: SweepResult, caption: str) -> Table:
    t = Table(title=f"{res.scenario} · {res.policy} · lens {res.lens} · "
                    f"{len(res.cells)} cells × {res.replications:,} replications")
    for name in res.parameters:
        t.add_column(name, justify="right")
    keys = [k for k in OUTCOME_KEYS
            if any(c.result.outcomes[k] is not None for c in res.cells)]
    for k in keys:
        t.add_column(OUTCOME_LABELS[k], justify="right")
    for c in res.cells:
        cells = [f"{v:g}" for _, v in c.values]
        for k in keys:
            e = c.result.outcomes[k]
            if e is None:
                cells.append("—")
            elif e.kind == "mean":
                cells.append(f"{e.value:.1f} [{e.lo:.1f}, {e.hi:.1f}]")
            else:
                cells.append(f"{e.value:.3f} [{e.lo:.3f}, {e.hi:.3f}]")
        t.add_row(*cells)
    t.caption = caption
    return t


def register(app: typer.Typer) -> None:
    """Add ``sweep`` to ``app``."""

    @app.command()
    def sweep(
        scenario: Annotated[str, typer.Argument(help="bundled id or YAML file")],
        policy: Annotated[str, typer.Option("--policy", "-p", help="policy id")],
        grid: Annotated[list[str] | None, typer.Option(
            "--grid", "-g", help="PARAM=V1,V2,... (repeatable; the sweep is the Cartesian "
                                 "product of all --grid options)")] = None,
        lens: Lens = "evidence",
        reps: Annotated[int, typer.Option("--reps", "-n", min=1, max=100_000_000,
                                          help="replications per cell")] = 2000,
        seed: Seed = None,
        scheduler: Annotated[str | None, typer.Option(
            "--scheduler", help="'local' (a Dask cluster on this machine) or the address of "
                                "a running Dask scheduler (tcp://host:8786); default: this "
                                "process")] = None,
        workers: Annotated[int | None, typer.Option(
            "--workers", "-w", min=1, max=1024,
            help="worker processes of --scheduler local (default: one per CPU); results do "
                 "not depend on it")] = None,
        resume: Annotated[str | None, typer.Option(
            "--resume", help="resume the study ID (run the command that started it, plus "
                             "--resume ID): finished tasks are kept")] = None,
        store: StorePath = None,
        task_reps: Annotated[int | None, typer.Option(
            "--task-reps", min=1, max=100_000_000,
            help=f"replications per task (default: about {TASK_WORK:,} replication-months); "
                 "results do not depend on it")] = None,
        connect_timeout: Annotated[float, typer.Option(
            "--connect-timeout", min=0.1, max=600.0,
            help="seconds to wait for a scheduler and its workers")] = CONNECT_TIMEOUT,
        as_json: Json = False,
        out_file: Annotated[Path | None, typer.Option(
            "--out", help="also write the JSON result to this file (atomically)")] = None,
    ) -> None:
        """Evaluate a policy over a grid of parameter settings (recorded, resumable)."""
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        from foedus.scaleout.sweep import Sweep, SweepTaskError
        from foedus.scenario.library import load
        from foedus.store.store import StoreError

        study: list[str] = []
        try:
            with user_errors(), store_errors():
                doc = load(scenario)
                st = open_store(store, no_store=False)  # a bad or locked store fails now
                assert st is not None
                work = TASK_WORK if task_reps is None else task_reps * doc.scenario.horizon
                sw = Sweep(policy, list(grid or []), st, lens=lens, replications=reps,
                           seed=seed, scheduler=scheduler, workers=workers, resume=resume,
                           task_work=work, timeout=connect_timeout)
                n_cells = sw.check(doc)  # every input checked before any work

                def started(sid: str, total: int, todo: int) -> None:
                    study.append(sid)
                    again = f"{total - todo} finished, " if todo < total else ""
                    err.print(f"study {sid}: {total} tasks ({again}{todo} to run); if "
                              f"interrupted, resume with --resume {sid}",
                              markup=False, highlight=False)

                t0 = time.perf_counter()
                record_error: StoreError | None = None
                try:
                    if not as_json and err.is_terminal:
                        with Progress(TextColumn("sweep"), BarColumn(),
                                      TextColumn("{task.completed:,}/{task.total:,} "
                                                 "replications"),
                                      TimeRemainingColumn(), console=err,
                                      transient=True) as bar:
                            task = bar.add_task("sweep", total=n_cells * reps)
                            sw.run(doc, on_progress=lambda k: bar.advance(task, k),
                                   on_start=started)
                    else:
                        sw.run(doc, on_start=started)
                except KeyboardInterrupt:
                    kept = (f"; finished tasks are kept: resume with --resume {study[0]}"
                            if study else "; nothing was written")
                    err.print(f"interrupted{kept}", markup=False, highlight=False)
                    raise typer.Exit(130) from None
                except StoreError as exc:
                    if getattr(sw, "result_", None) is None:
                        raise
                    record_error = exc  # the sweep finished; only its record failed
                elapsed = time.perf_counter() - t0
                res = sw.result_
                payload = json.dumps(res.to_dict(), indent=2, allow_nan=False)
                if out_file is not None:
                    write_atomic(out_file, payload + "\n")
                if as_json:
                    sys.stdout.write(payload + "\n")
                else:
                    where = ("not recorded" if record_error is not None else
                             f"recorded as run {sw.record_id_} in {st.path} "
                             f"(foedus runs show {sw.record_id_})")
                    caption = (f"{sw.tasks_run_} of {sw.tasks_total_} tasks run in "
                               f"{elapsed:.1f} s on {sw.executor_}; study {sw.study_id_}; "
                               f"{where}")
                    Console(width=max(out.width, 200)).print(_table(res, caption))
                    if out_file is not None:
                        out.print(f"wrote {out_file}", markup=False, highlight=False)
                if record_error is not None:
                    not_recorded(record_error, "the result above is complete and the finished "
                                               f"tasks are kept in study {sw.study_id_}")
        except SweepTaskError as exc:
            err.print(f"error: {exc}", markup=False, highlight=False)
            raise typer.Exit(1) from None
