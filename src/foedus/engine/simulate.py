"""The chunked driver: seeds, blocks, chunks and tallies.

Randomness: the root ``SeedSequence(seed)`` has one child per policy, keyed
by a stable hash of the policy id (so ``run --policy P`` and ``compare`` give
P the same numbers), and each policy child is spawned into blocks of
:data:`BLOCK` replications. Each block has its own ``PCG64`` generator and
always draws the same stream (its inputs, then a (``BLOCK``, K) float32 array
per month), so results do not depend on the chunk size or on how blocks are
split between workers. Chunks are whole numbers of blocks.

Two engines run a chunk: ``numpy`` (:func:`foedus.engine.kernel.run_chunk`,
the reference) and ``numba`` (:func:`foedus.engine.compiled.run_chunk`,
optional, compiled); both consume the same random stream and return
identical outcomes.
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Callable, Mapping, Sequence
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
#: Engines that can run a chunk (see :func:`chunk_runner`).
ENGINES: tuple[str, ...] = ("numpy", "numba")


class EngineUnavailableError(ValueError):
    """The requested engine cannot run here (e.g. numba is not installed)."""


ChunkRunner = Callable[[Structure, BlockInputs, Callable[[int], NDArray[np.float32]]],
                       ChunkOutcomes]


def chunk_runner(engine: str) -> tuple[ChunkRunner, bool]:
    """The chunk function of ``engine`` and whether it takes (n, K) uniforms.

    Raises :class:`EngineUnavailableError` for an unknown engine, or for
    ``numba`` when numba cannot be imported.
    """
    if engine == "numpy":
        return run_chunk, False
    if engine == "numba":
        try:
            compiled = importlib.import_module("foedus.engine.compiled")
        except ImportError as exc:
            raise EngineUnavailableError(
                f"engine 'numba' needs the optional dependency numba ({exc}); install it "
                "with `pip install foedus[fast]` or use --engine numpy") from None
        return compiled.run_chunk, True
    raise EngineUnavailableError(f"unknown engine '{engine}' (available: {', '.join(ENGINES)})")


def policy_key(policy_id: str) -> int:
    """Stable 32-bit key of a policy id (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(policy_id.encode("utf-8"))


def block_seeds(seed: int, policy_id: str, n_blocks: int, stream: tuple[int, ...] = ()
                ) -> list[np.random.SeedSequence]:
    """One SeedSequence per block: ``SeedSequence(seed)``'s policy child, spawned.

    ``stream`` extends the child's key (design points, sweep cells), giving
    independent streams that are still fixed by the root seed.
    """
    policy = np.random.SeedSequence(seed, spawn_key=(policy_key(policy_id), *stream))
    return policy.spawn(n_blocks)


def block_seed(seed: int, policy_id: str, block: int, stream: tuple[int, ...] = ()
               ) -> np.random.SeedSequence:
    """The SeedSequence of one block: ``block_seeds(...)[block]``, without the others."""
    return np.random.SeedSequence(seed, spawn_key=(policy_key(policy_id), *stream, block))


@dataclass(frozen=True)
class RunSpec:
    """How many replications, with which seed, chunking and parameter mode."""

    replications: int
    seed: int
    chunk_size: int = DEFAULT_CHUNK
    fixed: bool = False
    stream: tuple[int, ...] = ()
    engine: str = "numpy"

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine '{self.engine}' (available: {', '.join(ENGINES)})")
        if self.replications < 1:
            raise ValueError("replications must be at least 1")
        if self.chunk_size < 1:
            raise ValueError("chunk size must be at least 1")
        if self.seed < 0:
            raise ValueError("seed must be non-negative")


def block_ranges(replications: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of every block."""
    return [(s, min(s + BLOCK, replications)) for s in range(0, replications, BLOCK)]


@dataclass(frozen=True)
class Unit:
    """The smallest piece of work: one block of ``n`` replications with its own seed.

    ``overrides`` fixes some parameters for every replication of the unit (a
    point of a sensitivity design or a sweep grid); the unit's random stream
    does not depend on them.
    """

    seed: np.random.SeedSequence
    n: int
    overrides: tuple[tuple[str, float], ...] = ()


def run_units(st: Structure, priors: ResolvedPriors, units: Sequence[Unit], chunk_size: int,
              fixed: bool, on_chunk: Callable[[int], None] | None = None,
              keep: bool = False, engine: str = "numpy"
              ) -> tuple[list[Tally], list[ChunkOutcomes]]:
    """Simulate ``units`` (several per chunk); return one tally per unit, in order.

    ``engine`` (``numpy`` or ``numba``) picks the chunk function; the results
    are identical.
    """
    runner, rows = chunk_runner(engine)
    per_chunk = max(1, chunk_size // BLOCK)
    lay = Layout.of(st)
    tallies: list[Tally] = []
    kept: list[ChunkOutcomes] = []
    for start in range(0, len(units), per_chunk):
        chunk = units[start:start + per_chunk]
        gens = [np.random.Generator(np.random.PCG64(u.seed)) for u in chunk]
        parts = []
        for g, unit in zip(gens, chunk, strict=True):
            inp = draw_inputs(st, priors, g, unit.n, fixed)
            for name, value in unit.overrides:
                inp.params[name][:] = value
            parts.append(inp)
        inputs = BlockInputs.concat(parts)
        sizes = [u.n for u in chunk]
        buf = np.empty((sum(sizes), lay.K), dtype=np.float32)
        out_t = np.empty((0 if rows else lay.K, sum(sizes)), dtype=np.float32)
        offsets = np.cumsum([0, *sizes])

        def uniforms(t: int, gens: list[np.random.Generator] = gens,
                     offsets: NDArray[np.int64] = offsets, buf: NDArray[np.float32] = buf,
                     out_t: NDArray[np.float32] = out_t) -> NDArray[np.float32]:
            for g, a, b in zip(gens, offsets[:-1], offsets[1:], strict=True):
                g.random(out=buf[a:b], dtype=np.float32)
            if rows:  # the compiled kernel reads one row per replication: no transpose
                return buf
            np.copyto(out_t, buf.T)
            return out_t

        out = runner(st, inputs, uniforms)
        for a, b in zip(offsets[:-1], offsets[1:], strict=True):
            t = Tally(st.horizon, len(st.commitments))
            t.add(out.take(slice(int(a), int(b))) if len(chunk) > 1 else out)
            tallies.append(t)
        if keep:
            kept.append(out)
        if on_chunk is not None:
            on_chunk(int(sum(sizes)))
    return tallies, kept


def merge(tallies: Sequence[Tally]) -> Tally:
    """Sum tallies of one policy (exact, order-independent)."""
    total = tallies[0]
    for t in tallies[1:]:
        total = total.merge(t)
    return total


def simulate_blocks(st: Structure, priors: ResolvedPriors, spec: RunSpec,
                    blocks: list[int], on_chunk: Callable[[int], None] | None = None,
                    keep: bool = False) -> tuple[Tally, list[ChunkOutcomes]]:
    """Simulate the given block indices; return their tally (and outcomes if ``keep``)."""
    total = Tally(st.horizon, len(st.commitments))
    kept: list[ChunkOutcomes] = []
    # one chunk's units at a time, merged at once: memory does not grow with replications
    per_chunk = max(1, spec.chunk_size // BLOCK)
    for start in range(0, len(blocks), per_chunk):
        units = []
        for b in blocks[start:start + per_chunk]:
            lo, hi = b * BLOCK, min((b + 1) * BLOCK, spec.replications)
            units.append(Unit(block_seed(spec.seed, st.policy_id, b, spec.stream), hi - lo))
        tallies, out = run_units(st, priors, units, spec.chunk_size, spec.fixed, on_chunk,
                                 keep, spec.engine)
        total = merge([total, *tallies])
        kept += out
    return total, kept


def simulate(st: Structure, priors: ResolvedPriors, spec: RunSpec,
             on_chunk: Callable[[int], None] | None = None) -> Tally:
    """Simulate ``spec.replications`` replications of one policy."""
    n_blocks = len(block_ranges(spec.replications))
    tally, _ = simulate_blocks(st, priors, spec, list(range(n_blocks)), on_chunk)
    return tally


def point_units(seed: int, policy_id: str, point: int, replications: int,
                overrides: Mapping[str, float], stream: tuple[int, ...] = ()) -> list[Unit]:
    """Units of one design point: its own seed child ``(policy, *stream, point)``."""
    seeds = block_seeds(seed, policy_id, len(block_ranges(replications)), (*stream, point))
    frozen = tuple(sorted((k, float(v)) for k, v in overrides.items()))
    return [Unit(sq, b - a, frozen) for sq, (a, b) in zip(seeds, block_ranges(replications),
                                                          strict=True)]


def simulate_points(st: Structure, priors: ResolvedPriors, names: Sequence[str],
                    X: NDArray[np.float64], replications: int, seed: int,
                    stream: tuple[int, ...] = (), chunk_size: int = DEFAULT_CHUNK,
                    fixed: bool = False, points: Sequence[int] | None = None,
                    engine: str = "numpy") -> list[Tally]:
    """One tally per design point: row ``i`` of ``X`` fixes parameters ``names``.

    Point ``i`` always gets the same random stream, whatever other points are
    simulated with it or in which order, so a design can be split across
    workers (``points`` selects a subset of rows) and resumed.
    """
    unknown = [n for n in names if n not in priors.entries]
    if unknown:
        raise ValueError(f"unknown parameter(s): {', '.join(unknown)}")
    rows = range(X.shape[0]) if points is None else points
    units: list[Unit] = []
    owner: list[int] = []
    for i in rows:
        us = point_units(seed, st.policy_id, i, replications,
                         dict(zip(names, X[i], strict=True)), stream)
        units += us
        owner += [i] * len(us)
    tallies, _ = run_units(st, priors, units, chunk_size, fixed, engine=engine)
    out: dict[int, list[Tally]] = {}
    for i, t in zip(owner, tallies, strict=True):
        out.setdefault(i, []).append(t)
    return [merge(out[i]) for i in rows]
