"""What the routes share (:class:`AppState`) and how they answer: pages, errors.

The routers (:mod:`foedus.web.api`, :mod:`foedus.web.pages`) and the
application (:mod:`foedus.web.app`) import from here, so that the application
can import its routers and no module imports one above it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from foedus._version import __version__
from foedus.store.store import ResultsStore
from foedus.web.catalog import ScenarioCatalog
from foedus.web.compute import Runner
from foedus.web.games import GameStore
from foedus.web.jobs import JobManager
from foedus.web.saved import SavedScenarios
from foedus.web.security import COOKIE, CsrfSigner
from foedus.web.settings import WebSettings


@dataclass
class AppState:
    """What the routes share: settings, scenarios, store, games, runner, templates,
    background jobs and the scenarios saved from the editor."""

    settings: WebSettings
    catalog: ScenarioCatalog
    store: ResultsStore
    games: GameStore
    runner: Runner
    csrf: CsrfSigner
    templates: Jinja2Templates
    jobs: JobManager = field(default_factory=JobManager)
    game_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def saved(self) -> SavedScenarios:
        """The scenarios saved from the editor (a table of the results store)."""
        return SavedScenarios(self.store)


def state_of(request: Request) -> AppState:
    """The :class:`AppState` of the app serving ``request``."""
    st: AppState = request.app.state.foedus
    return st


def page_context(request: Request, **kw: Any) -> dict[str, Any]:
    """Common template context (the CSRF token included)."""
    st = state_of(request)
    token = request.cookies.get(COOKIE)
    if not st.csrf.valid(token):
        token = st.csrf.new()
    return {"csrf_token": token, "version": __version__, **kw}


def render(request: Request, template: str, status: int = 200, **kw: Any) -> HTMLResponse:
    """A page from ``template``, with the CSRF cookie and the security headers."""
    st = state_of(request)
    ctx = page_context(request, **kw)
    resp = st.templates.TemplateResponse(request, template, ctx, status_code=status)
    resp.set_cookie(COOKIE, ctx["csrf_token"], httponly=True, samesite="strict")
    return resp  # the security headers: foedus.web.security.SecurityHeaders


def error_response(request: Request, status: int, message: str) -> Response:
    """An error answer: JSON under ``/api/``, the error page elsewhere."""
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"error": message, "status": status}, status_code=status)
    st = state_of(request)
    token = request.cookies.get(COOKIE) or ""
    if not st.csrf.valid(token):
        token = st.csrf.new()
    resp = st.templates.TemplateResponse(request, "error.html", {
        "status": status, "message": message, "csrf_token": token, "nav": "",
        "title": f"Error {status}"}, status_code=status)
    resp.set_cookie(COOKIE, token, httponly=True, samesite="strict")
    return resp
