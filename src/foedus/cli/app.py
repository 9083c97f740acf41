"""The ``foedus`` command line (Typer): a thin layer over the library.

Every error a user can cause (a bad file, an unknown policy or lens, a bad
option) ends with a message naming what is wrong and exit code 2; outputs are
written atomically, so an error or an interrupt never leaves a partial file.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from foedus._version import __version__
from foedus.analysis.study import Simulation, UnknownPolicyError
from foedus.evidence.lenses import UnknownLensError, check_parameters, resolve
from foedus.scenario.errors import ScenarioError
from foedus.scenario.library import bundled_ids, load
from foedus.scenario.loader import read_document
from foedus.scenario.schema import Scenario

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="foedus: what would a given security guarantee actually secure?")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

USAGE_ERROR = 2


class CliError(Exception):
    """A user error: printed as a message, exit code 2."""


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except ScenarioError as exc:
        for issue in exc.issues:
            err.print(str(issue), markup=False, highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    except (CliError, UnknownLensError, UnknownPolicyError, ValueError) as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    except OSError as exc:
        name = f" {exc.filename}" if exc.filename else ""
        err.print(f"error:{name}: {exc.strerror or exc}", markup=False, highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    except KeyboardInterrupt:
        err.print("interrupted; nothing was written")
        raise typer.Exit(130) from None


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


Lens = Annotated[str, typer.Option("--lens", "-l", help="evidence | restraint | deterrence, "
                                                         "or a lens the scenario defines")]
Reps = Annotated[int, typer.Option("--reps", "-n", min=1, max=100_000_000,
                                   help="replications per policy")]
Seed = Annotated[int | None, typer.Option("--seed", min=0, help="root seed "
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


def _simulate(scenario: str, policies: list[str] | None, lens: str, reps: int,
              seed: int | None, horizon: int | None, chunk: int, fixed: bool,
              quiet: bool) -> Simulation:
    doc = load(scenario)
    resolve(doc, lens)  # fail on a bad lens before any work
    n_pol = len(policies) if policies is not None else len(doc.scenario.policies)
    sim = Simulation(lens=lens, replications=reps, seed=seed, horizon=horizon,
                     chunk_size=chunk, fixed=fixed)
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


def _emit(sim: Simulation, as_json: bool, out_dir: Path | None) -> None:
    res = sim.result_
    payload = json.dumps(res.to_dict(), indent=2, allow_nan=False)
    if out_dir is not None:
        stem = f"{res.scenario}-{res.lens}"
        _write_atomic(out_dir / f"{stem}.json", payload + "\n")
        _write_atomic(out_dir / f"{stem}.csv", res.to_frame().to_csv(index=False))
    if as_json:
        sys.stdout.write(payload + "\n")
        return
    from foedus.cli.render import result_table

    Console(width=max(out.width, 200)).print(result_table(res))
    if out_dir is not None:
        out.print(f"wrote {out_dir / (stem + '.json')} and {out_dir / (stem + '.csv')}")


@app.command()
def scenarios() -> None:
    """List the bundled scenarios."""
    with _user_errors():
        for sid in bundled_ids():
            s = load(sid).scenario
            out.print(f"[bold]{sid}[/bold]  {s.name}  ({len(s.policies)} policies: "
                      f"{', '.join(p.id for p in s.policies)})")


@app.command()
def explain(scenario: Annotated[str, typer.Argument(help="bundled id or YAML file")],
            lens: Lens = "evidence") -> None:
    """Show actors, commitments, policies and every parameter with its prior and source."""
    from foedus.cli.render import explain as render

    with _user_errors():
        doc = load(scenario)
        render(Console(width=max(out.width, 160)), doc.scenario, resolve(doc, lens))


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="scenario YAML files")]) -> None:
    """Check scenario files; exit 0 if all are valid, else 2 with FILE:LINE messages."""
    bad = False
    for f in files:
        try:
            doc = read_document(f)
            check_parameters(doc)
            out.print(f"{f}: ok", markup=False, highlight=False)
        except ScenarioError as exc:
            bad = True
            for issue in exc.issues:
                err.print(str(issue), markup=False, highlight=False)
    if bad:
        raise typer.Exit(USAGE_ERROR)


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files."""
    sys.stdout.write(json.dumps(Scenario.model_json_schema(by_alias=True), indent=2) + "\n")


@app.command()
def run(scenario: Annotated[str, typer.Argument(help="bundled id or YAML file")],
        policy: Annotated[str, typer.Option("--policy", "-p", help="policy id")],
        lens: Lens = "evidence", reps: Reps = 20_000, seed: Seed = None,
        horizon: Horizon = None, chunk_size: Chunk = 20_000, fixed: Fixed = False,
        as_json: Json = False, out_dir: OutDir = None) -> None:
    """Simulate one policy of a scenario."""
    with _user_errors():
        sim = _simulate(scenario, [policy], lens, reps, seed, horizon, chunk_size, fixed,
                        as_json)
        _emit(sim, as_json, out_dir)


@app.command()
def compare(scenario: Annotated[str, typer.Argument(help="bundled id or YAML file")],
            lens: Lens = "evidence", reps: Reps = 20_000, seed: Seed = None,
            horizon: Horizon = None, chunk_size: Chunk = 20_000, fixed: Fixed = False,
            as_json: Json = False, out_dir: OutDir = None) -> None:
    """Simulate every policy of a scenario side by side."""
    with _user_errors():
        sim = _simulate(scenario, None, lens, reps, seed, horizon, chunk_size, fixed, as_json)
        _emit(sim, as_json, out_dir)


@app.callback(invoke_without_command=True)
def _root(version: Annotated[bool, typer.Option("--version", help="print the version")] = False
          ) -> None:
    if version:
        out.print(__version__)
        raise typer.Exit(0)


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return app(args=argv, prog_name="foedus")
