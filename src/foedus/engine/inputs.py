"""Per-replication inputs: parameter draws, credibilities and month-0 uniforms.

For each block of replications the engine draws, from that block's own
generator and in this fixed order: every registered parameter (registry
order; nothing is drawn under ``fixed``), then the 128-bit key of the block's
credibility streams, then two uniforms per replication for the month-0 deal,
then the six seeds of each replication's own random stream
(:mod:`foedus.model.rng`), from which all its monthly draws come. How many
numbers are drawn, and in which order, does not depend on the policy, so
replication ``i`` of every policy of a scenario gets the same parameters, deal
uniforms and stream seeds (common random numbers; see
:mod:`foedus.engine.simulate`).

Credibility. Commitment ``c``'s credibility at month 0 (Beta with mean
``cred_mean`` and concentration ``cred_k``; the rules apply the lens's logit
shift at month 0, so an override of the shift acts) is drawn by inversion,
``cred0 = F⁻¹_Beta(u)``, from uniforms ``u`` of the commitment's own
sub-stream, a :class:`numpy.random.SeedSequence` keyed by the block's
credibility key and the CRC-32 of the commitment id
(:func:`commitment_key`). Two policies with a commitment of the same id thus
share its credibility draws, and a policy with more or fewer commitments
shifts no other draw; inversion keeps the draws comonotone when a policy
gives the same commitment another mean or concentration. Shapes: ``cred0``
is (replications, commitments) in the structure's commitment order.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import betaincinv

from foedus.engine.structure import Structure
from foedus.evidence.lenses import ResolvedPriors
from foedus.evidence.registry import PARAMETER_NAMES
from foedus.model.rng import seeds as stream_seeds

F = NDArray[np.floating[Any]]


@dataclass(frozen=True)
class BlockInputs:
    """Inputs of ``n`` replications. ``params[name]`` has shape (n,)."""

    params: dict[str, F]
    cred0: F  # (n, C) credibility at month 0, before the lens shift (applied by the rules)
    deal_u: F  # (n, 2) uniforms for the adversary's and the protected state's choice
    seeds: NDArray[np.int64]  # (n, 6) each replication's random stream

    @property
    def n(self) -> int:
        return int(self.deal_u.shape[0])

    @staticmethod
    def concat(blocks: list[BlockInputs]) -> BlockInputs:
        """Stack several blocks along the replication axis."""
        if len(blocks) == 1:
            return blocks[0]
        names = blocks[0].params
        return BlockInputs(
            {k: np.concatenate([b.params[k] for b in blocks]) for k in names},
            np.concatenate([b.cred0 for b in blocks]),
            np.concatenate([b.deal_u for b in blocks]),
            np.concatenate([b.seeds for b in blocks]),
        )

    def take(self, rows: slice) -> BlockInputs:
        """A slice of replications."""
        return BlockInputs({k: v[rows] for k, v in self.params.items()}, self.cred0[rows],
                           self.deal_u[rows], self.seeds[rows])


def commitment_key(commitment_id: str) -> int:
    """Stable 32-bit key of a commitment id (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(commitment_id.encode("utf-8"))


def draw_inputs(st: Structure, priors: ResolvedPriors, rng: np.random.Generator, n: int,
                fixed: bool) -> BlockInputs:
    """Draw the inputs of one block of ``n`` replications from ``rng``."""
    params: dict[str, F] = {}
    for name in PARAMETER_NAMES:
        prior = priors.entries[name].prior
        params[name] = np.full(n, prior.mean()) if fixed else prior.sample(rng, n)
    # drawn whatever the policy and the mode, so the draws after it never shift
    cred_key = [int(x) for x in rng.integers(0, 2**32, size=4, dtype=np.uint64)]
    C = len(st.commitments)
    cred: F = np.empty((n, C))
    for c in st.commitments:
        if fixed:
            cred[:, c.index] = c.cred_mean
        else:
            sub = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
                cred_key, spawn_key=(commitment_key(c.id),))))
            a, b = c.cred_mean * c.cred_k, (1.0 - c.cred_mean) * c.cred_k
            cred[:, c.index] = betaincinv(a, b, sub.random(n))
    deal_u = rng.random((n, 2))
    return BlockInputs(params, cred, deal_u, stream_seeds(rng, n))
