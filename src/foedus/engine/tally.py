"""Streaming, mergeable tallies of per-replication outcomes.

A chunk's per-replication outcomes are reduced at once to integer counts and
histograms, so memory does not grow with the number of replications and the
merged result is exact and independent of chunking and of the order of
merging. Everything the analysis layer reports (proportions, means, the
Kaplan–Meier curve, the distribution of the highest level reached) is a
function of a :class:`Tally`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from foedus.engine.outcomes import ChunkOutcomes

I64 = NDArray[np.int64]


@dataclass
class Tally:
    """Counts over replications for one policy. ``H`` is the horizon."""

    H: int
    C: int
    n: int = 0
    deal: int = 0
    war: int = 0  # main dyad at war in some month 1..H
    war_deal: int = 0  # ... among replications with a signed deal
    guarantor_combat: int = 0
    great_power_war: int = 0
    nuclear_use: int = 0
    peace_sum: int = 0
    peace_sumsq: int = 0
    spoiler_strikes: int = 0
    spoiled: int = 0  # replications with at least one spoiler strike
    peacekeepers_struck: int = 0
    first_war: I64 = field(default_factory=lambda: np.zeros(0, np.int64))  # (H + 2,)
    max_level: I64 = field(default_factory=lambda: np.zeros(7, np.int64))
    honoured: I64 = field(default_factory=lambda: np.zeros(0, np.int64))  # (C,)
    defected: I64 = field(default_factory=lambda: np.zeros(0, np.int64))  # (C,)

    def __post_init__(self) -> None:
        if self.first_war.size == 0:
            self.first_war = np.zeros(self.H + 2, np.int64)
        if self.honoured.size == 0:
            self.honoured = np.zeros(self.C, np.int64)
            self.defected = np.zeros(self.C, np.int64)

    def add(self, out: ChunkOutcomes) -> None:
        """Add a chunk's outcomes."""
        war = out.first_war <= self.H
        peace = out.peace_months.astype(np.int64)
        self.n += int(out.deal.shape[0])
        self.deal += int(out.deal.sum())
        self.war += int(war.sum())
        self.war_deal += int((war & out.deal).sum())
        self.guarantor_combat += int(out.guarantor_combat.sum())
        self.great_power_war += int(out.great_power_war.sum())
        self.nuclear_use += int(out.nuclear_use.sum())
        self.peace_sum += int(peace.sum())
        self.peace_sumsq += int((peace * peace).sum())
        self.spoiler_strikes += int(out.spoiler_strikes.sum())
        self.spoiled += int((out.spoiler_strikes > 0).sum())
        self.peacekeepers_struck += int(out.peacekeepers_struck.sum())
        self.first_war += np.bincount(out.first_war, minlength=self.H + 2)[: self.H + 2]
        self.max_level += np.bincount(out.max_level, minlength=7)[:7]
        self.honoured += out.honoured.sum(axis=0)
        self.defected += out.defected.sum(axis=0)

    def merge(self, other: Tally) -> Tally:
        """Return the sum of two tallies of the same policy."""
        t = Tally(self.H, self.C)
        for name in ("n", "deal", "war", "war_deal", "guarantor_combat", "great_power_war",
                     "nuclear_use", "peace_sum", "peace_sumsq", "spoiler_strikes", "spoiled",
                     "peacekeepers_struck"):
            setattr(t, name, getattr(self, name) + getattr(other, name))
        for name in ("first_war", "max_level", "honoured", "defected"):
            setattr(t, name, getattr(self, name) + getattr(other, name))
        return t
