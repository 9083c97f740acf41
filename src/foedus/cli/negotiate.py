"""``foedus negotiate``: where a negotiation among the parties would land, issue by issue."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from foedus.cli.common import CliError, Json, Seed, out, user_errors


def _fmt(v: float) -> str:
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def register(app: typer.Typer) -> None:
    @app.command()
    def negotiate(
        scenario: Annotated[str, typer.Argument(
            help="bundled id or YAML file with a negotiation block, or a CSV table "
                 "Actor,Capability,Position,Salience (one issue)")],
        rounds: Annotated[int | None, typer.Option(
            "--rounds", min=1, max=100, help="rounds (default: the scenario's, or 10)")] = None,
        reps: Annotated[int | None, typer.Option(
            "--reps", "-n", min=1, max=100_000,
            help="replications drawing the inputs from their priors (default: the "
                 "scenario's)")] = None,
        seed: Seed = None,
        normaliser: Annotated[str | None, typer.Option(
            "--normaliser", help="all-triples (Scholz's code) or pair (P_ij + P_ji = 1); "
                                 "default: the scenario's")] = None,
        offer_choice: Annotated[str | None, typer.Option(
            "--offer-choice", help="scholz-code or least-move; default: the scenario's")] = None,
        moves: Annotated[bool, typer.Option(
            "--moves", help="list the central run's moves round by round")] = False,
        as_json: Json = False,
    ) -> None:
        """Forecast a negotiation (expected-utility group decision model): per-round
        table and each issue's forecast distribution with its 95 % interval."""
        from foedus.negotiation.forecast import forecast, table_forecast
        from foedus.negotiation.policy import negotiated_policy
        from foedus.negotiation.rounds import Options
        from foedus.negotiation.table import read_actor_table
        from foedus.scenario.library import load

        with user_errors():
            policy = None
            if scenario.lower().endswith(".csv"):
                if reps is not None or seed is not None:
                    raise CliError("--reps and --seed need a scenario (a table's inputs are "
                                   "fixed)")
                opt = Options(normaliser=normaliser or "all-triples",  # type: ignore[arg-type]
                              offer_choice=offer_choice or "scholz-code")  # type: ignore[arg-type]
                fc = table_forecast(read_actor_table(scenario), rounds or 10, opt)
            else:
                s = load(scenario).scenario
                if s.negotiation is None:
                    raise CliError(f"scenario '{s.id}' has no negotiation block")
                upd = {k: v for k, v in (("normaliser", normaliser),
                                         ("offer_choice", offer_choice)) if v is not None}
                if upd:
                    Options(**upd)  # type: ignore[arg-type]  # a bad value fails here
                    s = s.model_copy(update={"negotiation": s.negotiation.model_copy(
                        update=upd)})
                fc = forecast(s, rounds, reps, seed)
                if s.negotiation is not None and s.negotiation.policy is not None:
                    policy = negotiated_policy(s, fc)
            if as_json:
                d = fc.to_dict()
                if policy is not None:
                    d["policy"] = policy.model_dump()
                sys.stdout.write(json.dumps(d, indent=2, allow_nan=False) + "\n")
                return
            o = fc.options
            out.print(f"[bold]{fc.scenario}[/bold]: {fc.replications:,} replication(s), "
                      f"{fc.rounds} rounds, seed {fc.seed}; normaliser {o.normaliser}, "
                      f"offers {o.offer_choice}")
            for f in fc.issues:
                d = f.to_dict()
                fo = d["forecast"]
                out.print(f"\n[bold]{f.issue.name}[/bold] ({f.issue.id}; {f.issue.low:g} = "
                          f"{f.issue.low_means}, {f.issue.high:g} = {f.issue.high_means})")
                out.print(f"forecast {_fmt(fo['median'])} (95 % interval {_fmt(fo['lo'])}–"
                          f"{_fmt(fo['hi'])}) over rounds 1–{fc.rounds}", highlight=False)
                for key, word in (("converged", "settled"), ("cycling", "cycling")):
                    v = d[key]
                    if v is not None and fc.replications > 1:
                        out.print(f"{word}: {100 * v['p']:.1f} % ({100 * v['lo']:.1f}–"
                                  f"{100 * v['hi']:.1f} %) of replications", highlight=False)
                t = Table()
                for col in ("round", "median", "95 % interval", "weighted mean",
                            "central median"):
                    t.add_column(col)
                for row in d["rounds"]:
                    t.add_row(str(row["round"]), _fmt(row["median"]),
                              f"{_fmt(row['lo'])}–{_fmt(row['hi'])}", _fmt(row["mean"]),
                              _fmt(row["central_median"]))
                out.print(t)
                if moves:
                    for k, mv in enumerate(f.moves(), start=1):
                        out.print(f"round {k}: {'; '.join(mv) or 'no moves'}",
                                  highlight=False)
            if policy is not None:
                terms = ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                                  for k, v in policy.terms.model_dump().items())
                out.print(f"\n[bold]{policy.name}[/bold] ({policy.id}): {terms}; "
                          f"commitments: {', '.join(policy.commitments) or 'none'}",
                          highlight=False)
