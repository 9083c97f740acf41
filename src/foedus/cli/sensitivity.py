"""``foedus sensitivity``: Sobol' indices or Morris screening of one policy's outcome."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from foedus.analysis.result import OUTCOME_KEYS
from foedus.analysis.sensitivity.estimator import METHODS, Sensitivity
from foedus.analysis.sensitivity.result import MAIN_INDEX, SensitivityResult
from foedus.cli.common import CliError, Json, Lens, Seed, err, out, user_errors, write_atomic
from foedus.scenario.library import load


def _table(res: SensitivityResult, elapsed: float) -> Table:
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
    ) -> None:
        """Global sensitivity of one policy's outcome to every uncertain parameter of a lens."""
        with user_errors():
            if method not in METHODS:
                raise CliError(f"--method: unknown method '{method}' (known: "
                               f"{', '.join(METHODS)})")
            doc = load(scenario)
            sa = Sensitivity(policy, outcome, lens=lens, method=method, n=n,
                             replications=reps, seed=seed, workers=workers,
                             parameters=param or None, dummy=not no_dummy, levels=levels)
            total = sa.points(doc)  # validates everything before any work
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
                return
            Console(width=max(out.width, 160)).print(_table(res, elapsed))
            if out_file is not None:
                out.print(f"wrote {out_file}", markup=False, highlight=False)
