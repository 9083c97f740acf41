"""The negotiation page: where a negotiation among a scenario's parties would land.

``GET /negotiate/{id}?rounds=&replications=&seed=`` (and ``GET /api/negotiate/{id}``,
the JSON of ``foedus negotiate --json``) forecasts the scenario's ``negotiation:``
block (:mod:`foedus.negotiation.forecast`) with its own rounds, replications and
seed unless given, on the app's simulation runner (its time limit, queue and
cache apply). The page shows each issue's forecast distribution with its 95 %
interval, the chart of positions over rounds, the per-round table and, when the
block names a base policy, the terms of the deal as negotiated.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from foedus.negotiation.forecast import forecast
from foedus.negotiation.policy import negotiated_policy
from foedus.report import figures as fg
from foedus.report.negotiation import issue_frame, round_frame
from foedus.scenario.schema import MAX_SEED, Scenario
from foedus.store.hashing import scenario_hash
from foedus.web import views
from foedus.web.compute import Deadline
from foedus.web.errors import RequestError
from foedus.web.pages import _int
from foedus.web.state import AppState, render, state_of

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["api"])


def negotiation_of(st: AppState, sid: str, rounds: int | None, replications: int | None,
                   seed: int | None) -> tuple[Scenario, dict[str, Any]]:
    """The scenario ``sid`` and its forecast's JSON (with ``policy``, the deal as
    negotiated, when the block names a base policy)."""
    s = st.catalog.get(sid).scenario
    if s.negotiation is None:
        raise RequestError(404, f"scenario '{sid}' has no negotiation block")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise RequestError(422, f"seed must lie in 0..{MAX_SEED}")

    def work(_limit: Deadline) -> dict[str, Any]:
        fc = forecast(s, rounds, replications, seed)  # bad rounds/replications: 422
        d = fc.to_dict()
        if s.negotiation is not None and s.negotiation.policy is not None:
            d["policy"] = negotiated_policy(s, fc).model_dump()
        return d

    key = ("negotiate", scenario_hash(s), rounds, replications, seed)
    out: dict[str, Any] = st.runner.run(key, work)
    return s, out


def _query(request: Request) -> tuple[int | None, int | None, int | None]:
    q = request.query_params
    return (_int(q.get("rounds"), "rounds", None),
            _int(q.get("replications"), "replications", None),
            _int(q.get("seed"), "seed", None))


@router.get("/negotiate/{sid}", response_class=HTMLResponse)
def negotiate_page(request: Request, sid: str) -> Response:
    st = state_of(request)
    rounds, reps, seed = _query(request)
    s, fc = negotiation_of(st, sid, rounds, reps, seed)
    issues = issue_frame(fc)
    per_round = round_frame(fc)
    return render(request, "negotiate.html", nav="scenarios",
                  title=f"Negotiation · {s.name}", sid=sid, scenario=s, fc=fc,
                  rounds=rounds, replications=reps, seed=seed,
                  issue_columns=list(issues.columns),
                  issue_rows=issues.astype(object).to_dict("records"),
                  round_groups=[(iss, g.drop(columns="issue").to_dict("records"))
                                for iss, g in per_round.groupby("issue", sort=False)],
                  round_columns=[c for c in per_round.columns if c != "issue"],
                  figure=views.fig_json(fg.negotiation_positions(fc)))


@api_router.get("/negotiate/{sid}")
def api_negotiate(request: Request, sid: str) -> dict[str, Any]:
    """The negotiation forecast of scenario ``sid`` (``foedus negotiate --json``)."""
    rounds, reps, seed = _query(request)
    return negotiation_of(state_of(request), sid, rounds, reps, seed)[1]
