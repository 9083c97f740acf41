"""Per-replication outcomes of a chunk, as the engine returns them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

B = NDArray[np.bool_]


@dataclass
class ChunkOutcomes:
    """Per-replication outcomes of a chunk (all arrays have leading axis n)."""

    deal: B
    first_war: NDArray[np.int16]  # first month 1..H with the main dyad at war; H+1 if none
    peace_months: NDArray[np.int16]
    guarantor_combat: B
    great_power_war: B
    nuclear_use: B
    max_level: NDArray[np.int8]
    spoiler_strikes: NDArray[np.int16]
    peacekeepers_struck: B  # a UN-mandated or monitoring force of a guarantor struck
    honoured: B  # (n, C)
    defected: B  # (n, C)

    def take(self, rows: slice) -> ChunkOutcomes:
        """The outcomes of a slice of replications."""
        return ChunkOutcomes(self.deal[rows], self.first_war[rows], self.peace_months[rows],
                             self.guarantor_combat[rows], self.great_power_war[rows],
                             self.nuclear_use[rows], self.max_level[rows],
                             self.spoiler_strikes[rows], self.peacekeepers_struck[rows],
                             self.honoured[rows], self.defected[rows])

    def equals(self, other: ChunkOutcomes) -> bool:
        """Are both outcomes identical, array for array?"""
        return all(np.array_equal(getattr(self, k), getattr(other, k))
                   for k in self.__dataclass_fields__)
