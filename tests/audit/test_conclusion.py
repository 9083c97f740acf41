"""Claim audit v2: the article's conclusion as a testable object, scenario edits, ties,
Monte Carlo warnings and the comparison of two articles (small synthetic scenario)."""

from __future__ import annotations

import pytest

from foedus.audit.audit import ClaimAudit, cell_replications
from foedus.audit.compare import diff
from foedus.audit.edits import check_edits, scenario_for
from foedus.evidence.claims_schema import parse_claims, quote_issues
from foedus.scenario.errors import ScenarioError
from foedus.scenario.loader import Document, parse_scenario

SCENARIO = """\
id: toy
name: Toy settlement
adversary: a
protected: b
horizon: 12
seed: 3
actors:
  - {id: a, name: A, capability: 0.5, revisionism: 0.6, source: s}
  - {id: b, name: B, capability: 0.5, revisionism: 0.2, source: s}
  - {id: g, name: G, capability: 0.5, source: s}
commitments:
  - {id: g-pledge, guarantor: g, beneficiary: b, type: assurance,
     credibility: {mean: 0.4, concentration: 10}, source: s, rationale: r}
  - {id: g-defence, guarantor: g, beneficiary: b, type: collective_defense,
     credibility: {mean: 0.4, concentration: 10}, source: s, rationale: r}
policies:
  - {id: plain, name: Plain deal, terms: {sanctions_relief: 0.3}, source: s}
  - {id: allied, name: Allied deal, terms: {sanctions_relief: 0.3, alliance_path: member},
     commitments: [g-pledge, g-defence], source: s}
"""

# P = plain wins on deal_signed unless BOTH A and B fail: A holds -> the allied deal offers
# no relief; B holds -> membership threatens the adversary, who rejects it.
JOINT = """\
id: joint
article: {title: T, author: A, year: 2024, venue: V}
objective: deal_signed
conclusion: {policy: plain}
claims:
  - id: A
    claim: the allied deal brings no relief
    quote: "relief is not on offer"
    mechanism: [bargaining]
    holds: {parameters: {sanctions_value: 1.0}, policies: [{select: {id: allied},
            terms: {sanctions_relief: 0.0}}], source: s, rationale: r}
    fails: {parameters: {sanctions_value: 1.0}, policies: [{select: {id: allied},
            terms: {sanctions_relief: 1.0}}], source: s, rationale: r}
    evidence: {status: supported, sources: [{source: s, finding: f}]}
  - id: B
    claim: membership threatens
    quote: "membership is a red line"
    mechanism: [threat]
    holds: {parameters: {threat_aversion: 2.0, threat_alliance: 1.0, threat_base: 0.0},
            source: s, rationale: r}
    fails: {parameters: {threat_aversion: 0.0, threat_base: 0.0}, source: s, rationale: r}
    evidence: {status: contradicted, sources: [{source: s, finding: f}]}
  - id: C
    claim: nuclear war is likelier
    quote: "nuclear exchange looms"
    mechanism: [nuclear]
    holds: {parameters: {nuclear_central: 0.9}, source: s, rationale: r}
    fails: {parameters: {nuclear_central: 0.1}, source: s, rationale: r}
    evidence: {status: contested, sources: [{source: s, finding: f}]}
"""


@pytest.fixture(scope="module")
def toy() -> Document:
    return parse_scenario(SCENARIO, "toy.yaml")


@pytest.fixture(scope="module")
def joint(toy: Document) -> ClaimAudit:
    doc = parse_claims(JOINT, "joint.yaml")
    return ClaimAudit(doc, replications=1500, seed=5, cell_reps=2000).run(toy)


def test_conclusion_needing_two_claims_jointly(joint: ClaimAudit) -> None:
    c = joint.result_.conclusion
    assert c is not None and c.policy == "plain" and c.rival == "allied"
    assert c.standing("article").status == "wins"
    assert c.standing("all_fail").status == "loses"
    # no single claim decides it: dropping A or B alone leaves the plain deal ahead ...
    assert {s.world: s.status for s in c.leave_one_out}["A"] == "wins"
    assert {s.world: s.status for s in c.leave_one_out}["B"] == "wins"
    # ... but dropping both overturns it: the pair is the smallest overturning set
    assert [s.claims for s in c.overturning] == [("A", "B")]
    assert {s.claims for s in c.establishing} == {("A",), ("B",)}
    top = c.interactions[0]
    assert (top.a, top.b) == ("A", "B") and top.clear
    assert "smallest sets that do: {A, B}" in c.sentence()
    assert joint.result_.design.startswith("full factorial 2^3")


def test_every_outcome_ranked_once_and_weighted_world(joint: ClaimAudit) -> None:
    res = joint.result_
    assert set(res.rankings) == {"article", "lens", "all_fail", "weighted"}
    assert set(res.rankings["article"]) >= {"deal_signed", "war_by_horizon", "nuclear_use"}
    d = res.to_dict()
    assert d["conclusion"]["overturning_sets"][0]["claims"] == ["A", "B"]
    assert d["claims_sha256"] == joint.claims.sha256 and len(d["claims_sha256"]) == 64


def test_ties_are_shown_as_ties(toy: Document) -> None:
    # nobody is nuclear: every policy's nuclear use is 0, a tie, not a ranking
    doc = parse_claims(JOINT.replace("objective: deal_signed", "objective: nuclear_use"),
                       "j.yaml")
    res = ClaimAudit(doc, replications=300, seed=1, cell_reps=100).run(toy).result_
    ranks = res.worlds["article"]
    assert {r.rank for r in ranks} == {1} and all(r.tied for r in ranks)
    assert res.conclusion is not None
    assert res.conclusion.standing("article").status == "tied"


def test_low_replications_warn(toy: Document) -> None:
    doc = parse_claims(JOINT.replace("relief: 0.0}", "relief: 0.3}"), "j.yaml")
    res = ClaimAudit(doc, replications=40, seed=2, cell_reps=20).run(toy).result_
    assert res.conclusion is not None
    tied = [s for s in res.conclusion.worlds if s.status == "tied"]
    assert tied and any("cannot be told apart at 40 replications" in w for w in res.warnings)


def test_cell_replications_default() -> None:
    assert cell_replications(8, 5000) == 5000
    assert cell_replications(256, 5000) == 256
    assert cell_replications(1024, 5000) == 200


SCOPED = """\
id: scoped
article: {title: T, author: A, year: 2024, venue: V}
conclusion: {policy: allied}
claims:
  - id: S
    claim: pledges short of membership are not believed
    quote: "assurances are worthless"
    mechanism: [commitments]
    holds: {scoped: [{parameter: credibility_shift, commitments: {id: g-pledge},
            value: -2.0}], source: s, rationale: r}
    fails: {scoped: [{parameter: credibility_shift, commitments: {id: g-pledge},
            value: 0.0}], source: s, rationale: r}
    evidence: {status: contested, sources: [{source: s, finding: f}]}
  - id: R
    claim: the adversary is revisionist
    quote: "it wants everything"
    mechanism: [initiation]
    holds: {actors: [{select: {id: a}, set: {revisionism: 0.9}}], source: s, rationale: r}
    fails: {actors: [{select: {id: a}, set: {revisionism: 0.3}}], source: s, rationale: r}
    evidence: {status: contested, sources: [{source: s, finding: f}]}
"""


def test_claim_scoped_to_one_commitment(toy: Document) -> None:
    doc = parse_claims(SCOPED, "s.yaml")
    base = check_edits(toy.scenario, doc)
    s = scenario_for(base, doc, [1, 1])
    assert s.commitment("g-pledge").credibility.mean == pytest.approx(
        1.0 / (1.0 + (0.6 / 0.4) * 2.718281828459045 ** 2.0))
    assert s.commitment("g-defence").credibility.mean == 0.4  # the other is untouched
    assert s.actor("a").revisionism == 0.9
    assert scenario_for(base, doc, [-1, -1]).actor("a").revisionism == 0.3
    assert scenario_for(base, doc, [0, 0]) is base
    res = ClaimAudit(doc, replications=200, seed=1, cell_reps=100).run(toy).result_
    assert res.conclusion is not None and len(res.conclusion.leave_one_out) == 2


def test_edit_problems_name_the_claims_line(toy: Document) -> None:
    bad = SCOPED.replace("commitments: {id: g-pledge},\n            value: -2.0",
                         "commitments: {id: nope},\n            value: -2.0")
    with pytest.raises(ScenarioError, match=r"s.yaml:9: claims.0.holds.scoped.0: the scope"):
        check_edits(toy.scenario, parse_claims(bad, "s.yaml"))
    twice = SCOPED.replace("{id: a}, set: {revisionism: 0.9}", "{id: a}, set: {revisionism: "
                           "0.9}}, {select: {id: g}, set: {capability: 0.2}")
    clash = twice.replace("mechanism: [initiation]\n    holds: {actors",
                          "mechanism: [initiation]\n    holds: {scoped: [{parameter: "
                          "credibility_shift, commitments: {type: assurance}, value: 1.0}], "
                          "actors")
    with pytest.raises(ScenarioError, match="already set by claim 'S'"):
        check_edits(toy.scenario, parse_claims(clash, "s.yaml"))
    with pytest.raises(ScenarioError, match="cannot be scoped"):
        parse_claims(SCOPED.replace("parameter: credibility_shift, commitments: {id: "
                                    "g-pledge},\n            value: -2.0",
                                    "parameter: threat_base, commitments: {id: "
                                    "g-pledge},\n            value: 2.0"), "s.yaml")


def _erosion_scoped(value: float) -> str:
    return SCOPED.replace("parameter: credibility_shift, commitments: {id: g-pledge},\n"
                          "            value: -2.0", "parameter: erosion_half_life, "
                          f"commitments: {{type: assurance}},\n            value: {value}")


def test_erosion_scoped_to_pledges_short_of_membership(toy: Document) -> None:
    """'Pledges short of membership erode': the assurance gets its own half-life, the
    collective-defence pledge keeps the lens's, and the engine packs exactly that."""
    from foedus.engine.pack import pack
    from foedus.engine.structure import compile_structure
    from foedus.model.erosion import monthly_factor

    doc = parse_claims(_erosion_scoped(12.0), "s.yaml")
    base = check_edits(toy.scenario, doc)
    held = scenario_for(base, doc, [1, 1])
    assert held.commitment("g-pledge").erosion_half_life == 12.0
    assert held.commitment("g-defence").erosion_half_life is None
    net = pack(compile_structure(held, held.policy("allied")))
    assert list(net.erosion) == [monthly_factor(12.0), 0.0]
    failed = scenario_for(base, doc, [-1, -1])  # the fails side: credibility shift 0
    assert failed.commitment("g-pledge").erosion_half_life is None
    with pytest.raises(ScenarioError, match=r"value 0.5 lies outside the support \[1, 10000\]"):
        parse_claims(_erosion_scoped(0.5), "s.yaml")


def test_registry_prior_forms_are_accepted() -> None:
    text = JOINT.replace("nuclear_central: 0.9}", "nuclear_central: 0.9, deterrence_effect: "
                         "{dist: lognormal, median: 0.4, sigma: 0.6}, erosion_half_life: "
                         "{dist: lognormal, median: 180, sigma: 0.5}}")
    doc = parse_claims(text, "j.yaml")
    assert "deterrence_effect" in doc.sides["C"]["holds"]
    with pytest.raises(ScenarioError, match="prior bulk"):
        parse_claims(text.replace("median: 180", "median: 2"), "j.yaml")


def test_missing_quote_gets_its_nearest_match() -> None:
    doc = parse_claims(JOINT, "joint.yaml")
    text = "Intro.\nThey say that membership is a red-line for them.\nrelief is not on offer\n"
    issues = [str(i) for i in quote_issues(doc, text, "art.txt")]
    b = next(i for i in issues if "claim 'B'" in i)
    assert "nearest passage" in b and "art.txt:2" in b and "membership is a red-line" in b
    c = next(i for i in issues if "claim 'C'" in i)
    assert "nearest passage" not in c  # nothing like it in the text


def test_two_articles_compared(toy: Document, joint: ClaimAudit) -> None:
    other_text = (JOINT.replace("id: joint", "id: other").replace("policy: plain",
                                                                  "policy: allied")
                  .replace("threat_aversion: 2.0, threat_alliance: 1.0",
                           "threat_aversion: 0.5, threat_alliance: 0.1"))
    other = parse_claims(other_text, "o.yaml")
    res_b = ClaimAudit(other, replications=800, seed=5, cell_reps=200).run(toy).result_
    d = diff(joint.claims, joint.result_, other, res_b)
    shared = {p["parameter"]: p for p in d["shared_parameters"]}
    assert set(shared) >= {"threat_aversion", "threat_alliance", "sanctions_value"}
    assert shared["threat_aversion"]["gap"] == pytest.approx(-1.5)
    assert [r["policy"] for r in d["recommendations"]] == ["plain", "allied"]
