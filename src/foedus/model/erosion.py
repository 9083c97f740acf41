"""Erosion of credibility as political will wanes.

Each month every commitment's credibility decays with half-life ``T½``::

    cred_{t+1} = cred_t · 2^(−1/T½)

Source: Leeds (2003): violations are more likely when capabilities or the
domestic policy process have changed since the treaty was signed. The
half-life itself is an assumption. Scalars: one replication.
"""

from __future__ import annotations

from foedus.model.jit import rule


@rule
def monthly_factor(half_life: float) -> float:
    """Multiplicative monthly decay factor 2^(−1/T½)."""
    return 2.0 ** (-1.0 / half_life)
