"""Does an ally come when a state is attacked? A logit on ATOP pledges and COW war entry.

Model
-----
For an attacked state T and a state G holding an ATOP obligation with T in the
year the war began, the probability that G joins the war on T's side is

    P(join) = expit(beta_0 + beta_def defence + beta_maj major + beta_cont contiguous
                    + beta_post post1945 + beta_nuc attacker_nuclear),

fitted by maximum likelihood (statsmodels ``Logit``) with standard errors
clustered by war; odds ratios exp(beta) with 95 % Wald intervals. Implied
shares (mean predicted probability over a subset, e.g. defence pledges after
1945) carry intervals from 4,000 draws of the coefficients from their clustered
sampling distribution (seeded).

Covariates: ``defence`` (ATOP defence obligation between G and T; otherwise
only offence, neutrality, non-aggression or consultation), ``major`` (G a COW
major power that year), ``contiguous`` (G and T directly contiguous, COW types
1-5), ``post1945`` (the war began after 1945), ``attacker_nuclear`` (a state on
the initiating side nuclear-armed by the frame's ICB-based coding; a lower bound).

Data and unit
-------------
COW Inter-State War v4.0 (participants, ``initiator``, ``side``) and the dyad-year
frame of :mod:`foedus.data` (ATOP v5.1 obligations, COW majors, direct
contiguity, nuclear status). Unit: the (war, attacked state, ally) triple. An
*attacked state* is a participant that entered on the side without the war's
initiator(s) within 30 days of the war's start (a target of the attack, not a
later joiner); its *allies* are the states with any ATOP obligation with it in
the war's first year, other than states on the initiating side at the start.

What it can and cannot identify: it measures intervention (joining on the
attacked state's side), which is what a defence pledge promises; for
neutrality, non-aggression and consultation pledges joining is not the
treaty's obligation, so their rate is not "honouring" in the sense of Leeds,
Long & Mitchell (2000) or Berkemeier & Fuhrmann (2018), whose coding checks each
treaty's specific casus foederis (target, place, conditions). Here any war
involving T counts, whether or not the treaty's conditions applied, so the rate
is a lower bound on the honouring of triggered defence pledges. Only wars (1,000
battle deaths) are seen: allies that helped in a smaller fight are not. The
attacked state's side is COW's coding, not a judgement of who attacked whom.

Arrays: one row per triple, ``(triples,)``.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.tools.sm_exceptions import PerfectSeparationError

from foedus.data.table import Table
from foedus.fitting.base import FitReport, FittedParameter, expit
from foedus.study.intervals import wilson

DATASET = ("ATOP v5.1 obligations (Leeds et al. 2002) x COW Inter-State War v4.0 "
           "(Sarkees & Wayman 2010), with COW majors and direct contiguity")
#: ``attacker_nuclear`` is coded but not a default covariate: no ally of a state attacked
#: by a nuclear-armed state joined (0 of 68 triples), which separates perfectly.
COVARIATES = ("defence", "major", "contiguous", "post1945")
ATOP = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
#: Published comparisons: Berkemeier & Fuhrmann 2018 (see the evidence brief, A1).
PUBLISHED = {"post1945": 0.22, "defence": 0.41}
ENTRY_DAYS = 30


def _start(r: dict[str, Any]) -> date:
    mm = 7 if pd.isna(r["startmonth1"]) else int(r["startmonth1"])
    dd = 15 if pd.isna(r["startday1"]) else int(r["startday1"])
    dd = min(dd, 28) if mm == 2 else min(dd, 30 if mm in (4, 6, 9, 11) else 31)
    return date(int(r["startyear1"]), mm, dd)


def _pair(frame: pd.DataFrame) -> pd.DataFrame:
    """Both orientations of the undirected frame rows: ``state, other, year, ...``."""
    cols = ["year", *ATOP, "conttype"]
    a = frame[["ccode1", "ccode2", *cols, "major2"]].rename(
        columns={"ccode1": "state", "ccode2": "other", "major2": "other_major"})
    b = frame[["ccode2", "ccode1", *cols, "major1"]].rename(
        columns={"ccode2": "state", "ccode1": "other", "major1": "other_major"})
    return pd.concat([a, b], ignore_index=True)


def honouring_data(wars: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (war, attacked state, ally), with ``joined`` and the covariates.

    ``frame`` is an undirected dyad-year frame (``ccode1 < ccode2``) with the
    columns ``year``, the ATOP obligations ``atop_*``, ``conttype``, ``major1/2``
    and ``nuclear1/2`` (the dyad-year frame of :mod:`foedus.data`). Columns of
    the result: ``war, year, attacked, ally, joined, joined_against, defence,
    major, contiguous, post1945, attacker_nuclear``.
    """
    need = {"ccode1", "ccode2", "year", *ATOP, "conttype", "major1", "major2",
            "nuclear1", "nuclear2"}
    absent = sorted(need - set(frame.columns))
    if absent:
        raise ValueError(f"the dyad-year frame lacks column(s) {', '.join(absent)}")
    f = wars.frame
    parts = pd.DataFrame([{"war": int(r["warnum"]), "ccode": int(r["ccode"]),
                           "side": int(r["side"]), "init": int(r["initiator"]) == 1,
                           "start": _start({str(k): v for k, v in r.items()})}
                          for r in f.to_dict("records")])
    pairs = _pair(frame)
    pairs = pairs[pairs[list(ATOP)].fillna(0).astype(int).max(axis=1) == 1]
    nuc = pd.concat([frame[["ccode1", "year", "nuclear1"]].set_axis(
        ["state", "year", "nuclear"], axis=1), frame[["ccode2", "year", "nuclear2"]].set_axis(
        ["state", "year", "nuclear"], axis=1)]).dropna()
    nuclear = nuc.groupby(["state", "year"])["nuclear"].max().astype(bool).to_dict()
    rows = []
    for war, p in parts.groupby("war"):
        first = min(p["start"])
        init_sides = set(p.loc[p["init"], "side"])
        if len(init_sides) != 1:
            continue  # no initiator, or initiators on both sides: no attacked side
        (init_side,) = init_sides
        year = first.year
        early = np.array([(s - first).days <= ENTRY_DAYS for s in p["start"]])
        attackers = set(p.loc[(p["side"] == init_side).to_numpy() & early, "ccode"])
        targets = p[(p["side"] != init_side).to_numpy() & early]
        on_side = dict(zip(p["ccode"], p["side"], strict=False))
        sides = p.groupby("ccode")["side"].apply(set).to_dict()
        att_nuc = any(nuclear.get((a, year), False) for a in attackers)
        for t in sorted(set(targets["ccode"])):
            allies = pairs[(pairs["state"] == t) & (pairs["year"] == year)]
            for r in allies.to_dict("records"):
                g = int(float(r["other"]))
                if g in attackers:
                    continue
                g_sides = sides.get(g, set())
                rows.append({
                    "war": int(str(war)), "year": year, "attacked": t, "ally": g,
                    "joined": int(on_side[t] in g_sides),
                    "joined_against": int(init_side in g_sides),
                    "defence": int(r["atop_defense"] == 1),
                    "major": int(bool(r["other_major"])),
                    "contiguous": int(pd.notna(r["conttype"]) and 1 <= r["conttype"] <= 5),
                    "post1945": int(year > 1945), "attacker_nuclear": int(att_nuc)})
    return pd.DataFrame(rows)


class HonouringFitter:
    """Logit of an ally joining an attacked state's war.

    Parameters
    ----------
    covariates : tuple of str
        Columns used as covariates (0/1).
    n_draws : int
        Coefficient draws for the intervals of implied shares.
    seed : int
        Seed of those draws.

    Attributes
    ----------
    params_ : dict of str -> FittedParameter
        ``or_<cov>`` odds ratios, ``join_<subset>`` implied shares, and the raw
        shares ``observed_<subset>`` (Wilson intervals).
    summary_ : pandas.DataFrame
    result_ : statsmodels results (clustered by war)
    n_obs_, n_joined_, n_wars_ : int
    comparison_ : dict
        Shares next to Berkemeier & Fuhrmann (2018): 22 % after 1945, 41 % defence.
    source_ : str
    report_ : FitReport
    """

    def __init__(self, covariates: tuple[str, ...] = COVARIATES, n_draws: int = 4000,
                 seed: int = 20242) -> None:
        self.covariates = tuple(covariates)
        self.n_draws = n_draws
        self.seed = seed

    def fit(self, data: pd.DataFrame) -> HonouringFitter:
        """Fit the logit; see the module docstring."""
        need = {"war", "joined", *self.covariates}
        absent = sorted(need - set(data.columns))
        if absent:
            raise ValueError(f"honouring data lacks column(s) {', '.join(absent)}")
        d = data.reset_index(drop=True)
        constant = [c for c in self.covariates if d[c].nunique() < 2]
        if constant:
            raise ValueError(f"covariate(s) without variation: {', '.join(constant)}")
        X = sm.add_constant(d[list(self.covariates)].astype(float), has_constant="add")
        y = d["joined"].astype(float)
        try:
            res = sm.Logit(y, X).fit(disp=0, cov_type="cluster",
                                     cov_kwds={"groups": d["war"].to_numpy()})
        except PerfectSeparationError as exc:
            raise ValueError(f"a covariate separates joiners perfectly: {exc}") from None
        if not res.mle_retvals.get("converged", True):
            raise ValueError("the logit did not converge (a covariate separates joiners "
                             "almost perfectly)")
        self.result_ = res
        beta = res.params.to_numpy()
        cov = res.cov_params().to_numpy()
        ci = res.conf_int().to_numpy()
        rng = np.random.default_rng(self.seed)
        draws = rng.multivariate_normal(beta, cov, size=self.n_draws)
        out: dict[str, FittedParameter] = {}
        out["join_baseline"] = FittedParameter(
            "join_baseline", float(expit(beta[0])), float(expit(ci[0, 0])),
            float(expit(ci[0, 1])), "probability",
            "P(join | all covariates 0: a non-major, non-contiguous ally with a "
            "non-defence pledge, before 1946)", "pi_g: intercept")
        for j, c in enumerate(self.covariates, start=1):
            out[f"or_{c}"] = FittedParameter(
                f"or_{c}", math.exp(beta[j]), math.exp(ci[j, 0]), math.exp(ci[j, 1]),
                "positive", f"odds ratio of {c} (clustered by war)",
                f"pi_g multiplier: {c}")
        subsets = {"all": np.ones(len(d), bool), "post1945": d.get("post1945", 0) == 1,
                   "defence": d.get("defence", 0) == 1}
        if "post1945" in d and "defence" in d:
            subsets["defence_post1945"] = (d["post1945"] == 1) & (d["defence"] == 1)
        self.comparison_: dict[str, Any] = {}
        for name, mask in subsets.items():
            mask = np.asarray(mask, dtype=bool)
            if not mask.any():
                continue
            xs = X.to_numpy()[mask]
            est = float(expit(xs @ beta).mean())
            sims = expit(xs @ draws.T).mean(axis=0)
            lo, hi = (float(v) for v in np.quantile(sims, [0.025, 0.975]))
            out[f"join_{name}"] = FittedParameter(
                f"join_{name}", est, lo, hi, "probability",
                f"implied P(ally joins), mean over the {name} triples",
                "pi_g check" if name != "defence_post1945" else "pi_g: defence pledge, post-1945")
            k, n = int(d.loc[mask, "joined"].sum()), int(mask.sum())
            w = wilson(k, n)
            assert w is not None
            self.comparison_[name] = {"joined": k, "n": n, "share": w[0], "lo": w[1],
                                      "hi": w[2], "published": PUBLISHED.get(name)}
        self.params_ = out
        self.n_obs_ = len(d)
        self.n_joined_ = int(d["joined"].sum())
        self.n_wars_ = int(d["war"].nunique())
        self.report_ = FitReport(
            fit="honouring", dataset=DATASET, n_obs=self.n_obs_,
            unit=f"(war, attacked state, ally) triples, {self.n_joined_} joined, "
                 f"{self.n_wars_} wars",
            method=(f"logit on {', '.join(self.covariates)} (statsmodels), standard errors "
                    f"clustered by war; implied shares from {self.n_draws} coefficient draws"),
            parameters=tuple(out.values()),
            diagnostics={"observed": self.comparison_,
                         "attacker_nuclear": {
                             "joined": int(d.loc[d["attacker_nuclear"] == 1, "joined"].sum()),
                             "n": int((d["attacker_nuclear"] == 1).sum())}
                         if "attacker_nuclear" in d else None,
                         "joined_against": int(d["joined_against"].sum())
                         if "joined_against" in d else None})
        self.summary_ = self.report_.summary()
        self.source_ = self.report_.source
        return self


__all__ = ["HonouringFitter", "honouring_data"]
