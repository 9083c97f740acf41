"""The escalation ladder with a latent crisis type, fitted jointly to MIDs and ICB crises.

Model (per episode; an episode is a MID or an ICB crisis)
---------------------------------------------------------
Levels follow MID hostility: threat or display (``hostlev`` 2-3) -> level 1,
use of force (4) -> level 2, war (5) -> level 3; for ICB crises, ``viol`` 1
(no violence) -> level 1, 2-3 (minor or serious clashes) -> level 2, 4
(full-scale war) -> level 3. Every episode starts at level 1 and is of one of
two latent types c in {L (low stakes), H (high stakes)}. Given its type it
reaches use of force with probability a_c and, once there, war with
probability b_c, so its highest level m has

    P(m = 1 | c) = 1 - a_c,   P(m = 2 | c) = a_c (1 - b_c),   P(m = 3 | c) = a_c b_c.

- MIDs (COW MID 4.01, disputes starting 1946-2010) are a mixture: type H with
  probability pi, L otherwise.
- ICB crises are type H (restriction R1: ICB's definition of a crisis, a threat
  to basic values with a heightened probability of military hostilities, is the
  high-stakes episode). With one nuclear-armed crisis actor the war step's odds
  are multiplied by an odds ratio psi1: b_1 = expit(logit b_H + ln psi1).
- Low-stakes episodes reach war with a fixed probability b_L (restriction R2,
  default 0: ``low_class_war``). Without R2 the MID margins leave a ridge:
  pi b_H a_H + (1 - pi) b_L a_L = P(war | MID) is met by any (pi, b_L) pair on
  it, so pi is identified only given b_L (``ridge`` reports the ridge).
- Crises with nuclear-armed states on opposite sides (the 25 hand-classified
  ICB crises of :data:`foedus.validation.baserates.OPPOSED_NUCLEAR_CRISES`):
  direct war between the nuclear-armed adversaries in k of n; reported as a
  per-crisis probability with a Wilson interval and a Beta(1 + k, 1 + n - k)
  prior (the boundary estimate k = 0 has no likelihood interval inside (0, 1)).

Likelihood: multinomial in the counts of highest levels of the MID set and the
ICB no-nuclear and one-nuclear sets (6 free cells, 5 parameters: pi, a_L, a_H,
b_H, psi1; 1 degree of freedom for the goodness-of-fit G^2, which tests that
a nuclear actor acts on the war step only). Maximum likelihood
(``scipy.optimize.minimize`` on logits), 95 % intervals by a stratified
nonparametric bootstrap (episodes resampled within each set).

Per month
---------
The engine steps months. With the type acting on where an episode goes but not
on how long it stays (a Markov chain whose time at a level does not depend on
the exit taken), the mean duration of the disputes that stayed at level 1
estimates the mean sojourn at level 1, S1, and that of the disputes that
stopped at level 2 estimates S1 + S2 (``maxdur``, days / (365.25 / 12)). Each
month at level k the episode leaves with probability q_k = 1 - exp(-1 / S_k),
upwards with share a_c (level 1) or b_c (level 2):

    p12_c = a_c q1,  d1_c = (1 - a_c) q1,  p23_c = b_c q2,  d2_c = (1 - b_c) q2,

so that p12_c / (p12_c + d1_c) = a_c. War disputes' durations include the war
and are not used.

Data and limits
---------------
COW MID 4.01 dispute file (Palmer et al. 2015) and ICB v14 (Brecher et al.),
read by :mod:`foedus.data`. Unit: the episode (dispute or crisis), not the
dyad. ICB crises are by default all crises of the file (1918-2017), the rows
whose shares are the published targets (21.5 %, 16.5 %); ``icb_first_year``
restricts them. ICB counts crises within an ongoing war as war crises, so its
war share overstates the escalation of new episodes; the MID set is pooled over
nuclear configurations (no nuclear term for MIDs); the per-episode model has no
time inside an episode and no deliberate attack during a crisis.

Arrays: ``LadderData.mid_levels`` and ``mid_months`` have shape
``(disputes,)``; each ICB set is an array of highest levels, shape ``(crises,)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.optimize import minimize

from foedus.data.table import Table
from foedus.fitting.base import (
    FitReport,
    FittedParameter,
    FloatArray,
    expit,
    logit,
    percentile_interval,
)
from foedus.study.intervals import wilson
from foedus.validation.baserates import DAYS_PER_MONTH, OPPOSED_NUCLEAR_CRISES

IntArray = NDArray[np.int64]

#: MID ``hostlev`` -> ladder level (1 no militarized action is not an episode).
HOSTLEV_TO_LEVEL = {2: 1, 3: 1, 4: 2, 5: 3}
#: ICB ``viol`` -> ladder level.
VIOL_TO_LEVEL = {1: 1, 2: 2, 3: 2, 4: 3}

DATASET = ("COW MID 4.01 disputes (Palmer et al. 2015) and ICB v14 crises "
           "(Brecher et al.)")


@dataclass(frozen=True)
class LadderData:
    """Highest levels of the MID and ICB episodes the ladder is fitted to.

    Attributes
    ----------
    mid_levels : int array, shape (disputes,)
        Highest level (1-3) of each MID.
    mid_months : float array, shape (disputes,)
        Each MID's maximum duration, months.
    icb_none, icb_one : int array, shape (crises,)
        Highest level of each ICB crisis with no / exactly one nuclear-armed actor.
    opposed_war, opposed_n : int
        Direct wars between nuclear-armed adversaries, and crises with them on
        opposite sides.
    label : str
        The sets' description (periods).
    """

    mid_levels: IntArray
    mid_months: FloatArray
    icb_none: IntArray
    icb_one: IntArray
    opposed_war: int
    opposed_n: int
    label: str = ""

    def __post_init__(self) -> None:
        for name in ("mid_levels", "icb_none", "icb_one"):
            a = getattr(self, name)
            if a.ndim != 1 or a.size == 0 or not np.isin(a, (1, 2, 3)).all():
                raise ValueError(f"{name}: a non-empty 1-d array of levels 1-3 is needed")
        if self.mid_months.shape != self.mid_levels.shape:
            raise ValueError("mid_months must have the shape of mid_levels")
        if not (np.isfinite(self.mid_months).all() and (self.mid_months >= 0).all()):
            raise ValueError("mid_months must be finite and non-negative")
        if not 0 <= self.opposed_war <= self.opposed_n:
            raise ValueError("opposed_war must lie in [0, opposed_n]")

    @property
    def n_obs(self) -> int:
        return int(self.mid_levels.size + self.icb_none.size + self.icb_one.size
                   + self.opposed_n)


def ladder_data(mid: Table, icb1: Table, icb2: Table, mid_first_year: int = 1946,
                mid_last_year: int = 2010, icb_first_year: int | None = None) -> LadderData:
    """Build :class:`LadderData` from the MID dispute file and the ICB files.

    MIDs starting in ``[mid_first_year, mid_last_year]`` with ``hostlev`` >= 2;
    ICB crises triggered in ``icb_first_year`` or later (all when None), split by
    the number of actors coded ``nuclear`` 3 or 4; the opposed-nuclear set is the
    hand classification of :data:`OPPOSED_NUCLEAR_CRISES`, whose direct wars are
    0 (none of those crises saw the nuclear-armed adversaries fight each other).
    """
    m = mid.frame
    m = m[(m["styear"] >= mid_first_year) & (m["styear"] <= mid_last_year)
          & (m["hostlev"] >= 2)]
    levels = np.asarray(m["hostlev"].astype(int).map(HOSTLEV_TO_LEVEL), dtype=np.int64)
    months = np.asarray(m["maxdur"].astype(float), dtype=np.float64) / DAYS_PER_MONTH
    c = icb1.frame
    if icb_first_year is not None:
        c = c[c["yrtrig"] >= icb_first_year]
    a = icb2.frame
    nuclear = a[a["nuclear"].isin([3, 4])].groupby("crisno").size()
    nn = c["crisno"].map(nuclear).fillna(0).astype(int)
    lev = c["viol"].astype(int).map(VIOL_TO_LEVEL)
    opposed = c["crisno"].isin(OPPOSED_NUCLEAR_CRISES)
    icb_period = "all years" if icb_first_year is None else f"from {icb_first_year}"
    return LadderData(
        mid_levels=levels, mid_months=months,
        icb_none=np.asarray(lev[nn == 0], dtype=np.int64),
        icb_one=np.asarray(lev[nn == 1], dtype=np.int64),
        opposed_war=0, opposed_n=int(opposed.sum()),
        label=f"MIDs {mid_first_year}-{mid_last_year}; ICB crises {icb_period}")


def _counts(levels: IntArray) -> FloatArray:
    return np.bincount(levels, minlength=4)[1:].astype(np.float64)


def _cells(theta: FloatArray, b_low: float, homogeneous: bool
           ) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Level probabilities (shape (3,)) of the MID, ICB none and ICB one sets."""
    pi, a_l, a_h, b_h = expit(theta[:4])
    b_1 = expit(theta[3] + theta[4])
    if homogeneous:
        pi = 1.0
    high = np.array([1 - a_h, a_h * (1 - b_h), a_h * b_h])
    low = np.array([1 - a_l, a_l * (1 - b_low), a_l * b_low])
    mid = pi * high + (1 - pi) * low
    one = np.array([1 - a_h, a_h * (1 - b_1), a_h * b_1])
    return mid, high, one


def _negloglik(theta: FloatArray, counts: tuple[FloatArray, FloatArray, FloatArray],
               b_low: float, homogeneous: bool) -> float:
    total = 0.0
    for n, p in zip(counts, _cells(theta, b_low, homogeneous), strict=True):
        total -= float(np.sum(n * np.log(np.clip(p, 1e-300, 1.0))))
    return total


def _start(counts: tuple[FloatArray, FloatArray, FloatArray], b_low: float) -> FloatArray:
    mid, none, one = (c / c.sum() for c in counts)
    a_h = np.clip(1 - none[0], 0.02, 0.98)
    b_h = np.clip(none[2] / a_h, 0.01, 0.99)
    b_1 = np.clip(one[2] / max(1 - one[0], 0.02), 0.01, 0.99)
    pi = np.clip((mid[2] - b_low * (1 - mid[0])) / max(a_h * (b_h - b_low), 1e-3), 0.01, 0.99)
    a_l = np.clip((1 - mid[0] - pi * a_h) / (1 - pi), 0.02, 0.98)
    return np.array([logit(pi), logit(a_l), logit(a_h), logit(b_h),
                     logit(b_1) - logit(b_h)], dtype=np.float64)


def _mle(counts: tuple[FloatArray, FloatArray, FloatArray], b_low: float,
         homogeneous: bool = False, start: FloatArray | None = None) -> tuple[FloatArray, float]:
    x0 = _start(counts, b_low) if start is None else start
    res = minimize(_negloglik, x0, args=(counts, b_low, homogeneous), method="L-BFGS-B",
                   bounds=[(-12, 12)] * 4 + [(-10, 10)])
    return np.asarray(res.x, dtype=np.float64), float(res.fun)


def _g2(counts: tuple[FloatArray, FloatArray, FloatArray], fitted: tuple[FloatArray, ...]
        ) -> float:
    g = 0.0
    for n, p in zip(counts, fitted, strict=True):
        e = p * n.sum()
        pos = n > 0
        g += 2.0 * float(np.sum(n[pos] * np.log(n[pos] / e[pos])))
    return g


def _sojourns(levels: IntArray, months: FloatArray) -> tuple[float, float]:
    """Mean months at level 1 and at level 2 (from disputes stopping at 1 and at 2)."""
    s1 = float(months[levels == 1].mean())
    s12 = float(months[levels == 2].mean())
    return s1, s12 - s1


class LadderMixtureFitter:
    """Fit the two-type ladder jointly to MIDs and ICB crises.

    Parameters
    ----------
    low_class_war : float
        b_L, the low-stakes type's probability of war once at use of force (R2).
    n_bootstrap : int
        Bootstrap resamples for the 95 % intervals.
    seed : int
        Seed of the bootstrap's generator.

    Attributes
    ----------
    params_ : dict of str -> FittedParameter
    summary_ : pandas.DataFrame
        ``estimate, lo, hi, scale, description`` per parameter.
    fitted_table_ : pandas.DataFrame
        Observed and fitted counts of each highest level in each set.
    deviance_, df_ : float, int
        G^2 goodness of fit and its degrees of freedom.
    homogeneous_deviance_ : float
        G^2 of the one-type ladder (pi = 1) on the same cells (df 2).
    n_obs_ : int
    source_ : str
    report_ : FitReport
    """

    def __init__(self, low_class_war: float = 0.0, n_bootstrap: int = 1000,
                 seed: int = 20240) -> None:
        if not 0.0 <= low_class_war < 1.0:
            raise ValueError("low_class_war must lie in [0, 1)")
        if n_bootstrap < 2:
            raise ValueError("n_bootstrap must be at least 2")
        self.low_class_war = low_class_war
        self.n_bootstrap = n_bootstrap
        self.seed = seed

    def _estimates(self, counts: tuple[FloatArray, FloatArray, FloatArray],
                   sojourn: tuple[float, float], start: FloatArray | None = None
                   ) -> tuple[FloatArray, FloatArray]:
        theta, _ = _mle(counts, self.low_class_war, start=start)
        pi, a_l, a_h, b_h = (float(v) for v in expit(theta[:4]))
        psi1 = math.exp(theta[4])
        b_1 = float(expit(theta[3] + theta[4]))
        b_l = self.low_class_war
        s1, s2 = sojourn
        q1 = 1 - math.exp(-1 / s1) if s1 > 0 else math.nan
        q2 = 1 - math.exp(-1 / s2) if s2 > 0 else math.nan
        mid, high, one = _cells(theta, b_l, False)
        values = np.array([
            pi, a_l, a_h, b_h, psi1,
            a_l * q1, (1 - a_l) * q1, a_h * q1, (1 - a_h) * q1,
            b_l * q2, (1 - b_l) * q2, b_h * q2, (1 - b_h) * q2, b_1 * q2,
            s1, s2, mid[2], high[2], one[2], a_h * b_h * pi / max(mid[2], 1e-300)])
        return values, theta

    def fit(self, data: LadderData) -> LadderMixtureFitter:
        """Maximum likelihood and bootstrap intervals; see the module docstring."""
        counts = (_counts(data.mid_levels), _counts(data.icb_none), _counts(data.icb_one))
        sojourn = _sojourns(data.mid_levels, data.mid_months)
        if not (sojourn[0] > 0 and sojourn[1] > 0):
            raise ValueError("disputes that stopped at use of force must last longer on "
                             "average than those that stopped at threats or displays")
        est, theta = self._estimates(counts, sojourn)
        rng = np.random.default_rng(self.seed)
        draws = np.empty((self.n_bootstrap, est.size))
        nm = data.mid_levels.size
        for i in range(self.n_bootstrap):
            idx = rng.integers(0, nm, nm)
            lev, mon = data.mid_levels[idx], data.mid_months[idx]
            bc = (_counts(lev), rng.multinomial(int(counts[1].sum()), counts[1] / counts[1].sum())
                  .astype(np.float64),
                  rng.multinomial(int(counts[2].sum()), counts[2] / counts[2].sum())
                  .astype(np.float64))
            s = _sojourns(lev, mon) if (lev == 1).any() and (lev == 2).any() else (
                math.nan, math.nan)
            draws[i], _ = self._estimates(bc, s, start=theta)
        self.draws_ = draws
        fitted = _cells(theta, self.low_class_war, False)
        self.deviance_ = _g2(counts, fitted)
        self.df_ = 1
        th0, _ = _mle(counts, self.low_class_war, homogeneous=True)
        self.homogeneous_deviance_ = _g2(counts, _cells(th0, self.low_class_war, True))
        self.homogeneous_ = {"a": float(expit(th0[2])), "b": float(expit(th0[3])),
                             "deviance": self.homogeneous_deviance_, "df": 2}
        rows = []
        for label, n, p in zip(("MID", "ICB, no nuclear actor", "ICB, one nuclear actor"),
                               counts, fitted, strict=True):
            for lvl in range(3):
                rows.append({"set": label, "level": lvl + 1, "observed": int(n[lvl]),
                             "fitted": float(p[lvl] * n.sum()),
                             "observed_share": float(n[lvl] / n.sum()),
                             "fitted_share": float(p[lvl])})
        self.fitted_table_ = pd.DataFrame(rows)
        self.n_obs_ = data.n_obs
        self.params_ = self._parameters(est, draws, data)
        self.report_ = FitReport(
            fit="ladder", dataset=DATASET + f" ({data.label})", n_obs=self.n_obs_,
            unit="episodes: disputes and crises",
            method=(f"two-type mixture, maximum likelihood, b_L = {self.low_class_war:g}, "
                    f"stratified bootstrap of {self.n_bootstrap} resamples"),
            parameters=tuple(self.params_.values()),
            diagnostics={
                "deviance": self.deviance_, "df": self.df_,
                "homogeneous": self.homogeneous_,
                "fitted_table": self.fitted_table_.to_dict("records"),
                "crisis_count_share_of_mids": self.crisis_share(data),
                "ridge": self.ridge(data),
            })
        self.summary_ = self.report_.summary()
        self.source_ = self.report_.source
        return self

    @staticmethod
    def crisis_share(data: LadderData) -> float:
        """ICB crises per MID (all ICB sets / MIDs): the share pi would be if every
        crisis were one high-stakes MID (a check on the unit of analysis)."""
        return float((data.icb_none.size + data.icb_one.size) / data.mid_levels.size)

    def ridge(self, data: LadderData, b_low: tuple[float, ...] = (0.0, 0.005, 0.01, 0.015)
              ) -> list[dict[str, float]]:
        """pi and a_L at fixed values of b_L (the identification ridge of R2)."""
        counts = (_counts(data.mid_levels), _counts(data.icb_none), _counts(data.icb_one))
        out = []
        for b in b_low:
            th, _ = _mle(counts, b)
            out.append({"b_low": b, "share_high": float(expit(th[0])),
                        "force_low": float(expit(th[1])),
                        "deviance": _g2(counts, _cells(th, b, False))})
        return out

    def _parameters(self, est: FloatArray, draws: FloatArray, data: LadderData
                    ) -> dict[str, FittedParameter]:
        spec: list[tuple[str, Any, str, str]] = [
            ("share_high", "probability", "share of high-stakes episodes among MIDs (pi)",
             "crisis type: P(high stakes)"),
            ("force_low", "probability", "P(use of force | low stakes), per episode (a_L)",
             "ladder 1->2, low stakes"),
            ("force_high", "probability", "P(use of force | high stakes), per episode (a_H)",
             "ladder 1->2, high stakes"),
            ("war_high", "probability",
             "P(war | use of force, high stakes, no nuclear actor), per episode (b_H)",
             "ladder 2->3, high stakes"),
            ("nuclear_one_odds_ratio", "positive",
             "odds ratio on the war step with one nuclear-armed actor (psi1)",
             "nuclear restraint on 2->3, one nuclear side"),
            ("p12_low", "probability", "monthly P(1->2), low stakes", "ladder p12 (L)"),
            ("d1_low", "probability", "monthly P(level 1 ends), low stakes", "ladder d1 (L)"),
            ("p12_high", "probability", "monthly P(1->2), high stakes", "ladder p12 (H)"),
            ("d1_high", "probability", "monthly P(level 1 ends), high stakes",
             "ladder d1 (H)"),
            ("p23_low", "probability", "monthly P(2->3), low stakes", "ladder p23 (L)"),
            ("d2_low", "probability", "monthly P(level 2 ends), low stakes", "ladder d2 (L)"),
            ("p23_high", "probability", "monthly P(2->3), high stakes, no nuclear actor",
             "ladder p23 (H)"),
            ("d2_high", "probability", "monthly P(level 2 ends), high stakes",
             "ladder d2 (H)"),
            ("p23_high_one_nuclear", "probability",
             "monthly P(2->3), high stakes, one nuclear-armed actor",
             "ladder p23 (H) under nuclear restraint"),
            ("sojourn_1_months", "positive", "mean months at level 1 (S1)", "ladder timing"),
            ("sojourn_2_months", "positive", "mean months at level 2 (S2)", "ladder timing"),
            ("p_war_mid", "probability", "implied P(war | MID)", "check: MID -> war"),
            ("p_war_crisis_none", "probability",
             "implied P(war | ICB crisis, no nuclear actor)", "check: ICB -> war"),
            ("p_war_crisis_one", "probability",
             "implied P(war | ICB crisis, one nuclear actor)", "check: ICB -> war"),
            ("high_share_of_mid_wars", "probability",
             "share of MID wars that come from high-stakes episodes", "crisis type"),
        ]
        out: dict[str, FittedParameter] = {}
        for j, (name, scale, desc, informs) in enumerate(spec):
            if self.low_class_war == 0.0 and name in ("p23_low", "high_share_of_mid_wars"):
                continue  # fixed by R2 (0 and 1): not fitted quantities
            lo, hi = percentile_interval(draws[:, j])
            out[name] = FittedParameter(name, float(est[j]), lo, hi, scale, desc, informs)
        k, n = data.opposed_war, data.opposed_n
        w = wilson(k, n)
        if w is not None:
            out["war_opposed_nuclear"] = FittedParameter(
                "war_opposed_nuclear", w[0], w[1], w[2], "probability",
                f"P(direct war between nuclear-armed adversaries | crisis), {k} of {n} "
                "(Wilson interval)", "nuclear restraint between two nuclear sides",
                prior_spec={"dist": "beta", "mean": (1 + k) / (2 + n),
                            "concentration": float(2 + n)})
        return out


__all__ = ["LadderData", "LadderMixtureFitter", "ladder_data"]
