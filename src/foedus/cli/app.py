"""The ``foedus`` command line (Typer): a thin layer over the library.

Every error a user can cause (a bad file, an unknown policy or lens, a bad
option) ends with a message naming what is wrong and exit code 2; outputs are
written atomically, so an error or an interrupt never leaves a partial file.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from foedus._version import __version__
from foedus.cli.common import (
    USAGE_ERROR,
    Chunk,
    Engine,
    Fixed,
    Horizon,
    Json,
    Lens,
    OutDir,
    Reps,
    Seed,
    err,
    out,
    print_issues,
    simulate,
    user_errors,
)
from foedus.cli.runs import NoStore, StorePath, open_store, record_result

if TYPE_CHECKING:
    from foedus.store.store import ResultsStore
    from foedus.study.simulation import Simulation

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="foedus: what would a given security guarantee actually secure?")

#: Modules that add commands with ``register(app)``.
COMMAND_MODULES: tuple[str, ...] = (
    "foedus.cli.runs", "foedus.cli.baserates", "foedus.cli.params", "foedus.cli.report",
    "foedus.cli.sensitivity", "foedus.cli.audit", "foedus.cli.backtest", "foedus.cli.sweep",
    "foedus.cli.serve", "foedus.cli.cases",
    "foedus.cli.fit", "foedus.cli.negotiate",
)


def _emit(sim: Simulation, as_json: bool, out_dir: Path | None,
          store: ResultsStore | None = None, with_verdict: bool = False) -> None:
    from foedus.store.files import write_atomic

    res = sim.result_
    payload = json.dumps(res.to_dict(), indent=2, allow_nan=False)
    if out_dir is not None:
        stem = f"{res.scenario}-{res.lens}"
        write_atomic(out_dir / f"{stem}.json", payload + "\n")
        write_atomic(out_dir / f"{stem}.csv", res.to_frame().to_csv(index=False))
    if as_json:
        sys.stdout.write(payload + "\n")
        return
    from foedus.cli.render import result_table, verdict_lines

    out.print(result_table(res, out.width), soft_wrap=False)
    if with_verdict and len(res.policies) > 1:
        from foedus.report.context import stored_context
        from foedus.study.verdict import HEADLINE_OUTCOME, verdict

        out.print()
        out.print(verdict_lines(verdict(res, **stored_context(store, res.scenario, res.lens,
                                                              HEADLINE_OUTCOME))),
                  soft_wrap=False)
    if out_dir is not None:
        out.print(f"wrote {out_dir / (stem + '.json')} and {out_dir / (stem + '.csv')}")


def _run_and_record(kind: str, scenario: str, policies: list[str] | None, lens: str,
                    reps: int, seed: int | None, horizon: int | None, chunk: int, fixed: bool,
                    as_json: bool, out_dir: Path | None, store_path: Path | None,
                    no_store: bool, engine: str = "compiled") -> None:
    """Simulate, print/write the result, then record it in one transaction."""
    from foedus.engine.simulate import RunSpec, chunk_runner
    from foedus.evidence.lenses import resolve
    from foedus.negotiation.policy import with_negotiated
    from foedus.scenario.library import load
    from foedus.store.store import utcnow

    doc = with_negotiated(load(scenario))
    resolve(doc, lens)
    RunSpec(reps, 0, chunk, fixed, engine=engine)  # an unusable engine fails before any work
    chunk_runner(engine)
    store = open_store(store_path, no_store)  # a bad or locked store fails before any work
    started = utcnow()
    sim = simulate(doc, policies, lens, reps, seed, horizon, chunk, fixed, as_json, engine)
    _emit(sim, as_json, out_dir, store, with_verdict=kind == "compare")
    record_result(store, kind, sim.result_, doc.scenario, started,
                  {"command": kind, "scenario_arg": scenario, "chunk_size": chunk,
                   "out": None if out_dir is None else str(out_dir), "engine": engine},
                  quiet=as_json)


@app.command()
def scenarios() -> None:
    """List the bundled scenarios."""
    from foedus.scenario.library import bundled_ids, load

    with user_errors():
        for sid in bundled_ids():
            s = load(sid).scenario
            out.print(f"[bold]{sid}[/bold]  {s.name}  ({len(s.policies)} policies: "
                      f"{', '.join(p.id for p in s.policies)})")


@app.command()
def explain(scenario: Annotated[str, typer.Argument(help="bundled id or YAML file")],
            lens: Lens = "evidence") -> None:
    """Show actors, commitments, policies and every parameter with its prior and source."""
    from foedus.cli.render import explain as render
    from foedus.evidence.lenses import resolve
    from foedus.negotiation.policy import with_negotiated
    from foedus.scenario.library import load

    with user_errors():
        doc = with_negotiated(load(scenario))
        render(Console(width=max(out.width, 160), soft_wrap=False), doc.scenario,
               resolve(doc, lens))


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(
        help="scenario, case or claims files, or folders of them")]) -> None:
    """Check scenario, case and claims files (the kind is recognised from the keys); exit 0
    if all are valid, else 2 with FILE:LINE messages."""
    from foedus.evidence.inputs import input_files, validate_file
    from foedus.scenario.errors import ScenarioError

    paths, missing = input_files(files)
    bad = bool(missing)
    for issue in missing:
        err.print(str(issue), markup=False, highlight=False)
    for f in paths:
        try:
            kind = validate_file(f)
            out.print(f"{f}: ok ({kind})", markup=False, highlight=False)
        except ScenarioError as exc:
            bad = True
            print_issues(exc)
    if bad:
        raise typer.Exit(USAGE_ERROR)


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files."""
    from foedus.scenario.schema import Scenario

    sys.stdout.write(json.dumps(Scenario.model_json_schema(by_alias=True), indent=2) + "\n")


@app.command()
def run(scenario: Annotated[str, typer.Argument(help="bundled id or YAML file")],
        policy: Annotated[str, typer.Option("--policy", "-p", help="policy id")],
        lens: Lens = "evidence", reps: Reps = 20_000, seed: Seed = None,
        horizon: Horizon = None, chunk_size: Chunk = 20_000, fixed: Fixed = False,
        as_json: Json = False, out_dir: OutDir = None, store: StorePath = None,
        no_store: NoStore = False, engine: Engine = "compiled") -> None:
    """Simulate one policy of a scenario (recorded in the results store)."""
    with user_errors():
        _run_and_record("run", scenario, [policy], lens, reps, seed, horizon, chunk_size,
                        fixed, as_json, out_dir, store, no_store, engine)


@app.command()
def compare(scenario: Annotated[str, typer.Argument(help="bundled id or YAML file")],
            lens: Lens = "evidence", reps: Reps = 20_000, seed: Seed = None,
            horizon: Horizon = None, chunk_size: Chunk = 20_000, fixed: Fixed = False,
            as_json: Json = False, out_dir: OutDir = None, store: StorePath = None,
            no_store: NoStore = False, engine: Engine = "compiled") -> None:
    """Simulate every policy of a scenario side by side (recorded in the results store)."""
    with user_errors():
        _run_and_record("compare", scenario, None, lens, reps, seed, horizon, chunk_size,
                        fixed, as_json, out_dir, store, no_store, engine)


@app.callback(invoke_without_command=True)
def _root(version: Annotated[bool, typer.Option("--version", help="print the version")] = False
          ) -> None:
    if version:
        out.print(__version__)
        raise typer.Exit(0)


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return app(args=argv, prog_name="foedus")
