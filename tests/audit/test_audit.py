"""Claim audit: designs (resolution IV), known effects, verdicts and worlds."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from foedus.audit.audit import ClaimAudit, design
from foedus.evidence.claims_schema import parse_claims
from foedus.scenario.errors import ScenarioError
from foedus.scenario.loader import Document

CLAIMS = """\
id: known
article: {{title: T, author: A, year: 2024, venue: V}}
objective: {objective}
claims:
  - id: THREAT
    claim: the deal is unacceptable
    quote: "a quote of the claim"
    mechanism: [bargaining]
    holds: {{parameters: {{threat_aversion: 2.0, threat_base: 0.99}}, source: s, rationale: r}}
    fails: {{parameters: {{threat_aversion: 0.0, threat_base: 0.01}}, source: s, rationale: r}}
    evidence: {{status: contested, sources: [{{source: s, finding: f}}]}}
  - id: INERT
    claim: nuclear use is likelier
    quote: "another quote here"
    mechanism: [nuclear]
    holds: {{parameters: {{nuclear_central: 0.9}}, source: s, rationale: r}}
    fails: {{parameters: {{nuclear_central: 0.1}}, source: s, rationale: r}}
    evidence: {{status: supported, sources: [{{source: s, finding: f}}]}}
"""


@pytest.mark.parametrize("k", [6, 7, 8, 11])
def test_fractional_design_is_resolution_iv(k: int) -> None:
    cells, name = design(k, "fractional" if k <= 10 else "auto")
    assert "resolution-IV" in name and len(cells) == 2 * (1 << (k - 1).bit_length())
    assert np.all(cells.sum(axis=0) == 0)  # balanced
    assert np.array_equal(cells.T @ cells, len(cells) * np.eye(k, dtype=np.int64))
    for a, b in combinations(range(k), 2):  # no main effect aliased with a 2-way interaction
        assert np.all(cells.T @ (cells[:, a] * cells[:, b]) == 0)


def test_full_design() -> None:
    cells, name = design(3)
    assert len(cells) == 8 and len({tuple(r) for r in cells}) == 8 and "full" in name
    with pytest.raises(ValueError):
        design(3, "halfway")


def test_known_effects_and_worlds(ukraine: Document) -> None:
    doc = parse_claims(CLAIMS.format(objective="deal_signed"), "k.yaml")
    res = ClaimAudit(doc, replications=2000, seed=4).run(ukraine).result_
    eff = {(e.claim, e.policy, e.outcome): e for e in res.effects}
    # an unacceptable settlement is signed far less often under every deal policy
    for pid in ("neutrality", "article5", "armistice"):
        e = eff[("THREAT", pid, "deal_signed")]
        assert e.hi < -0.1
    # nuclear_central cannot change whether a deal is signed at month 0
    assert eff[("INERT", "article5", "deal_signed")].lo <= 0.0
    assert eff[("INERT", "article5", "deal_signed")].effect == pytest.approx(0.0, abs=0.03)
    assert ("THREAT", "no-deal", "resumption_given_deal") not in eff  # undefined: no deal
    assert set(res.worlds) == {"article", "all_fail", "lens", "weighted"}
    article = res.worlds["article"]
    assert [r.estimate for r in article] == sorted((r.estimate for r in article), reverse=True)
    assert all(r.lo <= r.estimate <= r.hi for r in article)
    assert [v.claim for v in res.verdicts] == ["THREAT", "INERT"]
    # an inert claim is never a clear change of the best policy; a change within the noise
    # is flagged as such
    assert res.verdicts[1].decisive is False
    if res.verdicts[1].changes_best:
        assert any("INERT" in w and "only within the noise" in w for w in res.warnings)
    d = res.to_dict()
    assert d["design"].startswith("full factorial 2^2") and d["objective_better"] == "higher"
    assert list(res.to_frame().columns) == ["claim", "policy", "outcome", "effect", "lo", "hi"]


def test_unknown_objective_in_file_names_the_line(ukraine: Document) -> None:
    doc = parse_claims(CLAIMS.format(objective="happiness"), "k.yaml")
    with pytest.raises(ScenarioError) as exc:
        ClaimAudit(doc).check(ukraine)
    assert str(exc.value.issues[0]).startswith("k.yaml:3: objective: unknown outcome")
    with pytest.raises(ValueError, match="--objective: unknown outcome"):
        ClaimAudit(doc, objective="joy").check(ukraine)
