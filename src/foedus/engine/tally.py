"""Streaming, mergeable tallies of per-replication outcomes.

A chunk's per-replication outcomes are reduced at once to integer counts and
histograms, so memory does not grow with the number of replications and the
merged result is exact and independent of chunking and of the order of
merging. Everything the analysis layer reports (proportions, means, the
Kaplan–Meier curve, the distribution of the highest level reached) is a
function of a :class:`Tally`.

For paired comparisons between policies run on common random numbers
(:mod:`foedus.engine.simulate`), a tally can also keep each replication's
outcome indicators (:class:`Rows`: seven 0/1 columns and the months of peace,
11 bytes per replication), filed by the index of each unit's first
replication so that any chunking or split of blocks merges to the same rows.
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from foedus.engine.outcomes import ChunkOutcomes

I64 = NDArray[np.int64]
I8 = NDArray[np.int8]

#: The 0/1 columns of :class:`Rows`, named like the :class:`Tally` counts they sum to.
ROW_FLAGS = ("deal", "war", "war_deal", "guarantor_combat", "great_power_war", "nuclear_use",
             "peacekeepers_struck")


@dataclass(frozen=True)
class Rows:
    """Each replication's outcome indicators, in replication order.

    Every flag (:data:`ROW_FLAGS`) is an int8 0/1 array of shape (n,), named
    like the :class:`Tally` count it sums to (``war_deal`` is ``war & deal``);
    ``peace`` is the months of peace, int16 (n,). ``ones`` is the
    denominator column of an unconditional proportion.
    """

    deal: I8
    war: I8
    war_deal: I8
    guarantor_combat: I8
    great_power_war: I8
    nuclear_use: I8
    peacekeepers_struck: I8
    peace: NDArray[np.int16]

    @property
    def n(self) -> int:
        return int(self.peace.shape[0])

    @property
    def ones(self) -> I8:
        return np.ones(self.n, np.int8)

    @staticmethod
    def of(out: ChunkOutcomes, H: int) -> Rows:
        """The indicators of a chunk's outcomes (horizon ``H``)."""
        war = out.first_war <= H
        return Rows(out.deal.astype(np.int8), war.astype(np.int8),
                    (war & out.deal).astype(np.int8), out.guarantor_combat.astype(np.int8),
                    out.great_power_war.astype(np.int8), out.nuclear_use.astype(np.int8),
                    out.peacekeepers_struck.astype(np.int8), out.peace_months.astype(np.int16))

    @staticmethod
    def concat(parts: list[Rows]) -> Rows:
        """Rows of consecutive replications, stacked."""
        if len(parts) == 1:
            return parts[0]
        return Rows(*(np.concatenate([getattr(p, k) for p in parts])
                      for k in (*ROW_FLAGS, "peace")))

    def to_dict(self) -> dict[str, Any]:
        """Compact JSON: each flag bit-packed, the months as little-endian int16, each
        zlib-compressed and base64-encoded."""
        def enc(b: bytes) -> str:
            return base64.b64encode(zlib.compress(b, 9)).decode("ascii")

        out: dict[str, Any] = {"n": self.n, "encoding": "packbits-zlib-base64"}
        for k in ROW_FLAGS:
            out[k] = enc(np.packbits(getattr(self, k).astype(bool)).tobytes())
        out["peace"] = enc(self.peace.astype("<i2").tobytes())
        return out

    @staticmethod
    def from_dict(d: Mapping[str, Any]) -> Rows:
        """The rows of :meth:`to_dict`; ``ValueError`` when malformed."""
        try:
            n = int(d["n"])
            if d.get("encoding") != "packbits-zlib-base64" or n < 0:
                raise ValueError("unknown encoding")

            def dec(k: str) -> bytes:
                return zlib.decompress(base64.b64decode(str(d[k]), validate=True))

            flags = {k: np.unpackbits(np.frombuffer(dec(k), np.uint8), count=n
                                      ).astype(np.int8) for k in ROW_FLAGS}
            peace = np.frombuffer(dec("peace"), "<i2").astype(np.int16)
        except (KeyError, TypeError, ValueError, zlib.error) as e:
            raise ValueError(f"malformed per-replication rows: {e}") from None
        if any(f.shape[0] != n for f in flags.values()) or peace.shape[0] != n:
            raise ValueError("malformed per-replication rows: lengths differ from n")
        return Rows(**flags, peace=peace)


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
    #: kept per-replication rows, by the index of their first replication (see module);
    #: ``None`` once tallies of different runs (sharing replication indices) were merged
    rows: dict[int, Rows] | None = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.first_war.size == 0:
            self.first_war = np.zeros(self.H + 2, np.int64)
        if self.honoured.size == 0:
            self.honoured = np.zeros(self.C, np.int64)
            self.defected = np.zeros(self.C, np.int64)

    def add(self, out: ChunkOutcomes, start: int | None = None) -> None:
        """Add a chunk's outcomes; keep their rows too when ``start`` (the index of the
        chunk's first replication) is given."""
        r = Rows.of(out, self.H)
        peace = out.peace_months.astype(np.int64)
        self.n += int(out.deal.shape[0])
        for k in ROW_FLAGS:
            setattr(self, k, getattr(self, k) + int(getattr(r, k).sum()))
        if start is not None and self.rows is not None:
            if start in self.rows:
                self.rows = None  # another run's replications: rows no longer pair
            else:
                self.rows[start] = r
        self.peace_sum += int(peace.sum())
        self.peace_sumsq += int((peace * peace).sum())
        self.spoiler_strikes += int(out.spoiler_strikes.sum())
        self.spoiled += int((out.spoiler_strikes > 0).sum())
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
        # tallies of different runs (a mixture of worlds) share indices: rows are dropped
        t.rows = (None if self.rows is None or other.rows is None
                  or set(self.rows) & set(other.rows) else {**self.rows, **other.rows})
        return t

    def replicates(self) -> Rows | None:
        """Every replication's rows in order, or ``None`` unless the kept rows cover
        replications ``0 .. n-1`` exactly."""
        if not self.rows:  # none kept, or dropped by a merge of different runs
            return None
        parts, at = [], 0
        for start in sorted(self.rows):
            if start != at:
                return None
            parts.append(self.rows[start])
            at += parts[-1].n
        return Rows.concat(parts) if at == self.n else None
