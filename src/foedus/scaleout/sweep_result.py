"""The typed, frozen result of a parameter sweep and its conversions (dict/JSON, DataFrame).

``SweepResult.to_dict()`` is the JSON contract of ``foedus sweep --json``::

    {"scenario", "lens", "policy", "seed", "replications", "horizon_months", "version",
     "parameters": [name, ...],
     "cells": [{"cell": 0, "values": {name: value},
                "outcomes": {key: {"p"|"mean", "lo", "hi"} | null},
                "max_level": [share reaching exactly 0..6],
                "commitments": {id: {"honoured", "defected"}}}, ...]}

``to_frame()`` gives one row per (cell, outcome) with columns
``policy, cell, <one column per swept parameter>, outcome, estimate, lo, hi``: the columns of
:meth:`foedus.study.result.Result.to_frame` plus the cell and its parameter values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from foedus.study.result import OUTCOME_KEYS, PolicyResult


@dataclass(frozen=True)
class SweepCell:
    """One grid cell: the parameter values it fixes and the policy's outcomes there."""

    index: int
    values: tuple[tuple[str, float], ...]
    result: PolicyResult

    def label(self) -> str:
        """``name=value;name=value`` (the ``term`` of the cell's rows in the results store)."""
        return ";".join(f"{k}={v:g}" for k, v in self.values)

    def to_dict(self) -> dict[str, Any]:
        full = self.result.to_dict()
        return {"cell": self.index, "values": dict(self.values), "outcomes": full["outcomes"],
                "max_level": full["max_level"], "commitments": full["commitments"]}


@dataclass(frozen=True)
class SweepResult:
    """A policy of a scenario evaluated at every cell of a parameter grid under one lens."""

    scenario: str
    lens: str
    policy: str
    seed: int
    replications: int
    horizon_months: int
    version: str
    parameters: tuple[str, ...]
    cells: tuple[SweepCell, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (see module docstring)."""
        return {"scenario": self.scenario, "lens": self.lens, "policy": self.policy,
                "seed": self.seed, "replications": self.replications,
                "horizon_months": self.horizon_months, "version": self.version,
                "parameters": list(self.parameters),
                "cells": [c.to_dict() for c in self.cells]}

    def to_frame(self) -> pd.DataFrame:
        """One row per (cell, outcome): ``policy, cell, <parameters>, outcome, estimate, lo,
        hi``."""
        rows = []
        for c in self.cells:
            for key in OUTCOME_KEYS:
                e = c.result.outcomes[key]
                rows.append({"policy": self.policy, "cell": c.index, **dict(c.values),
                             "outcome": key,
                             "estimate": None if e is None else e.value,
                             "lo": None if e is None else e.lo,
                             "hi": None if e is None else e.hi})
        cols = ["policy", "cell", *self.parameters, "outcome", "estimate", "lo", "hi"]
        return pd.DataFrame(rows, columns=cols)

    def store_rows(self) -> pd.DataFrame:
        """Rows for the results store: ``policy, outcome, term`` (the cell), ``estimate, lo,
        hi``."""
        rows = []
        for c in self.cells:
            term = c.label()
            for key in OUTCOME_KEYS:
                e = c.result.outcomes[key]
                rows.append({"policy": self.policy, "outcome": key, "term": term,
                             "estimate": None if e is None else e.value,
                             "lo": None if e is None else e.lo,
                             "hi": None if e is None else e.hi})
        return pd.DataFrame(rows, columns=["policy", "outcome", "term", "estimate", "lo", "hi"])
