"""The run report's audit section (``foedus report --audit``) in the audit-first form: the
same blocks as the audit's own report, built from the JSON of ``foedus audit --json``."""

from __future__ import annotations

import json
import re

import pytest

from foedus.audit.audit import WORLD_LABELS, ClaimAudit
from foedus.evidence.claims_schema import parse_claims
from foedus.report.audit_report import audit_payloads, edit_text
from foedus.report.html import HtmlReport
from foedus.scenario.loader import Document, parse_scenario
from foedus.study.result import Result
from foedus.study.simulation import Simulation
from tests.audit.test_conclusion import JOINT, SCENARIO, SCOPED


@pytest.fixture(scope="module")
def toy() -> Document:
    return parse_scenario(SCENARIO, "toy.yaml")


@pytest.fixture(scope="module")
def toy_result(toy: Document) -> Result:
    return Simulation(replications=200, seed=4).run(toy).result_


@pytest.fixture(scope="module")
def payload(toy: Document) -> dict[str, object]:
    doc = parse_claims(JOINT.replace("conclusion: {policy: plain}", "conclusion: {policy: "
                                     "plain, quote: \"relief is not on offer\"}"), "j.yaml")
    res = ClaimAudit(doc, replications=200, seed=5, cell_reps=100).run(toy).result_
    # as read back from 'foedus audit --json'
    return json.loads(json.dumps(res.to_dict()))


def _section(html: str) -> str:
    return html[html.index('<section id="audit">'):html.index('<section id="parameters">')]


def test_report_audit_section_is_audit_first(toy: Document, toy_result: Result,
                                             payload: dict[str, object]) -> None:
    rep = HtmlReport(audit=payload).build(toy, toy_result)
    sec = _section(rep.html_)
    conclusion = payload["conclusion"]
    assert isinstance(conclusion, dict)
    # the verdict on the article's conclusion comes first, with the article's words
    verdict_at = sec.index("Verdict: A 2024")
    assert sec.index("relief is not on offer") > verdict_at
    assert "Leave-one-out from the article" in sec and "Smallest sets of claims" in sec
    # claims as text with their quotes and evidence status
    for quote in ("membership is a red line", "nuclear exchange looms"):
        assert f"“{quote}”" in sec
    assert "B · contradicted" in sec
    # figures: the rankings of every world and the heatmap on the objective with a menu
    ids = [d for d, _ in rep.figures_]
    assert ids[-2:] == ["fig-audit-worlds-0", "fig-audit-effects-0"]
    heat = dict(rep.figures_)["fig-audit-effects-0"]
    assert heat.layout.title.text.endswith("on deal_signed")
    assert len(heat.layout.updatemenus[0].buttons) > 1
    assert heat.data[0].visible and not heat.data[1].visible
    worlds = dict(rep.figures_)["fig-audit-worlds-0"]
    assert {t.name for t in worlds.data} == set(WORLD_LABELS.values())
    # no raw effects table and no JSON strings
    effects = payload["effects"]
    assert isinstance(effects, list)
    assert 'download="audit-' not in sec and sec.count("<tr>") < len(effects)
    text = re.sub(r"<script.*?</script>", "", sec, flags=re.S)  # the figures' own data
    assert not re.search(r"\{&#34;|\{\"|&#34;:", text)


def test_two_audits_and_their_comparison(toy: Document, toy_result: Result,
                                         payload: dict[str, object]) -> None:
    other = json.loads(json.dumps(payload))
    other["claims"] = "other"
    diff = {"a": "joint", "b": "other", "shared_parameters": [], "outcomes": [],
            "split": [], "recommendations": []}
    both = {"audits": [payload, other], "diff": diff}
    assert audit_payloads(both) is not None and audit_payloads({"x": 1}) is None
    sec = _section(HtmlReport(audit=both).build(toy, toy_result).html_)
    assert "Claims of joint" in sec and "Claims of other" in sec
    assert "Comparison: joint against other" in sec


def test_a_plain_effects_table_keeps_the_generic_section(toy: Document,
                                                         toy_result: Result) -> None:
    rows = [{"claim": "C1", "policy": p, "effect": 0.1} for p in ("plain", "allied")]
    rep = HtmlReport(audit=rows).build(toy, toy_result)
    assert [d for d, _ in rep.figures_][-1] == "fig-audit"


def test_edits_read_as_words() -> None:
    doc = parse_claims(SCOPED, "s.yaml")
    side = doc.spec.claims[0].holds
    assert edit_text(side.scoped[0].model_dump(exclude_none=True)) == (
        "credibility_shift = -2 on the commitments with id g-pledge")
    act = doc.spec.claims[1].holds.actors[0].model_dump(exclude_none=True)
    assert edit_text(act) == "revisionism = 0.9 on id a"
    assert edit_text({"select": {"id": "allied"}, "terms": {"sanctions_relief": 0.0},
                      "commitments": ["a", "b"]}) == (
        "policy allied: terms sanctions relief = 0 commitments a or b")
