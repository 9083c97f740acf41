"""Recurrence of war within a dyad after a war: Weibull survival regression.

Model
-----
For a dyad (two states on opposite sides of a COW inter-state war), the time T
(months) from the end of their war to the start of their next war against each
other has the Weibull hazard

    h(t | x) = (k / lam(x)) (t / lam(x))^(k - 1),   lam(x) = exp(beta_0 + beta' x),

so S(t | x) = exp(-(t / lam(x))^k) (lifelines' ``WeibullAFTFitter``). The shape
k < 1 means the hazard is highest just after the war. A Weibull model is also a
proportional-hazards model: covariate j multiplies the hazard by
HR_j = exp(-k beta_j) (reported), and the time scale by exp(beta_j).

Covariates (0/1 unless said): ``decisive`` (one state coded winner and the
other loser in the war file, ``outcome`` 1 and 2; otherwise a compromise,
stalemate, a war transformed or a side changed), ``post1945`` (the dyad's war
ended after 1945), ``multilateral`` (more than two states fought the war), and
from the dyad-year frame when given: ``contiguous`` (direct contiguity in the
year the war ended), ``rivalry`` (a strategic rivalry in force), ``log_cap_ratio``
(|ln CINC_a - ln CINC_b|, the larger over the smaller share), ``terr_threat`` (the
higher of the two states' latent territorial threat).

Data and unit
-------------
COW Inter-State War v4.0 (Sarkees & Wayman 2010), participant file, read by
:func:`foedus.data.cow.read_wars`; warring dyads, their fighting spans and
outcomes from :func:`foedus.data.wardyads.war_dyads`. Unit: the dyad-war spell (a
dyad that fought several wars has one spell after each). Follow-up: from the
dyad's war end, until its next war (event), or censored at ``window`` months
(default 120, the horizon of the published rates) or at the end of the data
(31 Dec 2007), whichever comes first. Spells of one
war are not independent (a world war contributes dozens of dyads): intervals
come from a bootstrap that resamples wars (clusters), not dyads.

Limits: COW counts wars only (1,000 battle deaths); renewed fighting below
that level is not an event, so rates are lower than Fortna's (2004) "almost
half". Agreement strength (Fortna's index: DMZ, peacekeepers, commissions,
guarantees) is not in the data; decisive vs stalemate stands in for the
settlement's terms. The published rates counted only wars ending 1946-1997 with
a complete window; the fit uses every spell with censoring.

Arrays: the data frame has one row per spell (``spells,``); predictions are
``(spells,)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from lifelines import WeibullAFTFitter

from foedus.data.table import Table
from foedus.data.wardyads import by_pair, later_wars, war_dyads
from foedus.fitting.base import FitReport, FittedParameter, percentile_interval
from foedus.validation.baserates import DAYS_PER_MONTH, RECURRENCE_MONTHS

DATA_END = date(2007, 12, 31)
DATASET = "COW Inter-State War v4.0 (Sarkees & Wayman 2010), dyad-war spells"
BASE_COVARIATES = ("decisive", "post1945", "multilateral")
#: Covariates with the dyad-year frame (31 events: five covariates at most).
FRAME_COVARIATES = ("decisive", "contiguous", "rivalry", "log_cap_ratio", "post1945")
#: Published comparisons (COW wars ending 1946-1997, 120-month window: foedus baserates).
PUBLISHED = {"dyads": (11, 101), "wars": (9, 33)}
#: Month at which the reference hazard ``h12_reference`` is given (one year after the war).
REFERENCE_MONTH = 12.0


def _months(a: date, b: date) -> float:
    return (b - a).days / DAYS_PER_MONTH


def recurrence_data(wars: Table, frame: pd.DataFrame | None = None,
                    window: int = RECURRENCE_MONTHS, data_end: date = DATA_END
                    ) -> pd.DataFrame:
    """One row per dyad-war spell: follow-up, event and covariates.

    Dyads, their spans and their later wars are those of :mod:`foedus.data.wardyads`.
    Columns: ``war, a, b, end, end_year, months, event, decisive, post1945,
    multilateral`` (``months`` > 0: time to the next war or to censoring) and, when
    ``frame`` (the undirected dyad-year frame of :mod:`foedus.data.frame`) is given,
    ``contiguous, rivalry, log_cap_ratio, terr_threat`` in the year the war ended.
    """
    dyads = war_dyads(wars)
    pairs = by_pair(dyads)
    size = wars.frame.groupby("warnum")["ccode"].nunique().to_dict()
    rows = []
    for d in dyads:
        limit = min(window, _months(d.end, data_end))
        if limit <= 0:
            continue  # the war ended at the data's end: no follow-up
        nxt = later_wars(d, pairs, window)
        t_next = _months(d.end, nxt[0].start) if nxt else math.inf
        event = t_next <= limit
        rows.append({"war": d.war, "a": d.a, "b": d.b, "end": d.end, "end_year": d.end.year,
                     "months": max(t_next if event else limit, 1.0 / DAYS_PER_MONTH),
                     "event": int(event),
                     "decisive": int({d.a_outcome, d.b_outcome} == {1, 2}),
                     "post1945": int(d.end.year > 1945),
                     "multilateral": int(size[d.war] > 2)})
    out = pd.DataFrame(rows)
    if frame is None:
        return out
    f = frame[["ccode1", "ccode2", "year", "conttype", "rivalry", "log_cap_ratio",
               "terrthreat1", "terrthreat2"]]
    m = out.merge(f, how="left", left_on=["a", "b", "end_year"],
                  right_on=["ccode1", "ccode2", "year"])
    m["contiguous"] = ((m["conttype"] >= 1) & (m["conttype"] <= 5)).astype(float)
    m.loc[m["conttype"].isna(), "contiguous"] = np.nan
    m["rivalry"] = m["rivalry"].astype(float)
    m["log_cap_ratio"] = m["log_cap_ratio"].astype(float)
    m["terr_threat"] = m[["terrthreat1", "terrthreat2"]].astype(float).max(axis=1,
                                                                          skipna=False)
    return m.drop(columns=["ccode1", "ccode2", "year", "conttype", "terrthreat1",
                           "terrthreat2"])


@dataclass(frozen=True)
class _Fit:
    shape: float
    coef: dict[str, float]   # AFT coefficients of lambda (with "Intercept")

    def survival(self, x: pd.DataFrame, t: float) -> np.ndarray:
        eta = self.coef["Intercept"] + sum(self.coef[c] * x[c].to_numpy(float)
                                           for c in self.coef if c != "Intercept")
        return np.asarray(np.exp(-(t / np.exp(eta)) ** self.shape), dtype=np.float64)


def _fit_weibull(df: pd.DataFrame, covariates: tuple[str, ...]) -> _Fit:
    m = WeibullAFTFitter()
    m.fit(df[["months", "event", *covariates]], duration_col="months", event_col="event")
    p = m.params_
    coef = {str(k): float(v) for k, v in p.loc["lambda_"].items()}
    return _Fit(float(np.exp(p.loc[("rho_", "Intercept")])), coef)


class WeibullRecurrenceFitter:
    """Weibull regression of war recurrence on dyad-war spells.

    Parameters
    ----------
    covariates : tuple of str
        Columns of the data used as covariates (0/1 or numeric).
    window : int
        Months of follow-up (the horizon of the implied recurrence).
    n_bootstrap : int
        Cluster-bootstrap resamples (wars) for the 95 % intervals.
    seed : int
        Seed of the bootstrap's generator.

    Attributes
    ----------
    params_ : dict of str -> FittedParameter
        ``shape``, ``scale_months`` (lambda at all covariates 0), ``hr_<cov>``
        per covariate, the implied 120-month recurrence of post-1945 dyads
        and wars (``recur_dyads_1946_1997``, ``recur_wars_1946_1997``), the
        monthly hazard 12 months after the war at the mean covariates
        (``h12_reference``) and those means (``mean_<cov>``).
    summary_ : pandas.DataFrame
    lifelines_ : lifelines.WeibullAFTFitter
        The point fit (with lifelines' own Wald intervals, ``.summary``).
    n_obs_, n_events_, n_dyads_, n_wars_ : int
    comparison_ : dict
        Implied vs published 120-month recurrence (dyads 11/101, wars 9/33).
    source_ : str
    report_ : FitReport
    """

    def __init__(self, covariates: tuple[str, ...] = BASE_COVARIATES,
                 window: int = RECURRENCE_MONTHS, n_bootstrap: int = 300,
                 seed: int = 20241) -> None:
        if n_bootstrap < 2:
            raise ValueError("n_bootstrap must be at least 2")
        self.covariates = tuple(covariates)
        self.window = window
        self.n_bootstrap = n_bootstrap
        self.seed = seed

    def _check(self, df: pd.DataFrame) -> pd.DataFrame:
        need = {"war", "a", "b", "end_year", "months", "event", *self.covariates}
        absent = sorted(need - set(df.columns))
        if absent:
            raise ValueError(f"recurrence data lacks column(s) {', '.join(absent)}")
        d = df.dropna(subset=list(self.covariates))
        if not (d["months"] > 0).all():
            raise ValueError("months must be positive")
        if int(d["event"].sum()) == 0:
            raise ValueError("no recurrence events: the Weibull shape is not identified")
        return d.reset_index(drop=True)

    def _derived(self, fit: _Fit, d: pd.DataFrame) -> np.ndarray:
        post = d[(d["end_year"] >= 1946) & (d["end_year"] <= 1997)]
        p = 1.0 - fit.survival(post, float(self.window))
        dyads = float(p.mean()) if p.size else math.nan
        wars = post.assign(p=p).groupby("war")["p"].apply(
            lambda s: 1.0 - float(np.prod(1.0 - s.to_numpy())))
        hrs = [math.exp(-fit.shape * fit.coef[c]) for c in self.covariates]
        base = 1.0 - float(fit.survival(d.iloc[:1].assign(
            **{c: 0.0 for c in self.covariates}), float(self.window))[0])
        means = [float(d[c].astype(float).mean()) for c in self.covariates]
        lam = math.exp(fit.coef["Intercept"] + sum(
            fit.coef[c] * m for c, m in zip(self.covariates, means, strict=True)))
        h12 = fit.shape / lam * (REFERENCE_MONTH / lam) ** (fit.shape - 1.0)
        return np.array([fit.shape, math.exp(fit.coef["Intercept"]), *hrs, base, dyads,
                         float(wars.mean()) if len(wars) else math.nan, h12, *means])

    def fit(self, data: pd.DataFrame) -> WeibullRecurrenceFitter:
        """Fit by maximum likelihood; cluster-bootstrap the intervals (wars resampled)."""
        d = self._check(data)
        m = WeibullAFTFitter()
        m.fit(d[["months", "event", *self.covariates]], duration_col="months",
              event_col="event")
        self.lifelines_ = m
        point = _fit_weibull(d, self.covariates)
        est = self._derived(point, d)
        rng = np.random.default_rng(self.seed)
        wars = d["war"].unique()
        groups = {w: g for w, g in d.groupby("war")}
        draws = np.full((self.n_bootstrap, est.size), np.nan)
        for i in range(self.n_bootstrap):
            pick = rng.choice(wars, size=wars.size, replace=True)
            bd = pd.concat([groups[w].assign(war=j) for j, w in enumerate(pick)],
                           ignore_index=True)
            if bd["event"].sum() == 0 or any(bd[c].nunique() < 2 for c in self.covariates):
                continue  # a resample without events or without variation in a covariate
            try:
                draws[i] = self._derived(_fit_weibull(bd, self.covariates), bd)
            except Exception:  # noqa: BLE001 - lifelines' convergence failures on a resample
                continue
        self.draws_ = draws
        self.n_failed_ = int(np.isnan(draws[:, 0]).sum())
        self.n_obs_ = len(d)
        self.n_events_ = int(d["event"].sum())
        self.n_dyads_ = int(d[["a", "b"]].drop_duplicates().shape[0])
        self.n_wars_ = int(wars.size)
        self.params_ = self._parameters(est, draws)
        post = d[(d["end_year"] >= 1946) & (d["end_year"] <= 1997)]
        full = post[(post["event"] == 1) | (post["months"] >= self.window - 1e-9)]
        self.comparison_ = {
            "published": {k: {"k": v[0], "n": v[1], "p": v[0] / v[1]}
                          for k, v in PUBLISHED.items()},
            "observed_here": {"dyads": {"k": int(full["event"].sum()), "n": len(full)},
                              "wars": {"k": int(full.groupby("war")["event"].max().sum()),
                                       "n": int(full["war"].nunique())}},
            "implied": {"dyads": self.params_["recur_dyads_1946_1997"].to_dict(),
                        "wars": self.params_["recur_wars_1946_1997"].to_dict()},
        }
        self.report_ = FitReport(
            fit="recurrence", dataset=DATASET, n_obs=self.n_obs_,
            unit=f"dyad-war spells, {self.n_events_} recurrences, {self.n_dyads_} dyads, "
                 f"{self.n_wars_} wars",
            method=(f"Weibull regression (lifelines WeibullAFTFitter) on "
                    f"{', '.join(self.covariates)}, {self.window}-month window, right-censored; "
                    f"cluster bootstrap over wars, {self.n_bootstrap} resamples "
                    f"({self.n_failed_} unusable)"),
            parameters=tuple(self.params_.values()),
            diagnostics={"comparison": self.comparison_,
                         "lifelines_wald": _wald(m)})
        self.summary_ = self.report_.summary()
        self.source_ = self.report_.source
        return self

    def _parameters(self, est: np.ndarray, draws: np.ndarray) -> dict[str, FittedParameter]:
        spec: list[tuple[str, Any, str, str]] = [
            ("shape", "positive", "Weibull shape k (< 1: hazard falls with time since the "
             "war)", "h0(t): shape"),
            ("scale_months", "positive", "Weibull scale lambda, months, all covariates 0",
             "h0(t): scale"),
        ]
        spec += [(f"hr_{c}", "positive", f"hazard ratio of {c} (proportional-hazards form)",
                  f"recurrence hazard multiplier: {c}") for c in self.covariates]
        spec += [
            ("recur_baseline", "probability", f"P(recurrence within {self.window} months), "
             "all covariates 0", "h0(t) check"),
            ("recur_dyads_1946_1997", "probability", f"implied mean P(recurrence within "
             f"{self.window} months), dyads whose war ended 1946-1997",
             "check: published 11/101"),
            ("recur_wars_1946_1997", "probability", f"implied mean P(some dyad of the war "
             f"recurs within {self.window} months), wars ending 1946-1997, dyads independent",
             "check: published 9/33"),
            ("h12_reference", "probability", "monthly hazard 12 months after the war, every "
             "covariate at its mean over the spells (the reference dyad)",
             "initiation: attack_hazard (h at 12 months, reference dyad)"),
        ]
        spec += [(f"mean_{c}", "positive", f"mean of {c} over the spells (the reference dyad)",
                  f"recurrence covariate reference: {c}") for c in self.covariates]
        out = {}
        for j, (name, scale, desc, informs) in enumerate(spec):
            lo, hi = percentile_interval(draws[:, j])
            out[name] = FittedParameter(name, float(est[j]), lo, hi, scale, desc, informs)
        return out


def _wald(m: WeibullAFTFitter) -> list[dict[str, Any]]:
    s = m.summary
    return [{"param": str(i[0]), "covariate": str(i[1]), "coef": float(r["coef"]),
             "lo": float(r["coef lower 95%"]), "hi": float(r["coef upper 95%"])}
            for i, r in s.iterrows()]


__all__ = ["WeibullRecurrenceFitter", "recurrence_data"]
