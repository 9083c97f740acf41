"""The Mesa model of the rules and the kernel give the same outcome distributions.

Two independent implementations (``benchmarks/mesa_model.py`` and the
vectorised kernel) on ``ukraine-2025``, three policies, the same parameter
draws' distribution but independent random streams. For every outcome a
two-sample test: Fisher's exact test for the binary outcomes, the two-sample
Kolmogorov-Smirnov test for the months of peace and the month of the first
war, a chi-square test of homogeneity for the highest level reached; Holm's
correction over the whole family. A control run with one hazard changed must
be rejected, so the test can fail.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from foedus.engine.inputs import draw_inputs
from foedus.engine.outcomes import ChunkOutcomes
from foedus.engine.simulate import RunSpec, simulate_blocks
from foedus.engine.structure import Structure, compile_structure
from foedus.evidence.lenses import ResolvedPriors, resolve
from foedus.scenario.loader import Document

pytestmark = pytest.mark.skipif(importlib.util.find_spec("mesa") is None,
                                reason="mesa is not installed (development dependency)")

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
POLICIES = ("no-deal", "reassurance-backstop", "article5")
MESA_REPS = 300
KERNEL_REPS = 10_000
ALPHA = 0.01


def _mesa(st: Structure, priors: ResolvedPriors, seed: int,
          scale: dict[str, float] | None = None) -> ChunkOutcomes:
    sys.path.insert(0, str(BENCH))
    try:
        from mesa_model import simulate_mesa
    finally:
        sys.path.remove(str(BENCH))
    inp = draw_inputs(st, priors, np.random.default_rng(seed), MESA_REPS, False)
    for k, f in (scale or {}).items():
        inp.params[k][:] *= f
    return simulate_mesa(st, inp, seed)


def _kernel(st: Structure, priors: ResolvedPriors) -> ChunkOutcomes:
    spec = RunSpec(KERNEL_REPS, 99)
    _, kept = simulate_blocks(st, priors, spec, list(range(KERNEL_REPS // 1000)), keep=True)
    parts = kept
    return ChunkOutcomes(*(np.concatenate([getattr(p, f) for p in parts])
                           for f in ChunkOutcomes.__dataclass_fields__))


def _pvalues(a: ChunkOutcomes, b: ChunkOutcomes, H: int) -> dict[str, float]:
    out: dict[str, float] = {}
    binary = {"deal": (a.deal, b.deal), "war": (a.first_war <= H, b.first_war <= H),
              "guarantor_combat": (a.guarantor_combat, b.guarantor_combat),
              "great_power_war": (a.great_power_war, b.great_power_war),
              "nuclear_use": (a.nuclear_use, b.nuclear_use),
              "spoiled": (a.spoiler_strikes > 0, b.spoiler_strikes > 0)}
    for c in range(a.honoured.shape[1]):
        binary[f"honoured[{c}]"] = (a.honoured[:, c], b.honoured[:, c])
        binary[f"defected[{c}]"] = (a.defected[:, c], b.defected[:, c])
    for name, (x, y) in binary.items():
        table = [[int(x.sum()), int((~x).sum())], [int(y.sum()), int((~y).sum())]]
        if table[0][0] + table[1][0] in (0, len(x) + len(y)):
            continue  # constant in both samples: nothing to test
        out[name] = float(stats.fisher_exact(table).pvalue)
    out["peace_months"] = float(stats.ks_2samp(a.peace_months, b.peace_months).pvalue)
    out["first_war"] = float(stats.ks_2samp(a.first_war, b.first_war).pvalue)
    levels = np.arange(7)
    counts = np.array([[int((a.max_level == k).sum()) for k in levels],
                       [int((b.max_level == k).sum()) for k in levels]])
    counts = counts[:, counts.sum(axis=0) > 0]
    if counts.shape[1] > 1:
        out["max_level"] = float(stats.chi2_contingency(counts).pvalue)
    return out


def _holm_rejects(pvalues: dict[str, float], alpha: float) -> list[str]:
    """Names rejected by Holm's step-down procedure at family-wise level ``alpha``."""
    ordered = sorted(pvalues.items(), key=lambda kv: kv[1])
    m = len(ordered)
    rejected = []
    for i, (name, p) in enumerate(ordered):
        if p > alpha / (m - i):
            break
        rejected.append(name)
    return rejected


@pytest.fixture(scope="module")
def runs(ukraine: Document) -> dict[str, tuple[Structure, ResolvedPriors, ChunkOutcomes]]:
    priors = resolve(ukraine, "evidence")
    out = {}
    for pol in POLICIES:
        st = compile_structure(ukraine.scenario, ukraine.scenario.policy(pol))
        out[pol] = (st, priors, _kernel(st, priors))
    return out


def test_mesa_and_kernel_agree(runs: dict[str, tuple[Structure, ResolvedPriors,
                                                        ChunkOutcomes]]) -> None:
    family: dict[str, float] = {}
    for i, (pol, (st, priors, k)) in enumerate(runs.items()):
        for name, p in _pvalues(_mesa(st, priors, 1_000 + i), k, st.horizon).items():
            family[f"{pol}/{name}"] = p
    assert len(family) >= 30
    assert _holm_rejects(family, ALPHA) == [], sorted(family.items(), key=lambda kv: kv[1])[:5]


def test_a_changed_rule_is_detected(runs: dict[str, tuple[Structure, ResolvedPriors,
                                                            ChunkOutcomes]]) -> None:
    st, priors, k = runs["article5"]
    mesa = _mesa(st, priors, 7, scale={"war_end_hazard": 0.4})  # wars last 2.5x longer
    assert _holm_rejects(_pvalues(mesa, k, st.horizon), ALPHA) != []
