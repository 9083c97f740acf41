"""Confidence intervals for proportions and means (95 % by default)."""

from __future__ import annotations

import math

Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float, float] | None:
    """Wilson score interval ``(p, lo, hi)`` for ``successes`` out of ``n``; None if n = 0.

    Wilson, E.B. 1927. Probable inference, the law of succession, and statistical
    inference. Journal of the American Statistical Association 22(158): 209-212.
    """
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError("successes must lie in [0, n]")
    p = successes / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    # clamp: rounding must never put the estimate outside its own interval
    return p, min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half))


def mean_interval(total: float, total_sq: float, n: int, z: float = Z95,
                  bounds: tuple[float, float] = (-math.inf, math.inf)
                  ) -> tuple[float, float, float] | None:
    """Normal-approximation interval ``(mean, lo, hi)`` from sums; None if n = 0.

    The interval is clipped to ``bounds``, the range the variable can take.
    """
    if n <= 0:
        return None
    mean = total / n
    var = max(0.0, total_sq / n - mean * mean) * (n / (n - 1) if n > 1 else 0.0)
    half = z * math.sqrt(var / n)
    lo, hi = bounds
    return mean, max(lo, mean - half), min(hi, mean + half)
