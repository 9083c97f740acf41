"""Published base rates from the COW and ICB files, next to what a lens implies.

Three base rates are computed from the public files (:mod:`foedus.data`):

1. **MID -> war by period** (COW MID 4.01 and GML MID 2.0 dispute files):
   P(war), P(war | use of force) and P(any fatality) for 1816-2010, 1816-1945
   and 1946-2010 (a dispute's period is that of its start year).
2. **ICB violence by nuclear configuration** (ICB v14): the distribution of
   crisis-level violence for all crises, post-1945 crises, and crises with no,
   one, or two or more nuclear-armed actors (actor code ``nuclear`` 3 or 4), plus
   a hand-classified set of 25 crises with nuclear-armed states on opposite sides.
3. **Recurrence of war within a dyad** (COW Inter-State War v4.0): the share of
   warring dyads (states on opposite sides of a war) that fight each other again
   in another war starting within 120 months of their war's end.

Each is set next to the probability that the model, under a lens, gives for a
comparable *generic* dyad (scenarios built here, :func:`generic_scenarios`),
with 95 % intervals. The verdict: *agree* when the model's probability lies
within the record's interval; *overlap* when it lies outside but the two
intervals overlap (the model is off by less than the two uncertainties); *disagree*
when the intervals do not overlap.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from foedus.data.cow import read_mid, read_wars
from foedus.data.icb import read_icb1, read_icb2
from foedus.data.paths import FILES, default_data_dir, missing_files
from foedus.data.table import Excluded, Table
from foedus.data.wardyads import add_months, by_pair, later_wars, war_dyads
from foedus.evidence import fitted
from foedus.evidence.casefile import CaseFile, rule_coded_cases
from foedus.evidence.lenses import resolve
from foedus.scenario.loader import Document, parse_scenario
from foedus.study.intervals import wilson
from foedus.study.simulation import Simulation
from foedus.validation.forecast import simulate_case

DAYS_PER_MONTH = 365.25 / 12

#: Periods of the MID table (by a dispute's start year).
PERIODS: tuple[tuple[str, int, int], ...] = (
    ("1816-2010", 1816, 2010), ("1816-1945", 1816, 1945), ("1946-2010", 1946, 2010))

#: Crises with nuclear-armed states on opposite sides (ICB numbers), as classified by
#: hand in the project's evidence brief (section A8): Korean War II, Suez, Berlin
#: Deadline, Berlin Wall, Cuban Missiles, Congo II, Six Day War, Ussuri River, Yom
#: Kippur, Angola, Afghanistan Invasion, Kashmir III, India-Pakistan nuclear tests,
#: Kargil, Indian Parliament attack, Kaluchak, North Korea nuclear III-VII,
#: India-Pakistan border firing, Turkey-Russia jet incident, Uri, Syria chemical
#: weapons II. In none of them did the nuclear-armed adversaries fight a full-scale
#: war against each other.
OPPOSED_NUCLEAR_CRISES: tuple[int, ...] = (
    133, 152, 168, 185, 196, 211, 222, 231, 255, 260, 303, 392, 425, 431, 435, 436,
    450, 459, 469, 477, 487, 473, 476, 482, 486)

RECURRENCE_MONTHS = 120

CITATIONS = {
    "mid_cow": "Palmer, D'Orazio, Kenwick & Lane 2015, Conflict Management and Peace "
               "Science 32(2) (COW MID 4.01)",
    "mid_gml": "Gibler, Miller & Little 2016, International Studies Quarterly 60(4) "
               "(GML MID 2.0)",
    "wars": "Sarkees & Wayman 2010, Resort to War, CQ Press (COW Inter-State War v4.0)",
    "icb": "Brecher, Wilkenfeld, Beardsley, James & Quinn, International Crisis Behavior "
           "data v14",
}


class DataMissingError(ValueError):
    """The data folder lacks a file the base rates need."""


@dataclass(frozen=True)
class Rate:
    """A proportion with its 95 % Wilson interval."""

    k: int
    n: int

    @property
    def p(self) -> float:
        return self.k / self.n if self.n else math.nan

    @property
    def interval(self) -> tuple[float, float]:
        w = wilson(self.k, self.n)
        return (math.nan, math.nan) if w is None else (w[1], w[2])

    def to_dict(self) -> dict[str, Any]:
        lo, hi = self.interval
        return {"k": self.k, "n": self.n, "p": _r(self.p), "lo": _r(lo), "hi": _r(hi)}


def _r(x: float) -> float | None:
    return None if math.isnan(x) else round(x, 6)


# --- 1. MID -> war -------------------------------------------------------------------------

@dataclass(frozen=True)
class MidRow:
    """Escalation of the disputes of one dataset and period."""

    dataset: str
    period: str
    disputes: int
    wars: int
    force: int            # disputes reaching use of force or war (hostlev >= 4)
    fatal: int            # disputes coded with at least one fatality (fatality >= 1)
    fatality_unknown: int  # disputes whose fatality is coded unknown

    @property
    def p_war(self) -> Rate:
        return Rate(self.wars, self.disputes)

    @property
    def p_war_given_force(self) -> Rate:
        return Rate(self.wars, self.force)

    @property
    def p_fatal(self) -> Rate:
        """Share coded fatal among all disputes (unknown counted as not known fatal)."""
        return Rate(self.fatal, self.disputes)

    def to_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "period": self.period, "disputes": self.disputes,
                "wars": self.wars, "use_of_force": self.force,
                "fatality_unknown": self.fatality_unknown,
                "p_war": self.p_war.to_dict(),
                "p_war_given_force": self.p_war_given_force.to_dict(),
                "p_any_fatality": self.p_fatal.to_dict()}


def mid_rates(table: Table, dataset: str) -> list[MidRow]:
    """MID -> war rates by period (see :data:`PERIODS`)."""
    f = table.frame
    out = []
    for label, lo, hi in PERIODS:
        s = f[(f["styear"] >= lo) & (f["styear"] <= hi)]
        out.append(MidRow(dataset, label, len(s), int((s["hostlev"] == 5).sum()),
                          int((s["hostlev"] >= 4).sum()),
                          int((s["fatality"].fillna(0) >= 1).sum()),
                          int(s["fatality"].isna().sum())))
    return out


def mean_duration_months(table: Table, first_year: int = 1946) -> float:
    """Mean maximum duration (``maxdur``, days) of MIDs starting in or after ``first_year``."""
    f = table.frame
    d = f.loc[f["styear"] >= first_year, "maxdur"].dropna()
    return float(d.mean()) / DAYS_PER_MONTH


# --- 2. ICB ------------------------------------------------------------------------------

@dataclass(frozen=True)
class IcbRow:
    """Distribution of crisis-level violence (``viol`` 1..4) in one set of crises."""

    label: str
    counts: tuple[int, int, int, int]

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def war(self) -> Rate:
        return Rate(self.counts[3], self.n)

    def shares(self) -> tuple[float, ...]:
        return tuple(c / self.n if self.n else math.nan for c in self.counts)

    def to_dict(self) -> dict[str, Any]:
        return {"crises": self.label, "n": self.n,
                "counts": dict(zip(("none", "minor", "serious", "war"), self.counts,
                                   strict=True)),
                "p_full_scale_war": self.war.to_dict()}


def icb_rates(crises: Table, actors: Table) -> list[IcbRow]:
    """ICB violence by nuclear configuration (ICB v14)."""
    c = crises.frame
    a = actors.frame
    nuclear = a[a["nuclear"].isin([3, 4])].groupby("crisno").size()
    nn = c["crisno"].map(nuclear).fillna(0).astype(int)

    def row(label: str, mask: pd.Series) -> IcbRow:
        v = c.loc[mask, "viol"]
        counts = tuple(int((v == k).sum()) for k in (1, 2, 3, 4))
        return IcbRow(label, counts)  # type: ignore[arg-type]

    every = pd.Series(True, index=c.index)
    return [
        row("all crises, 1918-2017", every),
        row("crises triggered in 1945 or later", c["yrtrig"] >= 1945),
        row("no nuclear-armed crisis actor", nn == 0),
        row("exactly one nuclear-armed actor", nn == 1),
        row("two or more nuclear-armed actors (any side)", nn >= 2),
        row("nuclear-armed actors on opposing sides (hand classification)",
            c["crisno"].isin(OPPOSED_NUCLEAR_CRISES)),
    ]


def mean_crisis_months(actors: Table) -> float:
    """Mean crisis duration for an actor (``trgterra``, days, where recorded), in months."""
    return float(actors.frame["trgterra"].dropna().mean()) / DAYS_PER_MONTH


# --- 3. Recurrence of war within a dyad -------------------------------------------------------

@dataclass(frozen=True)
class RecurrenceRow:
    """Recurrence of war within dyads whose war ended in a period."""

    label: str
    dyads: Rate          # dyads fighting each other again within the window
    wars: Rate           # wars with at least one dyad fighting again
    censored: int        # dyads whose window runs past the data's end

    def to_dict(self) -> dict[str, Any]:
        return {"wars_ending": self.label, "months": RECURRENCE_MONTHS,
                "dyads": self.dyads.to_dict(), "wars": self.wars.to_dict(),
                "censored_dyads": self.censored}


def recurrence(wars: Table, data_end: date = date(2007, 12, 31),
               months: int = RECURRENCE_MONTHS) -> list[RecurrenceRow]:
    """Share of warring dyads that fight each other again within ``months`` of the war's end.

    A dyad recurs when the same two states are on opposite sides of another war
    that starts after their war ended and no later than ``months`` after it.
    Periods are by the year the dyad's war ended, up to the last year whose
    whole window lies within the data; dyads whose window ends after
    ``data_end`` (the file's coverage) are censored: left out and counted.
    """
    dyads = war_dyads(wars)
    pairs = by_pair(dyads)
    rows = []
    last = data_end.year - months // 12
    for label, lo, hi in ((f"1816-{last}", 1816, last), (f"1946-{last}", 1946, last)):
        k = n = cens = 0
        war_hit: dict[int, bool] = {}
        for d in dyads:
            if not lo <= d.end.year <= hi:
                continue
            if add_months(d.end, months) > data_end:
                cens += 1
                continue
            again = bool(later_wars(d, pairs, months))
            n += 1
            k += again
            war_hit[d.war] = war_hit.get(d.war, False) or again
        rows.append(RecurrenceRow(label, Rate(k, n),
                                  Rate(sum(war_hit.values()), len(war_hit)), cens))
    return rows


# --- model side: generic scenarios --------------------------------------------------------------

#: Months a generic dispute or crisis is followed: long enough for its episode to end (the
#: fitted mean sojourns are 1.7 and 3.7 months at levels 1 and 2).
EPISODE_MONTHS = 36

#: Revisionism of the generic dyads' sides: the challenger at the resolve fit's reference
#: (R = 1, the fitted populations' typical challenger: docs/model.md §4.5), the other side at
#: the rule-coded cases' value for a crisis's target or a war's winner (docs/cases.md).
CHALLENGER_REVISIONISM = fitted.estimate("resolve.reference")
OTHER_REVISIONISM = 0.2


def _state(sid: str, name: str, *, nuclear: bool = False, revisionism: float = 0.0,
           capability: float = 0.1) -> dict[str, Any]:
    return {"id": sid, "name": name, "nuclear": nuclear, "capability": capability,
            "revisionism": revisionism,
            "source": "generic state (assumption): no allies"}


def _period(post1945: bool | None) -> dict[str, Any]:
    """The ``dyad`` block giving a generic dyad the period of the record it is set against
    (none: the record spans both periods, so the fitted population's mix applies)."""
    if post1945 is None:
        return {}
    return {"dyad": {"post1945": post1945,
                     "source": "the period of the record this generic dyad is compared with"}}


def _crisis(sid: str, name: str, level: int, horizon: int, nuclear: tuple[bool, bool],
            stakes: str = "high", post1945: bool | None = None) -> Document:
    data = {
        "id": sid, "name": name, "adversary": "a", "protected": "b", "start": "crisis",
        "horizon": horizon, "seed": 1,
        "actors": [_state("a", "State A", nuclear=nuclear[0],
                          revisionism=CHALLENGER_REVISIONISM),
                   _state("b", "State B", nuclear=nuclear[1], revisionism=OTHER_REVISIONISM)],
        "initial_levels": [{"a": "a", "b": "b", "level": level, "initiator": "a",
                            "stakes": stakes}],
        "policies": [{"id": "none", "name": "no third party", "source": "generic"}],
        **_period(post1945),
    }
    return parse_scenario(json.dumps(data), f"<generic {sid}>")


@dataclass(frozen=True)
class Generic:
    """A generic dyad, the model outcome read from it, and the record it is set against."""

    key: str
    description: str
    doc: Document
    outcome: str          # an outcome key of the result
    record: str           # what it is compared with (human-readable)
    record_rate: Rate
    source: str


@dataclass(frozen=True)
class Population:
    """Dyads of the record itself, each simulated as coded, against the record's rate."""

    key: str
    description: str
    cases: tuple[CaseFile, ...]
    record: str
    record_rate: Rate
    source: str


def recurrence_population(rec: list[RecurrenceRow]) -> Population:
    """The recurrence of war over the record's own post-1945 warring dyads.

    A single "typical" dyad understates the record's rate: the recurrence
    hazard is convex in its covariates (a rivalry multiplies it by about ten),
    so the mean over dyads exceeds the hazard of the mean dyad. The comparison
    therefore takes the rule-coded post-war cases (COW Inter-State War v4.0
    dyads, each with its contiguity, rivalry, capabilities and revisionism by
    rule: docs/cases.md) whose war ended in the record row's years, forecasts
    each over 120 months given its ceasefire, and sets the mean forecast
    against the share of those years' warring dyads that fought again.
    """
    post = rec[-1]
    lo, hi = (int(y) for y in post.label.split("-"))
    cases = tuple(c for c in rule_coded_cases()
                  if c.id.startswith("rc-war") and lo <= c.record.case.start_date.year <= hi)
    return Population(
        "recurrence", f"the record's {len(cases)} post-war dyads (rule-coded), 120 months",
        cases, f"warring dyads fighting again within 120 months, COW wars ending {post.label}",
        post.dyads, CITATIONS["wars"])


@dataclass(frozen=True)
class Comparison:
    """A base rate from the record next to the model's probability for a generic dyad."""

    key: str
    description: str
    record: str
    record_rate: Rate
    model: tuple[float, float, float]  # p, lo, hi
    source: str

    @property
    def verdict(self) -> str:
        """``agree`` (the model's probability within the record's interval), ``overlap:
        model lower|higher`` (outside it, the intervals overlapping) or ``disagree: model
        lower|higher`` (the intervals apart)."""
        lo, hi = self.record_rate.interval
        p, mlo, mhi = self.model
        if lo <= p <= hi:
            return "agree"
        side = "lower" if p < lo else "higher"
        if mhi < lo or mlo > hi:
            return f"disagree: model {side}"
        return f"overlap: model {side}"

    def to_dict(self) -> dict[str, Any]:
        p, lo, hi = self.model
        return {"key": self.key, "description": self.description, "record": self.record,
                "record_rate": self.record_rate.to_dict(),
                "model": {"p": round(p, 6), "lo": round(lo, 6), "hi": round(hi, 6)},
                "verdict": self.verdict, "source": self.source}


def generic_scenarios(mids: list[MidRow], mid_months: float, icb: list[IcbRow],
                      crisis_months: float) -> list[Generic]:
    """The generic dyads compared with the record (post-1945 rates throughout).

    Sides: the challenger ``a`` at the resolve fit's reference revisionism
    (:data:`CHALLENGER_REVISIONISM`), the other at :data:`OTHER_REVISIONISM`. Each
    dyad has the period of its record: after 1945 for the MIDs (1946-2010), the
    crises with a nuclear-armed side and the recurrence; the ICB crises with no
    nuclear-armed side span 1918-2017, so that dyad's period is left to the fitted
    population's mix.

    - ``mid``: two non-nuclear states with no allies, starting at
      level 1 (incidents: a threat or display), over the mean duration of a
      post-1945 MID; war = level 3 -> COW P(war | MID), 1946-2010.
    - ``mid-force``: the same from level 2 (limited strikes) -> P(war | use of force).
    - ``crisis-none`` / ``crisis-one``: an ICB-like crisis (level 1, mean ICB crisis
      duration) with no / one nuclear-armed side -> share of full-scale wars among
      crises with no / exactly one nuclear-armed actor.
    - ``crisis-both``: both sides nuclear-armed -> direct full-scale war in the 25
      crises with nuclear-armed states on opposite sides (0 of 25).

    The recurrence of war is compared over the record's own dyads instead
    (:func:`recurrence_population`).
    """
    cow = {r.period: r for r in mids if r.dataset == "COW MID 4.01"}["1946-2010"]
    # the ladder fit's rates are per completed episode: follow it until it ends
    h_mid = max(EPISODE_MONTHS, round(mid_months))
    h_icb = max(EPISODE_MONTHS, round(crisis_months))
    by = {r.label: r for r in icb}
    mid_src = CITATIONS["mid_cow"]
    icb_src = CITATIONS["icb"]
    return [
        Generic("mid", f"two states, no allies, from incidents (level 1), {h_mid} months",
                _crisis("generic-mid", "generic MID", 1, h_mid, (False, False), "drawn", True),
                "war_by_horizon", "P(war | MID), COW MID 4.01, 1946-2010", cow.p_war,
                mid_src),
        Generic("mid-force", f"as above, from limited strikes (level 2), {h_mid} months",
                _crisis("generic-mid-force", "generic MID with force", 2, h_mid,
                        (False, False), "drawn", True),
                "war_by_horizon", "P(war | use of force), COW MID 4.01, 1946-2010",
                cow.p_war_given_force, mid_src),
        Generic("crisis-none", f"crisis (level 1), no nuclear side, {h_icb} months",
                _crisis("generic-crisis-none", "generic crisis", 1, h_icb, (False, False)),
                "war_by_horizon", "full-scale war, ICB crises with no nuclear-armed actor",
                by["no nuclear-armed crisis actor"].war, icb_src),
        Generic("crisis-one", f"crisis (level 1), one nuclear-armed side, {h_icb} months",
                _crisis("generic-crisis-one", "generic crisis", 1, h_icb, (True, False),
                        post1945=True),
                "war_by_horizon", "full-scale war, ICB crises with one nuclear-armed actor",
                by["exactly one nuclear-armed actor"].war, icb_src),
        Generic("crisis-both", f"crisis (level 1), both sides nuclear-armed, {h_icb} months",
                _crisis("generic-crisis-both", "generic crisis", 1, h_icb, (True, True),
                        post1945=True),
                "war_by_horizon",
                "direct full-scale war, ICB crises with nuclear-armed adversaries (0 of 25)",
                Rate(0, by["nuclear-armed actors on opposing sides (hand classification)"].n),
                icb_src),
    ]


# --- the estimator --------------------------------------------------------------------------------

class BaseRates:
    """Compute the published base rates and compare them with a lens.

    Parameters
    ----------
    data_dir : path or None
        Folder holding ``cow/`` and ``icb/`` (default: :func:`default_data_dir`).
    lens : str
        Bundled lens used for the generic dyads.
    replications : int
        Replications per generic dyad.
    seed : int
        Root seed of the simulations.

    Attributes
    ----------
    mid_ : list of MidRow
    icb_ : list of IcbRow
    recurrence_ : list of RecurrenceRow
    comparisons_ : list of Comparison
    excluded_ : dict of file name -> tuple of Excluded
    missing_ : dict of file name -> {column: count of missing codes}
    horizons_ : dict with the mean MID and ICB durations (months) used as horizons
    """

    def __init__(self, data_dir: str | Path | None = None, lens: str = "evidence",
                 replications: int = 20_000, seed: int = 2024) -> None:
        self.data_dir = data_dir
        self.lens = lens
        self.replications = replications
        self.seed = seed

    def run(self, on_progress: Callable[[str], None] | None = None) -> BaseRates:
        """Read the files, compute the base rates and simulate the generic dyads."""
        d = Path(self.data_dir) if self.data_dir is not None else default_data_dir()
        absent = missing_files(d)
        if absent:
            raise DataMissingError(
                f"data folder {d} lacks {', '.join(absent)} (use --data DIR or "
                "$FOEDUS_DATA)")
        tables = {
            "mid_cow": read_mid(d / FILES["mid_cow"], "cow"),
            "mid_gml": read_mid(d / FILES["mid_gml"], "gml"),
            "wars": read_wars(d / FILES["wars"]),
            "icb1": read_icb1(d / FILES["icb1"]),
            "icb2": read_icb2(d / FILES["icb2"]),
        }
        self.excluded_: dict[str, tuple[Excluded, ...]] = {
            t.file: t.excluded for t in tables.values() if t.excluded}
        self.missing_: dict[str, dict[str, int]] = {
            t.file: t.missing for t in tables.values() if t.missing}
        self.mid_ = (mid_rates(tables["mid_cow"], "COW MID 4.01")
                     + mid_rates(tables["mid_gml"], "GML MID 2.0"))
        self.icb_ = icb_rates(tables["icb1"], tables["icb2"])
        self.recurrence_ = recurrence(tables["wars"])
        self.horizons_ = {"mid_months": mean_duration_months(tables["mid_cow"]),
                          "crisis_months": mean_crisis_months(tables["icb2"])}
        generic = generic_scenarios(self.mid_, self.horizons_["mid_months"], self.icb_,
                                    self.horizons_["crisis_months"])
        self.comparisons_ = [self._simulate(g, on_progress) for g in generic]
        self.comparisons_.append(self._simulate_population(
            recurrence_population(self.recurrence_), on_progress))
        return self

    def _simulate(self, g: Generic, on_progress: Callable[[str], None] | None) -> Comparison:
        if on_progress is not None:
            on_progress(g.key)
        sim = Simulation(lens=self.lens, replications=self.replications,
                         seed=self.seed).run(g.doc)
        (pr,) = sim.result_.policies.values()
        est = pr.outcomes[g.outcome]
        if est is None:
            raise RuntimeError(f"generic dyad {g.key}: outcome {g.outcome} is empty")
        return Comparison(g.key, g.description, g.record, g.record_rate,
                          (est.value, est.lo, est.hi), g.source)

    def _simulate_population(self, pop: Population,
                             on_progress: Callable[[str], None] | None) -> Comparison:
        """Mean forecast over ``pop``'s cases (case ``i`` with seed ``seed + i``), with a
        normal interval from the cases' Monte Carlo variances."""
        if on_progress is not None:
            on_progress(pop.key)
        reps = max(1000, self.replications // 10)
        ps, var = [], 0.0
        for i, case in enumerate(pop.cases):
            f = simulate_case(case, resolve(case.document, self.lens), reps, self.seed + i)
            if f.signed == 0 or not math.isfinite(f.p_war):
                continue
            ps.append(f.p_war)
            var += f.p_war * (1.0 - f.p_war) / f.signed
        if not ps:
            raise RuntimeError(f"{pop.key}: no case could be forecast")
        p = sum(ps) / len(ps)
        half = 1.959964 * math.sqrt(var) / len(ps)
        return Comparison(pop.key, pop.description, pop.record, pop.record_rate,
                          (p, max(0.0, p - half), min(1.0, p + half)), pop.source)

    def to_dict(self) -> dict[str, Any]:
        """Everything computed, JSON-ready."""
        return {
            "lens": self.lens, "replications": self.replications, "seed": self.seed,
            "mid": [r.to_dict() for r in self.mid_],
            "icb": [r.to_dict() for r in self.icb_],
            "recurrence": [r.to_dict() for r in self.recurrence_],
            "horizons_months": {k: round(v, 3) for k, v in self.horizons_.items()},
            "comparisons": [c.to_dict() for c in self.comparisons_],
            "excluded": {f: [{"row": e.row, "record": e.key, "reason": e.reason} for e in ex]
                         for f, ex in self.excluded_.items()},
            "missing_codes": self.missing_,
            "sources": CITATIONS,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per comparison: ``key, record, estimate, lo, hi, model, model_lo,
        model_hi, verdict``."""
        rows = []
        for c in self.comparisons_:
            lo, hi = c.record_rate.interval
            rows.append({"key": c.key, "record": c.record, "estimate": c.record_rate.p,
                         "lo": lo, "hi": hi, "model": c.model[0], "model_lo": c.model[1],
                         "model_hi": c.model[2], "verdict": c.verdict})
        return pd.DataFrame(rows)


__all__ = ["BaseRates", "Comparison", "IcbRow", "MidRow", "Rate", "RecurrenceRow"]
