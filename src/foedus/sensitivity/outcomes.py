"""One outcome value per design point, from its tally, with its Monte Carlo variance.

The value is the point's estimate of the outcome (a proportion over its replications, or the
mean months of peace), as in :class:`foedus.study.result.PolicyResult`. The variance is
that estimate's Monte Carlo variance (``p(1 - p)/n`` for proportions, ``s^2/n`` for the
mean); it measures how much of the design's output variance is simulation noise.

``resumption_given_deal`` divides by the number of signed deals: at a point where no deal was
signed it is undefined and the value is NaN (the analyses then drop that point's group; see
``docs/sensitivity.md``).
"""

from __future__ import annotations

import math

from foedus.engine.tally import Tally
from foedus.study.result import OUTCOME_KEYS

#: Outcomes that exist only when a deal can be signed (settlement scenarios, deal policies).
DEAL_OUTCOMES: frozenset[str] = frozenset({"deal_signed", "resumption_given_deal",
                                           "war_after_deal"})
#: Outcomes that exist only in a settlement scenario (there is no deal stage in a crisis).
SETTLEMENT_OUTCOMES: frozenset[str] = DEAL_OUTCOMES | {"war_no_deal"}


def check_outcome(key: str) -> None:
    """Raise ``ValueError`` naming the known keys if ``key`` is not an outcome."""
    if key not in OUTCOME_KEYS:
        raise ValueError(f"unknown outcome '{key}' (known: {', '.join(OUTCOME_KEYS)})")


def point_value(t: Tally, key: str) -> tuple[float, float]:
    """``(estimate, Monte Carlo variance)`` of outcome ``key``; NaNs if it is undefined."""
    if key == "months_of_peace":
        if t.n == 0:
            return math.nan, math.nan
        mean = t.peace_sum / t.n
        s2 = max(0.0, (t.peace_sumsq - t.n * mean * mean) / (t.n - 1)) if t.n > 1 else 0.0
        return mean, s2 / t.n
    counts = {
        "deal_signed": (t.deal, t.n),
        "war_by_horizon": (t.war, t.n),
        "war_no_deal": (t.war - t.war_deal, t.n),
        "war_after_deal": (t.war_deal, t.n),
        "resumption_given_deal": (t.war_deal, t.deal),
        "guarantor_combat": (t.guarantor_combat, t.n),
        "peacekeepers_struck": (t.peacekeepers_struck, t.n),
        "great_power_war": (t.great_power_war, t.n),
        "nuclear_use": (t.nuclear_use, t.n),
    }
    if key not in counts:
        check_outcome(key)
    k, n = counts[key]
    if n == 0:
        return math.nan, math.nan
    p = k / n
    return p, p * (1.0 - p) / n
