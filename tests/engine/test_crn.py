"""Common random numbers: replication i of every policy draws the same inputs."""

from __future__ import annotations

import numpy as np

from foedus.engine.inputs import draw_inputs
from foedus.engine.simulate import RunSpec, block_ranges, block_seed, simulate, simulate_blocks
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.scenario.loader import Document


def test_two_policies_share_the_draws_of_replication_i(ukraine: Document) -> None:
    s = ukraine.scenario
    priors = resolve(ukraine, "evidence")
    small = compile_structure(s, s.policy("reassurance-force"))
    big = compile_structure(s, s.policy("reassurance-backstop"))  # two more commitments
    assert len(big.commitments) == len(small.commitments) + 2
    for block in (0, 3):
        a, b = (draw_inputs(st, priors, np.random.Generator(np.random.PCG64(
            block_seed(20251, block))), 500, False) for st in (small, big))
        for name in a.params:
            assert np.array_equal(a.params[name], b.params[name]), name
        assert np.array_equal(a.deal_u, b.deal_u)
        assert np.array_equal(a.seeds, b.seeds)
        shared = {c.id: c.index for c in small.commitments}
        for c in big.commitments:
            if c.id in shared:  # same id, same credibility draws
                assert np.array_equal(b.cred0[:, c.index], a.cred0[:, shared[c.id]]), c.id
        # and the draws do vary between replications and between commitments
        assert np.unique(a.cred0[:, 0]).size == 500
        assert not np.array_equal(a.cred0[:, 0], a.cred0[:, 1])


def test_credibility_draws_follow_their_beta_prior(ukraine: Document) -> None:
    s = ukraine.scenario
    st = compile_structure(s, s.policy("article5"))
    inp = draw_inputs(st, resolve(ukraine, "evidence"), np.random.default_rng(4), 20_000,
                      False)
    for c in st.commitments:
        x = inp.cred0[:, c.index]
        mean, k = c.cred_mean, c.cred_k
        sd = np.sqrt(mean * (1 - mean) / (k + 1))
        # the sample mean within 5 standard errors, the sample sd within 5 %
        assert abs(x.mean() - mean) < 5 * sd / np.sqrt(x.size), c.id
        assert abs(x.std() / sd - 1) < 0.05, c.id


def test_rows_do_not_depend_on_chunks_or_split(ukraine: Document) -> None:
    s = ukraine.scenario.model_copy(update={"horizon": 24})
    st = compile_structure(s, s.policy("article5"))
    priors = resolve(ukraine, "evidence")
    spec = RunSpec(3_500, 9, chunk_size=2_000)
    whole = simulate(st, priors, RunSpec(3_500, 9, chunk_size=20_000)).replicates()
    n_blocks = len(block_ranges(spec.replications))
    odd, _ = simulate_blocks(st, priors, spec, list(range(1, n_blocks, 2)))
    even, _ = simulate_blocks(st, priors, spec, list(range(0, n_blocks, 2)))
    assert odd.replicates() is None  # a part does not cover 0..n-1
    merged = even.merge(odd).replicates()
    assert whole is not None and merged is not None and whole.n == 3_500
    for k in ("deal", "war", "war_deal", "nuclear_use", "peace"):
        assert np.array_equal(getattr(whole, k), getattr(merged, k)), k


def test_tallies_of_different_runs_merge_without_rows(ukraine: Document) -> None:
    s = ukraine.scenario.model_copy(update={"horizon": 12})
    st = compile_structure(s, s.policy("armistice"))
    priors = resolve(ukraine, "evidence")
    a = simulate(st, priors, RunSpec(1_000, 1))
    b = simulate(st, priors, RunSpec(1_000, 2))
    both = a.merge(b)  # a mixture of two runs: counts add, rows no longer pair
    assert both.n == 2_000 and both.war == a.war + b.war
    assert both.replicates() is None and a.replicates() is not None
