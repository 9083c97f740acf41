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


def difference(a: tuple[float, float, float], b: tuple[float, float, float]
               ) -> tuple[float, float, float]:
    """Interval ``(d, lo, hi)`` for ``a − b`` of two independent estimates ``(est, lo, hi)``.

    The MOVER construction (method of variance estimates recovery) from each
    estimate's own 95 % interval::

        d  = a − b
        lo = d − sqrt((a − l_a)² + (u_b − b)²)
        hi = d + sqrt((u_a − a)² + (b − l_b)²)

    With Wilson intervals this is Newcombe's hybrid score interval for the
    difference of two independent proportions (Newcombe, R.G. 1998. Interval
    estimation for the difference between independent proportions: comparison
    of eleven methods. Statistics in Medicine 17(8): 873-890); with symmetric
    normal intervals it is the normal interval ``d ± z·sqrt(se_a² + se_b²)``
    (Zou, G.Y. & Donner, A. 2008. Construction of confidence limits about effect
    measures: a general approach. Statistics in Medicine 27(10): 1693-1702).
    It assumes the two estimates are independent (no shared random numbers).
    """
    (pa, la, ua), (pb, lb, ub) = a, b
    d = pa - pb
    return (d, d - math.sqrt((pa - la) ** 2 + (ub - pb) ** 2),
            d + math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2))
