"""Guarantor troops as targets.

While the main dyad is at limited strikes or worse (level >= 2), the side
fighting the state that hosts a guarantor's troops strikes them with monthly
probability::

    q_eff = q · (1 − ℓ · un_mandate)

raising the dyad (attacker, guarantor) to at least 2 — which triggers any
commitment that covers the guarantor's forces. Troops leave once the
commitment that placed them has been defected.

Sources: the seed article (troops without a UN mandate declared "legitimate
targets", claim C2); Reiter & Poast (2021) on tripwires. Shapes: (R,).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.floating[Any]]


def targeting_probability(q: F, un_legitimacy: F, un_mandate: bool) -> F:
    """Monthly probability that troops are struck."""
    return np.clip(q * (1.0 - un_legitimacy * float(un_mandate)), 0.0, 1.0)
