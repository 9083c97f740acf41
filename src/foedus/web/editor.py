"""The scenario editor: duplicate a scenario, edit its YAML, check, run, save, share.

``GET /editor`` lists what can be duplicated and what was saved;
``GET /editor?from=ID`` opens a copy of scenario ``ID`` (its ``id`` and ``name``
marked as a copy); ``GET /editor/{key}`` reopens a saved scenario (the share
link). ``POST /editor`` checks the text exactly as ``foedus validate`` does
(``FILE:LINE: field: message``), runs it (every policy, as ``foedus compare``)
or saves it in the results store (:mod:`foedus.web.saved`; refused when the
store is read-only). A saved scenario is offered to the other pages under the
id ``saved-{key}``. The editor shows schema hints (the fields of each part of a
scenario, from its JSON Schema) and, per model parameter, its meaning, prior,
source and rationale from :mod:`foedus.evidence.registry` (as a tooltip, and
under the text for the parameter at the cursor).
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field

from foedus.evidence.lenses import lens_names
from foedus.evidence.registry import PARAMETERS
from foedus.negotiation.policy import with_negotiated
from foedus.report.html import verdict_html
from foedus.scenario.errors import ScenarioError
from foedus.scenario.loader import Document
from foedus.scenario.schema import MAX_SEED, Scenario
from foedus.web import compute, views
from foedus.web.api import _In
from foedus.web.catalog import ID_PATTERN, validate_text
from foedus.web.errors import RequestError
from foedus.web.pages import MAX_SCENARIO_TEXT, Token, _int, check_csrf
from foedus.web.saved import SavedScenario
from foedus.web.state import render, state_of

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["api"])
#: Replications per policy of an editor run, by default (a quick look; the saved
#: scenario's Compare page runs the command line's 20,000).
EDITOR_REPLICATIONS = 2_000
#: Parts of a scenario whose fields the hints list: (title, JSON Schema definition).
HINT_PARTS = (("scenario (top level)", None), ("actors: each actor", "Actor"),
              ("commitments: each commitment", "Commitment"),
              ("policies: each policy", "Policy"), ("policies: terms", "Terms"),
              ("parameters: each override", "ParameterOverride"),
              ("negotiation", "Negotiation"))
_ID_LINE = re.compile(r"^id:[ \t]*(\S.*?)[ \t]*$", re.MULTILINE)
_NAME_LINE = re.compile(r"^name:[ \t]*(\S.*?)[ \t]*$", re.MULTILINE)


def duplicate_text(text: str, copy_id: str) -> str:
    """``text`` with its top-level ``id`` set to ``copy_id`` and ``(copy)`` after its name.

    Only the first unindented ``id:`` and ``name:`` lines change, so comments,
    anchors and layout stay as they were.
    """
    out = _ID_LINE.sub(f"id: {copy_id}", text, count=1)
    m = _NAME_LINE.search(out)
    if m is not None:
        name = m.group(1).strip("'\"")
        out = out[:m.start()] + f"name: {json.dumps(name + ' (copy)')}" + out[m.end():]
    return out


def parameter_help() -> list[dict[str, str]]:
    """Per registered parameter: meaning, evidence prior, source and rationale."""
    out = []
    for p in PARAMETERS:
        e = p.evidence
        tip = (f"{p.name} ({p.symbol}, {p.mechanism}): {p.description} "
               f"Prior (evidence lens): {e.prior.describe()}, range [{p.low:g}, {p.high:g}]. "
               f"Source: {e.source}. Rationale: {e.rationale}")
        out.append({"name": p.name, "symbol": p.symbol, "mechanism": p.mechanism,
                    "description": p.description, "prior": e.prior.describe(),
                    "range": f"[{p.low:g}, {p.high:g}]", "source": e.source,
                    "rationale": e.rationale, "basis": e.basis,
                    "scenario_specific": "yes" if p.scenario_specific else "no",
                    "tooltip": tip})
    return out


def _type_of(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if "enum" in prop:
        return " | ".join(str(v) for v in prop["enum"])
    if "const" in prop:
        return str(prop["const"])
    if "anyOf" in prop:
        return " or ".join(_type_of(p) for p in prop["anyOf"])
    t = prop.get("type", "any")
    if t == "array":
        return f"list of {_type_of(prop.get('items', {}))}"
    if t == "object" and "additionalProperties" in prop and isinstance(
            prop["additionalProperties"], dict):
        return f"map of {_type_of(prop['additionalProperties'])}"
    rng = [f"≥ {prop['minimum']:g}" if "minimum" in prop else "",
           f"≤ {prop['maximum']:g}" if "maximum" in prop else ""]
    extra = ", ".join(r for r in rng if r)
    return f"{t} ({extra})" if extra else str(t)


def schema_hints() -> list[dict[str, Any]]:
    """The fields of each part of a scenario (from its JSON Schema): name, type,
    required or default, and the part's description."""
    schema = Scenario.model_json_schema()
    defs = schema.get("$defs", {})
    out = []
    for title, ref in HINT_PARTS:
        part = schema if ref is None else defs.get(ref)
        if part is None:
            continue
        required = set(part.get("required", ()))
        fields = []
        for name, prop in part.get("properties", {}).items():
            need = ("required" if name in required else
                    f"default {json.dumps(prop['default'])}" if "default" in prop else "optional")
            fields.append({"name": name, "type": _type_of(prop), "need": need,
                           "description": prop.get("description", "")})
        desc = (part.get("description") or "").split("\n\n")[0].replace("\n", " ")
        out.append({"title": title, "description": desc if ref else "", "fields": fields})
    return out


def _editor(request: Request, *, text: str, name: str, based_on: str = "",
            check: dict[str, Any] | None = None, run: dict[str, Any] | None = None,
            saved: SavedScenario | None = None, lens: str = "evidence",
            replications: int = EDITOR_REPLICATIONS, seed: int | None = None,
            status: int = 200) -> Response:
    st = state_of(request)
    return render(request, "editor.html", status=status, nav="editor",
                  title="Scenario editor", text=text, name=name, based_on=based_on,
                  check=check, run=run, saved=saved, lens=lens, replications=replications,
                  seed=seed, read_only=st.store.read_only, params=parameter_help(),
                  params_json=json.dumps({p["name"]: p["tooltip"] for p in parameter_help()}
                                         ).replace("</", "<\\/"),
                  hints=schema_hints())


def _check(text: str, name: str) -> tuple[Document | None, dict[str, Any]]:
    """Validate; the document (with its negotiated policy, if any) and the check's view."""
    try:
        doc = validate_text(text, name)
    except ScenarioError as exc:
        issues = [{"text": str(i), "line": i.line, "field": i.field} for i in exc.issues]
        if exc.more:
            issues.append({"text": f"... and {exc.more} more problem(s)", "line": 0,
                           "field": ""})
        return None, {"ok": False, "issues": issues, "message": ""}
    return doc, {"ok": True, "issues": [], "message":
                 f"{name}: ok (scenario '{doc.scenario.id}', "
                 f"{len(doc.scenario.policies)} policies)"}


def _file_name(name: str) -> str:
    name = name.strip() or "scenario.yaml"
    stem = name[:-5] if name.endswith(".yaml") else name[:-4] if name.endswith(".yml") else name
    if not ID_PATTERN.match(stem):
        raise RequestError(422, "file name: letters, digits, '.', '_' and '-' only, ending "
                                "in .yaml")
    return name


@router.get("/editor", response_class=HTMLResponse)
def editor_home(request: Request) -> Response:
    """Pick a scenario to duplicate, or reopen a saved one."""
    st = state_of(request)
    src = request.query_params.get("from")
    if src:
        doc = st.catalog.get(src)
        copy_id = f"{doc.scenario.id}-copy" if len(doc.scenario.id) < 60 else "scenario-copy"
        return _editor(request, text=duplicate_text(doc.text, copy_id),
                       name=f"{copy_id}.yaml", based_on=src)
    entries = [e for e in st.catalog.entries() if e.doc is not None]
    return render(request, "editor_home.html", nav="editor", title="Scenario editor",
                  scenarios=[{"id": e.id, "name": e.doc.scenario.name, "origin": e.origin}
                             for e in entries if e.doc is not None],
                  saved=[s.to_dict() for s in st.saved.list()])


@router.get("/editor/{key}", response_class=HTMLResponse)
def editor_saved(request: Request, key: str) -> Response:
    """Reopen a saved scenario (the link a user shares)."""
    rec = state_of(request).saved.get(key)
    return _editor(request, text=rec.text, name=rec.file, based_on=rec.based_on, saved=rec)


@router.post("/editor", response_class=HTMLResponse)
def editor_post(request: Request, token: Token,
                text: Annotated[str, Form(max_length=MAX_SCENARIO_TEXT)],
                action: Annotated[str, Form(max_length=10)] = "check",
                name: Annotated[str, Form(max_length=100)] = "scenario.yaml",
                based_on: Annotated[str, Form(max_length=100)] = "",
                lens: Annotated[str, Form(max_length=100)] = "evidence",
                replications: Annotated[str, Form(max_length=20)] = "",
                seed: Annotated[str, Form(max_length=30)] = "") -> Response:
    """Check, run or save the text of the editor."""
    check_csrf(request, token)
    st = state_of(request)
    if action not in ("check", "run", "save"):
        raise RequestError(422, f"action: unknown action '{action[:20]}'")
    name = _file_name(name)
    reps = _int(replications, "replications", EDITOR_REPLICATIONS) or EDITOR_REPLICATIONS
    use_seed = _int(seed, "seed", None)
    if use_seed is not None and not 0 <= use_seed <= MAX_SEED:
        raise RequestError(422, f"seed must lie in 0..{MAX_SEED}")
    text = text.replace("\r\n", "\n")
    common: dict[str, Any] = {"text": text, "name": name, "based_on": based_on, "lens": lens,
              "replications": reps, "seed": use_seed}
    if action == "save" and st.store.read_only:
        raise RequestError(403, "this server's results store is read-only: scenarios "
                                "cannot be saved (run and check still work)")
    doc, check = _check(text, name)
    if doc is None:  # a check that finds problems did its job; a run or save did not
        return _editor(request, check=check, status=200 if action == "check" else 422,
                       **common)
    if action == "save":
        rec = st.saved.save(doc, based_on)
        return RedirectResponse(f"/editor/{rec.key}", status_code=303)
    if action == "check":
        return _editor(request, check=check, **common)
    full = with_negotiated(doc)
    if lens not in lens_names(full):
        raise RequestError(422, f"lens: '{lens[:100]}' is not a lens of this scenario "
                                f"({', '.join(lens_names(full))})")
    compute.check_replications(reps, st.settings.max_replications)
    if reps * len(full.scenario.policies) > st.settings.sync_work:
        raise RequestError(413, f"{reps:,} replications × {len(full.scenario.policies)} "
                                f"policies is more than the editor runs while you wait "
                                f"({st.settings.sync_work:,}); save the scenario and use its "
                                "Compare page, which runs larger comparisons as a background "
                                "job")
    result = compute.compare(full, lens, reps, use_seed, st.runner)
    res = result.to_dict(replicates=False)
    figs = views.result_figures(res, ("comparison",))
    run = {"rows": views.outcome_rows(res), "columns": list(res["policies"]),
           "result": res, "verdict": verdict_html(views.compare_verdict(st.store, result)),
           "figures": {k: views.fig_json(v) for k, v in figs.items()}}
    return _editor(request, check=check, run=run, **common)


class SaveIn(_In):
    text: str = Field(max_length=MAX_SCENARIO_TEXT, description="scenario YAML")
    name: str = Field("scenario.yaml", max_length=100, description="file name for messages")
    based_on: str = Field("", max_length=100, description="the scenario it was copied from")


@api_router.get("/saved")
def api_saved_list(request: Request) -> list[dict[str, Any]]:
    """Saved scenarios, newest first (without their text)."""
    return [{k: v for k, v in s.to_dict().items() if k != "text"}
            for s in state_of(request).saved.list()]


@api_router.get("/saved/{key}")
def api_saved_get(request: Request, key: str) -> dict[str, Any]:
    """A saved scenario with its text."""
    return state_of(request).saved.get(key).to_dict()


@api_router.post("/saved", status_code=201)
def api_saved_new(request: Request, body: SaveIn) -> dict[str, Any]:
    """Validate and save a scenario (422 with ``FILE:LINE`` issues; 403 when read-only)."""
    st = state_of(request)
    if st.store.read_only:
        raise RequestError(403, "this server's results store is read-only: scenarios "
                                "cannot be saved")
    doc = validate_text(body.text, _file_name(body.name))
    return st.saved.save(doc, body.based_on).to_dict()
