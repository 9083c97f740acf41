"""The FastAPI application: ``create_app(settings)``.

Pages are rendered on the server (Jinja2 templates shipped with the package);
every page has a JSON API behind it (``/api/...``, schema at ``/openapi.json``).
Plotly's JavaScript is served from the installed ``plotly`` package and
Swagger UI (``/docs``) from the installed ``fastapi-offline`` package, so the
app works with no network. Errors are answered with a message (JSON for the
API, a page otherwise), never a stack trace.
"""

from __future__ import annotations

import logging
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from foedus._version import __version__
from foedus.evidence.lenses import UnknownLensError
from foedus.scenario.errors import InputError
from foedus.store.store import (
    RecordNotFoundError,
    ResultsStore,
    StoreDamagedError,
    StoreError,
)
from foedus.study.simulation import UnknownPolicyError
from foedus.wargame.game import GameError
from foedus.web import api, editor, negotiate, pages
from foedus.web.catalog import ScenarioCatalog, UnknownScenarioError
from foedus.web.compute import Runner
from foedus.web.errors import RequestError
from foedus.web.games import GameNotFoundError, GameStore
from foedus.web.jobs import JobManager
from foedus.web.saved import SavedNotFoundError, SavedScenarios
from foedus.web.security import FIELD, BodyLimit, CsrfSigner, SecurityHeaders
from foedus.web.settings import WebSettings
from foedus.web.state import AppState, error_response, state_of

log = logging.getLogger("foedus.web")


def _plotly_js() -> bytes:
    return (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Build the app (nothing is read or written until a request arrives)."""
    cfg = settings or WebSettings()
    store = ResultsStore(cfg.store, read_only=cfg.store_read_only)
    templates = Jinja2Templates(directory=str(resources.files("foedus.web") / "templates"))
    app = FastAPI(title="foedus", version=__version__, docs_url=None, redoc_url=None,
                  description="Explore, compare and play through security guarantees: "
                              "the JSON API behind the foedus web app.")
    app.state.foedus = AppState(cfg, ScenarioCatalog(cfg.scenarios_dir, SavedScenarios(store)),
                                store,
                                GameStore(store),
                                Runner(cfg.max_concurrent, cfg.time_limit_s, cfg.queue_wait_s,
                                       max_queue=cfg.max_queue),
                                CsrfSigner(cfg.secret), templates,
                                jobs=JobManager(cfg.max_jobs_running, cfg.max_jobs_queued))
    app.mount("/static", StaticFiles(directory=str(resources.files("foedus.web") / "static")),
              name="static")
    # Swagger UI as shipped by the fastapi-offline package (no CDN)
    app.mount("/vendor/docs", StaticFiles(directory=str(resources.files("fastapi_offline")
                                                        / "static")), name="api-docs")
    plotly_js = _plotly_js()

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly() -> Response:
        return Response(plotly_js, media_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    charts_js = (resources.files("foedus.report") / "charts.js").read_bytes()

    @app.get("/vendor/charts.js", include_in_schema=False)
    def charts() -> Response:
        """The report's chart helpers (PNG buttons, charts' numbers as tables, CSV)."""
        return Response(charts_js, media_type="application/javascript",
                        headers={"Cache-Control": "no-cache"})

    app.include_router(api.router)
    app.include_router(editor.api_router)
    app.include_router(negotiate.api_router)
    app.include_router(pages.router)
    app.include_router(editor.router)
    app.include_router(negotiate.router)
    _error_handlers(app)
    app.add_middleware(BodyLimit, limit=cfg.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _status_of(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, RequestError):
        return exc.status, exc.message
    if isinstance(exc, InputError):
        return 422, str(exc)
    if isinstance(exc, UnknownScenarioError | GameNotFoundError | RecordNotFoundError
                  | SavedNotFoundError):
        return 404, str(exc)
    if isinstance(exc, UnknownLensError | UnknownPolicyError | GameError | ValueError):
        return 422, str(exc)
    if isinstance(exc, StoreError):
        return 503, str(exc)
    return 500, "internal error: the request could not be completed"


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        msg = exc.detail if isinstance(exc.detail, str) else "request not allowed"
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"no page at {request.url.path}"
        return error_response(request, exc.status_code, msg)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if any(e.get("type") == "missing" and tuple(e.get("loc", ()))[-1:] == (FIELD,)
               for e in exc.errors()):  # a form without its anti-forgery token
            return error_response(request, 403, "this form did not come from this site "
                                                "(no anti-forgery token); reload the page")
        parts = []
        for e in exc.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query",
                                                                          "path", "form"))
            parts.append(f"{loc}: {e.get('msg', 'invalid')}" if loc else e.get("msg", ""))
        return error_response(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def any_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, StoreDamagedError):  # never write into a damaged store
            state_of(request).store.read_only = True
        status, msg = _status_of(exc)
        if status == 500:
            log.exception("error serving %s", request.url.path)
        resp = error_response(request, status, msg)
        if isinstance(exc, RequestError) and exc.retry_after is not None:
            resp.headers["Retry-After"] = str(exc.retry_after)
        return resp

    for cls in (RequestError, InputError, UnknownScenarioError, GameNotFoundError,
                SavedNotFoundError,
                UnknownLensError, UnknownPolicyError, GameError, StoreError, ValueError):
        app.add_exception_handler(cls, any_error)
