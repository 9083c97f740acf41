"""Read a one-issue negotiation from a table: ``Actor,Capability,Position,Salience``.

The layout of the published example's file (``bdm/ExampleActors.csv`` in the
shared data: Bueno de Mesquita 1994's EC example as replicated by Scholz,
Calbert & Smith 2011). Salience is on a 0–1 scale, or 0–100 (detected when a
value exceeds 1). The scale's span is that of the starting positions.
Problems are reported as ``FILE:LINE: field: message``.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from foedus.scenario.errors import Issue, ScenarioError

COLUMNS = ("Actor", "Capability", "Position", "Salience")
MAX_ROWS = 500


@dataclass(frozen=True)
class ActorTable:
    """Names and ``(1, N)`` arrays of positions, capabilities and saliences."""

    name: str
    actors: tuple[str, ...]
    positions: NDArray[np.float64]
    capabilities: NDArray[np.float64]
    saliences: NDArray[np.float64]

    @property
    def span(self) -> float:
        """Span of the starting positions."""
        return float(self.positions.max() - self.positions.min())


def read_actor_table(path: str | Path) -> ActorTable:
    """Read and check the table at ``path``."""
    p = Path(path)
    name = str(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ScenarioError([Issue(name, 0, "", "no such file")]) from None
    except UnicodeDecodeError:
        raise ScenarioError([Issue(name, 0, "", "file is not UTF-8 text")]) from None
    except OSError as exc:
        raise ScenarioError([Issue(name, 0, "", f"cannot read: {exc.strerror}")]) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise ScenarioError([Issue(name, 1, "", "empty table")])
    head = [h.strip() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in head]
    if missing:
        raise ScenarioError([Issue(name, 1, "", f"missing column(s) {', '.join(missing)} "
                                                f"(need {', '.join(COLUMNS)})")])
    col = {c: head.index(c) for c in COLUMNS}
    issues: list[Issue] = []
    names: list[str] = []
    vals: dict[str, list[float]] = {c: [] for c in COLUMNS[1:]}
    body = [(k + 1, r) for k, r in enumerate(rows) if k > 0 and any(x.strip() for x in r)]
    if len(body) > MAX_ROWS:
        raise ScenarioError([Issue(name, 0, "", f"more than {MAX_ROWS} actors")])
    for line, r in body:
        if len(r) < len(head):
            issues.append(Issue(name, line, "", f"{len(r)} fields, expected {len(head)}"))
            continue
        names.append(r[col["Actor"]].strip() or f"actor {line}")
        for c in COLUMNS[1:]:
            try:
                v = float(r[col[c]])
            except ValueError:
                issues.append(Issue(name, line, c, f"not a number: {r[col[c]]!r}"))
                v = 0.0
            if not math.isfinite(v) or v < 0:
                issues.append(Issue(name, line, c, "must be a finite number >= 0"))
            vals[c].append(v)
    if not issues and len(names) < 2:
        issues.append(Issue(name, 0, "", "a negotiation needs at least two actors"))
    sal = np.array(vals["Salience"])
    if not issues and (sal > 1).any():
        sal = sal / 100.0
        bad = [line for (line, _r), v in zip(body, sal, strict=True) if v > 1]
        issues += [Issue(name, line, "Salience", "must lie in 0-1 or 0-100") for line in bad]
    pos = np.array(vals["Position"])
    if not issues and pos.max() == pos.min():
        issues.append(Issue(name, 0, "Position", "every actor holds the same position"))
    if issues:
        raise ScenarioError(issues)
    return ActorTable(p.stem, tuple(names), pos[None, :],
                      np.array(vals["Capability"])[None, :], sal[None, :])
