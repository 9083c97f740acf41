"""The JSON API (``/api/...``): what every page shows, machine-readable.

POST bodies must be ``application/json`` (see :mod:`foedus.web.security`).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from foedus.scenario.errors import ScenarioError
from foedus.scenario.schema import MAX_SEED
from foedus.wargame.game import Wargame
from foedus.web import compute, job_kinds, views
from foedus.web.catalog import validate_text
from foedus.web.errors import RequestError
from foedus.web.games import new_game_id
from foedus.web.state import state_of

router = APIRouter(prefix="/api", tags=["api"])


def require_json(request: Request) -> None:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise RequestError(415, "POST bodies of the API must be JSON (Content-Type: "
                             "application/json)")


class _In(BaseModel):
    """API bodies: strict types (no ``true`` for 1, no ``"5"`` for 5)."""

    model_config = ConfigDict(strict=True)


class ValidateIn(_In):
    text: str = Field(description="scenario YAML")
    name: str = Field("scenario.yaml", max_length=100, description="file name for messages")


class WhatIfIn(_In):
    scenario: str = Field(max_length=100)
    policy: str | None = Field(None, max_length=100,
                               description="one policy; default: every policy at once")
    lens: str = Field("evidence", max_length=100)
    replications: int | None = Field(None, description="default: the app's What-if setting")
    seed: int | None = Field(None, ge=0, le=MAX_SEED)
    assumptions: dict[str, float] = Field(default_factory=dict,
                                          description="fixed values of key assumptions")


class CompareIn(_In):
    scenario: str = Field(max_length=100)
    lens: str = Field("evidence", max_length=100)
    replications: int | None = None
    seed: int | None = Field(None, ge=0, le=MAX_SEED)


class TornadoIn(_In):
    scenario: str = Field(max_length=100)
    policy: str = Field(max_length=100)
    lens: str = Field("evidence", max_length=100)
    outcome: str = Field("war_by_horizon", max_length=60)
    replications: int | None = Field(None, description="default: the app's What-if setting")
    seed: int | None = Field(None, ge=0, le=MAX_SEED)


class JobIn(_In):
    kind: Literal["compare", "sensitivity", "audit"]
    scenario: str = Field(max_length=100)
    lens: str = Field("evidence", max_length=100)
    replications: int | None = Field(None, description="default: as the command line")
    seed: int | None = Field(None, ge=0, le=MAX_SEED)
    policy: str | None = Field(None, max_length=100, description="sensitivity: the policy")
    outcome: str = Field("war_by_horizon", max_length=60, description="sensitivity")
    method: Literal["sobol", "morris"] = "sobol"
    n: int = Field(job_kinds.SENSITIVITY_N, ge=2, le=4096,
                   description="sensitivity: base samples (Sobol') or trajectories")
    claims: str = Field("evans-2025", max_length=100, description="audit: bundled claims")


class GameIn(_In):
    scenario: str = Field(max_length=100)
    policy: str = Field(max_length=100)
    lens: str = Field("evidence", max_length=100)
    role: str = Field(max_length=100)
    seed: int | None = Field(None, ge=0, le=MAX_SEED)
    horizon: int | None = Field(None, ge=1, le=600)


class StepIn(_In):
    answer: str | None = Field(None, max_length=40,
                               description="an option of the pending prompt, or 'model'")
    attack: bool = Field(False, description="order an attack this month")


class AutoplayIn(_In):
    months: int | None = Field(None, ge=1, le=600, description="default: to the end")


class AdvanceIn(_In):
    months: int | None = Field(None, ge=1, le=600,
                               description="default: until the player's next decision")


@router.get("/scenarios")
def list_scenarios(request: Request) -> dict[str, Any]:
    """Bundled scenarios and those of the configured folder (with their issues)."""
    out = []
    for e in state_of(request).catalog.entries():
        if e.doc is not None:
            out.append({**views.scenario_summary(e.id, e.origin, e.doc), "issues": []})
        else:
            out.append({"id": e.id, "origin": e.origin, "issues": list(e.issues)})
    return {"scenarios": out}


@router.get("/scenarios/{sid}")
def scenario(request: Request, sid: str, lens: str = "evidence") -> dict[str, Any]:
    """Actors, commitments, policies and every parameter with its prior and source."""
    doc = state_of(request).catalog.get(sid)
    return views.scenario_detail(sid, doc, lens)


@router.post("/validate")
def validate(request: Request, body: ValidateIn) -> dict[str, Any]:
    """Validate scenario text as ``foedus validate`` does (FILE:LINE: field: message)."""
    require_json(request)
    try:
        doc = validate_text(body.text, body.name)
    except ScenarioError as exc:
        return {"ok": False, "issues": [str(i) for i in exc.issues]}
    return {"ok": True, "issues": [], "scenario": doc.scenario.id,
            "policies": [p.id for p in doc.scenario.policies]}


@router.post("/whatif")
def whatif(request: Request, body: WhatIfIn) -> dict[str, Any]:
    """One policy (or, with no policy, every policy) under the lens, and under the lens
    with the assumptions fixed: the change per outcome with its interval, and whether
    the best policy changes."""
    st, doc, reps = _prepared(request, body.scenario, body.replications,
                              st_default="whatif_replications")
    if body.policy is None:
        every = compute.whatif_all(doc, body.lens, body.assumptions, reps, body.seed,
                                   st.runner)
        every["rows"] = views.whatif_all_rows(every)
        every["ranking_rows"] = views.ranking_rows(every)
        return every
    out = compute.whatif(doc, body.policy, body.lens, body.assumptions, reps, body.seed,
                         st.runner)
    figs = views.result_figures(out["result"], ("survival",))
    out["rows"] = views.outcome_rows(out["result"])
    out["figures"] = {k: views.fig_dict(v) for k, v in figs.items()}
    return out


@router.post("/tornado")
def tornado(request: Request, body: TornadoIn) -> dict[str, Any]:
    """One-at-a-time swings of an outcome over each What-if assumption's prior range."""
    st, doc, reps = _prepared(request, body.scenario, body.replications,
                              st_default="whatif_replications")
    out = compute.tornado(doc, body.policy, body.lens, body.outcome, reps, body.seed,
                          st.runner)
    out["rows"] = views.tornado_rows(out)
    out["figure"] = views.fig_dict(views.result_figures(out, ("tornado",))["tornado"])
    return out


def _prepared(request: Request, scenario: str, replications: int | None,
              st_default: str) -> tuple[Any, Any, int]:
    """``(app state, scenario document, replications)`` of a JSON request: the body's
    replications, or the setting ``st_default`` when it gives none, checked against the
    server's limit."""
    require_json(request)
    st = state_of(request)
    doc = st.catalog.get(scenario)
    asked = getattr(st.settings, st_default) if replications is None else replications
    return st, doc, compute.check_replications(asked, st.settings.max_replications)


def _compared(request: Request, body: CompareIn) -> tuple[Any, Any]:
    """``(app state, result)`` of the comparison ``body`` asks for."""
    st, doc, reps = _prepared(request, body.scenario, body.replications,
                              st_default="compare_replications")
    return st, compute.compare(doc, body.lens, reps, body.seed, st.runner)


@router.post("/verdict")
def verdict(request: Request, body: CompareIn) -> dict[str, Any]:
    """The verdict of a comparison (best policy per outcome, how clear, caveats), with
    the sensitivity analysis and claim audit of the results store when there are any."""
    st, res = _compared(request, body)
    return views.compare_verdict(st.store, res).to_dict()


@router.post("/compare")
def compare(request: Request, body: CompareIn) -> dict[str, Any]:
    """Every policy side by side (the ``foedus compare`` JSON contract)."""
    _st, res = _compared(request, body)
    out: dict[str, Any] = res.to_dict()
    return out


@router.post("/jobs", status_code=202)
def new_job(request: Request, body: JobIn) -> dict[str, Any]:
    """Start a background job (compare, sensitivity, audit); poll ``GET /api/jobs/{id}``."""
    require_json(request)
    return start_job(request, body).to_dict()


def start_job(request: Request, body: JobIn) -> Any:
    st = state_of(request)
    doc = st.catalog.get(body.scenario)
    if body.kind == "compare":
        return job_kinds.start_compare(st, body.scenario, doc, body.lens, body.replications
                                       or st.settings.compare_replications, body.seed)
    if body.kind == "sensitivity":
        if body.policy is None:
            raise RequestError(422, "policy: a sensitivity analysis needs a policy")
        return job_kinds.start_sensitivity(st, body.scenario, doc, body.policy, body.outcome,
                                           body.lens, body.method, body.n,
                                           body.replications or job_kinds.SENSITIVITY_REPS,
                                           body.seed)
    return job_kinds.start_audit(st, body.scenario, doc, body.claims, body.lens,
                                 body.replications or job_kinds.AUDIT_REPS, body.seed)


@router.get("/jobs")
def jobs(request: Request) -> dict[str, Any]:
    """Background jobs of this server, newest first."""
    return {"jobs": [j.to_dict() for j in state_of(request).jobs.list()]}


@router.get("/jobs/{job_id}")
def job(request: Request, job_id: str) -> dict[str, Any]:
    """A job's state and progress; when done, its record and result page."""
    return state_of(request).jobs.get(job_id).to_dict()


@router.get("/runs")
def runs(request: Request, kind: str | None = None, limit: int = 200) -> dict[str, Any]:
    """Records of the results store, newest first (provenance only)."""
    recs = state_of(request).store.records(kind=kind, limit=max(1, min(limit, 1000)))
    return {"runs": [r.provenance() for r in recs]}


@router.get("/runs/{record_id}")
def run(request: Request, record_id: int) -> dict[str, Any]:
    """One record: provenance, payload and outcome rows."""
    st = state_of(request)
    rec = st.store.get(record_id)
    rows = st.store.rows(record_id)
    return {**rec.to_dict(), "rows": rows.astype(object).where(rows.notna(), None)
            .to_dict("records")}


@router.get("/games")
def games(request: Request) -> dict[str, Any]:
    """Saved games, most recently played first."""
    return {"games": [g.to_dict() for g in state_of(request).games.list()]}


@router.get("/roles")
def roles(request: Request, scenario: str, policy: str) -> dict[str, Any]:
    """The states a player may take under a policy."""
    doc = state_of(request).catalog.get(scenario)
    if policy not in {p.id for p in doc.scenario.policies}:
        raise RequestError(422, f"unknown policy '{policy}'")
    return {"roles": views.role_options(doc, policy)}


@router.post("/games", status_code=201)
def new_game(request: Request, body: GameIn) -> dict[str, Any]:
    """Start a game (saved at once)."""
    require_json(request)
    return start_game(request, body.scenario, body.policy, body.lens, body.role, body.seed,
                      body.horizon)


def start_game(request: Request, scenario: str, policy: str, lens: str, role: str,
               seed: int | None, horizon: int | None) -> dict[str, Any]:
    st = state_of(request)
    doc = st.catalog.get(scenario)
    game = Wargame(lens, role, seed, horizon).start(doc, policy)
    gid = new_game_id()
    st.games.save(gid, doc, game)
    return views.game_view(gid, doc, game, None)


@router.get("/games/{game_id}")
def game(request: Request, game_id: str) -> dict[str, Any]:
    """A game: month, levels, commitments, the pending decision, the log, the comparison."""
    _, doc, g, comp = state_of(request).games.load(game_id)
    return views.game_view(game_id, doc, g, comp)


@router.post("/games/{game_id}/step")
def step(request: Request, game_id: str, body: StepIn) -> dict[str, Any]:
    """Answer the pending decision, or play the next month."""
    require_json(request)
    return play(request, game_id, "step", body.answer, body.attack, None)


@router.post("/games/{game_id}/autoplay")
def autoplay(request: Request, game_id: str, body: AutoplayIn) -> dict[str, Any]:
    """Let the model take the player's decisions (for some months, or to the end)."""
    require_json(request)
    return play(request, game_id, "autoplay", None, False, body.months)


@router.post("/games/{game_id}/advance")
def advance(request: Request, game_id: str, body: AdvanceIn) -> dict[str, Any]:
    """Play on until the player's next decision (or for some months), the player's
    standing orders holding (no attack); the model decides nothing for the player."""
    require_json(request)
    return play(request, game_id, "advance", None, False, body.months)


@router.get("/games/{game_id}/after-action")
def after_action(request: Request, game_id: str) -> dict[str, Any]:
    """A finished game's path against the model's distribution (per outcome, per month)."""
    from foedus.wargame.game import after_action as record

    _, _, g, comp = state_of(request).games.load(game_id)
    if comp is None:
        raise RequestError(409, "the game is not over yet: the after-action record comes "
                                "with the comparison at the end")
    return record(g, comp)


def play(request: Request, game_id: str, how: Literal["step", "autoplay", "advance"],
         answer: str | None, attack: bool, months: int | None) -> dict[str, Any]:
    st = state_of(request)
    with st.game_lock:
        _, doc, g, comp = st.games.load(game_id)
        if how == "step":
            g.step(answer, attack)
        elif how == "advance":
            g.advance(months)
        else:
            g.autoplay(months)
        if g.finished_ and comp is None:
            comp = g.compare(doc, st.settings.game_replications)
        st.games.save(game_id, doc, g, comp)
    return views.game_view(game_id, doc, g, comp)
