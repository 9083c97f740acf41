"""A negotiation forecast: every issue's model run over drawn inputs.

Each issue is a separate one-dimensional model (no logrolling between issues).
Its forecast in one replication is the sequence of medians over the rounds
(:mod:`foedus.negotiation.rounds`); since the model often cycles rather than
settles, the forecast *distribution* pools the medians of rounds 1..T over all
replications, and is reported by its median with a 95 % interval (the 2.5th
and 97.5th percentiles). A *central* run, with every input at its prior mean,
gives the per-round table and the chart of positions.

Shapes: per issue, a :class:`~foedus.negotiation.rounds.Trajectory` over
``(R, T + 1, N)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from foedus.negotiation.draws import draw_inputs, negotiation_rng
from foedus.negotiation.offers import MOVE_NAMES, NONE
from foedus.negotiation.rounds import Options, Trajectory, negotiate
from foedus.negotiation.table import ActorTable
from foedus.scenario.schema import Issue, Negotiation, Scenario
from foedus.study.intervals import wilson

F = NDArray[np.float64]
QUANTILES = (0.025, 0.5, 0.975)


class NoNegotiationError(ValueError):
    """The scenario declares no ``negotiation:`` block."""


@dataclass(frozen=True)
class IssueForecast:
    """One issue: the drawn replications and the central run."""

    issue: Issue
    actors: tuple[str, ...]
    draws: Trajectory
    central: Trajectory

    def pooled(self) -> F:
        """Medians of rounds 1..T of every replication, flattened."""
        return self.draws.medians[:, 1:].ravel()

    def interval(self) -> tuple[float, float, float]:
        """(median, 2.5th, 97.5th percentile) of the pooled forecast."""
        lo, mid, hi = np.quantile(self.pooled(), QUANTILES)
        return float(mid), float(lo), float(hi)

    def moves(self) -> list[list[str]]:
        """The central run's moves, round by round, in words."""
        out = []
        for k in range(self.central.rounds):
            row = []
            for i, kind in enumerate(self.central.moves[0, k]):
                if kind != NONE:
                    j = int(self.central.partners[0, k, i])
                    row.append(f"{self.actors[i]} {MOVE_NAMES[int(kind)]} {self.actors[j]} "
                               f"(→ {self.central.positions[0, k + 1, i]:.3g})")
            out.append(row)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        mid, lo, hi = self.interval()
        d = self.draws
        n = d.medians.shape[0]
        conv = wilson(int(d.converged.sum()), n)
        cyc = wilson(int((d.period > 1).sum()), n)
        per_round = []
        for k in range(d.medians.shape[1]):
            q = np.quantile(d.medians[:, k], QUANTILES)
            per_round.append({"round": k, "median": float(q[1]), "lo": float(q[0]),
                              "hi": float(q[2]), "mean": float(d.means[:, k].mean()),
                              "central_median": float(self.central.medians[0, k]),
                              "central_mean": float(self.central.means[0, k])})
        return {
            "id": self.issue.id, "name": self.issue.name,
            "scale": {"low": self.issue.low, "high": self.issue.high,
                      "low_means": self.issue.low_means, "high_means": self.issue.high_means},
            "forecast": {"median": mid, "lo": lo, "hi": hi,
                         "mean": float(self.pooled().mean())},
            "converged": None if conv is None else dict(zip(("p", "lo", "hi"), conv,
                                                            strict=True)),
            "cycling": None if cyc is None else dict(zip(("p", "lo", "hi"), cyc, strict=True)),
            "rounds": per_round,
            "central": {"actors": list(self.actors),
                        "positions": self.central.positions[0].tolist(),
                        "moves": self.moves()},
        }


@dataclass(frozen=True)
class Forecast:
    """Every issue's forecast for a scenario."""

    scenario: str
    seed: int
    replications: int
    rounds: int
    options: Options
    issues: tuple[IssueForecast, ...]

    def issue(self, issue_id: str) -> IssueForecast:
        """The forecast of ``issue_id`` (KeyError if absent)."""
        for f in self.issues:
            if f.issue.id == issue_id:
                return f
        raise KeyError(issue_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready result (the ``foedus negotiate --json`` contract)."""
        return {"scenario": self.scenario, "seed": self.seed,
                "replications": self.replications, "rounds": self.rounds,
                "options": {"normaliser": self.options.normaliser,
                            "offer_choice": self.options.offer_choice,
                            "capitulation": self.options.capitulation},
                "interval": "2.5th-97.5th percentile of the medians of rounds 1..T "
                            "over all replications",
                "issues": [f.to_dict() for f in self.issues]}


def options_of(neg: Negotiation) -> Options:
    """The model variant a negotiation block asks for."""
    return Options(normaliser=neg.normaliser, offer_choice=neg.offer_choice,
                   capitulation=neg.capitulation)


def forecast(s: Scenario, rounds: int | None = None, replications: int | None = None,
             seed: int | None = None) -> Forecast:
    """Forecast every issue of ``s``'s negotiation block.

    ``rounds``, ``replications`` and ``seed`` default to the block's and the
    scenario's own values.
    """
    neg = s.negotiation
    if neg is None:
        raise NoNegotiationError(f"scenario '{s.id}' has no negotiation block")
    t = neg.rounds if rounds is None else rounds
    n = neg.replications if replications is None else replications
    if not 1 <= t <= 100:
        raise ValueError("rounds must lie in 1..100")
    if not 1 <= n <= 100_000:
        raise ValueError("replications must lie in 1..100000")
    root = s.seed if seed is None else seed
    opt = options_of(neg)
    drawn = draw_inputs(neg, n, negotiation_rng(root))
    central = draw_inputs(neg, 1, None)
    actors = tuple(a.id for a in neg.actors)
    out = []
    for issue, d, c in zip(neg.issues, drawn, central, strict=True):
        span = issue.high - issue.low
        out.append(IssueForecast(
            issue, actors,
            negotiate(d.positions, d.capabilities, d.saliences, span, t, opt),
            negotiate(c.positions, c.capabilities, c.saliences, span, t, opt)))
    return Forecast(s.id, root, n, t, opt, tuple(out))


def table_forecast(table: ActorTable, rounds: int = 10, opt: Options | None = None
                   ) -> Forecast:
    """Forecast a one-issue table (fixed inputs: one replication, also the central run)."""
    if not 1 <= rounds <= 100:
        raise ValueError("rounds must lie in 1..100")
    opt = Options() if opt is None else opt
    lo, hi = float(table.positions.min()), float(table.positions.max())
    issue = Issue(id="issue", name=table.name, low=lo, high=hi, low_means="lowest position",
                  high_means="highest position", source=table.name)
    run = negotiate(table.positions, table.capabilities, table.saliences, table.span, rounds,
                    opt)
    return Forecast(table.name, 0, 1, rounds, opt,
                    (IssueForecast(issue, table.actors, run, run),))
