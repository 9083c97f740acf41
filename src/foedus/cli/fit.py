"""``foedus fit``: fit the model-v2 mechanisms to the public data and the rule-coded cases.

Writes one JSON file of fitted priors (atomically): per parameter its prior,
the source "fitted to DATASET, N observations", a rationale with the estimate
and its 95 % interval, and the model-v2 parameter it informs (docs/fitting.md).
The evidence lens reads the copy shipped in the package
(:mod:`foedus.evidence.fitted`). The resolve and selection fits simulate the
model, so they condition on the shipped priors of the other fits: refit those first.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table as RichTable

from foedus._version import __version__
from foedus.cli.common import Json, err, out, user_errors
from foedus.data.paths import ENV_VAR, FILES, FRAME_FILES, default_data_dir, missing_files
from foedus.scenario.bounds import MAX_SEED
from foedus.store.files import write_atomic

FITS = ("ladder", "era", "recurrence", "honouring", "resolve", "selection")
#: Fits that read the public data folder (``resolve`` and ``selection`` read the bundled
#: rule-coded cases).
DATA_FITS = ("ladder", "era", "recurrence", "honouring")


def run_fits(data_dir: Path, fits: tuple[str, ...], n_bootstrap: int, seed: int
             ) -> tuple[dict[str, Any], list[str]]:
    """Run the named fits; return the fitted-priors record and notes on fits left out."""
    from foedus.data.cow import read_mid, read_wars
    from foedus.data.frame import load_frame
    from foedus.data.icb import read_icb1, read_icb2
    from foedus.fitting.honouring import HonouringFitter, honouring_data
    from foedus.fitting.ladder import LadderMixtureFitter, ladder_data
    from foedus.fitting.recurrence import (
        BASE_COVARIATES,
        FRAME_COVARIATES,
        WeibullRecurrenceFitter,
        recurrence_data,
    )

    absent = missing_files(data_dir) if set(DATA_FITS) & set(fits) else []
    if absent:
        raise ValueError(f"data folder {data_dir} lacks {', '.join(absent)} (use --data DIR "
                         f"or ${ENV_VAR})")
    reports = []
    notes: list[str] = []
    if "ladder" in fits:
        data = ladder_data(read_mid(data_dir / FILES["mid_cow"]),
                           read_icb1(data_dir / FILES["icb1"]),
                           read_icb2(data_dir / FILES["icb2"]))
        reports.append(LadderMixtureFitter(n_bootstrap=n_bootstrap, seed=seed)
                       .fit(data).report_)
    if "era" in fits:
        from foedus.fitting.era import EraFitter, era_data

        reports.append(EraFitter().fit(era_data(read_icb1(data_dir / FILES["icb1"]))).report_)
    wars = read_wars(data_dir / FILES["wars"]) if {"recurrence", "honouring"} & set(fits) \
        else None
    frame = None
    if wars is not None:
        absent = missing_files(data_dir, FRAME_FILES)
        if absent:
            notes.append(f"the dyad-year frame's files are absent ({', '.join(absent)}): "
                         "recurrence without frame covariates, honouring left out")
        else:
            frame = load_frame(data_dir).frame
    if "recurrence" in fits and wars is not None:
        covs = BASE_COVARIATES if frame is None else FRAME_COVARIATES
        reports.append(WeibullRecurrenceFitter(covariates=covs,
                                               n_bootstrap=max(2, n_bootstrap // 5), seed=seed)
                       .fit(recurrence_data(wars, frame)).report_)
    if "honouring" in fits and wars is not None and frame is not None:
        reports.append(HonouringFitter(seed=seed).fit(honouring_data(wars, frame)).report_)
    if "resolve" in fits:
        from foedus.evidence.casefile import rule_coded_cases
        from foedus.fitting.resolve import ResolveFitter

        reports.append(ResolveFitter(seed=seed + 3).fit(rule_coded_cases()).report_)
    if "selection" in fits:
        from foedus.evidence.casefile import rule_coded_cases
        from foedus.fitting.selection import SelectionFitter

        reports.append(SelectionFitter(replications=10_000, seed=seed + 4)
                       .fit(rule_coded_cases()).report_)
    priors: dict[str, Any] = {}
    for r in reports:
        for name, entry in r.priors().items():
            priors[f"{r.fit}.{name}"] = entry
    record = {"version": __version__, "seed": seed, "bootstrap": n_bootstrap,
              "note": "fitted priors of model v2: the evidence lens reads them "
                      "(foedus.evidence.fitted)",
              "fits": {r.fit: r.to_dict() for r in reports}, "priors": priors}
    return record, notes


def register(app: typer.Typer) -> None:
    """Add the ``fit`` command to ``app``."""

    @app.command()
    def fit(
        data: Annotated[Path | None, typer.Option(
            "--data", help=f"folder with cow/, icb/ and dyadic/ (default: ${ENV_VAR}, else "
                           "../shared/data beside the project)")] = None,
        only: Annotated[list[str] | None, typer.Option(
            "--only", help="fit to run (repeatable): ladder, era, recurrence, "
                           "honouring, resolve, selection")] = None,
        out_file: Annotated[Path, typer.Option(
            "--out", help="fitted-priors JSON file (written atomically)")] = Path(
                "foedus-out/fitted.json"),
        bootstrap: Annotated[int, typer.Option(
            "--bootstrap", min=20, max=100_000, help="bootstrap resamples of the ladder "
            "(the recurrence fit uses a fifth of them)")] = 1000,
        seed: Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED, help="seed")] = 20240,
        as_json: Json = False,
    ) -> None:
        """Fit the ladder (MID + ICB), recurrence (COW wars), honouring (ATOP x COW), resolve
        and selection (rule-coded cases, by simulation) mechanisms and write their fitted
        priors."""
        with user_errors():
            fits = tuple(only) if only else FITS
            unknown = [f for f in fits if f not in FITS]
            if unknown:
                raise ValueError(f"unknown fit(s) {', '.join(unknown)} (available: "
                                 f"{', '.join(FITS)})")
            d = data if data is not None else default_data_dir()
            record, notes = run_fits(d, fits, bootstrap, seed)
            payload = json.dumps(record, indent=2, allow_nan=False)
            write_atomic(out_file, payload + "\n")
        for n in notes:
            err.print(f"note: {n}", markup=False, highlight=False)
        if as_json:
            summary = {k: {"n_obs": v["n_obs"], "source": v["source"],
                           "parameters": v["parameters"]} for k, v in record["fits"].items()}
            sys.stdout.write(json.dumps({"out": str(out_file), "fits": summary}, indent=2,
                                        allow_nan=False) + "\n")
            return
        for name, f in record["fits"].items():
            t = RichTable(title=f"{name}: {f['source']}")
            for c in ("parameter", "estimate", "95 % interval", "meaning"):
                t.add_column(c)
            for pname, p in f["parameters"].items():
                t.add_row(pname, f"{p['estimate']:.4g}", f"[{p['lo']:.4g}, {p['hi']:.4g}]",
                          p["description"])
            out.print(t)
        out.print(f"wrote {out_file}", highlight=False)
