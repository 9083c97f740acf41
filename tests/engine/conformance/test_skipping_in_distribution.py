"""Skipping quiet months changes the random stream, not the distribution.

The engine skips ahead over quiet months (:mod:`foedus.engine.rules`, thinning
of the months' event hazards); ``skip=False`` runs the same rules drawing
every month's events one by one. Both runs share the parameter draws,
credibilities and deal uniforms (drawn once from a fixed generator) but use
independent monthly streams. On every policy of both bundled scenarios, under
the ``evidence`` lens, we compare every tallied proportion (two-proportion
z-tests; Fisher's exact test where events are rare), the mean months of peace
(z-test), and the distributions of the first-war month and of the highest
level reached (chi-square tests of homogeneity), with Holm's correction over
all comparisons at family-wise α = 0.001. A last test perturbs one parameter
of one side's inputs and checks that the same statistics then reject, so the
agreement test cannot pass vacuously.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest
from numpy.typing import NDArray
from scipy import stats

from foedus.engine.compiled import run_chunk
from foedus.engine.inputs import BlockInputs, draw_inputs
from foedus.engine.structure import Structure, compile_structure
from foedus.engine.tally import Tally
from foedus.evidence.lenses import resolve
from foedus.model.rng import seeds as stream_seeds
from foedus.scenario.library import load

ALPHA = 0.001  # family-wise
N_KERNEL = 20_000
#: replications of the month-by-month run per policy
N_REF = {"ukraine-2025": 20_000, "july-1914": 20_000}
POLICIES = {"ukraine-2025": 10, "july-1914": 3}
PROPORTIONS = ("deal", "war", "war_deal", "guarantor_combat", "great_power_war",
               "nuclear_use", "spoiled")

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Comparison:
    """One hypothesis test: kernel versus reference on one statistic."""

    name: str
    kernel: float
    reference: float
    p: float


# --- the two implementations ------------------------------------------------------------


def _streams(inp: BlockInputs, seed: int) -> BlockInputs:
    """The same inputs with fresh, independent monthly streams."""
    return BlockInputs(inp.params, inp.cred0, inp.deal_u,
                       stream_seeds(np.random.default_rng(seed), inp.n))


def kernel_tally(st: Structure, inp: BlockInputs, seed: int) -> Tally:
    """Run the engine as production runs it: quiet months skipped."""
    tally = Tally(st.horizon, len(st.commitments))
    tally.add(run_chunk(st, _streams(inp, seed), skip=True))
    return tally


def reference_tally(st: Structure, inp: BlockInputs, seed: int) -> Tally:
    """Run the same rules drawing every month."""
    tally = Tally(st.horizon, len(st.commitments))
    tally.add(run_chunk(st, _streams(inp, seed), skip=False))
    return tally


# --- the statistics ---------------------------------------------------------------------


def two_proportions(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of H0: equal proportions (Fisher's exact test when rare)."""
    events, total = x1 + x2, n1 + n2
    if events == 0 or events == total:
        return 1.0
    if min(events, total - events) < 20:
        table = [[x1, n1 - x1], [x2, n2 - x2]]
        return float(stats.fisher_exact(table).pvalue)
    pool = events / total
    se = math.sqrt(pool * (1.0 - pool) * (1.0 / n1 + 1.0 / n2))
    z = (x1 / n1 - x2 / n2) / se
    return float(2.0 * stats.norm.sf(abs(z)))


def two_means(s1: int, ss1: int, n1: int, s2: int, ss2: int, n2: int) -> float:
    """Two-sided p-value of H0: equal means (z-test from sums and sums of squares)."""
    m1, m2 = s1 / n1, s2 / n2
    v1 = (ss1 - s1 * m1) / (n1 - 1)
    v2 = (ss2 - s2 * m2) / (n2 - 1)
    se = math.sqrt(max(v1, 0.0) / n1 + max(v2, 0.0) / n2)
    if se == 0.0:
        return 1.0 if m1 == m2 else 0.0
    return float(2.0 * stats.norm.sf(abs(m1 - m2) / se))


def homogeneity(h1: NDArray[np.int64], h2: NDArray[np.int64], min_expected: float = 5.0
                ) -> float:
    """Chi-square test that two histograms come from one distribution.

    Adjacent bins are merged, left to right, until every expected count is at
    least ``min_expected``.
    """
    h1, h2 = np.asarray(h1, np.int64), np.asarray(h2, np.int64)
    n1, n2 = int(h1.sum()), int(h2.sum())
    share = min(n1, n2) / (n1 + n2)
    cols: list[list[int]] = []
    acc = [0, 0]
    for a, b in zip(h1.tolist(), h2.tolist(), strict=True):
        acc = [acc[0] + a, acc[1] + b]
        if (acc[0] + acc[1]) * share >= min_expected:
            cols.append(acc)
            acc = [0, 0]
    if acc[0] + acc[1] > 0:
        if cols:
            cols[-1] = [cols[-1][0] + acc[0], cols[-1][1] + acc[1]]
        else:
            cols.append(acc)
    if len(cols) < 2:
        return 1.0
    table = np.array(cols, dtype=np.int64).T
    return float(stats.chi2_contingency(table, correction=False).pvalue)


def compare(label: str, st: Structure, k: Tally, r: Tally) -> list[Comparison]:
    """Every comparison of two tallies of one policy."""
    out = []
    for name in PROPORTIONS:
        xk, xr = getattr(k, name), getattr(r, name)
        out.append(Comparison(f"{label} {name}", xk / k.n, xr / r.n,
                              two_proportions(xk, k.n, xr, r.n)))
    for c in st.commitments:
        for what, hk, hr in (("honoured", k.honoured, r.honoured),
                             ("defected", k.defected, r.defected)):
            xk, xr = int(hk[c.index]), int(hr[c.index])
            out.append(Comparison(f"{label} {c.id} {what}", xk / k.n, xr / r.n,
                                  two_proportions(xk, k.n, xr, r.n)))
    out.append(Comparison(f"{label} mean peace months", k.peace_sum / k.n, r.peace_sum / r.n,
                          two_means(k.peace_sum, k.peace_sumsq, k.n, r.peace_sum,
                                    r.peace_sumsq, r.n)))
    out.append(Comparison(f"{label} first-war month", float("nan"), float("nan"),
                          homogeneity(k.first_war[1:], r.first_war[1:])))
    out.append(Comparison(f"{label} highest level", float("nan"), float("nan"),
                          homogeneity(k.max_level, r.max_level)))
    return out


def holm_rejections(comparisons: list[Comparison], alpha: float) -> list[Comparison]:
    """The comparisons Holm's step-down procedure rejects at family-wise ``alpha``."""
    ordered = sorted(comparisons, key=lambda c: c.p)
    m = len(ordered)
    rejected = []
    for i, c in enumerate(ordered):
        if c.p > alpha / (m - i):
            break
        rejected.append(c)
    return rejected


def _report(comparisons: list[Comparison], n: int = 8) -> str:
    worst = sorted(comparisons, key=lambda c: c.p)[:n]
    return "\n".join(f"  p={c.p:.2e}  kernel={c.kernel:.4f}  reference={c.reference:.4f}  "
                     f"{c.name}" for c in worst)


# --- the tests --------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    label: str
    st: Structure
    inp: BlockInputs
    kernel: Tally


def _cases() -> list[Case]:
    cases = []
    for seed, (sid, expected) in enumerate(POLICIES.items()):
        doc = load(sid)
        priors = resolve(doc, "evidence")
        pids = [p.id for p in doc.scenario.policies]
        assert len(pids) == expected
        for i, pid in enumerate(pids):
            st = compile_structure(doc.scenario, doc.scenario.policy(pid))
            gen = np.random.Generator(np.random.PCG64([2025, seed, i]))
            inp = draw_inputs(st, priors, gen, N_KERNEL, fixed=False)
            k = kernel_tally(st, inp, seed=1_000 + 17 * i + seed)
            cases.append(Case(f"{sid}/{pid}", st, inp, k))
    return cases


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return _cases()


@pytest.fixture(scope="module")
def comparisons(cases: list[Case]) -> list[Comparison]:
    out: list[Comparison] = []
    for i, case in enumerate(cases):
        sid = case.st.scenario_id
        r = reference_tally(case.st, case.inp.take(slice(0, N_REF[sid])), seed=7_000 + i)
        out.extend(compare(case.label, case.st, case.kernel, r))
    return out


def test_skipping_and_monthly_draws_agree_in_distribution(comparisons: list[Comparison]) -> None:
    rejected = holm_rejections(comparisons, ALPHA)
    assert not rejected, (f"{len(rejected)} of {len(comparisons)} comparisons reject "
                          f"agreement (Holm, alpha={ALPHA}):\n{_report(rejected)}")


def test_the_family_covers_every_policy_and_statistic(comparisons: list[Comparison]) -> None:
    labels = {c.name.split(" ")[0] for c in comparisons}
    assert len(labels) == sum(POLICIES.values())
    kinds = {"deal", "war", "war_deal", "guarantor_combat", "great_power_war", "nuclear_use",
             "spoiled", "honoured", "defected", "mean peace months", "first-war month",
             "highest level"}
    assert all(any(c.name.endswith(kind) for c in comparisons) for kind in kinds)
    # most comparisons are informative (not both-zero proportions)
    assert sum(c.p < 1.0 for c in comparisons) >= 100


@pytest.mark.parametrize(("pid", "param", "factor"), [
    ("armistice", "war_end_hazard", 1.6),  # wars 40 % shorter (no deal: the war counts anyway)
    ("armistice", "attack_hazard", 1.5),  # deliberate attacks 50 % likelier
    ("reassurance-force", "q_target", 3.0),  # troops struck three times as often
])
def test_a_real_difference_would_be_detected(cases: list[Case],
                                             comparisons: list[Comparison], pid: str,
                                             param: str, factor: float) -> None:
    """Perturb one parameter of the reference's inputs only: the statistics must reject.

    The threshold is as strict as in the agreement test (Bonferroni over the
    whole family there), and the reference uses fewer replications than there.
    """
    case = next(c for c in cases if c.label == f"ukraine-2025/{pid}")
    n = 3_000
    inp = case.inp.take(slice(0, n))
    params = dict(inp.params)
    params[param] = params[param] * factor
    broken = BlockInputs(params, inp.cred0, inp.deal_u, inp.seeds)
    r = reference_tally(case.st, broken, seed=99)
    found = compare(case.label, case.st, case.kernel, r)
    threshold = ALPHA / len(comparisons)
    assert min(c.p for c in found) < threshold, _report(found)
