"""The model's forecast for one historical case, with its denominator.

For a case (:mod:`foedus.evidence.casefile`) the engine simulates the policy
that actually happened over the case window of :data:`WINDOW` months with a
lens's priors and no per-case tuning. From the per-replication outcomes
(:class:`~foedus.engine.outcomes.ChunkOutcomes`, arrays of shape
``(replications,)``)::

    keep        = deal            (settlement case: the deal is known to be signed)
                = all replications (crisis case)
    signed      = Σ keep                                  the denominator
    p_war       = Σ keep · [first_war ≤ WINDOW] / signed
    p_guarantor = Σ keep · guarantor_combat / signed

A forecast resting on few signed replications is noisy: its Monte Carlo
standard error is about ``sqrt(p (1 − p) / signed)``, 0.035 at ``p = 0.5``
and ``signed = 200`` (:data:`MIN_SIGNED`). :func:`replications_needed` gives
the replications that would bring a case to that floor at its observed signing
rate.

The case's outcome month ``m`` counts whole months elapsed since the start
(``0 ≤ m < WINDOW``); the engine's month ``t = 1..WINDOW`` is the ``t``-th
month after the start, so an event in case month ``m`` is model month
``m + 1`` (a war within the first thirty days is month 0 of the case and
month 1 of the model).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from foedus.engine.outcomes import ChunkOutcomes
from foedus.engine.simulate import DEFAULT_CHUNK, RunSpec, block_ranges, simulate_blocks
from foedus.engine.structure import Structure, compile_structure
from foedus.evidence.casefile import WINDOW, CaseFile
from foedus.evidence.lenses import ResolvedPriors
from foedus.study.intervals import wilson

#: Fewest replications on the conditioning event (deal signed) for a trusted forecast.
MIN_SIGNED = 200


@dataclass(frozen=True)
class CaseForecast:
    """The model's forecast for one case.

    ``signed`` is the denominator: replications that signed the deal in a
    settlement case, all replications in a crisis case. ``p_war`` and
    ``p_guarantor`` are NaN when ``signed`` is 0.
    """

    p_war: float
    p_guarantor: float
    signed: int
    replications: int

    @property
    def low_denominator(self) -> bool:
        """Whether the forecast rests on fewer than :data:`MIN_SIGNED` replications."""
        return self.signed < MIN_SIGNED

    @property
    def replications_needed(self) -> int | None:
        """Replications that would give :data:`MIN_SIGNED` signed ones (see
        :func:`replications_needed`); ``None`` when the floor is already met."""
        if not self.low_denominator:
            return None
        return replications_needed(self.signed, self.replications)


def replications_needed(signed: int, replications: int, floor: int = MIN_SIGNED) -> int:
    """Replications that would put ``floor`` on the conditioning event.

    The signing rate is taken at the lower end of its 95 % Wilson interval
    (``signed`` of ``replications``; :func:`foedus.study.intervals.wilson`), so
    that the suggestion still holds when the observed rate was high by chance:
    ``floor / rate_lo``. With no signed replication the rate is bounded by the
    rule of three (below ``3 / replications`` with 95 % confidence), giving at
    least ``replications · floor / 3``. Rounded up to a whole thousand.
    """
    if signed > 0:
        interval = wilson(signed, replications)
        assert interval is not None
        need = math.ceil(floor / interval[1])
    else:
        need = math.ceil(replications * floor / 3)
    return int(math.ceil(need / 1000.0) * 1000)


def case_structure(case: CaseFile) -> Structure:
    """The case's scenario under its actual policy, over the case window."""
    s = case.scenario.model_copy(update={"horizon": WINDOW})
    return compile_structure(s, s.policy(case.policy))


def conditional_rates(st: Structure, out: ChunkOutcomes) -> tuple[float, float, int]:
    """``(P(war), P(guarantor), signed)`` from per-replication outcomes, conditioned on the
    deal in a settlement case (see the module docstring); NaN when ``signed`` is 0."""
    keep = out.deal if st.settlement else np.ones(out.deal.shape[0], dtype=bool)
    n = int(keep.sum())
    if n == 0:
        return math.nan, math.nan, 0
    war = (out.first_war <= st.horizon) & keep
    g = out.guarantor_combat & keep
    return float(war.sum()) / n, float(g.sum()) / n, n


def concat_outcomes(parts: Sequence[ChunkOutcomes]) -> ChunkOutcomes:
    """The outcomes of several chunks, stacked along the replication axis."""
    if len(parts) == 1:
        return parts[0]
    return ChunkOutcomes(*[np.concatenate([getattr(p, f.name) for p in parts])
                           for f in dataclasses.fields(ChunkOutcomes)])


def simulate_case(case: CaseFile, priors: ResolvedPriors, replications: int, seed: int,
                  chunk_size: int = DEFAULT_CHUNK) -> CaseForecast:
    """Simulate one case under ``priors``; its policy's stream of ``seed``."""
    st = case_structure(case)
    spec = RunSpec(replications, seed, chunk_size)
    blocks = list(range(len(block_ranges(replications))))
    _tally, kept = simulate_blocks(st, priors, spec, blocks, keep=True)
    pw, pg, n = conditional_rates(st, concat_outcomes(kept))
    return CaseForecast(pw, pg, n, replications)
