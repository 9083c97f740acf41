"""Claim audit: does an article's conclusion follow from its claims?

Each claim of a claims file (:mod:`foedus.evidence.claims_schema`) is a two-level factor:
``holds`` or ``fails``, each side a set of parameter priors and scenario edits
(:mod:`foedus.audit.edits`). :class:`ClaimAudit` runs every policy of a scenario in each
cell of a two-level design over the claims — the full factorial for up to :data:`FULL_MAX`
claims, otherwise a resolution-IV fractional factorial (the fold-over of a
Sylvester–Hadamard matrix: ``2m`` cells for up to ``m`` claims, ``m`` a power of two; the
matrix is :func:`scipy.linalg.hadamard`), in which no main effect is aliased with a
two-claim interaction. Parameters no claim sets keep the lens's prior; every cell and world
has its own random stream, a child of the root seed.

It reports, per claim, policy and outcome, the **main effect** (mean over cells where the
claim holds minus mean where it fails) with a 95 % interval from the cells' Monte Carlo
variances; per claim, the best policy on the objective when it holds and when it fails (on
the marginal means). Four **worlds** are simulated at the full number of replications, each
ranked on every outcome once (:func:`foedus.study.verdict.rank_outcome`, ties as ties): every
claim holds (the article's world), the lens's own priors (no claim imposed), every claim
fails, and the evidence-weighted world, in which each replication draws each claim as
holding with the probability its evidence status gives (``HOLDS_PROBABILITY``).

When the file names the policy the article recommends (``conclusion``), the audit tests it:
its **standing** — ``wins`` (best, every other policy clearly behind), ``tied`` (not clearly
separated from the best) or ``loses`` (clearly behind) — in each world; **leave-one-out**
from the article's world (each claim failing alone, at full replications); the **smallest
sets of claims** whose failure overturns it (it loses) and the smallest sets whose holding
alone makes it win from the all-fail world (searched in the design's cells for the full
factorial, by direct simulation up to pairs otherwise); and **two-claim interactions** on
its margin over its strongest rival (the rival's objective minus its own, signed so that
positive favours the recommended policy), ``d = sign·(y_R − y_P)``: for claims a, b the
mean of ``d`` where ``x_a·x_b = +1`` minus where it is −1, with a 95 % interval.

**Monte Carlo warnings** say when the replications are too few to separate policies: a
world where the recommended policy is tied, with the replications a gap of that size would
need (``n·(h/|gap|)²``, ``h`` the half-width of its interval); claims that change the best
policy only within the noise. Shapes: ``Y`` is (policies, cells, outcomes, 2) — each
outcome's value and Monte Carlo variance.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, product
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.linalg import hadamard

from foedus._version import __version__
from foedus.audit.edits import check_edits, edit_key, scenario_for
from foedus.engine.simulate import DEFAULT_CHUNK, RunSpec, merge, simulate
from foedus.engine.structure import Structure, compile_structure
from foedus.engine.tally import Tally
from foedus.evidence.claims_schema import ClaimsDocument
from foedus.evidence.lenses import ResolvedPriors, resolve
from foedus.evidence.registry import PriorEntry
from foedus.scenario.errors import ScenarioError
from foedus.scenario.loader import Document
from foedus.scenario.schema import Scenario
from foedus.sensitivity.outcomes import point_value
from foedus.study.intervals import Z95
from foedus.study.result import HIGHER_IS_BETTER, OUTCOME_KEYS, PolicyResult, Result
from foedus.study.verdict import OutcomeVerdict, rank_outcome

AUDIT_STREAM = zlib.crc32(b"claim-audit")
#: Most claims for which ``auto`` runs the full factorial (2^10 = 1,024 cells).
FULL_MAX = 10
#: Replications per cell and policy by default: about 2^16 per policy over the design,
#: between :data:`MIN_CELL_REPS` and the world replications.
CELL_BUDGET = 1 << 16
MIN_CELL_REPS = 200
WORLDS = ("article", "lens", "all_fail", "weighted")
WORLD_LABELS = {"article": "the article's world (every claim holds)",
                "lens": "the lens's priors (no claim imposed)",
                "all_fail": "every claim fails",
                "weighted": "evidence-weighted (each claim holds with its evidence's "
                            "probability)"}
#: Stream keys of the worlds (cells use their index).
_KEYS = {"article": 1, "lens": 2, "all_fail": 3, "weighted": 4, "loo": 5, "subset": 6}


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


def cell_replications(cells: int, replications: int) -> int:
    """Default replications per cell: ``CELL_BUDGET / cells`` within
    [``MIN_CELL_REPS``, ``replications``]."""
    return max(1, min(replications, max(MIN_CELL_REPS, CELL_BUDGET // cells)))


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
    """One policy's place in a world's ranking on the objective (``rank`` shared by ties:
    ``tied`` marks a policy not clearly behind the best)."""

    policy: str
    estimate: float
    lo: float
    hi: float
    rank: int = 1
    tied: bool = False


@dataclass(frozen=True)
class Standing:
    """The recommended policy in one world: ``wins``, ``tied``, ``loses`` or ``undefined``;
    the best policy (or the best other one when it wins), and the gap to it."""

    world: str
    status: str
    estimate: float | None
    rival: str | None
    gap: float | None  # sign-adjusted: > 0 means the recommended policy is better
    gap_lo: float | None
    gap_hi: float | None


@dataclass(frozen=True)
class ClaimSet:
    """A set of claims and the recommended policy's standing when they are switched."""

    claims: tuple[str, ...]
    status: str
    source: str  # "cells" (the design's cells) or "simulated"


@dataclass(frozen=True)
class Interaction:
    """Two-claim interaction on the recommended policy's margin over its rival."""

    a: str
    b: str
    effect: float
    lo: float
    hi: float

    @property
    def clear(self) -> bool:
        return self.lo > 0.0 or self.hi < 0.0


@dataclass(frozen=True)
class ConclusionTest:
    """The test of the article's conclusion."""

    policy: str
    outcome: str
    rival: str | None
    worlds: tuple[Standing, ...]
    leave_one_out: tuple[Standing, ...]  # world = the claim that fails
    overturning: tuple[ClaimSet, ...]
    establishing: tuple[ClaimSet, ...]
    searched_up_to: int
    margin_effects: tuple[Interaction, ...]  # a == b: the claim's main effect on the margin
    interactions: tuple[Interaction, ...]
    interactions_aliased: bool
    quote: str | None = None  # the article's words for its recommendation

    def standing(self, world: str) -> Standing:
        return next(s for s in self.worlds if s.world == world)

    def sentence(self) -> str:
        """The verdict in one line."""
        a = self.standing("article")
        verb = {"wins": "wins", "tied": "is tied for best", "loses": "loses",
                "undefined": "has no estimate"}[a.status]
        head = f"{self.policy} {verb} on {self.outcome.replace('_', ' ')} in the article's world"
        if a.status == "wins" and a.gap is not None:
            head += f", ahead of {a.rival} by {a.gap:.3f} [{a.gap_lo:.3f}, {a.gap_hi:.3f}]"
        elif a.status in ("loses", "tied") and a.rival is not None and a.gap is not None:
            head += (f" ({a.rival} {'better' if a.gap < 0 else 'level'} by "
                     f"{abs(a.gap):.3f} [{a.gap_lo:.3f}, {a.gap_hi:.3f}])")
        others = "; ".join(f"{w.world.replace('_', ' ')}: {w.status}" for w in self.worlds
                           if w.world != "article")
        decide = [s.world for s in self.leave_one_out if s.status == "loses"]
        tie = [s.world for s in self.leave_one_out if s.status == "tied"]
        out = f"{head} ({others})."
        if a.status != "wins":
            return out
        if decide:
            out += f" Dropping {', '.join(decide)} alone overturns it."
        if tie:
            out += f" Dropping {', '.join(tie)} alone leaves it tied."
        sets = [s for s in self.overturning if len(s.claims) > 1]
        if not decide and sets:
            out += (" No single claim overturns it; the smallest sets that do: "
                    + "; ".join("{" + ", ".join(s.claims) + "}" for s in sets[:5]) + ".")
        if not decide and not sets:
            out += (f" No set of up to {self.searched_up_to} claims overturns it.")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"policy": self.policy, "outcome": self.outcome, "rival": self.rival,
                "sentence": self.sentence(), "quote": self.quote,
                "worlds": [w.__dict__ for w in self.worlds],
                "leave_one_out": [{**w.__dict__, "claim": w.world} for w in
                                  self.leave_one_out],
                "overturning_sets": [{**c.__dict__, "claims": list(c.claims)}
                                     for c in self.overturning],
                "establishing_sets": [{**c.__dict__, "claims": list(c.claims)}
                                      for c in self.establishing],
                "searched_up_to": self.searched_up_to,
                "margin_effects": [{"claim": m.a, "effect": m.effect, "lo": m.lo,
                                    "hi": m.hi} for m in self.margin_effects],
                "interactions": [{**i.__dict__, "clear": i.clear} for i in self.interactions],
                "interactions_aliased": self.interactions_aliased}


#: Columns of an audit's main effects (:meth:`AuditResult.to_frame`, ``effects`` of its JSON).
EFFECT_COLUMNS = ("claim", "policy", "outcome", "effect", "lo", "hi")


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
    cell_replications: int = 0
    claims_sha256: str = ""
    article: dict[str, Any] = field(default_factory=dict)
    claims: tuple[dict[str, Any], ...] = ()
    #: ``rankings[world][outcome]`` is :meth:`OutcomeVerdict.to_dict` (every outcome, once).
    rankings: dict[str, dict[str, Any]] = field(default_factory=dict)
    world_results: dict[str, dict[str, Any]] = field(default_factory=dict)
    conclusion: ConclusionTest | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON of ``foedus audit --json``."""
        return {
            "scenario": self.scenario, "lens": self.lens, "claims": self.claims_id,
            "claims_sha256": self.claims_sha256, "article": self.article,
            "objective": self.objective,
            "objective_better": "higher" if better(self.objective) > 0 else "lower",
            "design": self.design, "cells": self.cells, "replications": self.replications,
            "cell_replications": self.cell_replications,
            "seed": self.seed, "version": self.version,
            "conclusion": None if self.conclusion is None else self.conclusion.to_dict(),
            "warnings": list(self.warnings),
            "claims_detail": list(self.claims),
            "verdicts": [v.__dict__ for v in self.verdicts],
            "worlds": {w: [r.__dict__ for r in rs] for w, rs in self.worlds.items()},
            "rankings": self.rankings,
            "world_results": self.world_results,
            "effects": [e.__dict__ for e in self.effects],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per (claim, policy, outcome): ``claim, policy, outcome, effect, lo, hi``."""
        return pd.DataFrame([e.__dict__ for e in self.effects], columns=list(EFFECT_COLUMNS))


def record_meta(res: AuditResult, claims: ClaimsDocument) -> dict[str, Any]:
    """What a results-store record of ``res`` keeps besides its payload: the claims file's
    id, SHA-256 and text, the objective, the design, and the conclusion's standing."""
    return {"claims": res.claims_id, "claims_sha256": claims.sha256,
            "claims_text": claims.text, "objective": res.objective, "design": res.design,
            "cells": res.cells, "cell_replications": res.cell_replications,
            "conclusion": None if res.conclusion is None else {
                "policy": res.conclusion.policy,
                "article_world": res.conclusion.standing("article").status}}


def _with(priors: ResolvedPriors, claims: ClaimsDocument, levels: Sequence[int]
          ) -> ResolvedPriors:
    """``priors`` with each claim's chosen side (+1 holds, −1 fails, 0 none)."""
    entries = dict(priors.entries)
    for c, level in zip(claims.spec.claims, levels, strict=True):
        if level == 0:
            continue
        side_name = "holds" if level > 0 else "fails"
        side = getattr(c, side_name)
        for name, prior in claims.sides[c.id][side_name].items():
            entries[name] = PriorEntry(prior, side.source, side.rationale,
                                       origin=f"claim {c.id} {side_name}")
    return ResolvedPriors(priors.lens, entries)


def standing(ov: OutcomeVerdict, policy: str, world: str) -> Standing:
    """The standing of ``policy`` in one world's ranking ``ov`` (see module)."""
    me = ov.standing(policy)
    if me is None or ov.best is None:
        return Standing(world, "undefined", None, None, None, None, None)
    sign = 1.0 if ov.higher_is_better else -1.0
    if ov.best.policy == policy:
        if len(ov.standings) == 1:
            return Standing(world, "wins", me.estimate.value, None, None, None, None)
        other = ov.standings[1]
        assert other.gap is not None
        # other.gap = other − best; the recommended policy's lead is −sign·gap
        g, lo, hi = (-sign * other.gap.value, *sorted((-sign * other.gap.lo,
                                                       -sign * other.gap.hi)))
        status = "tied" if other.tied else "wins"
        return Standing(world, status, me.estimate.value, other.policy, g, lo, hi)
    assert me.gap is not None
    g, lo, hi = (sign * me.gap.value, *sorted((sign * me.gap.lo, sign * me.gap.hi)))
    return Standing(world, "tied" if me.tied else "loses", me.estimate.value, ov.best.policy,
                    g, lo, hi)


class ClaimAudit:
    """Audit a claims file against every policy of a scenario.

    Parameters
    ----------
    claims : ClaimsDocument
        A validated claims file.
    objective : str or None
        Outcome that ranks policies (default: the claims file's ``objective``, else its
        conclusion's outcome, else ``war_by_horizon``).
    lens : str
        Priors of every parameter no claim sets.
    replications : int
        Replications per policy in each world and leave-one-out world.
    seed : int or None
        Root seed (default: the scenario's).
    design : {"auto", "full", "fractional"}
    cell_reps : int or None
        Replications per policy in each design cell (default :func:`cell_replications`).
    """

    def __init__(self, claims: ClaimsDocument, objective: str | None = None,
                 lens: str = "evidence", replications: int = 5000, seed: int | None = None,
                 design: str = "auto", chunk_size: int = DEFAULT_CHUNK,
                 cell_reps: int | None = None) -> None:
        self.claims = claims
        self.objective = objective
        self.lens = lens
        self.replications = replications
        self.seed = seed
        self.design = design
        self.chunk_size = chunk_size
        self.cell_reps = cell_reps

    def check(self, doc: Document) -> tuple[str, NDArray[np.int64], str]:
        """Validate everything before any work; return ``(objective, cells, design name)``."""
        spec = self.claims.spec
        objective = self.objective or spec.outcome
        if objective not in OUTCOME_KEYS:
            if self.objective is None:
                key = "objective" if spec.objective is not None else "conclusion"
                path: tuple[str, ...] = (key,) if key == "objective" else (key, "outcome")
                raise ScenarioError([self.claims.source.issue(
                    path, f"unknown outcome '{objective}' (known: "
                          f"{', '.join(OUTCOME_KEYS)})")])
            raise ValueError(f"--objective: unknown outcome '{objective}' (known: "
                             f"{', '.join(OUTCOME_KEYS)})")
        if doc.scenario.start == "crisis" and objective in ("deal_signed",
                                                            "resumption_given_deal"):
            raise ValueError(f"objective '{objective}' is undefined for a crisis scenario")
        if self.replications < 1:
            raise ValueError("replications must be at least 1")
        if self.cell_reps is not None and self.cell_reps < 1:
            raise ValueError("cell replications must be at least 1")
        resolve(doc, self.lens)
        s = check_edits(doc.scenario, self.claims)
        if spec.conclusion is not None and spec.conclusion.policy not in {p.id for p in
                                                                          s.policies}:
            raise ScenarioError([self.claims.source.issue(
                ("conclusion", "policy"), f"unknown policy '{spec.conclusion.policy}' "
                f"(the scenario's and the file's: {', '.join(p.id for p in s.policies)})")])
        cells, name = design(len(spec.claims), self.design)
        return objective, cells, name

    def run(self, doc: Document, on_progress: Callable[[int], None] | None = None
            ) -> ClaimAudit:
        """Run the design, the worlds and the conclusion's tests; sets ``result_``."""
        objective, cells, design_name = self.check(doc)
        spec = self.claims.spec
        base_s = check_edits(doc.scenario, self.claims)
        seed = doc.scenario.seed if self.seed is None else self.seed
        base = resolve(doc, self.lens)
        k = len(spec.claims)
        ids = [p.id for p in base_s.policies]
        cell_n = self.cell_reps or cell_replications(len(cells), self.replications)
        structures: dict[tuple[int, ...], dict[str, Structure]] = {}

        def structs(levels: Sequence[int]) -> dict[str, Structure]:
            key = edit_key(self.claims, levels)
            if key not in structures:
                s: Scenario = scenario_for(base_s, self.claims, levels)
                structures[key] = {p.id: compile_structure(s, p) for p in s.policies}
            return structures[key]

        def tallies(levels: Sequence[int], n: int, stream: tuple[int, ...]
                    ) -> dict[str, Tally]:
            priors = _with(base, self.claims, levels)
            spec_ = RunSpec(n, seed, self.chunk_size, stream=(AUDIT_STREAM, *stream))
            out = {}
            for pid, st in structs(levels).items():
                out[pid] = simulate(st, priors, spec_)
                if on_progress is not None:
                    on_progress(1)
            return out

        def result(t: dict[str, Tally], n: int) -> Result:
            st0 = structs([0] * k)
            return Result(base_s.id, self.lens, seed, n, base_s.horizon, __version__, False,
                          {pid: PolicyResult.from_tally(pid, tt, st0[pid].crisis,
                                                        [c.id for c in st0[pid].commitments])
                           for pid, tt in t.items()})

        # --- the design's cells -------------------------------------------------------------
        cell_results: list[Result] = []
        Y = np.empty((len(ids), len(cells), len(OUTCOME_KEYS), 2))
        for i, row in enumerate(cells):
            t = tallies(row.tolist(), cell_n, (0, i))
            for p, pid in enumerate(ids):
                Y[p, i] = [point_value(t[pid], key) for key in OUTCOME_KEYS]
            cell_results.append(result(t, cell_n))
        # --- the four worlds ------------------------------------------------------------------
        n = self.replications
        worlds = {"article": result(tallies([1] * k, n, (_KEYS["article"],)), n),
                  "lens": result(tallies([0] * k, n, (_KEYS["lens"],)), n),
                  "all_fail": result(tallies([-1] * k, n, (_KEYS["all_fail"],)), n),
                  "weighted": result(self._weighted(tallies, seed, k, n), n)}
        rankings = {w: {key: rank_outcome(r, key) for key in OUTCOME_KEYS}
                    for w, r in worlds.items()}
        ranked = {w: _ranking(rankings[w][objective]) for w in worlds}
        effects = self._effects(Y, cells, ids)
        verdicts = self._verdicts(Y, cells, ids, objective)
        conclusion = None
        if spec.conclusion is not None:
            conclusion = self._conclusion(spec.conclusion.policy, objective, ids, cells, Y,
                                          cell_results, rankings, tallies, result, n, cell_n,
                                          design_name)
        warnings = _warnings(rankings, objective, conclusion, verdicts, n, cell_n)
        self.result_ = AuditResult(
            base_s.id, self.lens, spec.id, objective, design_name, len(cells), n, seed,
            __version__, effects, verdicts, ranked, cell_n, self.claims.sha256,
            spec.article.model_dump(), tuple(_claim_summary(self.claims)),
            {w: {key: ov.to_dict() for key, ov in r.items()} for w, r in rankings.items()},
            {w: {pid: pr.to_dict()["outcomes"] for pid, pr in r.policies.items()}
             for w, r in worlds.items()},
            conclusion, tuple(warnings))
        return self

    def _weighted(self, tallies: Callable[..., dict[str, Tally]], seed: int, k: int, n: int
                  ) -> dict[str, Tally]:
        """The evidence-weighted world: each replication draws which claims hold."""
        prob = np.array([c.evidence.holds_probability for c in self.claims.spec.claims])
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
            seed, spawn_key=(AUDIT_STREAM, _KEYS["weighted"]))))
        draws = np.where(rng.random((n, k)) < prob, 1, -1)
        patterns, counts = np.unique(draws, axis=0, return_counts=True)
        parts: dict[str, list[Tally]] = {}
        for j, (row, m) in enumerate(zip(patterns, counts, strict=True)):
            for pid, t in tallies(row.tolist(), int(m), (_KEYS["weighted"], j)).items():
                parts.setdefault(pid, []).append(t)
        return {pid: merge(ts) for pid, ts in parts.items()}

    def _conclusion(self, policy: str, objective: str, ids: list[str],
                    cells: NDArray[np.int64], Y: NDArray[np.float64],
                    cell_results: list[Result], rankings: dict[str, dict[str, OutcomeVerdict]],
                    tallies: Callable[..., dict[str, Tally]],
                    result: Callable[[dict[str, Tally], int], Result], n: int, cell_n: int,
                    design_name: str) -> ConclusionTest:
        claims = [c.id for c in self.claims.spec.claims]
        k = len(claims)
        in_world = tuple(standing(rankings[w][objective], policy, w) for w in WORLDS)
        loo = []
        for j in range(k):
            levels = [1] * k
            levels[j] = -1
            r = result(tallies(levels, n, (_KEYS["loo"], j)), n)
            loo.append(standing(rank_outcome(r, objective), policy, claims[j]))
        full = design_name.startswith("full")
        by_cell = {tuple(row.tolist()): cr for row, cr in zip(cells, cell_results, strict=True)}

        def status(levels: tuple[int, ...], extra: int) -> tuple[str, str]:
            if levels in by_cell:
                return standing(rank_outcome(by_cell[levels], objective), policy,
                                "").status, "cells"
            r = result(tallies(list(levels), cell_n, (_KEYS["subset"], extra)), cell_n)
            return standing(rank_outcome(r, objective), policy, "").status, "simulated"

        max_size = k if full else min(2, k)
        loo_status: dict[tuple[int, ...], str] = {(j,): s.status for j, s in enumerate(loo)}
        overturning = _minimal_sets(k, max_size, 1, "loses", status, loo_status, claims)
        establishing = _minimal_sets(k, max_size, -1, "wins", status, {}, claims)
        rival = _rival(rankings, objective, policy)
        margin: list[Interaction] = []
        inter: list[Interaction] = []
        if rival is not None:
            o = OUTCOME_KEYS.index(objective)
            pi, ri = ids.index(policy), ids.index(rival)
            d = better(objective) * (Y[pi, :, o, 0] - Y[ri, :, o, 0])
            var = Y[pi, :, o, 1] + Y[ri, :, o, 1]
            if np.all(np.isfinite(d)):
                for j in range(k):
                    margin.append(_contrast(claims[j], claims[j], cells[:, j], d, var))
                for a, b in combinations(range(k), 2):
                    inter.append(_contrast(claims[a], claims[b], cells[:, a] * cells[:, b],
                                           d, var))
                inter.sort(key=lambda x: -abs(x.effect))
        return ConclusionTest(policy, objective, rival, in_world, tuple(loo),
                              tuple(overturning), tuple(establishing), max_size,
                              tuple(margin), tuple(inter), not full,
                              None if self.claims.spec.conclusion is None
                              else self.claims.spec.conclusion.quote)

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


def _contrast(a: str, b: str, x: NDArray[np.int64], d: NDArray[np.float64],
              var: NDArray[np.float64]) -> Interaction:
    """Mean of ``d`` where ``x`` is +1 minus where it is −1, with its 95 % interval."""
    h, f = x > 0, x < 0
    eff = float(d[h].mean() - d[f].mean())
    sd = math.sqrt(float(var[h].sum() / h.sum() ** 2 + var[f].sum() / f.sum() ** 2))
    return Interaction(a, b, eff, eff - Z95 * sd, eff + Z95 * sd)


def _minimal_sets(k: int, max_size: int, start: int, target: str,
                  status: Callable[[tuple[int, ...], int], tuple[str, str]],
                  known: dict[tuple[int, ...], str], claims: list[str]) -> list[ClaimSet]:
    """The smallest sets of claims which, switched from level ``start`` (all +1: the
    article's world; all −1: all fail), give the recommended policy the status
    ``target``; searched by size up to ``max_size``, stopping at the first size found."""
    found: list[ClaimSet] = []
    counter = 0
    for size in range(1, max_size + 1):
        for combo in combinations(range(k), size):
            levels = tuple(-start if j in combo else start for j in range(k))
            if combo in known and start == 1:
                st, src = known[combo], "simulated"
            else:
                counter += 1
                st, src = status(levels, counter * 2 + (start < 0))
            if st == target:
                found.append(ClaimSet(tuple(claims[j] for j in combo), st, src))
        if found:
            break
    return found


def _rival(rankings: dict[str, dict[str, OutcomeVerdict]], objective: str, policy: str
           ) -> str | None:
    """The strongest other policy: the best one other than ``policy`` where every claim
    fails (else in the article's world)."""
    for w in ("all_fail", "article"):
        for s in rankings[w][objective].standings:
            if s.policy != policy:
                return s.policy
    return None


def _ranking(ov: OutcomeVerdict) -> tuple[Ranked, ...]:
    """The objective's ranking with ties: equal estimates share a rank."""
    out: list[Ranked] = []
    for s in ov.standings:
        rank = s.rank
        if out and s.estimate.value == out[-1].estimate:
            rank = out[-1].rank
        out.append(Ranked(s.policy, s.estimate.value, s.estimate.lo, s.estimate.hi, rank,
                          s.tied))
    return tuple(out)


def _needed(n: int, gap: float, lo: float, hi: float) -> int | None:
    """Replications per policy that would make a gap of this size clear."""
    half = (hi - lo) / 2.0
    if gap == 0.0 or half <= 0.0:
        return None
    need = n * (half / abs(gap)) ** 2
    return int(math.ceil(need / 1000.0) * 1000)


def _warnings(rankings: dict[str, dict[str, OutcomeVerdict]], objective: str,
              conclusion: ConclusionTest | None, verdicts: Sequence[ClaimVerdict],
              n: int, cell_n: int) -> list[str]:
    """Monte Carlo warnings (see module)."""
    out = []
    if conclusion is not None:
        for s in conclusion.worlds:
            if s.status != "tied" or s.gap is None or s.gap_lo is None or s.gap_hi is None:
                continue
            need = _needed(n, s.gap, s.gap_lo, s.gap_hi)
            out.append(f"{WORLD_LABELS[s.world]}: {conclusion.policy} and {s.rival} cannot be "
                       f"told apart at {n:,} replications (gap {s.gap:+.3f} [{s.gap_lo:+.3f}, "
                       f"{s.gap_hi:+.3f}])" + ("" if need is None else
                                               f"; about {need:,} would separate a gap "
                                               "this size"))
    else:
        for w, ov in ((w, r[objective]) for w, r in rankings.items()):
            if len(ov.leaders) > 1 and ov.spread:
                out.append(f"{WORLD_LABELS[w]}: {', '.join(ov.leaders)} are tied at the top "
                           f"at {n:,} replications")
    noisy = [v.claim for v in verdicts if v.changes_best and not v.decisive]
    if noisy:
        out.append(f"{', '.join(noisy)}: the best policy changes only within the noise at "
                   f"{cell_n:,} replications per cell (not a finding; raise --cell-reps to "
                   "settle it)")
    return out


def _claim_summary(doc: ClaimsDocument) -> list[dict[str, Any]]:
    out = []
    for c in doc.spec.claims:
        sides = {}
        for name in ("holds", "fails"):
            side = getattr(c, name)
            sides[name] = {
                "parameters": {k: v.describe() for k, v in doc.sides[c.id][name].items()},
                "edits": [e.model_dump(exclude_none=True) for e in
                          (*side.scoped, *side.actors, *side.commitments, *side.policies)],
                "source": side.source, "rationale": side.rationale}
        out.append({"id": c.id, "claim": c.claim, "quote": c.quote,
                    "mechanism": list(c.mechanism), "status": c.evidence.status,
                    "holds_probability": c.evidence.holds_probability,
                    "evidence": [s.model_dump() for s in c.evidence.sources], **sides})
    return out
