"""The outcome keys of a result, their labels and directions (no imports: read at start-up).

Kept apart from :mod:`foedus.study.result` so that the command line can name the
outcomes in its help without importing numpy or pandas; ``foedus.study.result``
re-exports every name.
"""

from __future__ import annotations

OUTCOME_KEYS: tuple[str, ...] = (
    "deal_signed", "war_by_horizon", "war_no_deal", "war_after_deal", "resumption_given_deal",
    "guarantor_combat", "peacekeepers_struck", "great_power_war", "nuclear_use",
    "months_of_peace",
)
OUTCOME_LABELS: dict[str, str] = {
    "deal_signed": "deal signed",
    "war_by_horizon": "war by horizon",
    "war_no_deal": "war, no deal",
    "war_after_deal": "war after a deal",
    "resumption_given_deal": "resumption | deal",
    "guarantor_combat": "guarantor combat",
    "peacekeepers_struck": "peacekeepers struck",
    "great_power_war": "great-power war",
    "nuclear_use": "nuclear use",
    "months_of_peace": "months of peace",
}
#: Outcomes where a larger value is better; every other outcome is a harm (lower is better).
HIGHER_IS_BETTER: frozenset[str] = frozenset({"deal_signed", "months_of_peace"})
#: The outcome a verdict leads with (falls back to the first harm with data).
HEADLINE_OUTCOME = "war_by_horizon"
#: Outcomes that split another into parts (shares of all replications summing to it).
PART_OF: dict[str, str] = {"war_no_deal": "war_by_horizon", "war_after_deal": "war_by_horizon"}


def outcome_label(key: str) -> str:
    """The label of an outcome key (the key itself with spaces when unregistered)."""
    return OUTCOME_LABELS.get(key, key.replace("_", " "))
