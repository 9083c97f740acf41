"""Back-test: the model's forecasts for historical cases, scored against what happened.

For every case (:mod:`foedus.evidence.casefile`) the model simulates the policy
that was actually agreed, over the case window of 120 months, with no per-case
tuning, and reports

* ``p_war``: P(war between the adversary and the protected state within the
  window). In a ``settlement`` case the deal is known to have been signed, so
  this is P(war | deal signed); in a ``crisis`` case it is P(war).
* ``p_guarantor``: P(a guarantor fights the adversary within the window), on
  the same conditioning, for cases that have a guarantor.

Scores (:func:`score`): the Brier score (mean squared error, lower is better)
and the log score (mean log-probability of what happened, higher is better;
probabilities are clipped to ``[CLIP, 1 − CLIP]`` so that one confident miss
is heavily but finitely penalised), and a calibration table. Two baselines
are scored on the same cases: the leave-one-out base rate and a leave-one-out
ridge logistic regression on case features (:mod:`foedus.validation.calibration`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from foedus.engine.outcomes import ChunkOutcomes
from foedus.engine.simulate import DEFAULT_CHUNK, RunSpec, block_ranges, simulate_blocks
from foedus.engine.structure import Structure, compile_structure
from foedus.evidence.casefile import WINDOW, CaseFile
from foedus.evidence.lenses import ResolvedPriors, resolve

F = NDArray[np.float64]
CLIP = 0.01
#: Edges of the calibration table's bins of predicted probability.
BIN_EDGES: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
OUTCOMES: tuple[str, ...] = ("war", "guarantor")


def case_structure(case: CaseFile) -> Structure:
    """The case's scenario under its actual policy, over the case window."""
    s = case.scenario.model_copy(update={"horizon": WINDOW})
    return compile_structure(s, s.policy(case.policy))


def conditional_rates(st: Structure, out: ChunkOutcomes) -> tuple[float, float, int]:
    """``(P(war), P(guarantor), n)`` from per-replication outcomes, conditioned on the
    deal having been signed in a settlement case. ``n`` is the conditioning count."""
    keep = out.deal if st.settlement else np.ones(out.deal.shape[0], dtype=bool)
    n = int(keep.sum())
    if n == 0:
        return math.nan, math.nan, 0
    war = (out.first_war <= st.horizon) & keep
    g = out.guarantor_combat & keep
    return float(war.sum()) / n, float(g.sum()) / n, n


def simulate_case(case: CaseFile, priors: ResolvedPriors, replications: int, seed: int,
                  chunk_size: int = DEFAULT_CHUNK) -> tuple[float, float, int]:
    """Simulate one case; return ``(p_war, p_guarantor, n_conditioning)``."""
    st = case_structure(case)
    spec = RunSpec(replications, seed, chunk_size)
    _tally, kept = simulate_blocks(st, priors, spec, list(range(len(block_ranges(
        replications)))), keep=True)
    out = _concat(kept)
    return conditional_rates(st, out)


def _concat(parts: Sequence[ChunkOutcomes]) -> ChunkOutcomes:
    if len(parts) == 1:
        return parts[0]
    fields = ("deal", "first_war", "peace_months", "guarantor_combat", "great_power_war",
              "nuclear_use", "max_level", "spoiler_strikes", "honoured", "defected")
    return ChunkOutcomes(*[np.concatenate([getattr(p, f) for p in parts]) for f in fields])


def brier(p: F, y: F) -> float:
    """Mean squared difference between forecasts ``p`` and outcomes ``y`` (0/1)."""
    return float(np.mean((p - y) ** 2))


def log_score(p: F, y: F, clip: float = CLIP) -> float:
    """Mean natural-log probability given to what happened (higher is better)."""
    q = np.clip(p, clip, 1.0 - clip)
    return float(np.mean(np.where(y > 0.5, np.log(q), np.log1p(-q))))


def calibration_table(p: F, y: F, edges: Sequence[float] = BIN_EDGES) -> pd.DataFrame:
    """Cases binned by forecast: ``bin, n, mean_forecast, observed``."""
    rows = []
    for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        last = i == len(edges) - 2
        sel = (p >= lo) & ((p <= hi) if last else (p < hi))
        n = int(sel.sum())
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": n,
                     "mean_forecast": float(p[sel].mean()) if n else None,
                     "observed": float(y[sel].mean()) if n else None})
    return pd.DataFrame(rows, columns=["bin", "n", "mean_forecast", "observed"])


@dataclass(frozen=True)
class Score:
    """Scores of one forecaster on one outcome."""

    method: str
    outcome: str
    n: int
    brier: float
    log_score: float
    calibration: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "outcome": self.outcome, "n": self.n,
                "brier": round(self.brier, 6), "log_score": round(self.log_score, 6),
                "calibration": _records(self.calibration)}


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for r in df.to_dict(orient="records"):
        out.append({str(k): (None if isinstance(v, float) and math.isnan(v) else
                        (round(v, 6) if isinstance(v, float) else v)) for k, v in r.items()})
    return out


def score(method: str, outcome: str, p: F, y: F) -> Score:
    """Brier, log score and calibration table of forecasts ``p`` against outcomes ``y``."""
    return Score(method, outcome, int(len(y)), brier(p, y), log_score(p, y),
                 calibration_table(p, y))


class Backtest:
    """Score the model's forecasts on a case library, next to two baselines.

    Parameters
    ----------
    lens : str
        Lens of the model's priors. ``calibrated`` is back-tested leave-one-out:
        each case is forecast from a posterior fitted without it
        (:class:`foedus.validation.calibration.Calibration`).
    replications : int
        Replications per case (and per grid point when calibrating).
    seed : int
        Root seed; each case uses it with its own policy's stream.
    """

    def __init__(self, lens: str = "evidence", replications: int = 2000, seed: int = 1,
                 chunk_size: int = DEFAULT_CHUNK) -> None:
        self.lens = lens
        self.replications = replications
        self.seed = seed
        self.chunk_size = chunk_size

    def run(self, cases: Sequence[CaseFile]) -> Backtest:
        """Forecast and score ``cases``; sets ``predictions_``, ``scores_``, ``model_``."""
        from foedus.validation.calibration import Calibration, FeatureLogit, loo_base_rate

        if len(cases) < 3:
            raise ValueError("a back-test needs at least 3 cases")
        if self.lens == "calibrated":
            cal = Calibration(replications=self.replications, seed=self.seed,
                              chunk_size=self.chunk_size).fit(cases)
            pw, pg = cal.loo_predictions_()
            self.model_ = f"calibrated (leave-one-out refit on {len(cases) - 1} cases)"
            self.calibration_ = cal
        else:
            pw, pg = np.empty(len(cases)), np.empty(len(cases))
            for i, c in enumerate(cases):
                priors = resolve(c.document, self.lens)
                pw[i], pg[i], n = simulate_case(c, priors, self.replications, self.seed,
                                                self.chunk_size)
                if n == 0:
                    raise ValueError(f"{c.name}: no replication signed the deal, so "
                                     "P(war | deal) is undefined; raise --reps")
            self.model_ = f"lens {self.lens}"
        y_war = np.array([float(c.war) for c in cases])
        has_g = np.array([c.guarantor is not None for c in cases])
        y_g = np.array([float(bool(c.guarantor)) for c in cases])
        base_w = loo_base_rate(y_war)
        logit_w = FeatureLogit().loo(cases, y_war)
        base_g = np.full(len(cases), np.nan)
        logit_g = np.full(len(cases), np.nan)
        if has_g.sum() >= 3:
            gcases = [c for c, h in zip(cases, has_g, strict=True) if h]
            base_g[has_g] = loo_base_rate(y_g[has_g])
            logit_g[has_g] = FeatureLogit().loo(gcases, y_g[has_g])
        self.predictions_ = pd.DataFrame({
            "case": [c.id for c in cases], "file": [c.name for c in cases],
            "start": [str(c.record.case.start_date) for c in cases],
            "war": y_war.astype(int),
            "war_month": [c.record.outcome.war.month for c in cases],
            "p_war": pw, "base_war": base_w, "logit_war": logit_w,
            "guarantor": [None if c.guarantor is None else int(c.guarantor) for c in cases],
            "p_guarantor": np.where(has_g, pg, np.nan),
            "base_guarantor": base_g, "logit_guarantor": logit_g,
        })
        scores = []
        for method, col in (("model", "p_war"), ("base rate (LOO)", "base_war"),
                            ("logistic (LOO)", "logit_war")):
            scores.append(score(method, "war", self.predictions_[col].to_numpy(), y_war))
        if has_g.sum() >= 3:
            for method, col in (("model", "p_guarantor"), ("base rate (LOO)",
                                                           "base_guarantor"),
                                ("logistic (LOO)", "logit_guarantor")):
                p = self.predictions_[col].to_numpy()[has_g]
                scores.append(score(method, "guarantor", p, y_g[has_g]))
        self.scores_ = scores
        return self

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable result (the ``foedus backtest --json`` contract)."""
        from foedus._version import __version__

        preds = _records(self.predictions_.astype(object).where(
            self.predictions_.notna(), None))
        out: dict[str, Any] = {
            "lens": self.lens, "model": self.model_, "replications": self.replications,
            "seed": self.seed, "window_months": WINDOW, "version": __version__,
            "log_score_clip": CLIP, "cases": preds,
            "scores": [s.to_dict() for s in self.scores_],
        }
        cal = getattr(self, "calibration_", None)
        if cal is not None:
            out["posterior"] = cal.summary_()
        return out

    def scores_frame(self) -> pd.DataFrame:
        """One row per (outcome, method): ``outcome, method, n, brier, log_score``."""
        return pd.DataFrame([{"outcome": s.outcome, "method": s.method, "n": s.n,
                              "brier": s.brier, "log_score": s.log_score}
                             for s in self.scores_],
                            columns=["outcome", "method", "n", "brier", "log_score"])
