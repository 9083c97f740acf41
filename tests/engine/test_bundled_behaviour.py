"""The bundled scenarios behave as their sources say (with enough replications to be sure)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from foedus.scenario.loader import Document
from foedus.study.result import Estimate
from foedus.study.simulation import Simulation


def _z(a: Estimate | None, b: Estimate | None, n: int) -> float:
    """Two-proportion z statistic for a − b (independent samples of size n each)."""
    assert a is not None and b is not None
    pooled = (a.value + b.value) / 2
    se = math.sqrt(2 * pooled * (1 - pooled) / n)
    return (a.value - b.value) / se


@pytest.fixture(scope="module")
def july_result(july: Document) -> Simulation:
    return Simulation(lens="evidence", replications=20_000, seed=1914).run(july)


def test_1914_as_it_was_gives_a_substantial_great_power_war(july_result: Simulation) -> None:
    gp = july_result.result_.policies["as-in-1914"].outcomes["great_power_war"]
    assert gp is not None and gp.lo > 0.2


@pytest.mark.parametrize("counterfactual", ["conditional-german-pledge",
                                            "clear-british-commitment"])
def test_1914_counterfactuals_lower_the_risk(july_result: Simulation, counterfactual: str
                                             ) -> None:
    """Fischer, Levy, Zagare: without the blank cheque, or with a clear British commitment,
    a great-power war was less likely."""
    pols = july_result.result_.policies
    z = _z(pols["as-in-1914"].outcomes["great_power_war"],
           pols[counterfactual].outcomes["great_power_war"], 20_000)
    assert z > 3.0


def test_1914_has_no_deal_stage(july_result: Simulation) -> None:
    for pr in july_result.result_.policies.values():
        assert pr.outcomes["deal_signed"] is None
        assert pr.outcomes["resumption_given_deal"] is None


@pytest.fixture(scope="module")
def lenses(ukraine: Document) -> dict[str, Simulation]:
    return {lens: Simulation(lens=lens, replications=6_000, seed=5, horizon=60).run(
        ukraine, ["neutrality", "article5", "armistice"]) for lens in
        ("restraint", "deterrence")}


def test_restraint_lens_makes_article5_unacceptable(lenses: dict[str, Simulation]) -> None:
    """Claim C1 taken as true: the adversary will not sign an Article-5 settlement."""
    p = lenses["restraint"].result_.policies
    z = _z(p["neutrality"].outcomes["deal_signed"], p["article5"].outcomes["deal_signed"], 6_000)
    assert z > 10


def test_deterrence_lens_makes_article5_deter(lenses: dict[str, Simulation]) -> None:
    """The deterrence school: collective defence lowers resumption after a deal."""
    p = lenses["deterrence"].result_.policies
    a5, arm = p["article5"].outcomes, p["armistice"].outcomes
    assert a5["resumption_given_deal"] is not None
    assert arm["resumption_given_deal"] is not None
    assert a5["resumption_given_deal"].hi < arm["resumption_given_deal"].lo


def test_terms_that_give_the_adversary_more_hold_longer(ukraine: Document) -> None:
    """A signed deal's terms act after month 0: the more of the stake the armistice gives the
    adversary, the less revisionist it stays and the rarer the war resumes."""
    s = ukraine.scenario
    pol = s.policy("armistice")
    out = {}
    for x in (0.3, 0.7):
        p = pol.model_copy(update={"id": f"x{x}", "terms": pol.terms.model_copy(
            update={"adversary_gain": x})})
        doc = dataclasses.replace(ukraine, scenario=s.model_copy(update={"policies": [p]}))
        res = Simulation(replications=8_000, seed=21).run(doc).result_
        out[x] = res.policies[f"x{x}"].outcomes["resumption_given_deal"]
    low, high = out[0.3], out[0.7]
    assert low is not None and high is not None and high.hi < low.lo
