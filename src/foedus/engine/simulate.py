"""The chunked driver: seeds, blocks, chunks and tallies.

Randomness: the root ``SeedSequence(seed)`` (with the caller's ``stream``
key: design points, sweep cells, What-if) is spawned into blocks of
:data:`BLOCK` replications. Each block's ``PCG64`` generator draws the block's
inputs (:func:`foedus.engine.inputs.draw_inputs`), ending with the seeds of
every replication's own random stream (:mod:`foedus.model.rng`). A
replication's monthly draws come from its own stream alone, so results do not
depend on the chunk size or on how blocks are split between workers. Chunks
are whole numbers of blocks.

Common random numbers. The block seeds do not depend on the policy: replication
``i`` of every policy of a scenario (and of every What-if variant on the same
stream) gets the same parameter draws, the same month-0 deal uniforms, the same
seeds of its monthly stream and, for a commitment of the same id, the same
credibility draw (each commitment has its own sub-stream keyed by its id, so a
policy with more or fewer commitments shifts no other draw). The difference
between two policies, replication by replication, then comes from the policies
rather than from different draws, and a paired interval on it
(:mod:`foedus.study.paired`) is narrower than an unpaired one whenever the
outcomes are positively correlated, as they are when both respond alike to the
same parameters (Law, A.M. & Kelton, W.D. 2000. Simulation Modeling and
Analysis, 3rd ed., McGraw-Hill, ch. 11 "Variance-reduction techniques", §11.2
"Common random numbers"). Monthly draws stay synchronised
as long as two histories consume the same numbers and drift apart afterwards,
which costs efficiency, never validity. ``run --policy P`` and ``compare``
still give P identical numbers, since P's streams depend on the seed alone.

Two engines run the same rules (:mod:`foedus.engine.rules`): ``compiled``
(numba, the default) and ``reference`` (the same source run by Python,
slow); both return identical outcomes. ``numba`` is an alias of
``compiled``; the retired vectorised ``numpy`` kernel is refused with a clear
message.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from foedus.engine.compiled import run_chunk
from foedus.engine.inputs import BlockInputs, draw_inputs
from foedus.engine.outcomes import ChunkOutcomes
from foedus.engine.structure import Structure
from foedus.engine.tally import Tally
from foedus.evidence.lenses import ResolvedPriors

BLOCK = 1000
DEFAULT_CHUNK = 20_000
#: Engines that can run a chunk (see :func:`chunk_runner`).
ENGINES: tuple[str, ...] = ("compiled", "reference")
DEFAULT_ENGINE = "compiled"
#: Other names accepted for an engine.
ALIASES: dict[str, str] = {"numba": "compiled"}
RETIRED: dict[str, str] = {
    "numpy": "the vectorised numpy kernel was retired: the rules now exist once, compiled "
             "(--engine compiled, the default) or run as written (--engine reference)"}


class EngineUnavailableError(ValueError):
    """The requested engine cannot run here (unknown or retired)."""


ChunkRunner = Callable[[Structure, BlockInputs], ChunkOutcomes]


def engine_name(engine: str) -> str:
    """The canonical name of ``engine`` (aliases resolved), or :class:`EngineUnavailableError`."""
    name = ALIASES.get(engine, engine)
    if name in ENGINES:
        return name
    if name in RETIRED:
        raise EngineUnavailableError(f"engine '{engine}': {RETIRED[name]}")
    raise EngineUnavailableError(f"unknown engine '{engine}' (available: {', '.join(ENGINES)})")


def chunk_runner(engine: str) -> ChunkRunner:
    """The chunk function of ``engine``: ``runner(st, inputs) -> ChunkOutcomes``.

    Raises :class:`EngineUnavailableError` for an unknown or retired engine.
    """
    compiled = engine_name(engine) == "compiled"

    def runner(st: Structure, inp: BlockInputs) -> ChunkOutcomes:
        return run_chunk(st, inp, compiled=compiled)

    return runner


def policy_key(policy_id: str) -> int:
    """Stable 32-bit key of a policy id (CRC-32 of its UTF-8 bytes), for streams that
    must differ between policies (a wargame, the cases of a calibration)."""
    return zlib.crc32(policy_id.encode("utf-8"))


def block_seeds(seed: int, n_blocks: int, stream: tuple[int, ...] = ()
                ) -> list[np.random.SeedSequence]:
    """One SeedSequence per block: ``SeedSequence(seed)``'s ``stream`` child, spawned.

    ``stream`` keys the child (design points, sweep cells, What-if), giving
    independent streams that are still fixed by the root seed. No policy enters
    the key: every policy shares the blocks' random numbers (see module).
    """
    root = np.random.SeedSequence(seed, spawn_key=stream)
    return root.spawn(n_blocks)


def block_seed(seed: int, block: int, stream: tuple[int, ...] = ()
               ) -> np.random.SeedSequence:
    """The SeedSequence of one block: ``block_seeds(...)[block]``, without the others."""
    return np.random.SeedSequence(seed, spawn_key=(*stream, block))


@dataclass(frozen=True)
class RunSpec:
    """How many replications, with which seed, chunking and parameter mode."""

    replications: int
    seed: int
    chunk_size: int = DEFAULT_CHUNK
    fixed: bool = False
    stream: tuple[int, ...] = ()
    engine: str = DEFAULT_ENGINE

    def __post_init__(self) -> None:
        engine_name(self.engine)
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
    #: index of the unit's first replication; when set, its tally keeps each
    #: replication's outcomes (:class:`foedus.engine.tally.Rows`) for pairing
    start: int | None = None


def run_units(st: Structure, priors: ResolvedPriors, units: Sequence[Unit], chunk_size: int,
              fixed: bool, on_chunk: Callable[[int], None] | None = None,
              keep: bool = False, engine: str = DEFAULT_ENGINE
              ) -> tuple[list[Tally], list[ChunkOutcomes]]:
    """Simulate ``units`` (several per chunk); return one tally per unit, in order.

    ``engine`` (``compiled`` or ``reference``) picks how the rules run; the
    results are identical.
    """
    runner = chunk_runner(engine)
    per_chunk = max(1, chunk_size // BLOCK)
    tallies: list[Tally] = []
    kept: list[ChunkOutcomes] = []
    for start in range(0, len(units), per_chunk):
        chunk = units[start:start + per_chunk]
        parts = []
        for unit in chunk:
            inp = draw_inputs(st, priors, np.random.Generator(np.random.PCG64(unit.seed)),
                              unit.n, fixed)
            for name, value in unit.overrides:
                inp.params[name][:] = value
            parts.append(inp)
        out = runner(st, BlockInputs.concat(parts))
        offsets = np.cumsum([0, *(u.n for u in chunk)])
        for unit, a, b in zip(chunk, offsets[:-1], offsets[1:], strict=True):
            t = Tally(st.horizon, len(st.commitments))
            t.add(out.take(slice(int(a), int(b))) if len(chunk) > 1 else out, unit.start)
            tallies.append(t)
        if keep:
            kept.append(out)
        if on_chunk is not None:
            on_chunk(int(offsets[-1]))
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
            units.append(Unit(block_seed(spec.seed, b, spec.stream), hi - lo, start=lo))
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


def point_units(seed: int, point: int, replications: int, overrides: Mapping[str, float],
                stream: tuple[int, ...] = (), rows: bool = False) -> list[Unit]:
    """Units of one design point: its own seed child ``(*stream, point)``.

    With ``rows`` the units' tallies keep each replication's outcomes
    (:class:`foedus.engine.tally.Rows`), for paired comparisons.
    """
    seeds = block_seeds(seed, len(block_ranges(replications)), (*stream, point))
    frozen = tuple(sorted((k, float(v)) for k, v in overrides.items()))
    return [Unit(sq, b - a, frozen, a if rows else None)
            for sq, (a, b) in zip(seeds, block_ranges(replications), strict=True)]


def simulate_points(st: Structure, priors: ResolvedPriors, names: Sequence[str],
                    X: NDArray[np.float64], replications: int, seed: int,
                    stream: tuple[int, ...] = (), chunk_size: int = DEFAULT_CHUNK,
                    fixed: bool = False, points: Sequence[int] | None = None,
                    engine: str = DEFAULT_ENGINE) -> list[Tally]:
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
        us = point_units(seed, i, replications, dict(zip(names, X[i], strict=True)), stream)
        units += us
        owner += [i] * len(us)
    tallies, _ = run_units(st, priors, units, chunk_size, fixed, engine=engine)
    out: dict[int, list[Tally]] = {}
    for i, t in zip(owner, tallies, strict=True):
        out.setdefault(i, []).append(t)
    return [merge(out[i]) for i in rows]
