"""Every claim of the seed article moves the outcomes it is about (model v2's "no inert
claim" requirement), on the bundled ukraine-2025 scenario under the evidence lens."""

from __future__ import annotations

import pytest

from foedus.audit.audit import ClaimAudit
from foedus.evidence.claims_schema import load_claims
from foedus.scenario.loader import Document

#: The outcomes each claim of evans-2025 is about (its mechanism's outcomes).
ABOUT: dict[str, tuple[str, ...]] = {
    "C1": ("deal_signed", "war_no_deal"),                       # the deal is unacceptable
    "C2": ("peacekeepers_struck", "guarantor_combat", "war_after_deal"),  # troops as targets
    "C3": ("war_after_deal", "war_by_horizon", "resumption_given_deal"),  # spoilers
    "C4": ("war_after_deal", "resumption_given_deal", "war_by_horizon"),  # deterrence fails
    "C5": ("guarantor_combat", "great_power_war"),              # entrapment
    "C6": ("deal_signed", "war_no_deal"),                       # neutrality is acceptable
    "C7": ("war_after_deal", "resumption_given_deal", "war_by_horizon"),  # spoilers on both
    "C8": ("great_power_war", "nuclear_use"),                   # escalation to nuclear war
}


@pytest.mark.slow
def test_every_seed_claim_moves_an_outcome_it_is_about(ukraine: Document) -> None:
    claims = load_claims("evans-2025")
    # 1,024 replications per cell of the 2^8 design: C4 (deterrence discounted under threat)
    # moves its outcomes by under 1.5 points under the fitted deterrence effect, which the
    # default 256 per cell cannot separate from noise
    res = ClaimAudit(claims, replications=2000, seed=20251, cell_reps=1024).run(ukraine).result_
    assert {e.claim for e in res.effects} == set(ABOUT)
    inert = []
    for claim, outcomes in ABOUT.items():
        moved = [e for e in res.effects if e.claim == claim and e.outcome in outcomes
                 and (e.lo > 0.0 or e.hi < 0.0)]
        if not moved:
            inert.append(claim)
    assert not inert, f"claims that move none of their outcomes beyond the interval: {inert}"
