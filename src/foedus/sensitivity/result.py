"""The result of a sensitivity analysis of one policy's outcome, and its conversions.

``to_dict()`` is the JSON of ``foedus sensitivity --json``::

    {"scenario", "lens", "policy", "outcome", "method", "n", "replications", "seed",
     "evaluations", "groups_used", "groups_total", "noise_share", "version",
     "parameters": [{"name", "symbol", "mechanism", "prior",
                     "<index>": {"estimate", "lo", "hi"}, ...}, ...],   # by influence
     "dummy": {"<index>": {"estimate", "lo", "hi"}, ...},
     "dummy_check": {"passed": bool, "threshold": float}}

``to_frame()`` gives one row per (parameter, index): ``parameter, index, estimate, lo, hi``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from foedus.sensitivity.indices import Indices, Interval

#: The dummy check: the dummy's main index (ST or mu*) must not exceed this share of the
#: largest parameter's (Sobol': absolute total index; Morris: relative to the largest mu*).
DUMMY_THRESHOLD = 0.05

#: The index that ranks parameters, per method.
MAIN_INDEX = {"sobol": "ST", "morris": "mu_star"}


@dataclass(frozen=True)
class ParameterInfo:
    """What a factor is: its symbol, mechanism and prior under the lens."""

    name: str
    symbol: str
    mechanism: str
    prior: str


@dataclass(frozen=True)
class SensitivityResult:
    """Indices of every uncertain parameter for one (scenario, lens, policy, outcome)."""

    scenario: str
    lens: str
    policy: str
    outcome: str
    n: int
    replications: int
    seed: int
    version: str
    parameters: tuple[ParameterInfo, ...]
    indices: Indices

    @property
    def method(self) -> str:
        return self.indices.method

    def index(self, kind: str, name: str) -> Interval:
        """Interval of index ``kind`` of factor ``name`` (a parameter or the dummy)."""
        return self.indices.indices[kind][self.indices.names.index(name)]

    def ranking(self) -> list[str]:
        """Parameters by decreasing main index (ST or mu*)."""
        main = MAIN_INDEX[self.method]
        return sorted((p.name for p in self.parameters),
                      key=lambda n: -self.index(main, n).estimate)

    def dummy_check(self) -> bool:
        """True if the dummy's main index is negligible (see :data:`DUMMY_THRESHOLD`)."""
        if self.indices.dummy is None:
            return True
        main = MAIN_INDEX[self.method]
        d = abs(self.index(main, self.indices.dummy).estimate)
        if self.method == "sobol":
            return d <= DUMMY_THRESHOLD
        top = max(abs(self.index(main, p.name).estimate) for p in self.parameters)
        return d <= DUMMY_THRESHOLD * top

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (see module docstring)."""
        kinds = list(self.indices.indices)
        info = {p.name: p for p in self.parameters}
        params = []
        for name in self.ranking():
            p = info[name]
            row: dict[str, Any] = {"name": name, "symbol": p.symbol, "mechanism": p.mechanism,
                                   "prior": p.prior}
            row.update({k: self.index(k, name).to_dict() for k in kinds})
            params.append(row)
        ix = self.indices
        return {
            "scenario": self.scenario, "lens": self.lens, "policy": self.policy,
            "outcome": self.outcome, "method": self.method, "n": self.n,
            "replications": self.replications, "seed": self.seed,
            "evaluations": ix.evaluations, "groups_used": ix.groups_used,
            "groups_total": ix.groups_total, "noise_share": ix.noise_share,
            "version": self.version, "parameters": params,
            "dummy": (None if ix.dummy is None
                      else {k: self.index(k, ix.dummy).to_dict() for k in kinds}),
            "dummy_check": {"passed": self.dummy_check(), "threshold": DUMMY_THRESHOLD},
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per (parameter, index): ``parameter, index, estimate, lo, hi``."""
        rows = []
        names = self.ranking() + ([self.indices.dummy] if self.indices.dummy else [])
        for name in names:
            for kind in self.indices.indices:
                iv = self.index(kind, name)
                rows.append({"parameter": name, "index": kind, "estimate": iv.estimate,
                             "lo": iv.lo, "hi": iv.hi})
        return pd.DataFrame(rows, columns=["parameter", "index", "estimate", "lo", "hi"])
