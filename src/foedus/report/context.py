"""What the results store knows that qualifies a comparison's verdict.

:func:`stored_context` finds, for one scenario and lens, the newest stored
sensitivity analysis (preferring one of the verdict's headline outcome) and
the newest claim audit, and returns their payloads and record ids in the form
:func:`foedus.study.verdict.verdict` takes.
"""

from __future__ import annotations

from typing import Any

from foedus.store.store import ResultsStore, StoreError

#: Record kinds a verdict can use, by the verdict's argument name.
CONTEXT_KINDS: dict[str, str] = {"sensitivity": "sensitivity", "audit": "audit"}


def stored_context(store: ResultsStore | None, scenario: str, lens: str,
                   outcome: str | None = None) -> dict[str, Any]:
    """Keyword arguments for :func:`~foedus.study.verdict.verdict` from ``store``.

    Returns ``{name: payload, ..., "records": {name: id}}`` for every kind of
    :data:`CONTEXT_KINDS` with a record of ``scenario`` under ``lens``; an
    unreadable store gives nothing (the verdict then says "not run").
    """
    found: dict[str, Any] = {}
    records: dict[str, int] = {}
    if store is None:
        return {}
    try:
        for name, kind in CONTEXT_KINDS.items():
            recs = [r for r in store.records(kind=kind, scenario_id=scenario)
                    if r.lens == lens]
            if outcome is not None and kind == "sensitivity":
                recs.sort(key=lambda r: r.payload.get("outcome") != outcome)  # stable
            if recs:
                found[name] = recs[0].payload
                records[name] = recs[0].id
    except StoreError:
        return {}
    if records:
        found["records"] = records
    return found
