"""The chunked driver: seeds, blocks, chunks and tallies.

Randomness: the root ``SeedSequence(seed)`` has one child per policy, keyed
by a stable hash of the policy id (so ``run --policy P`` and ``compare`` give
P the same numbers), and each policy child is spawned into blocks of
:data:`BLOCK` replications. Each block has its own ``PCG64`` generator and
always draws the same stream (its inputs, then a (``BLOCK``, K) float32 array
per month), so results do not depend on the chunk size or on how blocks are
split between workers. Chunks are whole numbers of blocks.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from foedus.engine.inputs import BlockInputs, draw_inputs
from foedus.engine.kernel import ChunkOutcomes, Layout, run_chunk
from foedus.engine.structure import Structure
from foedus.engine.tally import Tally
from foedus.evidence.lenses import ResolvedPriors

BLOCK = 1000
DEFAULT_CHUNK = 20_000


def policy_key(policy_id: str) -> int:
    """Stable 32-bit key of a policy id (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(policy_id.encode("utf-8"))


def block_seeds(seed: int, policy_id: str, n_blocks: int) -> list[np.random.SeedSequence]:
    """One SeedSequence per block: ``SeedSequence(seed)``'s policy child, spawned."""
    policy = np.random.SeedSequence(seed, spawn_key=(policy_key(policy_id),))
    return policy.spawn(n_blocks)


@dataclass(frozen=True)
class RunSpec:
    """How many replications, with which seed, chunking and parameter mode."""

    replications: int
    seed: int
    chunk_size: int = DEFAULT_CHUNK
    fixed: bool = False

    def __post_init__(self) -> None:
        if self.replications < 1:
            raise ValueError("replications must be at least 1")
        if self.chunk_size < 1:
            raise ValueError("chunk size must be at least 1")
        if self.seed < 0:
            raise ValueError("seed must be non-negative")


def block_ranges(replications: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of every block."""
    return [(s, min(s + BLOCK, replications)) for s in range(0, replications, BLOCK)]


def simulate_blocks(st: Structure, priors: ResolvedPriors, spec: RunSpec,
                    blocks: list[int], on_chunk: Callable[[int], None] | None = None,
                    keep: bool = False) -> tuple[Tally, list[ChunkOutcomes]]:
    """Simulate the given block indices; return their tally (and outcomes if ``keep``)."""
    ranges = block_ranges(spec.replications)
    seeds = block_seeds(spec.seed, st.policy_id, len(ranges))
    per_chunk = max(1, spec.chunk_size // BLOCK)
    lay = Layout.of(st)
    tally = Tally(st.horizon, len(st.commitments))
    kept: list[ChunkOutcomes] = []
    for start in range(0, len(blocks), per_chunk):
        chunk = blocks[start:start + per_chunk]
        gens = [np.random.Generator(np.random.PCG64(seeds[b])) for b in chunk]
        sizes = [ranges[b][1] - ranges[b][0] for b in chunk]
        inputs = BlockInputs.concat([draw_inputs(st, priors, g, k, spec.fixed)
                                     for g, k in zip(gens, sizes, strict=True)])
        buf = np.empty((sum(sizes), lay.K), dtype=np.float32)
        out_t = np.empty((lay.K, sum(sizes)), dtype=np.float32)
        offsets = np.cumsum([0, *sizes])

        def uniforms(t: int, gens: list[np.random.Generator] = gens,
                     offsets: NDArray[np.int64] = offsets, buf: NDArray[np.float32] = buf,
                     out_t: NDArray[np.float32] = out_t) -> NDArray[np.float32]:
            for g, a, b in zip(gens, offsets[:-1], offsets[1:], strict=True):
                g.random(out=buf[a:b], dtype=np.float32)
            np.copyto(out_t, buf.T)
            return out_t

        out = run_chunk(st, inputs, uniforms)
        tally.add(out)
        if keep:
            kept.append(out)
        if on_chunk is not None:
            on_chunk(int(sum(sizes)))
    return tally, kept


def simulate(st: Structure, priors: ResolvedPriors, spec: RunSpec,
             on_chunk: Callable[[int], None] | None = None) -> Tally:
    """Simulate ``spec.replications`` replications of one policy."""
    n_blocks = len(block_ranges(spec.replications))
    tally, _ = simulate_blocks(st, priors, spec, list(range(n_blocks)), on_chunk)
    return tally
