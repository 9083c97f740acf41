"""Two articles side by side: where their claims meet and where their conclusions split.

Given the audits of two claims files against the same scenario and lens
(:class:`~foedus.audit.audit.AuditResult`), :func:`diff` lists

* the **shared parameters**: every parameter both files set, with the claim of each that sets
  it, each article's ``holds`` prior (its world) and the gap between the two priors' means
  (``b − a``), so one reads at a glance where the two worlds disagree;
* the **split conclusions**: for every outcome, the leaders (the best policy and those tied
  with it, :func:`foedus.study.verdict.rank_outcome`) in each article's world, and whether
  the two sets are disjoint (the worlds disagree on what is best);
* each **recommended policy's standing in the other article's world** (``wins``, ``tied`` or
  ``loses``), taken from the rankings the audits computed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from foedus.audit.audit import AuditResult
from foedus.evidence.claims_schema import ClaimsDocument
from foedus.study.result import OUTCOME_KEYS


@dataclass(frozen=True)
class SharedParameter:
    """A parameter both articles set in their worlds."""

    parameter: str
    claim_a: str
    prior_a: str
    mean_a: float
    claim_b: str
    prior_b: str
    mean_b: float

    @property
    def gap(self) -> float:
        return self.mean_b - self.mean_a


def _holds(doc: ClaimsDocument) -> dict[str, tuple[str, Any]]:
    out = {}
    for c in doc.spec.claims:
        for name, prior in doc.sides[c.id]["holds"].items():
            out[name] = (c.id, prior)
    return out


def shared_parameters(a: ClaimsDocument, b: ClaimsDocument) -> list[SharedParameter]:
    """Parameters both files set on a claim's ``holds`` side, in file ``a``'s order."""
    ha, hb = _holds(a), _holds(b)
    return [SharedParameter(name, ca, pa.describe(), pa.mean(), hb[name][0],
                            hb[name][1].describe(), hb[name][1].mean())
            for name, (ca, pa) in ha.items() if name in hb]


def _standing_in(res: AuditResult, policy: str, world: str) -> dict[str, Any]:
    """``policy``'s standing on ``res``'s objective in one of ``res``'s worlds."""
    ov = res.rankings[world][res.objective]
    leaders = ov["leaders"]
    rank = next((r for r in ov["ranking"] if r["policy"] == policy), None)
    if rank is None:
        status = "undefined"
    elif ov["best"] == policy and ov["clear"]:
        status = "wins"
    elif policy in leaders:
        status = "tied"
    else:
        status = "loses"
    return {"policy": policy, "status": status, "best": ov["best"], "leaders": leaders}


def diff(a_doc: ClaimsDocument, a: AuditResult, b_doc: ClaimsDocument, b: AuditResult
         ) -> dict[str, Any]:
    """The comparison of two audits (see module), JSON-ready."""
    if (a.scenario, a.lens) != (b.scenario, b.lens):
        raise ValueError("the two audits must be of the same scenario and lens")
    outcomes = []
    for key in OUTCOME_KEYS:
        ra, rb = a.rankings["article"][key], b.rankings["article"][key]
        if ra["best"] is None or rb["best"] is None:
            continue
        la, lb = set(ra["leaders"]), set(rb["leaders"])
        outcomes.append({"outcome": key, "best_a": ra["best"], "leaders_a": ra["leaders"],
                         "best_b": rb["best"], "leaders_b": rb["leaders"],
                         "split": not (la & lb)})
    cross = []
    for res, other, other_doc in ((a, b, b_doc), (b, a, a_doc)):
        if res.conclusion is None:
            continue
        cross.append({"article": res.claims_id, "in_world_of": other.claims_id,
                      **_standing_in(other, res.conclusion.policy, "article"),
                      "own_world": res.conclusion.standing("article").status})
        del other_doc
    return {"a": a.claims_id, "b": b.claims_id, "scenario": a.scenario, "lens": a.lens,
            "objective_a": a.objective, "objective_b": b.objective,
            "shared_parameters": [{**p.__dict__, "gap": p.gap}
                                  for p in shared_parameters(a_doc, b_doc)],
            "outcomes": outcomes, "split": [o["outcome"] for o in outcomes if o["split"]],
            "recommendations": cross}
