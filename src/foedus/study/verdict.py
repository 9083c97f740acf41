"""The verdict of a comparison: which policy is best on each outcome, and how sure that is.

For every outcome of the registry (:data:`foedus.study.result.OUTCOME_KEYS`, so outcomes
added there appear here on their own) the policies with an estimate are ranked, best first
(lowest for a harm, highest for an outcome in
:data:`~foedus.study.result.HIGHER_IS_BETTER`), and each policy's gap to the best is given
with a 95 % interval. A gap is **clear** when its interval excludes 0; policies whose gap is
not clear share the lead with the best (they are *tied*: the simulation cannot tell them
apart at this number of replications).

Pairing. Policies share their random numbers: replication ``i`` of every policy gets the
same parameter draws, credibility draws, deal uniforms and stream seeds (common random
numbers, :mod:`foedus.engine.simulate`). Each gap's interval is therefore the paired one of
:func:`foedus.study.paired.gap` (Newcombe's square-and-add interval for paired proportions,
the normal interval on per-replication differences for months of peace), narrower than an
unpaired one when the policies' outcomes move together. Where pairs are not available (the
conditional ``resumption_given_deal``, or a result stored before per-replication rows were
kept) the gap falls back to the unpaired interval and is marked so (``paired`` false, and
the verdict's pairing note says "unpaired"). Each interval holds at 95 % on its own; the
best policy is picked from the same estimates, so a narrow clear lead deserves a second
look with another seed.

Beyond the ranking, a verdict carries what qualifies it, when available: the validity of
the lens (its base-rate comparison and back-test score), the top drivers of the headline
outcome (a sensitivity analysis) and the claims whose truth changes the best policy (a
claim audit). These come in as the plain JSON payloads of ``foedus baserates --json``,
``foedus backtest --json``, ``foedus sensitivity --json`` and ``foedus audit --json``
(read from the results store by the callers); a missing one is reported as *not run*, with
the command that produces it.

Shapes: everything here is per (outcome, policy); no arrays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from foedus.study.formatting import format_estimate, format_gap, percent
from foedus.study.paired import gap as paired_gap
from foedus.study.result import (
    HEADLINE_OUTCOME,
    HIGHER_IS_BETTER,
    OUTCOME_KEYS,
    PART_OF,
    Estimate,
    Result,
    outcome_label,
)

PAIRED_NOTE = ("Policies are simulated on common random numbers (replication i of every "
               "policy draws the same parameters and random streams), so each difference from "
               "the best carries a paired 95 % interval (Newcombe's square-and-add interval "
               "for paired proportions; normal on the per-replication differences for months "
               "of peace). A difference is clear when its interval excludes 0; otherwise the "
               "policies are tied.")
UNPAIRED_NOTE = ("This result holds no per-replication outcomes (it was stored before they "
                 "were kept), so differences carry unpaired 95 % intervals (Newcombe's hybrid "
                 "score interval; normal for months of peace), wider than paired ones. A "
                 "difference is clear when its interval excludes 0; otherwise the policies "
                 "are tied.")
PARTLY_NOTE = (PAIRED_NOTE[:-1] + "; gaps marked unpaired (a share of a subset, such as war "
               "after a deal among deals) carry the unpaired interval.")
__all__ = ["format_estimate", "format_gap", "percent"]  # also part of this interface

#: How many drivers a verdict names.
TOP_DRIVERS = 3


@dataclass(frozen=True)
class Standing:
    """One policy's place on one outcome.

    ``gap`` is this policy minus the best (``None`` for the best itself); ``tied``
    says the gap is not clear (always true for the best); ``paired`` says whether the
    gap's interval is paired on common random numbers or the unpaired fallback.
    """

    policy: str
    estimate: Estimate
    rank: int
    gap: Estimate | None
    tied: bool
    worst: bool
    paired: bool = False

    @property
    def best(self) -> bool:
        return self.rank == 1

    def to_dict(self) -> dict[str, Any]:
        return {"policy": self.policy, "rank": self.rank, **self.estimate.to_dict(),
                "gap_to_best": None if self.gap is None else
                {"diff": self.gap.value, "lo": self.gap.lo, "hi": self.gap.hi,
                 "paired": self.paired},
                "tied_with_best": self.tied, "best": self.best, "worst": self.worst}


@dataclass(frozen=True)
class OutcomeVerdict:
    """The ranking of the policies on one outcome (best first)."""

    outcome: str
    label: str
    higher_is_better: bool
    standings: tuple[Standing, ...]
    missing: tuple[str, ...] = ()  # policies whose denominator is empty

    @property
    def best(self) -> Standing | None:
        return self.standings[0] if self.standings else None

    @property
    def leaders(self) -> tuple[str, ...]:
        """The best and every policy tied with it."""
        return tuple(s.policy for s in self.standings if s.tied)

    @property
    def clear(self) -> bool:
        """One policy is best and every other is clearly behind it."""
        return len(self.standings) > 1 and len(self.leaders) == 1

    @property
    def pairing(self) -> str:
        """``paired``, ``unpaired`` or ``mixed``: the intervals of the gaps to the best."""
        kinds = {s.paired for s in self.standings if s.gap is not None}
        return "mixed" if len(kinds) > 1 else "paired" if kinds == {True} else "unpaired"

    @property
    def spread(self) -> bool:
        """Some policies differ clearly (the outcome discriminates at all)."""
        return any(not s.tied for s in self.standings)

    def standing(self, policy: str) -> Standing | None:
        return next((s for s in self.standings if s.policy == policy), None)

    def sentence(self) -> str:
        """One line stating the best policy and how clear its lead is."""
        b = self.best
        if b is None:
            return f"{self.label}: no policy has an estimate."
        word = "highest" if self.higher_is_better else "lowest"
        head = f"{self.label}: {word} under {b.policy}, {format_estimate(b.estimate)}"
        if len(self.standings) == 1:
            return head + "."
        if self.clear:
            second = self.standings[1]
            assert second.gap is not None
            return (f"{head}; clearly best, ahead of {second.policy} by "
                    f"{format_gap(_abs(second.gap), signed=False)}.")
        others = [p for p in self.leaders if p != b.policy]
        if not self.spread:
            return f"{head}; all policies are tied (no clear difference)."
        return (f"{head}; tied with {_list(others)} (differences within the simulation's "
                f"noise).")

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "label": self.label,
                "better": "higher" if self.higher_is_better else "lower",
                "best": None if self.best is None else self.best.policy,
                "leaders": list(self.leaders), "clear": self.clear,
                "worst": [s.policy for s in self.standings if s.worst],
                "missing": list(self.missing), "sentence": self.sentence(),
                "pairing": self.pairing,
                "ranking": [s.to_dict() for s in self.standings]}


def _abs(g: Estimate) -> Estimate:
    """A gap made positive (the size of a lead), interval mirrored when negative."""
    return g if g.value >= 0 else Estimate(-g.value, -g.hi, -g.lo, g.kind)


def _list(xs: Sequence[str]) -> str:
    xs = list(xs)
    if len(xs) <= 1:
        return "".join(xs)
    return ", ".join(xs[:-1]) + " and " + xs[-1]


def rank_outcome(result: Result, outcome: str) -> OutcomeVerdict:
    """Rank the policies of ``result`` on ``outcome`` with gaps to the best (see module)."""
    higher = outcome in HIGHER_IS_BETTER
    have = [(pid, pr.outcomes.get(outcome)) for pid, pr in result.policies.items()]
    est = [(pid, e) for pid, e in have if e is not None]
    missing = tuple(pid for pid, e in have if e is None)
    sign = -1.0 if higher else 1.0
    est.sort(key=lambda x: (sign * x[1].value, x[0]))
    standings: list[Standing] = []
    if est:
        bp, be = est[0]
        worst_value = est[-1][1].value
        for i, (pid, e) in enumerate(est):
            gap: Estimate | None = None
            tied, paired = True, False
            if i > 0:
                g = paired_gap(result.policies[pid], result.policies[bp], outcome)
                assert g is not None  # both estimates exist
                gap, paired = g.estimate, g.paired
                tied = gap.lo <= 0.0 <= gap.hi
            worst = len(est) > 1 and e.value == worst_value and e.value != be.value
            standings.append(Standing(pid, e, i + 1, gap, tied, worst, paired))
    return OutcomeVerdict(outcome, outcome_label(outcome), higher, tuple(standings), missing)


# --------------------------------------------------------------------------------------
# What qualifies a verdict: validity, drivers, claims that flip the ranking


@dataclass(frozen=True)
class Check:
    """One validity check of the lens: ``status`` is ``ok``, ``warning`` or ``not run``."""

    name: str
    status: str
    summary: str
    command: str
    record: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "summary": self.summary,
                "command": self.command, "record": self.record}


def base_rate_check(payload: Mapping[str, Any] | None, lens: str,
                    record: int | None = None) -> Check:
    """The base-rate comparison (``foedus baserates --json``) as a validity check."""
    cmd = f"foedus baserates --lens {lens}"
    if payload is None:
        return Check("base rates", "not run", "the lens has not been set against the "
                     "historical base rates (COW, MID, ICB)", cmd)
    comps = list(payload.get("comparisons", []))
    bad = [c for c in comps if str(c.get("verdict", "")) != "agree"]
    n = len(comps)
    if not n:
        return Check("base rates", "not run", "the stored base-rate run has no comparison",
                     cmd, record)
    summary = (f"lies within the historical record's interval on {n - len(bad)} of {n} "
               "base rates")
    if bad:
        summary += " (outside on " + "; ".join(
            f"{c.get('key')}: {c.get('verdict')}" for c in bad) + ")"
    return Check("base rates", "ok" if not bad else "warning", summary, cmd, record)


def backtest_check(payload: Mapping[str, Any] | None, lens: str,
                   record: int | None = None) -> Check:
    """The back-test (``foedus backtest --json``) as a validity check: the model's Brier
    score on P(war) against each baseline, with the paired interval on the difference."""
    cmd = f"foedus backtest --lens {lens} --set bundled --train loo"
    if payload is None:
        return Check("back-test", "not run", "the lens has not been scored on historical "
                     "cases", cmd)
    diffs = [d for d in payload.get("differences", []) if d.get("outcome") == "war"] or \
        list(payload.get("differences", []))
    scores = {(s.get("outcome"), s.get("method")): s for s in payload.get("scores", [])}
    if not diffs:
        return Check("back-test", "not run", "the stored back-test has no score", cmd, record)
    parts, worse = [], False
    for d in diffs:
        lo, hi = d.get("brier_diff_ci") or [None, None]
        est = float(d.get("brier_diff", 0.0))
        if lo is not None and hi is not None and lo > 0:
            word, worse = "worse than", True
        elif lo is not None and hi is not None and hi < 0:
            word = "better than"
        else:
            word = "not distinguishable from"
        parts.append(f"{word} {d.get('baseline')} (Brier difference {est:+.3f} "
                     f"[{lo:+.3f}, {hi:+.3f}])" if lo is not None and hi is not None else
                     f"{word} {d.get('baseline')} (Brier difference {est:+.3f})")
    model = scores.get((diffs[0].get("outcome"), diffs[0].get("reference", "model")))
    n = diffs[0].get("n")
    head = f"on {n} historical cases, P({diffs[0].get('outcome')})"
    if model is not None:
        head += f" Brier {float(model['brier']):.3f}"
    return Check("back-test", "warning" if worse else "ok", head + ": " + "; ".join(parts),
                 cmd, record)


@dataclass(frozen=True)
class Driver:
    """A parameter's sensitivity index with its 95 % interval."""

    parameter: str
    index: str
    estimate: float
    lo: float
    hi: float


@dataclass(frozen=True)
class Drivers:
    """The top drivers of one outcome under one policy, from a sensitivity analysis."""

    policy: str
    outcome: str
    method: str
    top: tuple[Driver, ...]
    record: int | None = None

    def sentence(self) -> str:
        items = [f"{d.parameter} ({d.index} {d.estimate:.2f} [{d.lo:.2f}, {d.hi:.2f}])"
                 for d in self.top]
        return (f"Top drivers of {outcome_label(self.outcome)} under {self.policy}: "
                + "; ".join(items) + ".")

    def to_dict(self) -> dict[str, Any]:
        return {"policy": self.policy, "outcome": self.outcome, "method": self.method,
                "record": self.record, "top": [d.__dict__ for d in self.top]}


def drivers_from(payload: Mapping[str, Any], record: int | None = None,
                 k: int = TOP_DRIVERS) -> Drivers:
    """The ``k`` most influential parameters of ``foedus sensitivity --json``.

    The payload lists parameters already ranked; the index shown is total-order ``ST``
    (Sobol) or ``mu_star`` (Morris), whichever the payload has.
    """
    params = list(payload.get("parameters", []))
    index = next((i for i in ("ST", "mu_star", "S1") if params and i in params[0]), "")
    top = []
    for p in params[:k]:
        iv = p.get(index) or {}
        est = float(iv.get("estimate", iv.get("est", 0.0)))
        top.append(Driver(str(p.get("name")), index, est, float(iv.get("lo", est)),
                          float(iv.get("hi", est))))
    return Drivers(str(payload.get("policy", "")), str(payload.get("outcome", "")),
                   str(payload.get("method", "")), tuple(top), record)


@dataclass(frozen=True)
class Flip:
    """A claim whose truth changes the best policy on the audit's objective."""

    claim: str
    status: str
    best_if_holds: str
    best_if_fails: str
    decisive: bool


@dataclass(frozen=True)
class ClaimFlips:
    """What a claim audit says about the ranking."""

    claims: str
    objective: str
    checked: int
    flips: tuple[Flip, ...]
    record: int | None = None

    def sentence(self) -> str:
        if not self.flips:
            return (f"No claim of '{self.claims}' changes the best policy on "
                    f"{outcome_label(self.objective)} ({self.checked} claims checked).")
        items = [f"{f.claim} ({f.status}; best {f.best_if_holds} if it holds, "
                 f"{f.best_if_fails} if it fails{'' if f.decisive else ', not decisive'})"
                 for f in self.flips]
        return (f"{len(self.flips)} of {self.checked} claims of '{self.claims}' change the "
                f"best policy on {outcome_label(self.objective)}: " + "; ".join(items) + ".")

    def to_dict(self) -> dict[str, Any]:
        return {"claims": self.claims, "objective": self.objective, "checked": self.checked,
                "record": self.record, "flips": [f.__dict__ for f in self.flips]}


def flips_from(payload: Mapping[str, Any], record: int | None = None) -> ClaimFlips:
    """The claims that change the best policy, from ``foedus audit --json``."""
    verdicts = list(payload.get("verdicts", []))
    flips = tuple(Flip(str(v["claim"]), str(v.get("status", "")), str(v["best_if_holds"]),
                       str(v["best_if_fails"]), bool(v.get("decisive", False)))
                  for v in verdicts if v.get("changes_best"))
    return ClaimFlips(str(payload.get("claims", "")), str(payload.get("objective", "")),
                      len(verdicts), flips, record)


# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The verdict of a comparison (see module docstring); build it with :func:`verdict`."""

    scenario: str
    lens: str
    replications: int
    seed: int
    fixed: bool
    headline: OutcomeVerdict
    outcomes: tuple[OutcomeVerdict, ...]
    validity: tuple[Check, ...]
    drivers: Drivers | None = None
    flips: ClaimFlips | None = None
    caveats: tuple[str, ...] = field(default=())

    @property
    def answer(self) -> str:
        """The answer in one or two sentences."""
        h = self.headline
        b = h.best
        if b is None:
            return f"No policy of {self.scenario} has an estimate of {h.label}."
        if len(h.standings) == 1:
            return f"Only {b.policy} was simulated: {h.sentence()}"
        word = "highest" if h.higher_is_better else "lowest"
        if h.clear:
            second = h.standings[1]
            assert second.gap is not None
            return (f"{b.policy} is best: the {word} {h.label}, {format_estimate(b.estimate)}, "
                    f"clearly ahead of the next best, {second.policy} "
                    f"({format_gap(_abs(second.gap), signed=False)}).")
        tied = [p for p in h.leaders if p != b.policy]
        if not h.spread:
            return (f"No policy is clearly best on {h.label}: all are within the simulation's "
                    f"noise ({b.policy} lowest at {format_estimate(b.estimate)}).")
        return (f"No single best policy on {h.label}: {b.policy} "
                f"({format_estimate(b.estimate)}) and {_list(tied)} are tied; "
                f"the others are clearly worse.")

    @property
    def pairing(self) -> str:
        """How the gaps' intervals were computed, in a sentence (see module)."""
        kinds = {o.pairing for o in self.outcomes if any(s.gap for s in o.standings)}
        if kinds <= {"paired"}:
            return PAIRED_NOTE
        if kinds == {"unpaired"}:
            return UNPAIRED_NOTE
        return PARTLY_NOTE

    @property
    def main_caveat(self) -> str:
        return self.caveats[0] if self.caveats else ""

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "lens": self.lens,
                "replications": self.replications, "seed": self.seed, "fixed": self.fixed,
                "answer": self.answer, "caveats": list(self.caveats),
                "headline": self.headline.outcome, "pairing": self.pairing,
                "outcomes": {o.outcome: o.to_dict() for o in self.outcomes},
                "validity": [c.to_dict() for c in self.validity],
                "drivers": None if self.drivers is None else self.drivers.to_dict(),
                "flips": None if self.flips is None else self.flips.to_dict()}


def _headline(outcomes: Sequence[OutcomeVerdict], headline: str | None) -> OutcomeVerdict:
    by = {o.outcome: o for o in outcomes}
    if headline is not None:
        if headline not in by:
            raise ValueError(f"unknown outcome '{headline}' (available: {', '.join(by)})")
        return by[headline]
    if HEADLINE_OUTCOME in by and by[HEADLINE_OUTCOME].standings:
        return by[HEADLINE_OUTCOME]
    return next((o for o in outcomes if o.standings and not o.higher_is_better), outcomes[0])


def _caveats(v: Verdict) -> tuple[str, ...]:
    """What qualifies the answer, most important first."""
    out: list[str] = []
    h = v.headline
    if v.flips is not None and v.flips.flips:
        out.append(v.flips.sentence())
    for c in v.validity:
        if c.status == "warning":
            out.append(f"Validity of lens '{v.lens}' ({c.name}): {c.summary}.")
    b = h.best
    if b is not None and len(h.standings) > 1:
        # a part of the headline is already counted in it (more deals, more wars after a deal)
        worse = [o.label for o in v.outcomes
                 if o is not h and PART_OF.get(o.outcome) != h.outcome
                 and (s := o.standing(b.policy)) is not None and s.worst]
        if worse:
            out.append(f"{b.policy} is the worst policy on {_list(worse)}.")
    not_run = [c for c in v.validity if c.status == "not run"]
    if not_run:
        out.append(f"The lens '{v.lens}' has not been checked against history here ("
                   + "; ".join(f"{c.name}: run '{c.command}'" for c in not_run) + ").")
    if v.flips is None:
        out.append(f"No claim audit is stored: whether a disputed claim flips the ranking is "
                   f"not known (run 'foedus audit {v.scenario} --claims FILE').")
    if v.drivers is not None:
        out.append(v.drivers.sentence())
    if v.fixed:
        out.append("Parameters were fixed at their prior means: the intervals leave out "
                   "parameter uncertainty.")
    out.append(f"Every figure holds under the '{v.lens}' lens; other lenses (restraint, "
               f"deterrence) encode other readings of the evidence and may rank differently.")
    return tuple(out)


def verdict(result: Result, *, headline: str | None = None,
            baserates: Mapping[str, Any] | None = None,
            backtest: Mapping[str, Any] | None = None,
            sensitivity: Mapping[str, Any] | None = None,
            audit: Mapping[str, Any] | None = None,
            records: Mapping[str, int] | None = None) -> Verdict:
    """The verdict of ``result`` (see module docstring).

    Parameters
    ----------
    result : Result
        A comparison of policies.
    headline : str or None
        The outcome the answer leads with (default :data:`HEADLINE_OUTCOME`).
    baserates, backtest, sensitivity, audit : mapping or None
        JSON payloads of those analyses for this scenario and lens, when available.
    records : mapping or None
        Results-store record ids of those payloads (keys ``baserates``, ``backtest``,
        ``sensitivity``, ``audit``), cited in the verdict.
    """
    rec = dict(records or {})
    outcomes = tuple(rank_outcome(result, k) for k in OUTCOME_KEYS
                     if any(pr.outcomes.get(k) is not None
                            for pr in result.policies.values()))
    if not outcomes:
        raise ValueError("the result has no outcome to rank")
    validity = (base_rate_check(baserates, result.lens, rec.get("baserates")),
                backtest_check(backtest, result.lens, rec.get("backtest")))
    v = Verdict(result.scenario, result.lens, result.replications, result.seed, result.fixed,
                _headline(outcomes, headline), outcomes, validity,
                None if sensitivity is None else drivers_from(sensitivity,
                                                              rec.get("sensitivity")),
                None if audit is None else flips_from(audit, rec.get("audit")))
    return Verdict(**{**v.__dict__, "caveats": _caveats(v)})
