"""Baselines of the back-test: a base rate and a ridge logistic regression on case features.

Both baselines forecast a binary outcome of a case (``war``, or ``guarantor``
for cases with a guarantor; :func:`outcome_values`) from a *training* set of
cases:

* **base rate**: the share of training cases with the outcome;
* **logistic** (:class:`FeatureLogit`): ``P(y = 1 | x) = σ(b₀ + Σ_k b_k z_k)``
  with ``z`` the features standardised on the training cases, fitted by
  maximum penalised likelihood (penalty ``alpha/2 · Σ_k b_k²`` on the slopes,
  intercept free) with :func:`scipy.optimize.minimize` (L-BFGS, analytic
  gradient). With a few dozen cases an unpenalised fit separates; ``alpha = 1``
  keeps coefficients finite.

The features (:func:`case_features`) come from the case's scenario as coded at
its start, so they exist for hand-coded and rule-coded cases alike.

Training sets (:func:`baseline_forecasts`): *leave-one-out* within the scored
cases (``train=None``: case ``i`` is forecast from the others), or a named
library applied to any scored cases; a scored case that is also in the
library (same id) is left out of its own training set, so no forecast ever
sees its own outcome. Arrays: ``y`` and forecasts ``(n_cases,)``, features
``(n_cases, len(FEATURES))``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import expit

from foedus.evidence.casefile import CaseFile, guarantors

F = NDArray[np.float64]
B = NDArray[np.bool_]

FEATURES: tuple[str, ...] = ("adversary_revisionism", "log_capability_ratio", "guarantee",
                             "active_crisis")
#: Fewest training cases a baseline is fitted on.
MIN_TRAIN = 3


def case_features(case: CaseFile) -> dict[str, float]:
    """Features of a case, computed from its scenario as coded at the start date.

    ``adversary_revisionism``; ``log_capability_ratio`` = log(adversary /
    protected capability), clipped to ±5; ``guarantee`` = 1 if a third party
    has a military commitment to the protected state under the case's policy;
    ``active_crisis`` = 1 if the main dyad starts above peace in a crisis
    case (a settlement case starts at peace once the deal is signed).
    """
    s = case.scenario
    adv, prot = s.actor(s.adversary), s.actor(s.protected)
    ratio = math.log(max(adv.capability, 1e-6) / max(prot.capability, 1e-6))
    level = 0
    for lv in s.initial_levels:
        if {lv.a, lv.b} == {s.adversary, s.protected}:
            level = lv.level
    return {
        "adversary_revisionism": adv.revisionism,
        "log_capability_ratio": max(-5.0, min(5.0, ratio)),
        "guarantee": float(bool(guarantors(s, case.policy))),
        "active_crisis": float(s.start == "crisis" and level >= 1),
    }


def feature_matrix(cases: Sequence[CaseFile]) -> F:
    """``(n_cases, len(FEATURES))`` matrix of :func:`case_features`."""
    return np.array([[case_features(c)[f] for f in FEATURES] for c in cases],
                    dtype=float).reshape(len(cases), len(FEATURES))


def outcome_values(cases: Sequence[CaseFile], outcome: str) -> tuple[B, F]:
    """``(has, y)``: which cases have the outcome defined, and its 0/1 values.

    ``war`` is defined for every case; ``guarantor`` only for cases with a
    guarantor (``y`` is 0 where undefined).
    """
    if outcome == "war":
        return np.ones(len(cases), dtype=bool), np.array([float(c.war) for c in cases])
    if outcome == "guarantor":
        has = np.array([c.guarantor is not None for c in cases], dtype=bool)
        return has, np.array([float(bool(c.guarantor)) for c in cases])
    raise ValueError(f"unknown outcome '{outcome}' (war or guarantor)")


def loo_base_rate(y: F) -> F:
    """Leave-one-out base rate: for each case, the share of the others with ``y = 1``."""
    n = len(y)
    if n < 2:
        raise ValueError("a leave-one-out base rate needs at least 2 cases")
    return (y.sum() - y) / (n - 1)


class FeatureLogit:
    """Ridge-penalised logistic regression on case features.

    Parameters
    ----------
    alpha : float
        L2 penalty on the standardised slopes (not the intercept).
    """

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha

    def fit(self, X: F, y: F) -> FeatureLogit:
        """Fit on features ``X`` (n, k) and outcomes ``y`` (n,); sets ``coef_``."""
        self.mean_ = X.mean(axis=0)
        sd = X.std(axis=0)
        self.scale_ = np.where(sd > 1e-12, sd, 1.0)
        Z = np.column_stack([np.ones(len(y)), (X - self.mean_) / self.scale_])
        pen = np.r_[0.0, np.full(X.shape[1], self.alpha)]

        def f(b: F) -> tuple[float, F]:
            eta = Z @ b
            nll = float(np.sum(np.logaddexp(0.0, eta) - y * eta) + 0.5 * np.sum(pen * b * b))
            grad = Z.T @ (expit(eta) - y) + pen * b
            return nll, grad

        res = minimize(f, np.zeros(Z.shape[1]), jac=True, method="L-BFGS-B")
        self.coef_ = res.x
        return self

    def predict(self, X: F) -> F:
        """P(y = 1) for features ``X``."""
        Z = np.column_stack([np.ones(len(X)), (X - self.mean_) / self.scale_])
        return np.asarray(expit(Z @ self.coef_), dtype=float)

    def loo(self, cases: Sequence[CaseFile], y: F) -> F:
        """Leave-one-out forecasts for ``cases`` with outcomes ``y``."""
        X = feature_matrix(cases)
        out = np.empty(len(y))
        for i in range(len(y)):
            keep = np.arange(len(y)) != i
            out[i] = FeatureLogit(self.alpha).fit(X[keep], y[keep]).predict(X[i:i + 1])[0]
        return out


def baseline_forecasts(scored: Sequence[CaseFile], outcome: str,
                       train: Sequence[CaseFile] | None = None, alpha: float = 1.0
                       ) -> tuple[F, F]:
    """``(base rate, logistic)`` forecasts of ``outcome`` for the ``scored`` cases.

    ``train=None``: leave-one-out within the scored cases that have the outcome.
    Otherwise each scored case is forecast from the cases of ``train`` that have
    the outcome, less any case with the same id as the scored one. Forecasts are
    NaN where the outcome is undefined.

    Raises
    ------
    ValueError
        When a training set has fewer than :data:`MIN_TRAIN` cases (leave-one-out: fewer
        than ``MIN_TRAIN + 1`` cases with the outcome).
    """
    has, y = outcome_values(scored, outcome)
    base = np.full(len(scored), np.nan)
    logit = np.full(len(scored), np.nan)
    idx = [int(i) for i in np.flatnonzero(has)]
    if train is None:
        if len(idx) - 1 < MIN_TRAIN:
            raise ValueError(f"leave-one-out baselines for '{outcome}' need at least "
                             f"{MIN_TRAIN + 1} cases with the outcome defined (each is "
                             f"forecast from the others), not {len(idx)}")
        sub = [scored[i] for i in idx]
        base[idx] = loo_base_rate(y[idx])
        logit[idx] = FeatureLogit(alpha).loo(sub, y[idx])
        return base, logit
    t_has, t_y = outcome_values(train, outcome)
    t_idx = [int(i) for i in np.flatnonzero(t_has)]
    t_ids = np.array([train[i].id for i in t_idx], dtype=np.str_)
    X_s = feature_matrix(scored)
    X_t = feature_matrix([train[i] for i in t_idx])
    in_train = set(t_ids.tolist())
    fits: dict[str, tuple[float, FeatureLogit]] = {}
    for i in idx:
        own = scored[i].id
        key = own if own in in_train else ""
        if key not in fits:
            keep = t_ids != key
            if int(keep.sum()) < MIN_TRAIN:
                raise ValueError(f"the training library has {int(keep.sum())} cases with "
                                 f"'{outcome}' defined; at least {MIN_TRAIN} are needed")
            yk = t_y[t_idx][keep]
            fits[key] = (float(yk.mean()), FeatureLogit(alpha).fit(X_t[keep], yk))
        rate, model = fits[key]
        base[i] = rate
        logit[i] = model.predict(X_s[i:i + 1])[0]
    return base, logit
