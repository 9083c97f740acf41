"""Claim audit: does an article's conclusion follow from its claims?

Each claim of a claims file (:mod:`foedus.evidence.claims_schema`) is a two-level factor:
``holds`` or ``fails``, each side a set of parameter priors. :class:`ClaimAudit` runs every
policy of a scenario in each cell of a two-level design over the claims — the full factorial
for up to :data:`FULL_MAX` claims, otherwise a resolution-IV fractional factorial (the
fold-over of a Sylvester–Hadamard matrix: ``2m`` cells for up to ``m`` claims, ``m`` a power
of two, so 16 cells for 5-8 claims; the matrix is :func:`scipy.linalg.hadamard`), in which
no main effect is aliased with a two-claim interaction. Parameters no claim sets keep the
lens's prior; every cell has its own random stream.

It reports, per claim, policy and outcome, the **main effect** (mean over cells where the
claim holds minus mean where it fails) with a 95 % interval from the cells' Monte Carlo
variances; per claim, the best policy on the objective when it holds and when it fails (on
the marginal means) and whether switching the claim changes it; and the ranking of policies
in three worlds: every claim holds (the article's world), every claim fails, and the lens's
own priors (no claim imposed).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.linalg import hadamard

from foedus._version import __version__
from foedus.engine.simulate import DEFAULT_CHUNK, RunSpec, simulate
from foedus.engine.structure import compile_structure
from foedus.evidence.claims_schema import ClaimsDocument
from foedus.evidence.lenses import ResolvedPriors, resolve
from foedus.evidence.registry import PriorEntry
from foedus.scenario.errors import ScenarioError
from foedus.scenario.loader import Document
from foedus.sensitivity.outcomes import point_value
from foedus.study.intervals import Z95
from foedus.study.result import HIGHER_IS_BETTER, OUTCOME_KEYS, Estimate, PolicyResult

AUDIT_STREAM = zlib.crc32(b"claim-audit")
FULL_MAX = 5
WORLDS = ("article", "all_fail", "lens")


def design(k: int, kind: str = "auto") -> tuple[NDArray[np.int64], str]:
    """Two-level design for ``k`` claims: ``(cells, k)`` of ±1 (+1 = holds), and its name.

    ``kind`` is ``full``, ``fractional`` (resolution IV) or ``auto`` (full up to
    :data:`FULL_MAX` claims).
    """
    if k < 1:
        raise ValueError("no claims to audit")
    if kind not in ("auto", "full", "fractional"):
        raise ValueError(f"unknown design '{kind}' (auto, full, fractional)")
    if kind == "full" or (kind == "auto" and k <= FULL_MAX):
        cells = np.array(list(product((1, -1), repeat=k)), dtype=np.int64)
        return cells, f"full factorial 2^{k} ({len(cells)} cells)"
    m = 1 << max(2, (k - 1).bit_length())
    h = hadamard(m)[:, :k]
    cells = np.vstack([h, -h])
    return cells, f"resolution-IV fractional factorial ({len(cells)} cells for {k} claims)"


def better(objective: str) -> int:
    """+1 if a larger value of ``objective`` is better, else -1."""
    return 1 if objective in HIGHER_IS_BETTER else -1


@dataclass(frozen=True)
class Effect:
    """Main effect of one claim on one policy's outcome (holds minus fails)."""

    claim: str
    policy: str
    outcome: str
    effect: float
    lo: float
    hi: float


@dataclass(frozen=True)
class ClaimVerdict:
    """What switching one claim does to the best policy on the objective."""

    claim: str
    status: str
    best_if_holds: str
    best_if_fails: str
    changes_best: bool
    #: The change is clear: in each level the leader beats the other level's leader by more
    #: than its 95 % interval.
    decisive: bool


@dataclass(frozen=True)
class Ranked:
    """One policy's place in a world's ranking."""

    policy: str
    estimate: float
    lo: float
    hi: float


@dataclass(frozen=True)
class AuditResult:
    """A claim audit of one scenario under one lens."""

    scenario: str
    lens: str
    claims_id: str
    objective: str
    design: str
    cells: int
    replications: int
    seed: int
    version: str
    effects: tuple[Effect, ...]
    verdicts: tuple[ClaimVerdict, ...]
    worlds: dict[str, tuple[Ranked, ...]]

    def to_dict(self) -> dict[str, Any]:
        """JSON of ``foedus audit --json``."""
        return {
            "scenario": self.scenario, "lens": self.lens, "claims": self.claims_id,
            "objective": self.objective,
            "objective_better": "higher" if better(self.objective) > 0 else "lower",
            "design": self.design, "cells": self.cells, "replications": self.replications,
            "seed": self.seed, "version": self.version,
            "verdicts": [v.__dict__ for v in self.verdicts],
            "worlds": {w: [r.__dict__ for r in rs] for w, rs in self.worlds.items()},
            "effects": [e.__dict__ for e in self.effects],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per (claim, policy, outcome): ``claim, policy, outcome, effect, lo, hi``."""
        return pd.DataFrame([e.__dict__ for e in self.effects],
                            columns=["claim", "policy", "outcome", "effect", "lo", "hi"])


def _with(priors: ResolvedPriors, claims: ClaimsDocument, levels: Sequence[int]
          ) -> ResolvedPriors:
    entries = dict(priors.entries)
    for c, level in zip(claims.spec.claims, levels, strict=True):
        side_name = "holds" if level > 0 else "fails"
        side = getattr(c, side_name)
        for name, prior in claims.sides[c.id][side_name].items():
            entries[name] = PriorEntry(prior, side.source, side.rationale,
                                       origin=f"claim {c.id} {side_name}")
    return ResolvedPriors(priors.lens, entries)


class ClaimAudit:
    """Audit a claims file against every policy of a scenario.

    Parameters
    ----------
    claims : ClaimsDocument
        A validated claims file.
    objective : str or None
        Outcome that ranks policies (default: the claims file's ``objective``).
    lens : str
        Priors of every parameter no claim sets.
    replications : int
        Replications per policy and cell.
    seed : int or None
        Root seed (default: the scenario's).
    design : {"auto", "full", "fractional"}
    """

    def __init__(self, claims: ClaimsDocument, objective: str | None = None,
                 lens: str = "evidence", replications: int = 5000, seed: int | None = None,
                 design: str = "auto", chunk_size: int = DEFAULT_CHUNK) -> None:
        self.claims = claims
        self.objective = objective
        self.lens = lens
        self.replications = replications
        self.seed = seed
        self.design = design
        self.chunk_size = chunk_size

    def check(self, doc: Document) -> tuple[str, NDArray[np.int64], str]:
        """Validate everything before any work; return ``(objective, cells, design name)``."""
        objective = self.objective or self.claims.spec.objective
        if objective not in OUTCOME_KEYS:
            if self.objective is None:
                raise ScenarioError([self.claims.source.issue(
                    ("objective",), f"unknown outcome '{objective}' (known: "
                                    f"{', '.join(OUTCOME_KEYS)})")])
            raise ValueError(f"--objective: unknown outcome '{objective}' (known: "
                             f"{', '.join(OUTCOME_KEYS)})")
        if doc.scenario.start == "crisis" and objective in ("deal_signed",
                                                            "resumption_given_deal"):
            raise ValueError(f"objective '{objective}' is undefined for a crisis scenario")
        if self.replications < 1:
            raise ValueError("replications must be at least 1")
        resolve(doc, self.lens)
        cells, name = design(len(self.claims.spec.claims), self.design)
        return objective, cells, name

    def run(self, doc: Document, on_progress: Callable[[int], None] | None = None
            ) -> ClaimAudit:
        """Run the design and the three worlds; sets ``result_`` (an :class:`AuditResult`)."""
        objective, cells, design_name = self.check(doc)
        s = doc.scenario
        seed = s.seed if self.seed is None else self.seed
        base = resolve(doc, self.lens)
        k = len(self.claims.spec.claims)
        structures = {p.id: compile_structure(s, p) for p in s.policies}
        ids = list(structures)

        def run_world(priors: ResolvedPriors, stream: int) -> dict[str, PolicyResult]:
            out = {}
            spec = RunSpec(self.replications, seed, self.chunk_size, stream=(AUDIT_STREAM,
                                                                             stream))
            for pid, st in structures.items():
                t = simulate(st, priors, spec)
                out[pid] = PolicyResult.from_tally(pid, t, st.crisis,
                                                   [c.id for c in st.commitments])
                vals[pid].append([point_value(t, key) for key in OUTCOME_KEYS])
                if on_progress is not None:
                    on_progress(1)
            return out

        vals: dict[str, list[list[tuple[float, float]]]] = {pid: [] for pid in ids}
        for i, row in enumerate(cells):
            run_world(_with(base, self.claims, row.tolist()), i)
        # (policy, cell, outcome, [value, variance])
        Y = np.array([vals[pid] for pid in ids], dtype=np.float64)
        worlds = {
            "article": run_world(_with(base, self.claims, [1] * k), len(cells)),
            "all_fail": run_world(_with(base, self.claims, [-1] * k), len(cells) + 1),
            "lens": run_world(base, len(cells) + 2),
        }
        effects = self._effects(Y, cells, ids)
        verdicts = self._verdicts(Y, cells, ids, objective)
        ranked = {w: _ranking(res, objective) for w, res in worlds.items()}
        self.result_ = AuditResult(s.id, self.lens, self.claims.spec.id, objective,
                                   design_name, len(cells), self.replications, seed,
                                   __version__, effects, verdicts, ranked)
        return self

    def _effects(self, Y: NDArray[np.float64], cells: NDArray[np.int64], ids: list[str]
                 ) -> tuple[Effect, ...]:
        out = []
        for j, c in enumerate(self.claims.spec.claims):
            h, f = cells[:, j] > 0, cells[:, j] < 0
            for p, pid in enumerate(ids):
                for o, key in enumerate(OUTCOME_KEYS):
                    v, var = Y[p, :, o, 0], Y[p, :, o, 1]
                    if not np.all(np.isfinite(v)):
                        continue
                    eff = float(v[h].mean() - v[f].mean())
                    sd = math.sqrt(float(var[h].sum() / h.sum() ** 2 + var[f].sum() / f.sum() ** 2))
                    out.append(Effect(c.id, pid, key, eff, eff - Z95 * sd, eff + Z95 * sd))
        return tuple(out)

    def _verdicts(self, Y: NDArray[np.float64], cells: NDArray[np.int64], ids: list[str],
                  objective: str) -> tuple[ClaimVerdict, ...]:
        o = OUTCOME_KEYS.index(objective)
        sign = better(objective)
        out = []
        for j, c in enumerate(self.claims.spec.claims):
            means, sds = {}, {}
            for level in (1, -1):
                sel = cells[:, j] == level
                m = Y[:, sel, o, 0].mean(axis=1)
                sd = np.sqrt(Y[:, sel, o, 1].sum(axis=1)) / sel.sum()
                means[level], sds[level] = m, sd
            best = {}
            for level in (1, -1):
                score = np.where(np.isfinite(means[level]), sign * means[level], -np.inf)
                best[level] = int(np.argmax(score))
            bh, bf = best[1], best[-1]
            decisive = bh != bf and all(
                sign * (means[lv][a] - means[lv][b])
                > Z95 * math.hypot(float(sds[lv][a]), float(sds[lv][b]))
                for lv, a, b in ((1, bh, bf), (-1, bf, bh)))
            out.append(ClaimVerdict(c.id, c.evidence.status, ids[bh], ids[bf], bh != bf,
                                    bool(decisive)))
        return tuple(out)


def _ranking(res: dict[str, PolicyResult], objective: str) -> tuple[Ranked, ...]:
    rows = []
    for pid, pr in res.items():
        e: Estimate | None = pr.outcomes[objective]
        if e is not None:
            rows.append(Ranked(pid, e.value, e.lo, e.hi))
    return tuple(sorted(rows, key=lambda r: -better(objective) * r.estimate))
