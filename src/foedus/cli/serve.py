"""``foedus serve``: the web app (explore, compare, what-if, runs, wargame) on a local port."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from foedus.cli.common import CliError, err, user_errors
from foedus.cli.runs import store_errors

if TYPE_CHECKING:
    from foedus.store.store import ResultsStore


def _open_store(st: ResultsStore) -> bool:
    """Check the store before serving; return whether to open it read-only.

    A damaged file (not a store, truncated, corrupt) is refused (exit 2: the app
    would answer errors and could write into it); a store this process cannot
    write is served read-only, with a warning; otherwise it is created if missing.
    """
    with store_errors():
        st.verify()
        folder = st.path.parent if str(st.path.parent) else Path(".")
        writable = (os.access(st.path, os.W_OK) if st.path.exists()
                    else not folder.exists() or os.access(folder, os.W_OK))
        if not writable:
            err.print(f"warning: {st.path} is not writable: serving it read-only (runs and "
                      "games cannot be recorded)", markup=False, highlight=False)
            return True
        st.check()
    return False


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option("--host", help="interface to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
        store: Annotated[Path | None, typer.Option(
            "--store", help="results store (DuckDB file; default $FOEDUS_STORE or "
                            "./foedus-out/runs.duckdb); games are saved in it")] = None,
        scenarios: Annotated[Path | None, typer.Option(
            "--scenarios", help="a folder of scenario YAML files to offer next to the "
                                "bundled ones")] = None,
        max_reps: Annotated[int, typer.Option("--max-reps", min=1000, max=10_000_000,
                                              help="most replications a request may ask "
                                                   "for")] = 50_000,
        time_limit: Annotated[float, typer.Option("--time-limit", min=1.0, max=3600.0,
                                                  help="seconds one simulation request may "
                                                       "run")] = 20.0,
    ) -> None:
        """Serve the web app (pages work offline; JSON API at /api, schema at /openapi.json)."""
        import uvicorn

        from foedus.store.store import ResultsStore
        from foedus.web.app import create_app
        from foedus.web.settings import WebSettings

        with user_errors():
            if scenarios is not None and not scenarios.is_dir():
                raise CliError(f"{scenarios}: not a folder (--scenarios takes a folder of "
                               "scenario YAML files)")
            if store is not None and store.is_dir():
                raise CliError(f"{store}: is a folder; --store takes a DuckDB file name")
            read_only = _open_store(ResultsStore(store))
            settings = WebSettings(store=store, store_read_only=read_only,
                                   scenarios_dir=scenarios,
                                   max_replications=max_reps, time_limit_s=time_limit)
            application = create_app(settings)
        where = "all interfaces" if host in ("0.0.0.0", "::") else host
        err.print(f"foedus web app on http://{host}:{port}/ ({where}); Ctrl-C stops it",
                  markup=False, highlight=False)
        uvicorn.run(application, host=host, port=port, log_level="warning")
