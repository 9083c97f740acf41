"""Typed, frozen results and their conversions (dict/JSON and DataFrame).

``Result.to_dict()`` is the JSON contract of ``foedus run/compare --json``::

    {"scenario", "lens", "seed", "replications", "horizon_months", "version",
     "policies": {policy: {"outcomes": {key: {"p"|"mean", "lo", "hi"} | null},
                           "survival": {"month", "p", "lo", "hi"},
                           "max_level": [share reaching exactly 0..6],
                           "commitments": {id: {"honoured", "defected"}},
                           "replicates": ROWS | absent}}}

where ROWS holds each replication's outcome indicators, compactly encoded
(:meth:`foedus.engine.tally.Rows.to_dict`), for paired differences between
policies (:mod:`foedus.study.paired`); a result without them (stored before
they were kept) compares its policies with unpaired intervals.

``to_frame()`` gives one row per (policy, outcome) with columns
``policy, outcome, estimate, lo, hi`` — the same for every result;
``to_frame(wide=True)`` one row per policy with ``OUTCOME, OUTCOME_lo,
OUTCOME_hi`` columns; ``survival_frame()`` one row per (policy, month);
``plot()`` a Plotly figure of every outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

import foedus.study.outcome_keys as _keys
from foedus.engine.tally import Rows, Tally
from foedus.study.intervals import mean_interval, wilson
from foedus.study.outcome_keys import OUTCOME_KEYS, outcome_label
from foedus.study.survival import SurvivalCurve, kaplan_meier

# The outcome names live in a module without imports (read by the command line's help);
# they are re-exported here, where results are built.
OUTCOME_LABELS = _keys.OUTCOME_LABELS
HIGHER_IS_BETTER = _keys.HIGHER_IS_BETTER
HEADLINE_OUTCOME = _keys.HEADLINE_OUTCOME
PART_OF = _keys.PART_OF


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its 95 % interval."""

    value: float
    lo: float
    hi: float
    kind: str = "p"  # "p" (proportion) or "mean"

    def to_dict(self) -> dict[str, float]:
        return {self.kind: self.value, "lo": self.lo, "hi": self.hi}


#: Outcomes that exist only where a deal can be signed (``None`` in a crisis scenario).
DEAL_OUTCOMES = ("deal_signed", "war_no_deal", "war_after_deal", "resumption_given_deal")


def proportions(c: Any, n: Any) -> dict[str, tuple[Any, Any]]:
    """Numerator and denominator of every proportion outcome, from counts ``c``.

    ``c`` is a :class:`~foedus.engine.tally.Tally` (totals; ``n`` its number of
    replications) or a :class:`~foedus.engine.tally.Rows` (each replication's 0/1
    columns, whose sums are those totals; ``n`` its column of ones), so the
    definitions serve both the estimates and the paired differences.
    """
    return {
        "deal_signed": (c.deal, n),
        "war_by_horizon": (c.war, n),
        # the war split by what came first; the two shares sum to war_by_horizon
        "war_no_deal": (c.war - c.war_deal, n),
        "war_after_deal": (c.war_deal, n),
        "resumption_given_deal": (c.war_deal, c.deal),
        "guarantor_combat": (c.guarantor_combat, n),
        "peacekeepers_struck": (c.peacekeepers_struck, n),
        "great_power_war": (c.great_power_war, n),
        "nuclear_use": (c.nuclear_use, n),
    }


@dataclass(frozen=True)
class PolicyResult:
    """Outcomes of one policy; ``rows`` each replication's outcomes when kept."""

    policy: str
    outcomes: dict[str, Estimate | None]
    survival: SurvivalCurve
    max_level: tuple[float, ...]
    commitments: dict[str, tuple[float, float]]  # id -> (P(honoured), P(defected))
    spoiler_share: float
    rows: Rows | None = None

    @staticmethod
    def from_tally(policy: str, t: Tally, crisis: bool, commitment_ids: list[str]
                   ) -> PolicyResult:
        def prop(k: int, n: int) -> Estimate | None:
            w = wilson(k, n)
            return None if w is None else Estimate(*w)

        m = mean_interval(t.peace_sum, t.peace_sumsq, t.n, bounds=(0.0, float(t.H)))
        outcomes: dict[str, Estimate | None] = {
            k: None if crisis and k in DEAL_OUTCOMES else prop(num, den)
            for k, (num, den) in proportions(t, t.n).items()}
        outcomes["months_of_peace"] = None if m is None else Estimate(*m, kind="mean")
        n = max(t.n, 1)
        return PolicyResult(
            policy, outcomes, kaplan_meier(t.first_war),
            tuple(float(x) / n for x in t.max_level),
            {cid: (float(t.honoured[i]) / n, float(t.defected[i]) / n)
             for i, cid in enumerate(commitment_ids)},
            t.spoiled / n, t.replicates(),
        )

    def to_dict(self, replicates: bool = True) -> dict[str, Any]:
        """The policy's part of the JSON contract; ``replicates`` includes its rows."""
        return {
            "outcomes": {k: (None if v is None else v.to_dict())
                         for k, v in self.outcomes.items()},
            "survival": {"month": self.survival.month.tolist(),
                         "p": [round(x, 6) for x in self.survival.p.tolist()],
                         "lo": [round(x, 6) for x in self.survival.lo.tolist()],
                         "hi": [round(x, 6) for x in self.survival.hi.tolist()]},
            "max_level": [round(x, 6) for x in self.max_level],
            "commitments": {k: {"honoured": h, "defected": d}
                            for k, (h, d) in self.commitments.items()},
            **({} if self.rows is None or not replicates
               else {"replicates": self.rows.to_dict()}),
        }


@dataclass(frozen=True)
class Result:
    """A run or comparison of policies of one scenario under one lens."""

    scenario: str
    lens: str
    seed: int
    replications: int
    horizon_months: int
    version: str
    fixed: bool
    policies: dict[str, PolicyResult]

    def to_dict(self, replicates: bool = True) -> dict[str, Any]:
        """The JSON contract (see module docstring); without ``replicates`` it leaves out
        the per-replication rows (a lighter payload for a page that only shows it)."""
        return {
            "scenario": self.scenario, "lens": self.lens, "seed": self.seed,
            "replications": self.replications, "horizon_months": self.horizon_months,
            "version": self.version,
            "policies": {k: v.to_dict(replicates) for k, v in self.policies.items()},
        }

    @staticmethod
    def from_dict(data: dict[str, Any], fixed: bool | None = None) -> Result:
        """The result of its JSON contract (:meth:`to_dict`), e.g. a stored record's payload.

        ``fixed`` (prior means instead of draws) is not part of the contract; it is taken
        from ``data["fixed"]`` when present, else ``False``. Commitment honour shares
        round-trip; the spoiler share, not in the contract, reads 0. Per-replication
        rows round-trip when present (``ValueError`` when malformed).
        """
        import numpy as np

        policies = {}
        for pid, pr in data["policies"].items():
            outcomes: dict[str, Estimate | None] = {}
            for k, e in pr["outcomes"].items():
                if e is None:
                    outcomes[k] = None
                else:
                    kind = "mean" if "mean" in e else "p"
                    outcomes[k] = Estimate(float(e[kind]), float(e["lo"]), float(e["hi"]),
                                           kind)
            sv = pr["survival"]
            curve = SurvivalCurve(np.asarray(sv["month"], dtype=np.int64),
                                  np.asarray(sv["p"], dtype=np.float64),
                                  np.asarray(sv["lo"], dtype=np.float64),
                                  np.asarray(sv["hi"], dtype=np.float64))
            commitments = {cid: (float(c["honoured"]), float(c["defected"]))
                           for cid, c in pr.get("commitments", {}).items()}
            rows = None if pr.get("replicates") is None else Rows.from_dict(pr["replicates"])
            policies[pid] = PolicyResult(pid, outcomes, curve,
                                         tuple(float(x) for x in pr["max_level"]),
                                         commitments, 0.0, rows)
        return Result(str(data["scenario"]), str(data["lens"]), int(data["seed"]),
                      int(data["replications"]), int(data["horizon_months"]),
                      str(data["version"]),
                      bool(data.get("fixed", False)) if fixed is None else fixed, policies)

    def __repr__(self) -> str:
        return (f"<Result {self.scenario} · lens {self.lens} · {len(self.policies)} policies "
                f"({', '.join(self.policies)}) · {self.replications:,} replications · seed "
                f"{self.seed} · {self.horizon_months} months>")

    def _repr_html_(self) -> str:
        import html

        from foedus.study.formatting import format_estimate

        keys = [k for k in OUTCOME_KEYS
                if any(p.outcomes.get(k) is not None for p in self.policies.values())]
        head = "".join(f"<th>{html.escape(outcome_label(k))}</th>" for k in keys)
        body = "".join(
            f"<tr><th>{html.escape(pid)}</th>"
            + "".join(f"<td>{format_estimate(pr.outcomes.get(k))}</td>" for k in keys)
            + "</tr>" for pid, pr in self.policies.items())
        return (f"<p>{html.escape(repr(self))}</p><table><thead><tr><th>policy</th>{head}"
                f"</tr></thead><tbody>{body}</tbody></table>"
                "<p><small>estimate [95 % interval]</small></p>")

    def survival_frame(self) -> pd.DataFrame:
        """The survival of peace: one row per (policy, month) with ``p, lo, hi``."""
        parts = [pd.DataFrame({"policy": pid, "month": pr.survival.month,
                               "p": pr.survival.p, "lo": pr.survival.lo,
                               "hi": pr.survival.hi})
                 for pid, pr in self.policies.items()]
        return pd.concat(parts, ignore_index=True)

    def plot(self) -> Any:
        """A Plotly figure of every outcome per policy (estimates and 95 % intervals)."""
        from foedus.study.figures import policy_comparison

        return policy_comparison(self.to_dict(), OUTCOME_KEYS, outcome_label)

    def to_frame(self, wide: bool = False) -> pd.DataFrame:
        """One row per (policy, outcome): ``policy, outcome, estimate, lo, hi``; with
        ``wide``, one row per policy (index) and columns ``OUTCOME, OUTCOME_lo,
        OUTCOME_hi`` for each outcome."""
        if wide:
            table: dict[str, dict[str, float | None]] = {}
            for pid, pr in self.policies.items():
                cells: dict[str, float | None] = {}
                for key in OUTCOME_KEYS:
                    e = pr.outcomes.get(key)
                    cells[key] = None if e is None else e.value
                    cells[f"{key}_lo"] = None if e is None else e.lo
                    cells[f"{key}_hi"] = None if e is None else e.hi
                table[pid] = cells
            return pd.DataFrame.from_dict(table, orient="index").rename_axis("policy")
        rows = []
        for pid, pr in self.policies.items():
            for key in OUTCOME_KEYS:
                e = pr.outcomes.get(key)
                rows.append({"policy": pid, "outcome": key,
                             "estimate": None if e is None else e.value,
                             "lo": None if e is None else e.lo,
                             "hi": None if e is None else e.hi})
        return pd.DataFrame(rows, columns=["policy", "outcome", "estimate", "lo", "hi"])
