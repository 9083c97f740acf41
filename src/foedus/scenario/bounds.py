"""Bounds of scenario inputs that the command line names in its help (no imports).

Kept apart from :mod:`foedus.scenario.schema` (which re-exports them) so that
``foedus --help`` starts without building the schema.
"""

from __future__ import annotations

#: Largest seed: seeds are stored in a signed 64-bit integer column of the results store.
MAX_SEED = 2**63 - 1
