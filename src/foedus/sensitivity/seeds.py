"""Seeds of a sensitivity analysis, derived from the root seed.

The design (scrambled Sobol' sequence or Morris trajectories) and the bootstrap each get their
own child of ``SeedSequence(seed)`` under a fixed key, so neither shares a stream with the
simulation (which uses the engine's block children; see :mod:`.evaluate`).
"""

from __future__ import annotations

import zlib

import numpy as np

_KEY = zlib.crc32(b"sensitivity-design")


def _child(seed: int, k: int) -> int:
    ss = np.random.SeedSequence(seed, spawn_key=(_KEY, k))
    # SALib treats a seed of 0 as "no seed"; keep it odd, hence never 0.
    return int(ss.generate_state(1, np.uint32)[0]) | 1


def sample_seed(seed: int) -> int:
    """Seed of the design's sampler."""
    return _child(seed, 0)


def analysis_seed(seed: int) -> int:
    """Seed of the bootstrap resamples."""
    return _child(seed, 1)
