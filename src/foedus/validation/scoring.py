"""Scores of probability forecasts of a binary outcome, with paired bootstrap intervals.

For forecasts ``p`` and outcomes ``y ∈ {0, 1}`` of ``n`` cases (arrays ``(n,)``):

* Brier score ``mean((p − y)²)``, lower is better (Brier 1950);
* log score ``mean(y log q + (1 − y) log(1 − q))`` with ``q = clip(p, c, 1 − c)``,
  ``c`` = :data:`CLIP`, higher is better (Good 1952); one confident miss costs
  ``log(c)`` ≈ −4.6;
* AUC, the probability that a random case with the outcome gets a higher
  forecast than one without (ties count ½; Hanley & McNeil 1982), from the
  Mann–Whitney rank sum;
* calibration in the large ``mean(p) − mean(y)`` (positive: the forecaster
  over-predicts; Steyerberg 2019, Clinical Prediction Models, ch. 15);
* a calibration table (cases binned by forecast, mean forecast vs observed);
* logistic recalibration (Cox 1958; Van Calster et al. 2016, "A calibration
  hierarchy for risk models was defined", J. Clin. Epidemiol. 74: 167-176):
  the *calibration intercept* ``a`` of ``logit P(y) = a + logit q`` (0:
  calibrated in the large on the log-odds scale; ``e^a`` is the factor by which
  the forecaster's odds are too low), the *calibration slope* ``b`` of
  ``logit P(y) = a' + b·logit q`` (1: the spread is right; below 1 too extreme,
  above 1 too timid), both with Wald intervals, and the Brier score of the
  forecasts corrected by an intercept fitted leave-one-out (what the
  forecaster's ranking is worth once its level is set on the other cases).

Intervals (:func:`bootstrap_scores`): the cases are resampled with replacement
``B`` times (default :data:`RESAMPLES`; Efron & Tibshirani 1993, ch. 13), the
same resamples for every forecaster, so each difference "model − baseline" is
computed within a resample (a *paired* bootstrap) and its 95 % percentile
interval accounts for the cases the forecasters share. The resamples come from
one ``numpy`` Generator seeded by ``SeedSequence(seed, spawn_key=(0xB007, k))``
(``k`` indexes the outcome), so the intervals are reproducible. AUC is
undefined in a resample with only one class; those resamples are left out of
its interval (their number is reported). The model's own Monte Carlo error is
not in these intervals (see :mod:`foedus.validation.forecast`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import rankdata

F = NDArray[np.float64]
I64 = NDArray[np.int64]

CLIP = 0.01
#: Edges of the calibration table's bins of predicted probability.
BIN_EDGES: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
#: Default number of bootstrap resamples.
RESAMPLES = 2000
#: Coverage of the percentile intervals.
LEVEL = 0.95
BOOT_STREAM = 0xB007


def brier(p: F, y: F) -> float:
    """Mean squared difference between forecasts ``p`` and outcomes ``y`` (0/1)."""
    return float(np.mean(brier_terms(p, y)))


def brier_terms(p: F, y: F) -> F:
    """Per-case squared error ``(p − y)²``."""
    return np.asarray((p - y) ** 2, dtype=float)


def log_score(p: F, y: F, clip: float = CLIP) -> float:
    """Mean natural-log probability given to what happened (higher is better)."""
    return float(np.mean(log_terms(p, y, clip)))


def log_terms(p: F, y: F, clip: float = CLIP) -> F:
    """Per-case log probability of what happened, forecasts clipped to ``[clip, 1 − clip]``."""
    q = np.clip(p, clip, 1.0 - clip)
    return np.asarray(np.where(y > 0.5, np.log(q), np.log1p(-q)), dtype=float)


def auc(p: F, y: F) -> float:
    """Area under the ROC curve (NaN unless both outcomes occur); ties count ½."""
    return float(_auc_rows(p[None, :], y[None, :])[0])


def _auc_rows(P: F, Y: F) -> F:
    """AUC of each row of forecasts ``P`` (B, n) against outcomes ``Y`` (B, n)."""
    n1 = Y.sum(axis=1)
    n0 = Y.shape[1] - n1
    ranks = rankdata(P, axis=1)
    r1 = (ranks * Y).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (r1 - n1 * (n1 + 1) / 2.0) / (n1 * n0)
    return np.where((n1 > 0) & (n0 > 0), out, np.nan)


def calibration_in_large(p: F, y: F) -> float:
    """Mean forecast minus observed rate (positive: over-prediction)."""
    return float(np.mean(p) - np.mean(y))


@dataclass(frozen=True)
class Recalibration:
    """Calibration intercept and slope with 95 % Wald intervals, and the Brier score after a
    leave-one-out intercept (see the module docstring). ``slope`` is ``None`` for forecasts
    that do not vary (a base rate)."""

    intercept: Interval
    slope: Interval | None
    loo_brier: float

    def to_dict(self) -> dict[str, Any]:
        return {"intercept": round(self.intercept.est, 6), "intercept_ci": _ci(self.intercept),
                "slope": None if self.slope is None or not np.isfinite(self.slope.est) else
                round(self.slope.est, 6),
                "slope_ci": None if self.slope is None else _ci(self.slope),
                "loo_intercept_brier": round(self.loo_brier, 6)}


def _logit(p: F) -> F:
    q = np.clip(p, CLIP, 1.0 - CLIP)
    return np.asarray(np.log(q / (1.0 - q)), dtype=float)


def _expit(z: F) -> F:
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=float)


def _intercepts(L: F, y: F, drop: F, a0: float, steps: int = 50) -> F:
    """Maximum-likelihood intercepts with offset ``L``, one per row of ``drop`` (weights
    ``(k, n)``, 0 leaves a case out), by Newton's method from ``a0``."""
    a = np.full(drop.shape[0], a0)
    for _ in range(steps):
        m = _expit(a[:, None] + L[None, :])
        g = (drop * (y[None, :] - m)).sum(axis=1)
        h = (drop * m * (1.0 - m)).sum(axis=1)
        step = g / np.maximum(h, 1e-12)
        a = a + np.clip(step, -5.0, 5.0)
        if np.all(np.abs(step) < 1e-10):
            break
    return a


def recalibration(p: F, y: F, slope: bool = True) -> Recalibration | None:
    """Calibration intercept and (if ``slope``) slope of forecasts ``p`` for outcomes ``y``
    (``None`` when ``y`` has one class only, where neither is defined)."""
    import warnings

    import statsmodels.api as sm

    n = len(y)
    if n < 3 or y.sum() in (0, n):
        return None
    L = _logit(p)
    a = float(_intercepts(L, y, np.ones((1, n)), 0.0)[0])
    h = float(np.sum(_expit(a + L) * (1.0 - _expit(a + L))))
    se = 1.0 / np.sqrt(h)
    z = 1.959964
    b_iv: Interval | None = None
    if slope and np.ptp(L) > 1e-9:
        b_iv = Interval(float("nan"), float("nan"), float("nan"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fit = sm.Logit(y, sm.add_constant(L)).fit(disp=0)
                if fit.mle_retvals.get("converged", False):
                    b, sb = float(fit.params[1]), float(fit.bse[1])
                    b_iv = Interval(b, b - z * sb, b + z * sb)
            except (np.linalg.LinAlgError, ValueError):  # separation: unbounded slope
                pass
    rows = max(1, 4_000_000 // n)  # cases left out per pass: bounds the (rows, n) weights
    parts = []
    for i in range(0, n, rows):
        k = min(rows, n - i)
        w = np.ones((k, n))
        w[np.arange(k), i + np.arange(k)] = 0.0
        parts.append(_intercepts(L, y, w, a))
    loo = np.concatenate(parts)
    q = _expit(loo + L)
    return Recalibration(Interval(a, a - z * se, a + z * se), b_iv,
                         float(np.mean((q - y) ** 2)))


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


def resample_indices(n: int, resamples: int, seed: int, key: int) -> I64:
    """``(resamples, n)`` case indices drawn with replacement, reproducible from ``seed``."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
        seed, spawn_key=(BOOT_STREAM, key))))
    return rng.integers(0, n, size=(resamples, n), dtype=np.int64)


@dataclass(frozen=True)
class Interval:
    """A point estimate with its bootstrap percentile interval (``nan`` when undefined)."""

    est: float
    lo: float
    hi: float

    @classmethod
    def of(cls, est: float, draws: F) -> Interval:
        ok = draws[np.isfinite(draws)]
        if not np.isfinite(est) or len(ok) == 0:
            return cls(float(est), float("nan"), float("nan"))
        a = (1.0 - LEVEL) / 2.0
        lo, hi = np.quantile(ok, [a, 1.0 - a])
        return cls(float(est), float(lo), float(hi))

    def to_dict(self) -> dict[str, float | None]:
        return {k: (None if not np.isfinite(v) else round(float(v), 6))
                for k, v in (("est", self.est), ("lo", self.lo), ("hi", self.hi))}


@dataclass(frozen=True)
class Score:
    """Scores of one forecaster on one outcome, each with its bootstrap interval.

    ``auc`` is ``None`` for a forecaster that does not rank cases (a base rate).
    """

    method: str
    outcome: str
    n: int
    brier: Interval
    log_score: Interval
    auc: Interval | None
    mean_forecast: float
    observed: float
    calibration_in_large: Interval
    calibration: pd.DataFrame
    recalibration: Recalibration | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "outcome": self.outcome, "n": self.n,
                "brier": round(self.brier.est, 6), "brier_ci": _ci(self.brier),
                "log_score": round(self.log_score.est, 6),
                "log_score_ci": _ci(self.log_score),
                "auc": None if self.auc is None else self.auc.to_dict()["est"],
                "auc_ci": None if self.auc is None else _ci(self.auc),
                "mean_forecast": round(self.mean_forecast, 6),
                "observed": round(self.observed, 6),
                "calibration_in_large": round(self.calibration_in_large.est, 6),
                "calibration_in_large_ci": _ci(self.calibration_in_large),
                "calibration": records(self.calibration),
                "recalibration": None if self.recalibration is None else
                self.recalibration.to_dict()}


@dataclass(frozen=True)
class Difference:
    """Paired difference ``reference − baseline`` of the Brier and log scores on one outcome.

    A negative Brier difference and a positive log-score difference favour the
    reference; an interval that excludes 0 says the resampled cases agree on it.
    """

    outcome: str
    reference: str
    baseline: str
    n: int
    brier: Interval
    log_score: Interval

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "reference": self.reference,
                "baseline": self.baseline, "n": self.n,
                "brier_diff": round(self.brier.est, 6), "brier_diff_ci": _ci(self.brier),
                "log_score_diff": round(self.log_score.est, 6),
                "log_score_diff_ci": _ci(self.log_score)}


def _ci(iv: Interval) -> list[float | None]:
    d = iv.to_dict()
    return [d["lo"], d["hi"]]


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``df`` as JSON-ready dicts (NaN as ``None``, floats rounded to 6 places)."""
    out = []
    for r in df.to_dict(orient="records"):
        out.append({str(k): (None if isinstance(v, float) and v != v else
                        (round(v, 6) if isinstance(v, float) else v)) for k, v in r.items()})
    return out


def bootstrap_scores(outcome: str, forecasts: Mapping[str, F], y: F, reference: str,
                     seed: int, key: int, resamples: int = RESAMPLES,
                     ranks: Sequence[str] | None = None
                     ) -> tuple[list[Score], list[Difference], int]:
    """Score every forecaster on one outcome; paired differences ``reference − other``.

    Parameters
    ----------
    outcome : str
        Name of the outcome (recorded only).
    forecasts : mapping
        Forecaster name -> forecasts ``(n,)`` of the same cases, in the same order.
    y : array
        Outcomes ``(n,)``, 0 or 1.
    reference : str
        The forecaster every other one is compared with.
    seed, key : int
        Seed of the resamples; ``key`` separates outcomes.
    resamples : int
        Number of bootstrap resamples ``B``.
    ranks : sequence of str, optional
        Forecasters whose AUC is reported (default: all).

    Returns
    -------
    scores, differences, auc_resamples
        ``auc_resamples`` is the number of resamples in which both outcomes
        occur (the AUC intervals rest on these).
    """
    n = len(y)
    idx = resample_indices(n, resamples, seed, key)
    Y = y[idx]
    ranked = set(forecasts if ranks is None else ranks)
    scores: list[Score] = []
    terms: dict[str, tuple[F, F]] = {}
    auc_ok = int(np.sum((Y.sum(axis=1) > 0) & (Y.sum(axis=1) < n)))
    for name, p in forecasts.items():
        b, lg = brier_terms(p, y), log_terms(p, y)
        terms[name] = (b, lg)
        P = p[idx]
        a = None
        if name in ranked:
            a = Interval.of(auc(p, y), _auc_rows(P, Y))
        citl = P.mean(axis=1) - Y.mean(axis=1)
        scores.append(Score(name, outcome, n, Interval.of(float(b.mean()), b[idx].mean(axis=1)),
                            Interval.of(float(lg.mean()), lg[idx].mean(axis=1)), a,
                            float(p.mean()), float(y.mean()),
                            Interval.of(calibration_in_large(p, y), citl),
                            calibration_table(p, y),
                            recalibration(p, y, slope=name in ranked)))
    diffs = []
    rb, rl = terms[reference]
    for name in forecasts:
        if name == reference:
            continue
        db, dl = rb - terms[name][0], rl - terms[name][1]
        diffs.append(Difference(outcome, reference, name, n,
                                Interval.of(float(db.mean()), db[idx].mean(axis=1)),
                                Interval.of(float(dl.mean()), dl[idx].mean(axis=1))))
    return scores, diffs, auc_ok
