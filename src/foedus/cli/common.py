"""Shared pieces of the command line: consoles, error handling, options.

Command modules import from here (never from :mod:`foedus.cli.app`), so that
every command reports user errors the same way: a message and exit code 2.

Start-up time of ``foedus --help`` is measured by ``benchmarks/cli_startup.py``: command
modules import the model, numpy, pandas and the rest inside their commands, never at
module level, so the help is shown without them (``tests/cli/test_startup.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from foedus.scenario.bounds import MAX_SEED
from foedus.scenario.errors import ScenarioError

if TYPE_CHECKING:
    from foedus.scenario.loader import Document
    from foedus.study.simulation import Simulation

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

USAGE_ERROR = 2
#: Exit code of a command that finished its work and printed (or wrote) the result,
#: but could not record it in the results store.
RECORD_FAILED = 3


class CliError(Exception):
    """A user error: printed as a message, exit code 2."""


def print_issues(exc: ScenarioError) -> None:
    """Every listed issue of ``exc`` on stderr, one a line, and the count of the others."""
    for issue in exc.issues:
        err.print(str(issue), markup=False, highlight=False)
    if exc.more:
        err.print(f"... and {exc.more} more problem(s)", markup=False, highlight=False)


@contextmanager
def user_errors() -> Iterator[None]:
    try:
        yield
    except ScenarioError as exc:
        print_issues(exc)
        raise typer.Exit(USAGE_ERROR) from None
    except (CliError, ValueError) as exc:  # unknown lenses and policies are ValueErrors
        err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    except OSError as exc:
        name = f" {exc.filename}" if exc.filename else ""
        err.print(f"error:{name}: {exc.strerror or exc}", markup=False, highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    except KeyboardInterrupt:
        err.print("interrupted; nothing was written")
        raise typer.Exit(130) from None


def simulate(scenario: str | Document, policies: list[str] | None, lens: str, reps: int,
              seed: int | None, horizon: int | None, chunk: int, fixed: bool,
              quiet: bool, engine: str = "compiled") -> Simulation:
    """Run ``sim`` over ``policies`` (all when None), with a progress bar on a terminal."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from foedus.evidence.lenses import resolve
    from foedus.scenario.library import load
    from foedus.scenario.loader import Document
    from foedus.study.simulation import Simulation

    doc = scenario if isinstance(scenario, Document) else load(scenario)
    resolve(doc, lens)  # fail on a bad lens before any work
    n_pol = len(policies) if policies is not None else len(doc.scenario.policies)
    sim = Simulation(lens=lens, replications=reps, seed=seed, horizon=horizon,
                     chunk_size=chunk, fixed=fixed, engine=engine)
    total = reps * n_pol
    show = not quiet and err.is_terminal and total >= 50_000
    if not show:
        return sim.run(doc, policies)
    with Progress(TextColumn("simulating"), BarColumn(), TextColumn("{task.completed:,}/"
                  "{task.total:,} replications"), TimeRemainingColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("sim", total=total)
        advance: Callable[[int], None] = lambda k: bar.advance(task, k)  # noqa: E731
        return sim.run(doc, policies, on_progress=advance)


Lens = Annotated[str, typer.Option("--lens", "-l", help="evidence | restraint | deterrence, "
                                                         "or a lens the scenario defines")]
Reps = Annotated[int, typer.Option("--reps", "-n", min=1, max=100_000_000,
                                   help="replications per policy")]
Seed = Annotated[int | None, typer.Option("--seed", min=0, max=MAX_SEED, help="root seed "
                                          "(default: the scenario's)")]
Horizon = Annotated[int | None, typer.Option("--horizon", min=1, max=600,
                                             help="months (default: the scenario's)")]
Chunk = Annotated[int, typer.Option("--chunk-size", min=1, max=10_000_000,
                                    help="replications advanced together (whole blocks of "
                                         "1,000); results do not depend on it")]
Fixed = Annotated[bool, typer.Option("--fixed", help="use prior means instead of drawing "
                                                     "parameters per replication")]
Json = Annotated[bool, typer.Option("--json", help="print the JSON result only")]
OutDir = Annotated[Path | None, typer.Option("--out", help="also write SCENARIO-LENS.json "
                                                           "and .csv to this folder")]


Engine = Annotated[str, typer.Option("--engine", help="compiled (numba, default) or reference "
                                                     "(the same rules run by Python, slow; "
                                                     "identical numbers)")]
