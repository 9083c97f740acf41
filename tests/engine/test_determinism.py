"""Reproducibility: same seed, same numbers, whatever the chunking or the split of blocks."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.engine.simulate import RunSpec, block_ranges, simulate, simulate_blocks
from foedus.engine.structure import compile_structure
from foedus.engine.tally import Tally
from foedus.evidence.lenses import resolve
from foedus.scenario.loader import Document
from foedus.study.simulation import Simulation


def _equal(a: Tally, b: Tally) -> bool:
    scalars = ("n", "deal", "war", "war_deal", "guarantor_combat", "great_power_war",
               "nuclear_use", "peace_sum", "peace_sumsq", "spoiler_strikes", "spoiled")
    arrays = ("first_war", "max_level", "honoured", "defected")
    return all(getattr(a, k) == getattr(b, k) for k in scalars) and all(
        np.array_equal(getattr(a, k), getattr(b, k)) for k in arrays)


@pytest.fixture(scope="module")
def setup(ukraine: Document) -> tuple[object, object]:
    s = ukraine.scenario.model_copy(update={"horizon": 36})
    st = compile_structure(s, s.policy("reassurance-backstop"))
    return st, resolve(ukraine, "evidence")


@pytest.mark.parametrize("chunk", [1000, 3000, 7000])
def test_chunk_size_does_not_change_results(setup: tuple[object, object], chunk: int) -> None:
    st, priors = setup
    ref = simulate(st, priors, RunSpec(7_500, 42, chunk_size=20_000))  # type: ignore[arg-type]
    other = simulate(st, priors, RunSpec(7_500, 42, chunk_size=chunk))  # type: ignore[arg-type]
    assert _equal(ref, other)


def test_any_split_of_blocks_merges_to_the_same_tally(setup: tuple[object, object]) -> None:
    st, priors = setup
    spec = RunSpec(6_300, 5, chunk_size=2_000)
    n_blocks = len(block_ranges(spec.replications))
    full, _ = simulate_blocks(st, priors, spec, list(range(n_blocks)))  # type: ignore[arg-type]
    odd, _ = simulate_blocks(st, priors, spec, list(range(1, n_blocks, 2)))  # type: ignore[arg-type]
    even, _ = simulate_blocks(st, priors, spec, list(range(0, n_blocks, 2)))  # type: ignore[arg-type]
    assert _equal(full, odd.merge(even))
    assert _equal(full, even.merge(odd))


def test_seed_changes_results_and_repeats_are_identical(setup: tuple[object, object]) -> None:
    st, priors = setup
    a = simulate(st, priors, RunSpec(3_000, 1))  # type: ignore[arg-type]
    b = simulate(st, priors, RunSpec(3_000, 1))  # type: ignore[arg-type]
    c = simulate(st, priors, RunSpec(3_000, 2))  # type: ignore[arg-type]
    assert _equal(a, b)
    assert not _equal(a, c)


def test_run_and_compare_agree_for_a_policy(ukraine: Document) -> None:
    one = Simulation(replications=2_000, seed=3, horizon=24).run(ukraine, ["article5"])
    every = Simulation(replications=2_000, seed=3, horizon=24).run(ukraine)
    assert one.result_.to_dict()["policies"]["article5"] == \
        every.result_.to_dict()["policies"]["article5"]


def test_no_global_random_state_is_used(ukraine: Document) -> None:
    np.random.seed(0)  # noqa: NPY002 - deliberately disturb the legacy global state
    a = Simulation(replications=1_500, seed=3, horizon=12).run(ukraine, ["armistice"])
    np.random.seed(12345)  # noqa: NPY002
    np.random.random(100)  # noqa: NPY002
    b = Simulation(replications=1_500, seed=3, horizon=12).run(ukraine, ["armistice"])
    assert a.result_.to_dict() == b.result_.to_dict()


# Pinned regression numbers: counts out of 5,000 replications, seed 20251, evidence lens,
# 120 months. They change only when the model, a prior or a bundled scenario changes:
# update them deliberately, saying why in the change, never to make a failing test pass.
# Moved with the single rule set (per-replication streams and skipped quiet months:
# a new random stream, equal in distribution; deals unchanged): war 3592 -> 3606,
# 3694 -> 3671, 4916 -> 4912; combat 832 -> 814.
# Moved with model v2 (fitted Weibull recurrence with the dyad's covariates instead of the
# flat attack hazard, latent crisis types, honouring by propensity, guarantor combat only
# when its forces fight, no-deal war counted from month 1, an episode at level 2 that stops
# short of war ends; new parameters drawn): deals 3217 -> 3230, 2956 -> 2948; war
# 3606 -> 2433, 3671 -> 2671, 4912 -> 5000; combat 814 -> 167.
# Moved with the fitted resolve factor and the factions' reading of conditional pledges (two
# new parameters drawn, so every replication's draws moved): deals 3230 -> 3170,
# 2948 -> 2892; war 2433 -> 2393, 2671 -> 2626; combat 167 -> 190.
# Moved with the deal's terms acting on revisionism after the deal (one more parameter
# drawn): deals 3170 -> 3215, 2892 -> 2957; war 2393 -> 2326, 2626 -> 2534; combat 190 -> 160.
# Moved with the period factor of the war step and the refitted resolve (two more parameters
# drawn; ukraine-2025 is post-1945: its high-stakes war step x0.75): deals 3215 -> 3199,
# 2957 -> 2902; war 2326 -> 2321, 2534 -> 2570; combat 160 -> 163.
# Moved with common random numbers (CRN seeding: block seeds no longer keyed by the policy,
# credibility drawn by inversion from a sub-stream per commitment id; a new random stream,
# equal in distribution, the model unchanged): deals 3199 -> 3197, 2902 -> 2958;
# war 2321 -> 2303, 2570 -> 2513; combat 163 -> 172.
# Moved with the resolve refitted on the rule-coded cases v3 (beta_R and the reference
# revisionism): war 2303 -> 2285, 2513 -> 2503; combat 172 -> 167.
# Moved with the selection link (the private value a side signed with carries into its later
# attack hazard; one more parameter drawn, so every replication's draws moved, deals too):
# deals 3197 -> 3214, 2958 -> 2898; war 2285 -> 2274, 2503 -> 2546; combat 167 -> 161.
PINNED_COUNTS: dict[str, dict[str, int]] = {
    "armistice": {"deal": 3214, "war": 2274, "combat": 0},
    "article5": {"deal": 2898, "war": 2546, "combat": 161},
    "no-deal": {"deal": 0, "war": 5000, "combat": 0},
}


def test_pinned_regression_numbers(ukraine: Document) -> None:
    res = Simulation(replications=5_000, seed=20251).run(ukraine, list(PINNED_COUNTS)).result_
    got = {}
    for pid in PINNED_COUNTS:
        o = res.policies[pid].outcomes
        deal, war, combat = o["deal_signed"], o["war_by_horizon"], o["guarantor_combat"]
        assert deal is not None and war is not None and combat is not None
        got[pid] = {"deal": round(deal.value * 5_000), "war": round(war.value * 5_000),
                    "combat": round(combat.value * 5_000)}
    assert got == PINNED_COUNTS


def test_design_points_have_fixed_streams_whatever_the_grouping(
        setup: tuple[object, object]) -> None:
    from foedus.engine.simulate import simulate_points

    st, priors = setup
    X = np.array([[0.001, 0.1], [0.02, 0.5], [0.2, 0.9]])
    names = ["attack_hazard", "retaliation_prob"]
    every = simulate_points(st, priors, names, X, 1_500, seed=9, chunk_size=4_000)  # type: ignore[arg-type]
    some = simulate_points(st, priors, names, X, 1_500, seed=9, chunk_size=1_000,  # type: ignore[arg-type]
                           points=[2, 0])
    assert _equal(every[2], some[0]) and _equal(every[0], some[1])
    # the overrides take effect: more attacks, more war
    assert every[0].war < every[1].war < every[2].war
    with pytest.raises(ValueError, match="unknown parameter"):
        simulate_points(st, priors, ["nope"], X[:, :1], 100, seed=1)  # type: ignore[arg-type]
