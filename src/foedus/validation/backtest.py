"""Back-test: the model's forecasts for historical cases, scored against what happened.

For every case (:mod:`foedus.evidence.casefile`) the model simulates the policy
that was actually agreed, over the case window of 120 months, with no per-case
tuning (:mod:`foedus.validation.forecast`), and reports

* ``p_war``: P(war between the adversary and the protected state within the
  window). In a ``settlement`` case the deal is known to have been signed, so
  this is P(war | deal signed); in a ``crisis`` case it is P(war).
* ``p_guarantor``: P(a guarantor fights the adversary within the window), on
  the same conditioning, for cases that have a guarantor;
* ``signed``: the replications the forecast rests on (those that signed the
  deal in a settlement case), flagged below
  :data:`~foedus.validation.forecast.MIN_SIGNED` with the replications that
  would be needed.

Two baselines forecast the same cases (:mod:`foedus.validation.baselines`): a
base rate and a ridge logistic regression on case features, either
leave-one-out within the scored cases or trained on a named library. Every
forecaster is scored (:mod:`foedus.validation.scoring`) by Brier score, log
score, AUC and calibration in the large, each with a bootstrap interval, and
the model is compared with each baseline by paired bootstrap intervals on the
score differences ``model − baseline``.

The ``calibrated`` lens was fitted to the bundled hand-coded cases. On cases
it was fitted to it is back-tested leave-one-out (each case forecast from a
posterior refitted without it, :class:`foedus.validation.calibration.Calibration`);
on other cases its shipped priors are applied as they are, unless ``refit``
asks for the leave-one-out refit on the scored cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from foedus.engine.simulate import DEFAULT_CHUNK
from foedus.evidence.calibrated import record as calibrated_record
from foedus.evidence.casefile import WINDOW, CaseFile, bundled_cases
from foedus.evidence.lenses import resolve
from foedus.validation.baselines import MIN_TRAIN, baseline_forecasts, outcome_values
from foedus.validation.calibration import Calibration
from foedus.validation.forecast import MIN_SIGNED, replications_needed, simulate_case
from foedus.validation.scoring import (
    CLIP,
    LEVEL,
    RESAMPLES,
    Difference,
    Score,
    bootstrap_scores,
    records,
)

OUTCOMES: tuple[str, ...] = ("war", "guarantor")
MODEL = "model"


def calibrated_case_ids() -> set[str]:
    """Ids of the cases the shipped ``calibrated`` lens was fitted to."""
    names = set(calibrated_record()["cases"])
    return {c.id for c in bundled_cases() if c.name in names}


class Backtest:
    """Score the model's forecasts on a case library, next to two baselines.

    Parameters
    ----------
    lens : str
        Lens of the model's priors (see the module docstring for ``calibrated``).
    replications : int
        Replications per case (and per grid point when calibrating).
    seed : int
        Root seed: each case uses its policy's stream of it; the bootstrap
        resamples use their own stream of it.
    train : sequence of CaseFile, optional
        Library the baselines are trained on (a scored case is left out of its
        own training set). ``None``: leave-one-out within the scored cases.
    train_name : str
        Name of the training library, for the report.
    refit : bool
        With the ``calibrated`` lens, refit it leave-one-out on the scored cases
        even when none of them was in its fit.
    resamples : int
        Bootstrap resamples of the intervals.
    """

    def __init__(self, lens: str = "evidence", replications: int = 2000, seed: int = 1,
                 chunk_size: int = DEFAULT_CHUNK, train: Sequence[CaseFile] | None = None,
                 train_name: str = "", refit: bool = False,
                 resamples: int = RESAMPLES) -> None:
        if resamples < 100:
            raise ValueError("the bootstrap needs at least 100 resamples")
        self.lens = lens
        self.replications = replications
        self.seed = seed
        self.chunk_size = chunk_size
        self.train = None if train is None else list(train)
        self.train_name = train_name or ("leave-one-out" if train is None else "a library")
        self.refit = refit
        self.resamples = resamples

    @property
    def baseline_label(self) -> str:
        """How the baselines were trained, as it appears in their method names."""
        return "LOO" if self.train is None else f"trained on {self.train_name}"

    def run(self, cases: Sequence[CaseFile], name: str = "") -> Backtest:
        """Forecast and score ``cases`` (a library called ``name`` in the report);
        sets ``predictions_``, ``scores_``, ``differences_`` and ``model_``."""
        need = MIN_TRAIN + (1 if self.train is None else 0)  # leave-one-out: the others
        if len(cases) < need:
            raise ValueError(f"a back-test needs at least {need} cases"
                             + (" (leave-one-out forecasts each from the others; "
                                f"{MIN_TRAIN} with --train)" if self.train is None else ""))
        self.cases_name_ = name
        pw, pg, signed = self._model(cases)
        self.skipped_: dict[str, str] = {}
        base = {"war": baseline_forecasts(cases, "war", self.train)}
        has_g, _ = outcome_values(cases, "guarantor")
        if int(has_g.sum()) < need:
            self.skipped_["guarantor"] = (f"{int(has_g.sum())} scored cases have a guarantor; "
                                          f"at least {need} are needed"
                                          + (" (each is forecast from the others)"
                                             if self.train is None else ""))
        else:
            try:
                base["guarantor"] = baseline_forecasts(cases, "guarantor", self.train)
            except ValueError as exc:  # a training library without guarantor cases
                self.skipped_["guarantor"] = str(exc)
        nan = np.full(len(cases), np.nan)
        flag = signed < MIN_SIGNED
        self.predictions_ = pd.DataFrame({
            "case": [c.id for c in cases], "file": [c.name for c in cases],
            "start": [str(c.record.case.start_date) for c in cases],
            "war": [int(c.war) for c in cases],
            "war_month": [c.record.outcome.war.month for c in cases],
            "p_war": pw, "base_war": base["war"][0], "logit_war": base["war"][1],
            "guarantor": [None if c.guarantor is None else int(c.guarantor) for c in cases],
            "p_guarantor": np.where(has_g, pg, np.nan),
            "base_guarantor": base.get("guarantor", (nan, nan))[0],
            "logit_guarantor": base.get("guarantor", (nan, nan))[1],
            "signed": signed.round().astype(int),
            "low_denominator": flag,
            "replications_needed": pd.array(
                [replications_needed(int(round(s)), self.replications) if f else None
                 for s, f in zip(signed, flag, strict=True)], dtype="Int64"),
        })
        self.scores_: list[Score] = []
        self.differences_: list[Difference] = []
        self.auc_resamples_: dict[str, int] = {}
        b_name, l_name = f"base rate ({self.baseline_label})", \
            f"logistic ({self.baseline_label})"
        for k, o in enumerate(OUTCOMES):
            if o not in base:
                continue
            has, y = outcome_values(cases, o)
            p = pw if o == "war" else pg
            fc = {MODEL: p[has], b_name: base[o][0][has], l_name: base[o][1][has]}
            s, d, ok = bootstrap_scores(o, fc, y[has], MODEL, self.seed, k, self.resamples,
                                        ranks=[MODEL, l_name])
            self.scores_ += s
            self.differences_ += d
            self.auc_resamples_[o] = ok
        return self

    def _model(self, cases: Sequence[CaseFile]) -> tuple[Any, Any, Any]:
        if self.lens == "calibrated":
            seen = calibrated_case_ids() & {c.id for c in cases}
            if self.refit or seen:
                cal = Calibration(replications=self.replications, seed=self.seed,
                                  chunk_size=self.chunk_size).fit(cases)
                pw, pg = cal.loo_predictions_()
                why = (f"{len(seen)} of the cases were in the shipped lens's fit" if seen
                       else "--refit")
                self.model_ = (f"calibrated (leave-one-out refit on {len(cases) - 1} cases; "
                               f"{why})")
                self.calibration_ = cal
                return pw, pg, cal.loo_signed_()
            self.model_ = (f"calibrated (shipped priors, fitted on "
                           f"{calibrated_record()['n_cases']} other cases)")
        else:
            self.model_ = f"lens {self.lens}"
        pw, pg = np.empty(len(cases)), np.empty(len(cases))
        signed = np.empty(len(cases))
        for i, c in enumerate(cases):
            f = simulate_case(c, resolve(c.document, self.lens), self.replications, self.seed,
                              self.chunk_size)
            if f.signed == 0:
                raise ValueError(
                    f"{c.name}: none of {self.replications} replications signed the deal, so "
                    "P(war | deal) is undefined; at least "
                    f"{replications_needed(0, self.replications)} replications (--reps) would "
                    f"be needed for {MIN_SIGNED} signed ones")
            pw[i], pg[i], signed[i] = f.p_war, f.p_guarantor, f.signed
        return pw, pg, signed

    def denominators(self) -> dict[str, Any]:
        """Cases whose forecast rests on fewer than ``MIN_SIGNED`` signed replications,
        and the replications (``--reps``) that would lift every case to the floor."""
        df = self.predictions_
        low = df[df["low_denominator"]]
        need = [int(x) for x in low["replications_needed"]]
        return {"min_signed": MIN_SIGNED, "flagged": low["case"].tolist(),
                "fewest_signed": int(df["signed"].min()),
                "replications_needed": max(need) if need else None}

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable result (the ``foedus backtest --json`` contract)."""
        from foedus._version import __version__

        preds = records(self.predictions_.astype(object).where(
            self.predictions_.notna(), None))
        out: dict[str, Any] = {
            "lens": self.lens, "model": self.model_, "cases_from": self.cases_name_,
            "baselines": self.baseline_label, "replications": self.replications,
            "seed": self.seed, "window_months": WINDOW, "version": __version__,
            "log_score_clip": CLIP,
            "bootstrap": {"resamples": self.resamples, "level": LEVEL, "seed": self.seed,
                          "paired": True, "unit": "case",
                          "auc_resamples": self.auc_resamples_},
            "denominators": self.denominators(),
            "skipped_outcomes": self.skipped_,
            "cases": preds,
            "scores": [s.to_dict() for s in self.scores_],
            "differences": [d.to_dict() for d in self.differences_],
        }
        cal = getattr(self, "calibration_", None)
        if cal is not None:
            out["posterior"] = cal.summary_()
        return out

    def scores_frame(self) -> pd.DataFrame:
        """One row per (outcome, method): ``outcome, method, n, brier, log_score, auc``."""
        return pd.DataFrame([{"outcome": s.outcome, "method": s.method, "n": s.n,
                              "brier": s.brier.est, "log_score": s.log_score.est,
                              "auc": None if s.auc is None else s.auc.est}
                             for s in self.scores_],
                            columns=["outcome", "method", "n", "brier", "log_score", "auc"])
