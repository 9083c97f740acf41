"""The period effect on a crisis's war step: ICB crises before and after 1945.

Model
-----
Among ICB crises that reached use of force (``viol`` 2-4: minor clashes,
serious clashes or full-scale war; ladder level 2), the odds of full-scale war
(``viol`` 4; level 3) by period::

    logit P(war | force) = b₀ + ln OR₄₅ · post1945

``post1945`` = the crisis was triggered in 1946 or later. Reaching force does
not differ much by period (71 % before, 75 % after), so the period acts on the
war step: the engine multiplies the high-stakes 2 → 3 rate ``p₂₃`` by
``OR₄₅^(post1945 − m)`` (:func:`foedus.model.ladder.era_factor`), ``m`` the
fitted crises' post-1945 share, which multiplies the war step's odds
``p₂₃ / d₂`` by the same factor; the ladder fit's pooled rates stand for the
pooled population.

Data: ICB v14 crisis-level file (Brecher, Wilkenfeld et al.), read by
:mod:`foedus.data.icb`. Logit by statsmodels (maximum likelihood, Wald
interval). Unit: the crisis.
"""

from __future__ import annotations

import math

import pandas as pd
import statsmodels.api as sm

from foedus.data.table import Table
from foedus.fitting.base import FitReport, FittedParameter

#: First year of the post-1945 period.
POST_YEAR = 1946


def era_data(icb1: Table) -> pd.DataFrame:
    """ICB crises that reached use of force: columns ``post1945`` and ``war`` (0/1)."""
    c = icb1.frame
    viol = c["viol"].astype(int)
    v = c[viol >= 2]
    return pd.DataFrame({"post1945": (v["yrtrig"].astype(int) >= POST_YEAR).astype(int),
                         "war": (v["viol"].astype(int) == 4).astype(int)}).reset_index(drop=True)


class EraFitter:
    """Logit of full-scale war on the period among ICB crises that used force.

    Attributes
    ----------
    odds_ratio_, lo_, hi_ : float
        OR₄₅ and its 95 % Wald interval.
    share_post1945_ : float
        Post-1945 share of the crises (the centre ``m``).
    war_pre_, war_post_ : float
        The raw shares of full-scale war by period.
    n_obs_ : int
    report_ : FitReport
    """

    def fit(self, data: pd.DataFrame) -> EraFitter:
        """Fit the logit; see the module docstring."""
        need = {"post1945", "war"}
        if not need <= set(data.columns):
            raise ValueError(f"era data lacks column(s) {', '.join(sorted(need - set(data)))}")
        if data["post1945"].nunique() < 2 or data["war"].nunique() < 2:
            raise ValueError("the era fit needs crises of both periods, with and without war")
        X = sm.add_constant(data[["post1945"]].astype(float), has_constant="add")
        res = sm.Logit(data["war"].astype(float), X).fit(disp=0)
        b, (lo, hi) = float(res.params.iloc[1]), res.conf_int().iloc[1].to_numpy()
        self.odds_ratio_, self.lo_, self.hi_ = math.exp(b), math.exp(lo), math.exp(hi)
        post = data["post1945"].to_numpy() == 1
        war = data["war"].to_numpy()
        self.share_post1945_ = float(post.mean())
        self.war_pre_, self.war_post_ = float(war[~post].mean()), float(war[post].mean())
        self.n_obs_ = len(data)
        m = self.share_post1945_
        self.report_ = FitReport(
            fit="era", dataset="ICB v14 (Brecher, Wilkenfeld et al.), crises that used force",
            n_obs=self.n_obs_,
            unit=f"crises, {int(post.sum())} from {POST_YEAR}, {int(war.sum())} full-scale wars",
            method="logit of full-scale war on the period (statsmodels, Wald interval)",
            parameters=(
                FittedParameter("odds_ratio", self.odds_ratio_, self.lo_, self.hi_, "positive",
                                "odds ratio of the war step after 1945 (OR₄₅)",
                                "era_odds_ratio"),
                FittedParameter("share_post1945", m, m, m, "probability",
                                "post-1945 share of the fitted crises (the centre m)",
                                "era_share_post1945",
                                prior_spec={"dist": "fixed", "value": round(m, 4)}),
            ),
            diagnostics={"war_share_before": round(self.war_pre_, 4),
                         "war_share_after": round(self.war_post_, 4),
                         "force_crises": self.n_obs_,
                         "log_likelihood": round(float(res.llf), 3)})
        return self
