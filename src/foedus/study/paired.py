"""Paired differences between two runs on common random numbers.

Two policies of one comparison (or a What-if baseline and its variant) share
replication ``i``'s random numbers (:mod:`foedus.engine.simulate`), so their
outcomes form pairs ``(x_i, y_i)``, ``i = 1..n``. The interval on ``x̄ − ȳ`` then
uses the pairs' correlation, which the unpaired interval
(:func:`foedus.study.intervals.difference`) ignores.

Proportions: Newcombe's square-and-add interval for paired binary data (method
10 of Newcombe 1998b, as stated by Fagerland, Lydersen & Laake 2014). With the
2×2 table of pairs ``a`` (both 1), ``b`` (x only), ``c`` (y only), ``d`` (neither),
``p₁ = (a+b)/n``, ``p₂ = (a+c)/n``, their Wilson intervals ``[l₁, u₁]``,
``[l₂, u₂]`` (:func:`foedus.study.intervals.wilson`) and the correlation estimate

    A = ad − bc,  ψ = (A − n/2)/√P if A > n/2;  0 if 0 ≤ A ≤ n/2;  A/√P if A < 0,
    P = (a+b)(c+d)(a+c)(b+d)  (ψ = 0 when P = 0),

    lo = (p₁ − p₂) − √((p₁ − l₁)² + (u₂ − p₂)² − 2ψ(p₁ − l₁)(u₂ − p₂))
    hi = (p₁ − p₂) + √((p₂ − l₂)² + (u₁ − p₁)² − 2ψ(p₂ − l₂)(u₁ − p₁)).

With ψ = 0 it is the unpaired hybrid score interval (Newcombe 1998a). Sources:
Newcombe, R.G. 1998b. Improved confidence intervals for the difference between
binomial proportions based on paired data. Statistics in Medicine 17(22):
2635-2650; Fagerland, M.W., Lydersen, S. & Laake, P. 2014. Recommended tests and
confidence intervals for paired binomial proportions. Statistics in Medicine
33(16): 2850-2875.

Means (months of peace): the normal interval on the per-replication
differences, ``d̄ ± z·s_d/√n``.

A conditional proportion (``resumption_given_deal``: its denominators differ
between the two runs) has no pairs; it, and any pair of runs without kept rows
(a result stored before rows were kept) or of different lengths, gets the
unpaired interval, and says so (``paired`` false).

Shapes: ``x``, ``y`` are (replications,) arrays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from foedus.study.intervals import Z95, difference, wilson
from foedus.study.result import Estimate, PolicyResult, proportions


def paired_table(a: int, b: int, c: int, d: int, z: float = Z95
                 ) -> tuple[float, float, float]:
    """Newcombe's square-and-add interval ``(p₁ − p₂, lo, hi)`` from the pairs' 2×2 table.

    ``a``: both 1; ``b``: first only; ``c``: second only; ``d``: neither (see module).
    """
    if min(a, b, c, d) < 0:
        raise ValueError("counts must be non-negative")
    n = a + b + c + d
    if n == 0:
        raise ValueError("no pairs")
    w1, w2 = wilson(a + b, n, z), wilson(a + c, n, z)
    assert w1 is not None and w2 is not None
    (p1, l1, u1), (p2, l2, u2) = w1, w2
    prod = float(a + b) * float(c + d) * float(a + c) * float(b + d)
    big_a = float(a) * float(d) - float(b) * float(c)
    if prod == 0.0:
        psi = 0.0
    elif big_a > n / 2:
        psi = (big_a - n / 2) / math.sqrt(prod)
    elif big_a >= 0:
        psi = 0.0
    else:
        psi = big_a / math.sqrt(prod)
    diff = p1 - p2
    lo = diff - math.sqrt(max(0.0, (p1 - l1) ** 2 + (u2 - p2) ** 2
                              - 2 * psi * (p1 - l1) * (u2 - p2)))
    hi = diff + math.sqrt(max(0.0, (p2 - l2) ** 2 + (u1 - p1) ** 2
                              - 2 * psi * (p2 - l2) * (u1 - p1)))
    return diff, lo, hi


def paired_proportions(x: NDArray[np.integer], y: NDArray[np.integer], z: float = Z95
                       ) -> tuple[float, float, float]:
    """Paired interval on ``mean(x) − mean(y)`` for 0/1 arrays of equal length."""
    xb, yb = np.asarray(x).astype(bool), np.asarray(y).astype(bool)
    if xb.shape != yb.shape or xb.ndim != 1:
        raise ValueError("paired arrays must be one-dimensional and of equal length")
    a = int((xb & yb).sum())
    b = int((xb & ~yb).sum())
    c = int((~xb & yb).sum())
    return paired_table(a, b, c, xb.size - a - b - c, z)


def paired_means(x: NDArray[np.number], y: NDArray[np.number], z: float = Z95
                 ) -> tuple[float, float, float]:
    """Normal interval on ``mean(x) − mean(y)`` from the per-pair differences."""
    d = np.asarray(x, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    if d.ndim != 1 or np.shape(x) != np.shape(y) or d.size == 0:
        raise ValueError("paired arrays must be one-dimensional, non-empty, of equal length")
    mean = float(d.mean())
    sd = float(d.std(ddof=1)) if d.size > 1 else 0.0
    half = z * sd / math.sqrt(d.size)
    return mean, mean - half, mean + half


@dataclass(frozen=True)
class Gap:
    """``after − before`` on one outcome with its 95 % interval; ``paired`` says which
    interval it is (paired on common random numbers, or the unpaired fallback)."""

    estimate: Estimate
    paired: bool

    def to_dict(self) -> dict[str, float | bool]:
        e = self.estimate
        return {"diff": e.value, "lo": e.lo, "hi": e.hi, "paired": self.paired}


def gap(after: PolicyResult, before: PolicyResult, outcome: str) -> Gap | None:
    """The difference ``after − before`` on ``outcome`` (``None`` when either estimate
    is missing), paired when both carry rows of the same replications (see module)."""
    ea, eb = after.outcomes.get(outcome), before.outcomes.get(outcome)
    if ea is None or eb is None:
        return None
    ra, rb = after.rows, before.rows
    if ra is not None and rb is not None and ra.n == rb.n and ra.n > 0:
        if outcome == "months_of_peace":
            return Gap(Estimate(*paired_means(ra.peace, rb.peace), kind="mean"), True)
        pa, pb = proportions(ra, ra.ones).get(outcome), proportions(rb, rb.ones).get(outcome)
        if pa is not None and pb is not None and _unconditional(pa[1]) and \
                _unconditional(pb[1]):
            return Gap(Estimate(*paired_proportions(pa[0], pb[0]), kind=ea.kind), True)
    d, lo, hi = difference((ea.value, ea.lo, ea.hi), (eb.value, eb.lo, eb.hi))
    return Gap(Estimate(d, lo, hi, ea.kind), False)


def _unconditional(den: NDArray[np.integer]) -> bool:
    """Is the denominator every replication (a share of all, not of a subset)?"""
    return bool(np.all(np.asarray(den) == 1))
