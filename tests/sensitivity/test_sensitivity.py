"""Global sensitivity: known answers (Ishigami, linear), the dummy, workers, priors' ppf."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from scipy import stats

from foedus.engine.simulate import RunSpec, simulate
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.scenario.loader import Document
from foedus.scenario.priors import BetaPrior, FixedPrior, LogNormalPrior, UniformPrior
from foedus.sensitivity.estimator import Sensitivity
from foedus.sensitivity.evaluate import (
    Ishigami,
    ModelEvaluator,
    evaluate_design,
    ishigami_indices,
)
from foedus.sensitivity.indices import usable
from foedus.sensitivity.morris import morris_analysis
from foedus.sensitivity.outcomes import point_value
from foedus.sensitivity.problem import (
    DUMMY,
    Factor,
    UniformPpf,
    prior_factors,
    prior_ppf,
    uncertain_parameters,
)
from foedus.sensitivity.sobol import sobol_analysis
from foedus.study.result import PolicyResult

PI = float(np.pi)
ISHIGAMI = [Factor(f"x{i + 1}", UniformPpf(-PI, PI)) for i in range(3)]


@dataclass(frozen=True)
class Linear:
    """y = sum a_i x_i: every elementary effect of x_i is exactly a_i (times its range)."""

    a: tuple[float, ...]

    def __call__(self, X: np.ndarray, groups: np.ndarray) -> np.ndarray:
        y = X @ np.asarray(self.a)
        return np.column_stack([y, np.zeros_like(y)])


def test_ishigami_known_indices_with_dummy() -> None:
    res = sobol_analysis(ISHIGAMI, Ishigami(), n=2048, seed=11, resamples=300)
    s1, st = ishigami_indices()
    assert res.names == ("x1", "x2", "x3", DUMMY)
    got_s1 = np.array([iv.estimate for iv in res.indices["S1"][:3]])
    got_st = np.array([iv.estimate for iv in res.indices["ST"][:3]])
    np.testing.assert_allclose(got_s1, s1, atol=0.03)
    np.testing.assert_allclose(got_st, st, atol=0.03)
    for iv, truth in zip(res.indices["ST"][:3], st, strict=True):
        assert iv.lo - 0.02 <= truth <= iv.hi + 0.02
    dummy = res.indices["ST"][3]
    assert abs(dummy.estimate) < 1e-9 and abs(res.indices["S1"][3].estimate) < 1e-9
    assert res.evaluations == 2048 * 6 and res.noise_share == 0.0


def test_ishigami_indices_are_the_published_values() -> None:
    s1, st = ishigami_indices()
    np.testing.assert_allclose(s1, [0.3139, 0.4424, 0.0], atol=1e-4)
    np.testing.assert_allclose(st, [0.5576, 0.4424, 0.2437], atol=1e-4)


def test_morris_linear_known_effects() -> None:
    factors = [Factor("a", UniformPpf(0.0, 1.0)), Factor("b", UniformPpf(0.0, 2.0))]
    res = morris_analysis(factors, Linear((3.0, -1.0)), n=20, seed=3, resamples=200)
    mu_star = [iv.estimate for iv in res.indices["mu_star"]]
    sigma = [iv.estimate for iv in res.indices["sigma"]]
    mu = [iv.estimate for iv in res.indices["mu"]]
    # effect per unit of quantile: a_i times the factor's range
    np.testing.assert_allclose(mu_star, [3.0, 2.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(mu, [3.0, -2.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(sigma, [0.0, 0.0, 0.0], atol=1e-9)


def test_morris_ishigami_ranks_x3_interactions() -> None:
    res = morris_analysis(ISHIGAMI, Ishigami(), n=40, seed=5, resamples=200)
    sigma = {n: iv.estimate for n, iv in zip(res.names, res.indices["sigma"], strict=True)}
    mu = {n: iv.estimate for n, iv in zip(res.names, res.indices["mu"], strict=True)}
    # x3 acts only through its interaction with x1: mean effect ~0, large spread
    assert sigma["x3"] > 2 * abs(mu["x3"])
    assert res.indices["mu_star"][3].estimate == 0.0


def test_bad_designs_are_refused() -> None:
    with pytest.raises(ValueError, match="power of two"):
        sobol_analysis(ISHIGAMI, Ishigami(), n=100, seed=1)
    with pytest.raises(ValueError, match="levels"):
        morris_analysis(ISHIGAMI, Ishigami(), n=4, seed=1, levels=3)


@pytest.mark.parametrize("prior", [
    BetaPrior.model_validate({"mean": 0.3, "concentration": 10.0}),
    UniformPrior(low=0.1, high=0.5),
    LogNormalPrior(median=0.05, sigma=0.6, upper=0.1),
    LogNormalPrior(median=2.0, sigma=0.4),
])
def test_ppf_matches_the_prior(prior: object) -> None:
    u = (np.arange(4000) + 0.5) / 4000
    x = prior_ppf(prior, u)  # type: ignore[arg-type]
    assert np.all(np.diff(x) >= 0)
    draws = prior.sample(np.random.default_rng(0), 4000)  # type: ignore[attr-defined]
    # the quantile grid and prior draws come from the same distribution
    assert stats.ks_2samp(x, draws).pvalue > 1e-3
    lo, hi = prior.support()  # type: ignore[attr-defined]
    assert lo <= x.min() and x.max() <= hi


def test_ppf_refuses_a_point_mass() -> None:
    with pytest.raises(ValueError, match="point-mass"):
        prior_ppf(FixedPrior(value=1.0), np.array([0.5]))


def test_factors_are_the_uncertain_parameters(ukraine: Document) -> None:
    pri = resolve(ukraine, "evidence")
    names = uncertain_parameters(pri)
    assert "credibility_shift" not in names  # a point mass under evidence
    assert "credibility_shift" in uncertain_parameters(resolve(ukraine, "restraint"))
    assert len(names) >= 20
    with pytest.raises(ValueError, match="fixed under lens"):
        prior_factors(pri, ["credibility_shift"])
    with pytest.raises(ValueError, match="unknown parameter"):
        prior_factors(pri, ["nope"])


def test_point_value_matches_policy_result(ukraine: Document) -> None:
    s = ukraine.scenario
    st = compile_structure(s, s.policy("article5"))
    t = simulate(st, resolve(ukraine, "evidence"), RunSpec(2000, 3))
    pr = PolicyResult.from_tally("article5", t, st.crisis, [c.id for c in st.commitments])
    for key, est in pr.outcomes.items():
        assert est is not None
        value, var = point_value(t, key)
        assert value == pytest.approx(est.value, abs=1e-12)
        assert 0 <= var < 1.0 if key != "months_of_peace" else var > 0


def test_undefined_groups_are_dropped_and_too_many_refused() -> None:
    groups = np.repeat(np.arange(4), 3)
    v = np.column_stack([np.arange(12.0), np.zeros(12)])
    v[4, 0] = np.nan
    keep = usable(v, groups, 4, "base samples")
    assert keep.tolist() == [True] * 3 + [False] * 3 + [True] * 6
    v[[0, 7], 0] = np.nan
    with pytest.raises(ValueError, match="undefined at 3 of 4"):
        usable(v, groups, 4, "base samples")
    with pytest.raises(ValueError, match="no variance"):
        usable(np.zeros((12, 2)), groups, 4, "base samples")


def _small(ukraine: Document, workers: int) -> Sensitivity:
    return Sensitivity("article5", "war_by_horizon", n=4, replications=1000, seed=9,
                       workers=workers, batch=7,
                       parameters=["war_cost_adversary", "threat_initiation", "nuclear_use"],
                       resamples=100).run(ukraine)


def test_model_dummy_and_workers(ukraine: Document) -> None:
    one, two = _small(ukraine, 1).result_, _small(ukraine, 2).result_
    assert one.to_dict() == two.to_dict()
    d = one.to_dict()
    assert d["evaluations"] == 4 * 6 and d["dummy_check"]["passed"]
    assert abs(one.index("ST", DUMMY).estimate) < 1e-12
    # nuclear use cannot change whether the main dyad went to war: inert, like the dummy
    assert abs(one.index("ST", "nuclear_use").estimate) < 1e-12
    assert one.index("ST", "war_cost_adversary").estimate > 0.01
    assert [p["name"] for p in d["parameters"]][-1] == "nuclear_use"
    frame = one.to_frame()
    assert list(frame.columns) == ["parameter", "index", "estimate", "lo", "hi"]
    assert len(frame) == 4 * 2


def test_evaluation_does_not_depend_on_batches(ukraine: Document) -> None:
    s = ukraine.scenario
    st = compile_structure(s, s.policy("neutrality"))
    ev = ModelEvaluator(st, resolve(ukraine, "evidence"), ("threat_base",), "months_of_peace",
                        1000, 4)
    X = np.array([[0.1], [0.5], [0.1], [0.9]])
    groups = np.array([0, 0, 1, 1])
    whole = evaluate_design(ev, X, groups, batch=4)
    split = evaluate_design(ev, X, groups, batch=1)
    np.testing.assert_array_equal(whole, split)
    assert whole[0, 0] != whole[2, 0]  # same values, different streams
    # common random numbers: the same group and values give the same numbers
    np.testing.assert_array_equal(evaluate_design(ev, X[:1], groups[:1]), whole[:1])


@pytest.mark.parametrize(("policy", "outcome", "match"), [
    ("no-deal", "resumption_given_deal", "offers no deal"),
    ("article5", "nope", "unknown outcome"),
    ("nope", "war_by_horizon", "unknown policy"),
])
def test_refused_before_work(ukraine: Document, policy: str, outcome: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Sensitivity(policy, outcome).points(ukraine)


def test_crisis_has_no_deal_outcomes(july: Document) -> None:
    with pytest.raises(ValueError, match="crisis"):
        Sensitivity("as-in-1914", "deal_signed").points(july)
    assert Sensitivity("as-in-1914", "war_by_horizon", n=8).points(july) > 8
