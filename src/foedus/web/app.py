"""The FastAPI application: ``create_app(settings)``.

Pages are rendered on the server (Jinja2 templates shipped with the package);
every page has a JSON API behind it (``/api/...``, schema at ``/openapi.json``).
Plotly's JavaScript is served from the installed ``plotly`` package, so the
app works with no network. Errors are answered with a message (JSON for the
API, a page otherwise), never a stack trace.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from foedus._version import __version__
from foedus.evidence.lenses import UnknownLensError
from foedus.scenario.errors import ScenarioError
from foedus.store.store import ResultsStore, StoreError
from foedus.study.simulation import UnknownPolicyError
from foedus.wargame.game import GameError
from foedus.web.catalog import ScenarioCatalog, UnknownScenarioError
from foedus.web.compute import LimitError, Runner
from foedus.web.games import GameNotFoundError, GameStore
from foedus.web.security import COOKIE, BodyLimit, CsrfSigner
from foedus.web.settings import WebSettings

log = logging.getLogger("foedus.web")


class UserError(Exception):
    """A request the app cannot serve, with the status and message to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class AppState:
    """What the routes share: settings, scenarios, store, games, runner, templates."""

    settings: WebSettings
    catalog: ScenarioCatalog
    store: ResultsStore
    games: GameStore
    runner: Runner
    csrf: CsrfSigner
    templates: Jinja2Templates
    game_lock: threading.Lock = field(default_factory=threading.Lock)


def state_of(request: Request) -> AppState:
    st: AppState = request.app.state.foedus
    return st


def _plotly_js() -> bytes:
    return (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Build the app (nothing is read or written until a request arrives)."""
    from foedus.web import api, pages

    cfg = settings or WebSettings()
    store = ResultsStore(cfg.store)
    templates = Jinja2Templates(directory=str(resources.files("foedus.web") / "templates"))
    app = FastAPI(title="foedus", version=__version__,
                  description="Explore, compare and play through security guarantees: "
                              "the JSON API behind the foedus web app.")
    app.state.foedus = AppState(cfg, ScenarioCatalog(cfg.scenarios_dir), store,
                                GameStore(store),
                                Runner(cfg.max_concurrent, cfg.time_limit_s, cfg.queue_wait_s),
                                CsrfSigner(cfg.secret), templates)
    app.mount("/static", StaticFiles(directory=str(resources.files("foedus.web") / "static")),
              name="static")
    plotly_js = _plotly_js()

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly() -> Response:
        return Response(plotly_js, media_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    app.include_router(api.router)
    app.include_router(pages.router)
    _error_handlers(app)
    app.add_middleware(BodyLimit, limit=cfg.max_body_bytes)
    return app


def _status_of(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, UserError | LimitError):
        return exc.status, exc.message
    if isinstance(exc, ScenarioError):
        return 422, "\n".join(str(i) for i in exc.issues)
    if isinstance(exc, UnknownScenarioError | GameNotFoundError):
        return 404, str(exc)
    if isinstance(exc, UnknownLensError | UnknownPolicyError | GameError | ValueError):
        return 422, str(exc)
    if isinstance(exc, StoreError):
        return 503, str(exc)
    return 500, "internal error: the request could not be completed"


def error_response(request: Request, status: int, message: str) -> Response:
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


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        msg = exc.detail if isinstance(exc.detail, str) else "request not allowed"
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"no page at {request.url.path}"
        return error_response(request, exc.status_code, msg)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query",
                                                                          "path", "form"))
            parts.append(f"{loc}: {e.get('msg', 'invalid')}" if loc else e.get("msg", ""))
        return error_response(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def any_error(request: Request, exc: Exception) -> Response:
        status, msg = _status_of(exc)
        if status == 500:
            log.exception("error serving %s", request.url.path)
        return error_response(request, status, msg)

    for cls in (UserError, LimitError, ScenarioError, UnknownScenarioError, GameNotFoundError,
                UnknownLensError, UnknownPolicyError, GameError, StoreError, ValueError):
        app.add_exception_handler(cls, any_error)


def page_context(request: Request, **kw: Any) -> dict[str, Any]:
    """Common template context (the CSRF token included)."""
    st = state_of(request)
    token = request.cookies.get(COOKIE)
    if not st.csrf.valid(token):
        token = st.csrf.new()
    return {"csrf_token": token, "version": __version__, **kw}


def render(request: Request, template: str, status: int = 200, **kw: Any) -> HTMLResponse:
    st = state_of(request)
    ctx = page_context(request, **kw)
    resp = st.templates.TemplateResponse(request, template, ctx, status_code=status)
    resp.set_cookie(COOKIE, ctx["csrf_token"], httponly=True, samesite="strict")
    resp.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-eval'; connect-src 'self'; frame-ancestors 'none'")
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp
