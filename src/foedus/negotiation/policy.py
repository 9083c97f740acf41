"""The deal as negotiated: a policy whose terms come from a negotiation forecast.

A scenario's ``negotiation.policy`` names a base policy; the negotiated policy
takes its terms and commitments and lets each issue's forecast (the median of
its pooled forecast distribution, :mod:`foedus.negotiation.forecast`) set the
terms it maps to:

* ``linear``: ``term = at_low + (at_high − at_low) · (f − low) / (high − low)``;
* ``bands``: the first band with ``f ≤ upto`` (the last band otherwise) sets
  its terms and adds its commitments.

The engine takes these terms as fixed numbers, so the forecast's spread is not
propagated into the simulation; ``foedus negotiate`` reports it. Commands that
simulate a scenario add this policy with :func:`with_negotiated`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from foedus.negotiation.forecast import Forecast, forecast
from foedus.scenario.loader import Document
from foedus.scenario.schema import Band, Issue, Policy, Scenario


def band_of(issue: Issue, value: float) -> Band:
    """The band of ``issue`` that a forecast ``value`` falls in."""
    for b in issue.bands:
        if b.upto is None or value <= b.upto:
            return b
    return issue.bands[-1]


def terms_from(issue: Issue, value: float) -> tuple[dict[str, Any], list[str]]:
    """The terms and commitments a forecast ``value`` of ``issue`` sets."""
    terms: dict[str, Any] = {}
    commitments: list[str] = []
    if issue.linear is not None:
        share = (value - issue.low) / (issue.high - issue.low)
        lin = issue.linear
        terms[lin.field] = lin.at_low + (lin.at_high - lin.at_low) * share
    if issue.bands:
        band = band_of(issue, value)
        terms.update({k: v for k, v in band.terms.model_dump().items() if v is not None})
        commitments += band.commitments
    return terms, commitments


def negotiated_policy(s: Scenario, fc: Forecast) -> Policy:
    """The negotiated policy of ``s`` from the forecast ``fc``."""
    neg = s.negotiation
    if neg is None or neg.policy is None:
        raise ValueError(f"scenario '{s.id}' declares no negotiated policy")
    base = s.policy(neg.policy.base)
    terms = base.terms.model_dump()
    commitments = list(base.commitments)
    parts = []
    for f in fc.issues:
        value = f.interval()[0]
        set_terms, add = terms_from(f.issue, value)
        terms.update(set_terms)
        commitments += [c for c in add if c not in commitments and c not in s.baseline]
        parts.append(f"{f.issue.id} {value:.3g}")
    desc = neg.policy.description or (
        f"{base.name} with the terms a negotiation among {len(neg.actors)} parties is "
        f"forecast to reach")
    return Policy(id=neg.policy.id, name=neg.policy.name, description=desc,
                  settlement=True, terms=base.terms.model_validate(terms),
                  commitments=commitments,
                  source=f"foedus negotiate (median forecasts: {', '.join(parts)}); "
                         f"inputs: {' '.join(neg.source.split())}")


#: Forecasts already made in this process, by the scenario's JSON (a few entries).
_MEMO: dict[str, Forecast] = {}
_MEMO_SIZE = 8


def scenario_forecast(s: Scenario) -> Forecast:
    """The forecast of ``s`` with its own settings, computed once per process."""
    key = s.model_dump_json()
    if key not in _MEMO:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = forecast(s)
    return _MEMO[key]


def with_negotiated(doc: Document, fc: Forecast | None = None) -> Document:
    """``doc`` with its negotiated policy appended (unchanged if it declares none).

    ``fc`` defaults to the forecast with the block's own rounds, replications
    and the scenario's seed.
    """
    s = doc.scenario
    if s.negotiation is None or s.negotiation.policy is None:
        return doc
    fc = scenario_forecast(s) if fc is None else fc
    policy = negotiated_policy(s, fc)
    return replace(doc, scenario=s.model_copy(update={"policies": [*s.policies, policy]}))


def without_negotiated(doc: Document) -> Document:
    """``doc`` as written: the inverse of :func:`with_negotiated` (what ``foedus audit``
    audits; a claims file's edits re-validate the scenario, whose negotiation block names
    a policy it must not already have)."""
    s = doc.scenario
    if s.negotiation is None or s.negotiation.policy is None:
        return doc
    pid = s.negotiation.policy.id
    return replace(doc, scenario=s.model_copy(update={
        "policies": [p for p in s.policies if p.id != pid]}))
