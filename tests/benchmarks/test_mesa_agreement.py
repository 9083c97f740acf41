"""The Mesa model of the rules and the kernel give the same outcome distributions.

Two independent implementations (``benchmarks/mesa_model.py`` and the
compiled rules) on ``ukraine-2025`` (a settlement: deal stage, recurrence
hazard after a ceasefire, spoilers, guarantors' troops, nuclear rungs) and
``july-1914`` (a crisis: high-stakes episodes under way at month 0, attacks
only while the crisis lasts, conditional pledges, chains of commitments and
war plans within a month), three policies each, the same parameter draws'
distribution but independent random streams. For every outcome a
two-sample test: Fisher's exact test for the binary outcomes, the two-sample
Kolmogorov-Smirnov test for the months of peace and the month of the first
war, a chi-square test of homogeneity for the highest level reached; Holm's
correction over each scenario's family. In each scenario a control run with
one rate changed must be rejected, so the tests can fail.
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
CRISIS_POLICIES = ("as-in-1914", "conditional-german-pledge", "clear-british-commitment")
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


Runs = dict[str, tuple[Structure, ResolvedPriors, ChunkOutcomes]]


def _runs(doc: Document, policies: tuple[str, ...]) -> Runs:
    priors = resolve(doc, "evidence")
    out = {}
    for pol in policies:
        st = compile_structure(doc.scenario, doc.scenario.policy(pol))
        out[pol] = (st, priors, _kernel(st, priors))
    return out


def _agree(runs: Runs, seed: int) -> None:
    family: dict[str, float] = {}
    for i, (pol, (st, priors, k)) in enumerate(runs.items()):
        for name, p in _pvalues(_mesa(st, priors, seed + i), k, st.horizon).items():
            family[f"{pol}/{name}"] = p
    assert len(family) >= 30
    assert _holm_rejects(family, ALPHA) == [], sorted(family.items(), key=lambda kv: kv[1])[:5]


@pytest.fixture(scope="module")
def runs(ukraine: Document) -> Runs:
    return _runs(ukraine, POLICIES)


@pytest.fixture(scope="module")
def crisis_runs(july: Document) -> Runs:
    return _runs(july, CRISIS_POLICIES)


def test_mesa_and_kernel_agree(runs: Runs) -> None:
    _agree(runs, 1_000)


def test_mesa_and_kernel_agree_in_a_crisis(crisis_runs: Runs) -> None:
    _agree(crisis_runs, 2_000)


def test_a_changed_rule_is_detected(runs: Runs) -> None:
    st, priors, k = runs["article5"]
    mesa = _mesa(st, priors, 7, scale={"war_end_hazard": 0.4})  # wars last 2.5x longer
    assert _holm_rejects(_pvalues(mesa, k, st.horizon), ALPHA) != []


def test_a_changed_rule_is_detected_in_a_crisis(crisis_runs: Runs) -> None:
    st, priors, k = crisis_runs["as-in-1914"]
    mesa = _mesa(st, priors, 8, scale={"attack_hazard": 0.5})  # half the recurrence hazard
    assert _holm_rejects(_pvalues(mesa, k, st.horizon), ALPHA) != []
