"""Each replication's own stream of uniforms: L'Ecuyer's MRG32k3a.

A replication carries the generator's six integers (shape (6,), int64) in its
state and draws from them with :func:`uniform`, so it owns its stream and may
draw as many numbers as its history needs: results do not depend on which
other replications share a chunk, a block or a worker. The recurrences::

    x1_n = (1403580 · x1_{n−2} − 810728 · x1_{n−3}) mod m1,   m1 = 2^32 − 209
    x2_n = (527612 · x2_{n−1} − 1370589 · x2_{n−3}) mod m2,   m2 = 2^32 − 22853
    u_n  = ((x1_n − x2_n) mod m1, or m1 if 0) / (m1 + 1)     ∈ (0, 1)

use only integer products below 2^53, so Python integers and numba's int64
give the same numbers bit for bit. Period about 2^191; a replication's six
seeds come from its block's :class:`numpy.random.SeedSequence`
(:func:`seeds`), which makes overlapping streams vanishingly unlikely.

Source: L'Ecuyer, P. 1999. Good parameters and implementations for combined
multiple recursive random number generators. Operations Research 47(1): 159-164.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from foedus.model.jit import rule

M1 = 4294967087
M2 = 4294944443
A12, A13N = 1403580, 810728
A21, A23N = 527612, 1370589
NORM = 2.328306549295727688e-10  # 1 / (m1 + 1)


@rule
def uniform(s: NDArray[np.int64]) -> float:
    """The next uniform number in (0, 1) of the stream ``s`` (advanced in place)."""
    s10, s11, s12 = int(s[0]), int(s[1]), int(s[2])
    s20, s21, s22 = int(s[3]), int(s[4]), int(s[5])
    p1 = (A12 * s11 - A13N * s10) % M1
    p2 = (A21 * s22 - A23N * s20) % M2
    s[0], s[1], s[2] = s11, s12, p1
    s[3], s[4], s[5] = s21, s22, p2
    if p1 > p2:
        return (p1 - p2) * NORM
    return (p1 - p2 + M1) * NORM


def seeds(rng: np.random.Generator, n: int) -> NDArray[np.int64]:
    """Seeds of ``n`` streams, (n, 6), drawn from ``rng`` (valid MRG32k3a states)."""
    raw = rng.integers(0, 2**32, size=(n, 6), dtype=np.uint64).astype(np.int64)
    raw[:, :3] %= M1
    raw[:, 3:] %= M2
    raw[:, 0] = np.where(raw[:, :3].any(axis=1), raw[:, 0], 1)  # never all zero
    raw[:, 3] = np.where(raw[:, 3:].any(axis=1), raw[:, 3], 1)
    return raw
