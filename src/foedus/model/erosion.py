"""Erosion of credibility as political will wanes.

Each month every commitment's credibility decays with half-life ``T½``::

    cred_{t+1} = cred_t · 2^(−1/T½)

Source: Leeds (2003): violations are more likely when capabilities or the
domestic policy process have changed since the treaty was signed. The
half-life itself is an assumption. Shapes: ``half_life`` (R,), result (R,).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.floating[Any]]


def monthly_factor(half_life: F) -> F:
    """Multiplicative monthly decay factor."""
    return np.power(2.0, -1.0 / half_life)
