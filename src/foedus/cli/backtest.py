"""``foedus backtest`` and ``foedus calibrate``: score the model on historical cases.

``backtest`` forecasts every case of a case library (``--set bundled|rule-coded|all``,
or ``--cases DIR``) and scores the forecasts next to two baselines, leave-one-out or
trained on a named library (``--train``), with paired bootstrap intervals;
``calibrate`` fits the ``calibrated`` lens's grid posterior and writes its record
(JSON, atomically).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from foedus.cli.common import CliError, Json, Lens, out, user_errors
from foedus.scenario.bounds import MAX_SEED
from foedus.store.files import write_atomic

if TYPE_CHECKING:
    from foedus.evidence.casefile import CaseFile
    from foedus.validation.backtest import Backtest

CasesDir = Annotated[Path | None, typer.Option(
    "--cases", help="folder of case files (default: the bundled hand-coded library)")]
CaseSet = Annotated[str | None, typer.Option(
    "--set", help="bundled case library: bundled (hand-coded, the default), rule-coded or all")]
Train = Annotated[str, typer.Option(
    "--train", help="library the baselines are trained on: loo (leave-one-out within the "
                    "scored cases, the default), bundled, rule-coded or all")]
Refit = Annotated[bool, typer.Option(
    "--refit", help="--lens calibrated: refit it leave-one-out on the scored cases instead of "
                    "applying the shipped priors")]
Resamples = Annotated[int, typer.Option("--resamples", min=100, max=100_000,
                                        help="bootstrap resamples of the intervals")]
CaseReps = Annotated[int, typer.Option("--reps", "-n", min=100, max=1_000_000,
                                       help="replications per case (and grid point)")]
CaseSeed = Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED, help="root seed")]


def _cases(folder: Path | None, name: str | None = None) -> tuple[list[CaseFile], str]:
    """The scored cases and how to name them: ``--cases DIR`` or ``--set NAME``."""
    from foedus.evidence.casefile import CASE_SETS, case_set, read_cases

    if folder is not None and name is not None:
        raise CliError("give --cases DIR or --set NAME, not both")
    if folder is not None:
        return read_cases(folder), str(folder)
    name = name or "bundled"
    if name not in CASE_SETS:
        raise CliError(f"unknown case set '{name}' (known: {', '.join(CASE_SETS)})")
    return case_set(name), name


def _training(name: str) -> list[CaseFile] | None:
    from foedus.evidence.casefile import CASE_SETS, case_set

    if name == "loo":
        return None
    if name not in CASE_SETS:
        raise CliError(f"unknown training library '{name}' (known: loo, "
                       f"{', '.join(CASE_SETS)})")
    return case_set(name)


def _fmt(x: object) -> str:
    if x is None or (isinstance(x, float) and x != x):
        return "-"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def _ci(est: float, lo: float, hi: float) -> str:
    return f"{_fmt(est)} [{_fmt(lo)}, {_fmt(hi)}]"


def register(app: typer.Typer) -> None:
    """Add ``backtest`` and ``calibrate`` to ``app``."""

    @app.command()
    def backtest(lens: Lens = "evidence", cases: CasesDir = None, set_name: CaseSet = None,
                 train: Train = "loo", refit: Refit = False, reps: CaseReps = 2000,
                 seed: CaseSeed = 1, resamples: Resamples = 2000, as_json: Json = False
                 ) -> None:
        """Score the model's P(war) and P(guarantor drawn in) on historical cases."""
        from foedus.validation.backtest import Backtest

        with user_errors():
            library, name = _cases(cases, set_name)
            training = _training(train)
            bt = Backtest(lens=lens, replications=reps, seed=seed, train=training,
                          train_name=train, refit=refit, resamples=resamples
                          ).run(library, name)
            if as_json:
                sys.stdout.write(json.dumps(bt.to_dict(), indent=2, allow_nan=False) + "\n")
                return
            _print(bt, len(library), reps)

    _register_calibrate(app)


def _print(bt: Backtest, n_cases: int, reps: int) -> None:
    con = Console(width=max(out.width, 160))
    t = Table(title=f"Back-test: {bt.model_}, {n_cases} cases ({bt.cases_name_}), {reps} "
                    "replications each, war and guarantor within 120 months; baselines "
                    f"{bt.baseline_label}")
    for col in ("case", "signed", "war", "P(war)", "base", "logit", "guarantor", "P(g)",
                "base", "logit"):
        t.add_column(col, justify="left" if col == "case" else "right")
    for r in bt.predictions_.to_dict(orient="records"):
        signed = f"{r['signed']}{' (!)' if r['low_denominator'] else ''}"
        t.add_row(str(r["case"]), signed, _fmt(r["war"]), _fmt(r["p_war"]),
                  _fmt(r["base_war"]), _fmt(r["logit_war"]), _fmt(r["guarantor"]),
                  _fmt(r["p_guarantor"]), _fmt(r["base_guarantor"]),
                  _fmt(r["logit_guarantor"]))
    con.print(t)
    s = Table(title=f"Scores with {bt.resamples} paired bootstrap resamples, 95 % intervals "
                    "(Brier: lower is better; log score and AUC: higher is better)")
    for col in ("outcome", "method", "n", "Brier", "log score", "AUC", "mean forecast",
                "observed"):
        s.add_column(col)
    for sc in bt.scores_:
        s.add_row(sc.outcome, sc.method, str(sc.n), _ci(sc.brier.est, sc.brier.lo, sc.brier.hi),
                  _ci(sc.log_score.est, sc.log_score.lo, sc.log_score.hi),
                  "-" if sc.auc is None else _ci(sc.auc.est, sc.auc.lo, sc.auc.hi),
                  _fmt(sc.mean_forecast), _fmt(sc.observed))
    con.print(s)
    d = Table(title="Model minus baseline (Brier below 0 and log score above 0 favour the "
                    "model; an interval that excludes 0 is a difference the cases support)")
    for col in ("outcome", "baseline", "Brier difference", "log-score difference"):
        d.add_column(col)
    for df in bt.differences_:
        d.add_row(df.outcome, df.baseline, _ci(df.brier.est, df.brier.lo, df.brier.hi),
                  _ci(df.log_score.est, df.log_score.lo, df.log_score.hi))
    con.print(d)
    rt = Table(title="Recalibration: intercept a (log-odds; 0 is calibrated, e^a the factor by "
                    "which the odds are too low), slope b (1: the spread is right), 95 % Wald "
                    "intervals; Brier after an intercept fitted leave-one-out")
    for col in ("outcome", "method", "intercept a", "slope b", "Brier, LOO intercept"):
        rt.add_column(col)
    for sc in bt.scores_:
        rc = sc.recalibration
        if rc is None:
            continue
        slope = "-" if rc.slope is None else _ci(rc.slope.est, rc.slope.lo, rc.slope.hi)
        rt.add_row(sc.outcome, sc.method, _ci(rc.intercept.est, rc.intercept.lo,
                                             rc.intercept.hi), slope, _fmt(rc.loo_brier))
    con.print(rt)
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
    for outcome, why in bt.skipped_.items():
        con.print(f"note: '{outcome}' is not scored: {why}", highlight=False)
    den = bt.denominators()
    if den["flagged"]:
        con.print(f"[bold]warning:[/bold] {len(den['flagged'])} case(s) rest on fewer than "
                  f"{den['min_signed']} replications (in a settlement, those that signed the "
                  f"deal; marked (!)): "
                  f"{', '.join(den['flagged'])}; --reps {den['replications_needed']} would give "
                  f"each at least {den['min_signed']}.", highlight=False)


def _register_calibrate(app: typer.Typer) -> None:
    @app.command()
    def calibrate(cases: CasesDir = None, reps: CaseReps = 1000, seed: CaseSeed = 1,
                  out_file: Annotated[Path | None, typer.Option(
                      "--out", help="write the calibrated-lens record (JSON) here")] = None,
                  as_json: Json = False) -> None:
        """Fit the calibrated lens (grid posterior) to a case library."""
        from foedus.validation.calibration import Calibration

        with user_errors():
            library, _name = _cases(cases)
            cal = Calibration(replications=reps, seed=seed).fit(library)
            rec = cal.lens_record_([c.name for c in library])
            payload = json.dumps(rec, indent=2, allow_nan=False) + "\n"
            if out_file is not None:
                write_atomic(out_file, payload)
            if as_json or out_file is None:
                sys.stdout.write(payload)
            else:
                out.print(f"wrote {out_file}")
