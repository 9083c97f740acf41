"""War plans: contingent attacks that chain wars together.

Once ``actor`` is at war (level >= 3) with ``when_at_war_with``, it attacks
``attacks`` with probability ``p``, decided once (1914: a German war with
Russia meant an attack on France through Belgium). The attack raises
(actor, attacks) to war with ``actor`` as initiator.

Sources: Van Evera (1984), Snyder (1984) and Trachtenberg (1990/91) on the
Schlieffen–Moltke plan. Shapes: (R,).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def fires(triggered: NDArray[np.bool_], u: NDArray[np.floating], p: float) -> NDArray[np.bool_]:
    """Replications in which a triggered plan is carried out."""
    return triggered & (u < p)
