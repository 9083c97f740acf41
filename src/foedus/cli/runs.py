"""``foedus runs list | show ID | export ID``: the results store from the command line.

Also the store options shared by the commands that record (``--store``,
``--no-store``) and :func:`open_store` / :func:`record_result`, which turn
store problems into exit-code-2 messages.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from foedus.cli.common import RECORD_FAILED, CliError, Json, err, out, user_errors

if TYPE_CHECKING:
    from foedus.scenario.schema import Scenario
    from foedus.store.store import ResultsStore
    from foedus.study.result import Result

StorePath = Annotated[Path | None, typer.Option(
    "--store", help="results store (DuckDB file); default $FOEDUS_STORE or "
                    "./foedus-out/runs.duckdb")]
NoStore = Annotated[bool, typer.Option("--no-store", help="do not record this run")]


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn :class:`~foedus.store.store.StoreError` into a :class:`CliError` (exit 2)."""
    from foedus.store.store import StoreError

    try:
        yield
    except StoreError as exc:
        raise CliError(str(exc)) from None


def open_store(path: Path | None, no_store: bool) -> ResultsStore | None:
    """The store to record into (checked now, before any work), or ``None``."""
    if no_store:
        return None
    from foedus.store.store import ResultsStore

    with store_errors():
        return ResultsStore(path).check()


def not_recorded(exc: Exception, kept: str = "the result above is complete") -> NoReturn:
    """Say that a finished result could not be recorded, and why; exit :data:`RECORD_FAILED`."""
    err.print(f"error: the result was not recorded: {exc}", markup=False, highlight=False)
    err.print(f"{kept}; nothing is lost but the record (rerun with --store PATH to record "
              "it elsewhere, or --no-store)", markup=False, highlight=False)
    raise typer.Exit(RECORD_FAILED)


@contextmanager
def recording(kept: str = "the result above is complete") -> Iterator[None]:
    """Record a result that is already printed or written: a store error (full disk,
    locked, damaged or read-only store) says the result was not recorded and exits
    with :data:`~foedus.cli.common.RECORD_FAILED`."""
    from foedus.store.store import StoreError

    try:
        yield
    except StoreError as exc:
        not_recorded(exc, kept)


def record_result(store: ResultsStore | None, kind: str, result: Result, scenario: Scenario,
                  started_at: datetime, meta: dict[str, Any], quiet: bool,
                  kept: str = "the result above is complete") -> int | None:
    """Record a finished result (one transaction) and say where, unless ``quiet``.

    Call it after the result is printed or written: a failure to record exits
    with :data:`~foedus.cli.common.RECORD_FAILED` and says so (see :func:`recording`).
    """
    if store is None:
        return None
    with recording(kept):
        rid = store.record_result(kind, result, scenario, started_at=started_at, meta=meta)
    if not quiet:
        out.print(f"recorded as run {rid} in {store.path} (foedus runs show {rid})",
                  markup=False, highlight=False)
    return rid


def _fmt_time(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def _policies(pols: tuple[str, ...]) -> str:
    return pols[0] if len(pols) == 1 else f"{len(pols)} policies"


def _cell(v: Any, mean: bool) -> str:
    if v is None or v != v:
        return "—"
    return f"{v:.1f}" if mean else f"{v:.3f}"


def _claims(meta: dict[str, Any]) -> str:
    """An audit's claims file: its id and the start of its SHA-256."""
    if "claims" not in meta:
        return ""
    sha = str(meta.get("claims_sha256") or "")
    return f"{meta['claims']} {sha[:8]}".strip()


def register(app: typer.Typer) -> None:
    """Add the ``runs`` command group."""
    runs = typer.Typer(no_args_is_help=True, help="List, show and export recorded runs.")
    app.add_typer(runs, name="runs")

    @runs.command("list")
    def list_(store: StorePath = None,
              kind: Annotated[str | None, typer.Option("--kind", help="run, compare, report, "
                                                       "sensitivity, audit, sweep")] = None,
              scenario: Annotated[str | None, typer.Option("--scenario",
                                                           help="scenario id")] = None,
              limit: Annotated[int, typer.Option("--limit", min=1,
                                                 help="newest N records")] = 50,
              as_json: Json = False) -> None:
        """List recorded runs, newest first."""
        from foedus.store.store import ResultsStore

        with user_errors(), store_errors():
            st = ResultsStore(store)
            recs = st.records(kind=kind, scenario_id=scenario, limit=limit)
            if as_json:
                sys.stdout.write(json.dumps([r.provenance() for r in recs], indent=2) + "\n")
                return
            if not recs:
                out.print(f"no runs recorded in {st.path}", markup=False, highlight=False)
                return
            t = Table(title=f"runs in {st.path}")
            for col in ("id", "kind", "scenario", "lens", "policies", "seed", "reps",
                        "months", "finished (UTC)", "seconds", "scenario hash", "claims"):
                t.add_column(col, justify="right" if col in ("id", "seed", "reps", "months",
                                                             "seconds") else "left")
            for r in recs:
                secs = (r.finished_at - r.started_at).total_seconds()
                t.add_row(str(r.id), r.kind, r.scenario_id or "", r.lens or "",
                          _policies(r.policies), "" if r.seed is None else str(r.seed),
                          "" if r.replications is None else f"{r.replications:,}",
                          "" if r.horizon_months is None else str(r.horizon_months),
                          _fmt_time(r.finished_at), f"{secs:.1f}",
                          (r.scenario_hash or "")[:12], _claims(r.meta))
            Console(width=max(out.width, 160)).print(t)

    @runs.command("show")
    def show(record_id: Annotated[int, typer.Argument(metavar="ID", help="record id")],
             store: StorePath = None, as_json: Json = False) -> None:
        """Show a recorded run: provenance and summary outcomes (``--json``: everything)."""
        from foedus.store.store import ResultsStore

        with user_errors(), store_errors():
            st = ResultsStore(store)
            rec = st.get(record_id)
            if as_json:
                sys.stdout.write(json.dumps(rec.to_dict(), indent=2) + "\n")
                return
            rows = st.rows(record_id)
            con = Console(width=max(out.width, 160))
            p = rec.provenance()
            for key in ("id", "kind", "scenario_id", "scenario_hash", "lens", "seed",
                        "replications", "horizon_months", "fixed", "version", "started_at",
                        "finished_at"):
                con.print(f"{key:>15}: {p[key]}", markup=False, highlight=False)
            con.print(f"{'policies':>15}: {', '.join(rec.policies)}", markup=False,
                      highlight=False)
            if rec.meta:
                con.print(f"{'meta':>15}: {json.dumps(rec.meta)}", markup=False,
                          highlight=False)
            if rows.empty:
                return
            t = Table(title=f"run {rec.id}: summary outcomes (95 % intervals)")
            for col in ("policy", "outcome", "term", "estimate", "lo", "hi"):
                if col == "term" and rows["term"].isna().all():
                    continue
                t.add_column(col, justify="right" if col in ("estimate", "lo", "hi")
                             else "left")
            show_term = not rows["term"].isna().all()
            for r in rows.itertuples(index=False):
                mean = bool(r.outcome == "months_of_peace")
                cells = [str(r.policy or ""), str(r.outcome or "")]
                if show_term:
                    cells.append(str(r.term or ""))
                cells += [_cell(r.estimate, mean), _cell(r.lo, mean), _cell(r.hi, mean)]
                t.add_row(*cells)
            con.print(t)

    @runs.command("export")
    def export(record_id: Annotated[int, typer.Argument(metavar="ID", help="record id")],
               fmt: Annotated[str, typer.Option("--format", "-f",
                                                help="csv | parquet")] = "csv",
               out_file: Annotated[Path | None, typer.Option(
                   "--out", help="file to write (default ./foedus-out/run-ID.FORMAT)")] = None,
               store: StorePath = None) -> None:
        """Export a run's summary outcomes (one row per policy and outcome)."""
        from foedus.store.store import ResultsStore

        with user_errors(), store_errors():
            if fmt not in ("csv", "parquet"):
                raise CliError(f"--format: unknown format '{fmt}' (csv or parquet)")
            target = out_file or Path("foedus-out") / f"run-{record_id}.{fmt}"
            path = ResultsStore(store).export(record_id, fmt, target)
            out.print(f"wrote {path}", markup=False, highlight=False)
