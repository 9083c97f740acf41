"""Canonical JSON and the scenario hash used for provenance.

The hash of a scenario is the SHA-256 of its canonical JSON: the validated
scenario (defaults filled in) dumped with sorted keys and no insignificant
whitespace. Two files that differ only in comments, key order, layout or
spelled-out defaults have the same hash; any change of meaning changes it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from foedus.scenario.schema import Scenario


def canonical_json(obj: Any) -> str:
    """``obj`` as JSON with sorted keys, no whitespace, and no NaN/Infinity."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def scenario_json(scenario: Scenario) -> str:
    """The canonical JSON of a validated scenario (``start_month`` only when set, so the
    hash of a scenario without one is what it was before the field existed)."""
    data = scenario.model_dump(mode="json", by_alias=True)
    if data.get("start_month") is None:
        data.pop("start_month", None)
    return canonical_json(data)


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 (hex) of :func:`scenario_json`."""
    return hashlib.sha256(scenario_json(scenario).encode("utf-8")).hexdigest()
