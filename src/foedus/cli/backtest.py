"""``foedus backtest`` and ``foedus calibrate``: score the model on historical cases.

``backtest`` forecasts every case of a case library (the bundled one, or
``--cases DIR``) and scores the forecasts next to two leave-one-out baselines;
``calibrate`` fits the ``calibrated`` lens's grid posterior and writes its
record (JSON, atomically).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from foedus.cli.common import Json, Lens, out, user_errors
from foedus.evidence.casefile import CaseFile, bundled_cases, read_cases
from foedus.scenario.schema import MAX_SEED
from foedus.store.files import write_atomic

CasesDir = Annotated[Path | None, typer.Option(
    "--cases", help="folder of case files (default: the bundled case library)")]
CaseReps = Annotated[int, typer.Option("--reps", "-n", min=100, max=1_000_000,
                                       help="replications per case (and grid point)")]
CaseSeed = Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED, help="root seed")]


def _cases(folder: Path | None) -> list[CaseFile]:

    return bundled_cases() if folder is None else read_cases(folder)


def _fmt(x: object) -> str:
    if x is None or (isinstance(x, float) and x != x):
        return "-"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def register(app: typer.Typer) -> None:
    """Add ``backtest`` and ``calibrate`` to ``app``."""

    @app.command()
    def backtest(lens: Lens = "evidence", cases: CasesDir = None, reps: CaseReps = 2000,
                 seed: CaseSeed = 1, as_json: Json = False) -> None:
        """Score the model's P(war) and P(guarantor drawn in) on historical cases."""
        from foedus.validation.backtest import Backtest

        with user_errors():
            library = _cases(cases)
            bt = Backtest(lens=lens, replications=reps, seed=seed).run(library)
            if as_json:
                sys.stdout.write(json.dumps(bt.to_dict(), indent=2, allow_nan=False) + "\n")
                return
            con = Console(width=max(out.width, 160))
            t = Table(title=f"Back-test: {bt.model_}, {len(library)} cases, {reps} "
                            "replications each, war and guarantor within 120 months")
            for col in ("case", "war", "P(war)", "base", "logit", "guarantor", "P(g)",
                        "base", "logit"):
                t.add_column(col, justify="left" if col == "case" else "right")
            for r in bt.predictions_.to_dict(orient="records"):
                t.add_row(str(r["case"]), _fmt(r["war"]), _fmt(r["p_war"]),
                          _fmt(r["base_war"]), _fmt(r["logit_war"]), _fmt(r["guarantor"]),
                          _fmt(r["p_guarantor"]), _fmt(r["base_guarantor"]),
                          _fmt(r["logit_guarantor"]))
            con.print(t)
            s = Table(title="Scores (Brier: lower is better; log score: higher is better)")
            for col in ("outcome", "method", "n", "Brier", "log score"):
                s.add_column(col)
            for sc in bt.scores_:
                s.add_row(sc.outcome, sc.method, str(sc.n), f"{sc.brier:.4f}",
                          f"{sc.log_score:.4f}")
            con.print(s)
            for sc in bt.scores_:
                if sc.method != "model":
                    continue
                c = Table(title=f"Calibration of the model, {sc.outcome}")
                for col in ("forecast bin", "cases", "mean forecast", "observed"):
                    c.add_column(col)
                for r in sc.calibration.to_dict(orient="records"):
                    c.add_row(str(r["bin"]), str(r["n"]), _fmt(r["mean_forecast"]),
                              _fmt(r["observed"]))
                con.print(c)

    @app.command()
    def calibrate(cases: CasesDir = None, reps: CaseReps = 1000, seed: CaseSeed = 1,
                  out_file: Annotated[Path | None, typer.Option(
                      "--out", help="write the calibrated-lens record (JSON) here")] = None,
                  as_json: Json = False) -> None:
        """Fit the calibrated lens (grid posterior) to a case library."""
        from foedus.validation.calibration import Calibration

        with user_errors():
            library = _cases(cases)
            cal = Calibration(replications=reps, seed=seed).fit(library)
            rec = cal.lens_record_([c.name for c in library])
            payload = json.dumps(rec, indent=2, allow_nan=False) + "\n"
            if out_file is not None:
                write_atomic(out_file, payload)
            if as_json or out_file is None:
                sys.stdout.write(payload)
            else:
                out.print(f"wrote {out_file}")
