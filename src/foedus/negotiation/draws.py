"""Inputs of a negotiation forecast, drawn from their priors in each replication.

Each capability, position and salience of a scenario's ``negotiation:`` block
is a number or a prior (:mod:`foedus.scenario.priors`). A forecast draws all of
them from one :class:`numpy.random.Generator` seeded from the scenario's seed
through its own stream (``SeedSequence(seed, spawn_key=(STREAM,))``), in a fixed
order: every actor's capability, then issue by issue every actor's position and
salience. A number draws nothing, so fixing an input never shifts the others'
draws. ``central=True`` takes every prior's mean instead (no randomness).

Shapes: ``(R, N)`` (replications, negotiators) per issue.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from foedus.scenario.schema import Negotiation, Uncertain

F = NDArray[np.float64]

#: Spawn key of the negotiation's random stream under the scenario's root seed
#: (the simulation's policy streams use keys from the policy ids' hashes).
STREAM = 0x6E65676F  # "nego"


@dataclass(frozen=True)
class IssueInputs:
    """Positions, capabilities and saliences of one issue, each ``(R, N)``."""

    positions: F
    capabilities: F
    saliences: F


def negotiation_rng(seed: int) -> np.random.Generator:
    """The negotiation's Generator under root ``seed``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed,
                                                                      spawn_key=(STREAM,))))


def _value(v: Uncertain, rng: np.random.Generator | None, n: int) -> F:
    if isinstance(v, float | int):
        return np.full(n, float(v))
    if rng is None:
        return np.full(n, v.mean())
    return v.sample(rng, n)


def draw_inputs(neg: Negotiation, replications: int, rng: np.random.Generator | None
                ) -> list[IssueInputs]:
    """One :class:`IssueInputs` per issue (``rng=None``: every prior at its mean)."""
    n = replications
    caps = np.stack([_value(a.capability, rng, n) for a in neg.actors], axis=1)
    out = []
    for issue in neg.issues:
        pos = np.empty((n, len(neg.actors)))
        sal = np.empty_like(pos)
        for k, a in enumerate(neg.actors):
            st = a.stances[issue.id]
            pos[:, k] = _value(st.position, rng, n)
            sal[:, k] = _value(st.salience, rng, n)
        out.append(IssueInputs(np.clip(pos, issue.low, issue.high), caps,
                               np.clip(sal, 0.0, 1.0)))
    return out
