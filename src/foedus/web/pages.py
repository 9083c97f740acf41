"""Server-rendered pages. Each one shows what an ``/api/...`` route returns.

Forms that change something (start or play a game, record a comparison, check
a scenario text) are POSTs protected by the signed double-submit token.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from foedus.evidence.claims_schema import bundled_claims
from foedus.evidence.lenses import lens_names
from foedus.report.audit_report import AuditReport, audit_fragment, audit_payloads
from foedus.report.html import HtmlReport, verdict_html
from foedus.scenario.errors import ScenarioError
from foedus.scenario.loader import Document
from foedus.scenario.yamlio import SourceMap
from foedus.store.store import utcnow
from foedus.study.result import HEADLINE_OUTCOME, OUTCOME_KEYS, OUTCOME_LABELS
from foedus.web import compute, job_kinds, views
from foedus.web.api import JobIn, play, start_game, start_job
from foedus.web.catalog import validate_text
from foedus.web.errors import RequestError
from foedus.web.security import COOKIE, FIELD
from foedus.web.state import render, state_of

router = APIRouter(include_in_schema=False)
Token = Annotated[str, Form(alias=FIELD, max_length=200)]  # missing: "" and so 403
MAX_SCENARIO_TEXT = 200_000
#: The What-if page's policy value for every policy at once (its default).
ALL = "all"


def check_csrf(request: Request, token: str) -> None:
    if not state_of(request).csrf.matches(request.cookies.get(COOKIE), token):
        raise RequestError(403, "this form has expired or did not come from this site; reload "
                             "the page and try again")


def _int(value: str | None, what: str, default: int | None) -> int | None:
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise RequestError(422, f"{what} must be a whole number") from None


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/scenarios", status_code=303)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """Swagger UI of ``/openapi.json``, served from the installed package (no CDN)."""
    return render(request, "docs.html", nav="docs", title="API")


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios(request: Request) -> Response:
    data = list_entries(request)
    return render(request, "scenarios.html", nav="scenarios", title="Scenarios",
                  scenarios=data, check=None)


def list_entries(request: Request) -> list[dict[str, Any]]:
    out = []
    for e in state_of(request).catalog.entries():
        if e.doc is not None:
            out.append({**views.scenario_summary(e.id, e.origin, e.doc), "issues": []})
        else:
            out.append({"id": e.id, "origin": e.origin, "issues": list(e.issues)})
    return out


@router.post("/scenarios/validate", response_class=HTMLResponse)
def validate_form(request: Request, token: Token,
                  text: Annotated[str, Form(max_length=MAX_SCENARIO_TEXT)],
                  name: Annotated[str, Form(max_length=100)] = "scenario.yaml") -> Response:
    check_csrf(request, token)
    try:
        doc = validate_text(text, name or "scenario.yaml")
        check = {"ok": True, "issues": [], "message": f"{name}: ok (scenario "
                                                     f"'{doc.scenario.id}', "
                                                     f"{len(doc.scenario.policies)} policies)"}
    except ScenarioError as exc:
        check = {"ok": False, "issues": [str(i) for i in exc.issues], "message": ""}
    return render(request, "scenarios.html", nav="scenarios", title="Scenarios",
                  scenarios=list_entries(request), check=check, text=text, name=name)


@router.get("/scenarios/{sid}", response_class=HTMLResponse)
def scenario_page(request: Request, sid: str, lens: str = "evidence") -> Response:
    doc = state_of(request).catalog.get(sid)
    detail = views.scenario_detail(sid, doc, lens)
    from foedus.report.figures import commitment_network

    return render(request, "scenario.html", nav="scenarios", title=doc.scenario.name,
                  s=detail, network=views.fig_json(commitment_network(doc.scenario)))


@router.get("/whatif/{sid}", response_class=HTMLResponse)
def whatif_page(request: Request, sid: str) -> Response:
    st = state_of(request)
    doc = st.catalog.get(sid)
    q = request.query_params
    policy = q.get("policy") or ALL
    lens = q.get("lens") or "evidence"
    reps = _int(q.get("replications"), "replications", st.settings.whatif_replications)
    seed = _int(q.get("seed"), "seed", None)
    assert reps is not None
    chosen: dict[str, float] = {}
    for a in compute.ASSUMPTIONS:
        if q.get(f"fix_{a.name}"):
            try:
                chosen[a.name] = float(q.get(a.name, ""))
            except ValueError:
                raise RequestError(422, f"{a.name} must be a number") from None
    compute.check_replications(reps, st.settings.max_replications)
    common: dict[str, Any] = {
              "nav": "whatif", "title": f"What-if · {doc.scenario.name}", "sid": sid,
              "scenario": doc.scenario, "policy": policy, "lens": lens,
              "lenses": lens_names(doc), "replications": reps, "seed": seed,
              "max_replications": st.settings.max_replications,
              "controls": views.assumption_controls(doc, lens, chosen),
              "outcomes": [(k, OUTCOME_LABELS[k]) for k in OUTCOME_KEYS]}
    if policy == ALL:
        every = compute.whatif_all(doc, lens, chosen, reps, seed, st.runner)
        head = every["ranking"].get(HEADLINE_OUTCOME)
        return render(request, "whatif.html", **common, out=every, every=True,
                      rows=views.whatif_all_rows(every), columns=list(every["lens"]["policies"]),
                      ranking=views.ranking_rows(every),
                      tornado_policy=head["lens"]["best"] if head else
                      doc.scenario.policies[-1].id)
    out = compute.whatif(doc, policy, lens, chosen, reps, seed, st.runner)
    figs = views.result_figures(out["result"], ("survival",))
    return render(request, "whatif.html", **common, out=out, every=False,
                  rows=views.outcome_rows(out["result"]),
                  columns=list(out["result"]["policies"]), tornado_policy=policy,
                  survival=views.fig_json(figs["survival"]))


@router.get("/compare/{sid}", response_class=HTMLResponse)
def compare_page(request: Request, sid: str) -> Response:
    st = state_of(request)
    doc = st.catalog.get(sid)
    q = request.query_params
    lens = q.get("lens") or "evidence"
    reps = _int(q.get("replications"), "replications", st.settings.compare_replications)
    seed = _int(q.get("seed"), "seed", None)
    assert reps is not None
    compute.check_replications(reps, st.settings.max_replications)
    if (reps * len(doc.scenario.policies) > st.settings.sync_work
            and not st.runner.cached(compute.compare_key(doc, lens, reps, seed))):
        job = job_kinds.start_compare(st, sid, doc, lens, reps, seed)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)
    result = compute.compare(doc, lens, reps, seed, st.runner)
    res = result.to_dict(replicates=False)
    figs = views.result_figures(res, ("comparison", "survival", "ladder"))
    return render(request, "compare.html", nav="compare", title=f"Compare · {doc.scenario.name}",
                  sid=sid, scenario=doc.scenario, lens=lens, lenses=lens_names(doc),
                  replications=reps, seed=seed, result=res,
                  verdict=verdict_html(views.compare_verdict(st.store, result)),
                  outcomes=[(k, OUTCOME_LABELS[k]) for k in OUTCOME_KEYS],
                  claims=bundled_claims(),
                  rows=views.outcome_rows(res), columns=list(res["policies"]),
                  figures={k: views.fig_json(v) for k, v in figs.items()})


@router.post("/compare/{sid}/record")
def record_compare(request: Request, sid: str, token: Token,
                   lens: Annotated[str, Form(max_length=100)] = "evidence",
                   replications: Annotated[str, Form(max_length=20)] = "",
                   seed: Annotated[str, Form(max_length=30)] = "") -> Response:
    check_csrf(request, token)
    st = state_of(request)
    doc = st.catalog.get(sid)
    reps = _int(replications, "replications", st.settings.compare_replications)
    assert reps is not None
    compute.check_replications(reps, st.settings.max_replications)
    started = utcnow()
    res = compute.compare(doc, lens, reps, _int(seed, "seed", None), st.runner)
    rid = st.store.record_result("compare", res, doc.scenario, started_at=started,
                                 meta={"command": "web compare", "scenario_arg": sid})
    return RedirectResponse(f"/runs/{rid}", status_code=303)


@router.post("/jobs")
def job_form(request: Request, token: Token,
             kind: Annotated[str, Form(max_length=20)],
             scenario: Annotated[str, Form(max_length=100)],
             lens: Annotated[str, Form(max_length=100)] = "evidence",
             replications: Annotated[str, Form(max_length=20)] = "",
             seed: Annotated[str, Form(max_length=30)] = "",
             policy: Annotated[str, Form(max_length=100)] = "",
             outcome: Annotated[str, Form(max_length=60)] = "war_by_horizon",
             n: Annotated[str, Form(max_length=10)] = "",
             claims: Annotated[str, Form(max_length=100)] = "evans-2025") -> Response:
    """Start a sensitivity analysis or claim audit from a page; show its progress."""
    check_csrf(request, token)
    if kind not in ("compare", "sensitivity", "audit"):
        raise RequestError(422, f"kind: unknown job '{kind}'")
    body = JobIn(kind=kind, scenario=scenario, lens=lens,  # type: ignore[arg-type]
                 replications=_int(replications, "replications", None),
                 seed=_int(seed, "seed", None), policy=policy or None, outcome=outcome,
                 n=_int(n, "n", job_kinds.SENSITIVITY_N) or job_kinds.SENSITIVITY_N,
                 claims=claims)
    job = start_job(request, body)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> Response:
    job = state_of(request).jobs.get(job_id)
    return render(request, "job.html", nav="runs", title=job.label, job=job.to_dict())


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request) -> Response:
    st = state_of(request)
    recs = [r.provenance() for r in st.store.records(limit=500)]
    return render(request, "runs.html", nav="runs", title="Runs", runs=recs,
                  store=st.store.path.name)


@router.get("/runs/{record_id}", response_class=HTMLResponse)
def run_page(request: Request, record_id: int) -> Response:
    st = state_of(request)
    rec = st.store.get(record_id)
    rows = st.store.rows(record_id)
    payload = rec.payload
    figures: dict[str, str] = {}
    outcome_rows: list[dict[str, Any]] = []
    columns: list[str] = []
    has_result = isinstance(payload.get("policies"), dict) and all(
        isinstance(v, dict) and "outcomes" in v for v in payload["policies"].values())
    if has_result:
        figs = views.result_figures(payload, ("comparison", "survival", "ladder"))
        figures = {k: views.fig_json(v) for k, v in figs.items()}
        outcome_rows = views.outcome_rows(payload)
        columns = list(payload["policies"])
    audit = None if has_result else audit_fragment(payload, views.figure_block, style=False)
    table = ([] if audit is not None else
             rows.astype(object).where(rows.notna(), None).to_dict("records"))
    return render(request, "run.html", nav="runs", title=f"Run {record_id}",
                  rec=rec.provenance(), figures=figures, rows=outcome_rows, columns=columns,
                  table=table[:500], n_table=len(table),
                  audit=None if audit is None else Markup(audit[0]),
                  report=(has_result and rec.scenario_hash is not None) or audit is not None)


@router.get("/runs/{record_id}/report", response_class=HTMLResponse)
def run_report(request: Request, record_id: int) -> Response:
    """The offline HTML report of a stored run, rebuilt from its stored scenario and payload
    (of a stored claim audit: the audit-first report, from its payload)."""
    st = state_of(request)
    rec = st.store.get(record_id)
    audits = audit_payloads(rec.payload)
    if audits is not None:  # a claim audit: its audit-first report
        return HTMLResponse(AuditReport(audits[0], audits[1], {
            "results store record": record_id}).build(generated=rec.finished_at).html_)
    digest = rec.scenario_hash or ""
    scenario = st.store.scenario(digest) if digest else None
    if scenario is None or "policies" not in rec.payload:
        raise RequestError(404, f"record {record_id} has no report (it is not a run or "
                             "comparison with a stored scenario)")
    doc = Document(scenario, SourceMap(f"{scenario.id} (stored, {digest[:12]})",
                                       {}), "")
    payload = {**rec.payload, "fixed": bool(rec.fixed)}
    rep = HtmlReport(extra_provenance={"results store record": record_id}).build(
        doc, payload, generated=rec.finished_at)
    return HTMLResponse(rep.html_)


@router.get("/runs/{record_id}/brief.pdf")
def run_brief(request: Request, record_id: int) -> Response:
    """The one-page PDF policy brief of a stored comparison (503 without Chromium)."""
    from foedus.report.brief import Brief
    from foedus.report.context import stored_context
    from foedus.report.pdf import NoRendererError
    from foedus.study.result import Result

    st = state_of(request)
    rec = st.store.get(record_id)
    digest = rec.scenario_hash or ""
    scenario = st.store.scenario(digest) if digest else None
    if scenario is None or "policies" not in rec.payload:
        raise RequestError(404, f"record {record_id} has no brief (it is not a run or "
                             "comparison with a stored scenario)")
    doc = Document(scenario, SourceMap(f"{scenario.id} (stored, {digest[:12]})", {}), "")
    result = Result.from_dict(dict(rec.payload), fixed=bool(rec.fixed))
    context = stored_context(st.store, result.scenario, result.lens, HEADLINE_OUTCOME)
    brief = Brief(context=context, extra_provenance={"results store record": record_id}
                  ).build(doc, result, generated=rec.finished_at)
    try:
        data = brief.pdf()
    except NoRendererError as exc:
        raise RequestError(503, f"the PDF brief cannot be printed here: {exc}") from None
    except RuntimeError as exc:
        raise RequestError(500, f"the PDF brief could not be printed: {exc}") from None
    name = f"{scenario.id}-{result.lens}-run{record_id}-brief.pdf"
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/wargame", response_class=HTMLResponse)
def wargame_home(request: Request) -> Response:
    st = state_of(request)
    entries = [e for e in st.catalog.entries() if e.doc is not None]
    q = request.query_params
    sid = q.get("scenario") or (entries[0].id if entries else "")
    doc = st.catalog.get(sid) if sid else None
    policy = q.get("policy") or (doc.scenario.policies[-1].id if doc else "")
    roles = views.role_options(doc, policy) if doc and policy in {
        p.id for p in doc.scenario.policies} else []
    return render(request, "wargame_home.html", nav="wargame", title="Wargame",
                  games=[g.to_dict() for g in st.games.list()],
                  scenarios=[e.id for e in entries], sid=sid, doc=doc, policy=policy,
                  roles=roles, lenses=lens_names(doc) if doc else [])


@router.post("/wargame")
def wargame_new(request: Request, token: Token,
                scenario: Annotated[str, Form(max_length=100)],
                policy: Annotated[str, Form(max_length=100)],
                role: Annotated[str, Form(max_length=100)],
                lens: Annotated[str, Form(max_length=100)] = "evidence",
                seed: Annotated[str, Form(max_length=30)] = "",
                horizon: Annotated[str, Form(max_length=10)] = "") -> Response:
    check_csrf(request, token)
    view = start_game(request, scenario, policy, lens, role, _int(seed, "seed", None),
                      _int(horizon, "horizon", None))
    return RedirectResponse(f"/wargame/{view['id']}", status_code=303)


@router.get("/wargame/{game_id}", response_class=HTMLResponse)
def wargame_page(request: Request, game_id: str) -> Response:
    _, doc, g, comp = state_of(request).games.load(game_id)
    view = views.game_view(game_id, doc, g, comp)
    figs = ({k: views.fig_json(v) for k, v in views.game_figures(g, comp).items()}
            if comp is not None else {})
    return render(request, "wargame.html", nav="wargame",
                  title=f"Wargame · {doc.scenario.name}", g=view, figures=figs)


@router.post("/wargame/{game_id}/step")
def wargame_step(request: Request, game_id: str, token: Token,
                 answer: Annotated[str, Form(max_length=40)] = "",
                 attack: Annotated[str, Form(max_length=10)] = "") -> Response:
    check_csrf(request, token)
    play(request, game_id, "step", answer or None, attack in ("1", "on", "true"), None)
    return RedirectResponse(f"/wargame/{game_id}", status_code=303)


@router.post("/wargame/{game_id}/advance")
def wargame_advance(request: Request, game_id: str, token: Token,
                    months: Annotated[str, Form(max_length=10)] = "") -> Response:
    """Play until the player's next decision (no months given) or for some months."""
    check_csrf(request, token)
    play(request, game_id, "advance", None, False, _int(months, "months", None))
    return RedirectResponse(f"/wargame/{game_id}", status_code=303)


@router.get("/wargame/{game_id}/after-action.json")
def wargame_after_action(request: Request, game_id: str) -> Response:
    """The after-action record as a JSON download."""
    import json

    from foedus.web.api import after_action

    data = after_action(request, game_id)
    return Response(json.dumps(data, indent=1, allow_nan=False), media_type="application/json",
                    headers={"Content-Disposition":
                             f'attachment; filename="wargame-{game_id}-after-action.json"'})


@router.post("/wargame/{game_id}/autoplay")
def wargame_autoplay(request: Request, game_id: str, token: Token,
                     months: Annotated[str, Form(max_length=10)] = "") -> Response:
    check_csrf(request, token)
    play(request, game_id, "autoplay", None, False, _int(months, "months", None))
    return RedirectResponse(f"/wargame/{game_id}", status_code=303)
