"""``foedus report``: simulate every policy and write one self-contained, offline HTML file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from foedus.cli.common import (
    Chunk,
    CliError,
    Fixed,
    Horizon,
    Lens,
    Reps,
    Seed,
    err,
    out,
    simulate,
    user_errors,
)
from foedus.cli.runs import NoStore, StorePath, open_store, record_result


def read_table_file(path: Path, what: str) -> Any:
    """A JSON document or a CSV table, with errors naming the file (and line)."""
    if not path.is_file():
        raise CliError(f"{path}: no such file ({what})")
    if path.suffix.lower() == ".csv":
        import pandas as pd

        try:
            return pd.read_csv(path)
        except (ValueError, pd.errors.ParserError) as exc:
            raise CliError(f"{path}: not a readable CSV table ({what}): {exc}") from None
    text = path.read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path}:{exc.lineno}: not valid JSON ({what}): {exc.msg}") from None


def write_brief(path: Path, doc: Any, result: Any, context: dict[str, Any]) -> None:
    """Print the one-page policy brief of ``result`` to ``path`` (atomically)."""
    from foedus.report.brief import Brief
    from foedus.report.pdf import NoRendererError, page_count
    from foedus.store.files import write_atomic

    try:
        data = Brief(context=context).build(doc, result).pdf()
    except (NoRendererError, RuntimeError) as exc:
        raise CliError(f"--pdf: {exc}") from None
    write_atomic(path, data)
    out.print(f"wrote {path} (policy brief, {page_count(data)} page)", markup=False,
              highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``report`` command."""

    @app.command()
    def report(
        scenario: Annotated[str, typer.Argument(help="bundled id or YAML file")],
        lens: Lens = "evidence", reps: Reps = 20_000, seed: Seed = None,
        horizon: Horizon = None, chunk_size: Chunk = 20_000, fixed: Fixed = False,
        out_file: Annotated[Path | None, typer.Option(
            "--out", help="HTML file (default ./foedus-out/SCENARIO-LENS.html)")] = None,
        sensitivity: Annotated[Path | None, typer.Option(
            "--sensitivity", help="indices computed by 'foedus sensitivity --json' "
                                  "(JSON, or CSV) to include")] = None,
        audit: Annotated[Path | None, typer.Option(
            "--audit", help="a claim audit (JSON, or CSV table) to include")] = None,
        pdf: Annotated[Path | None, typer.Option(
            "--pdf", help="also write the one-page policy brief (verdict, key chart, "
                          "caveats, provenance) to this PDF file; needs Chromium")] = None,
        store: StorePath = None, no_store: NoStore = False,
    ) -> None:
        """Compare every policy and write a self-contained, offline HTML report
        (and with --pdf a one-page policy brief)."""
        from foedus.evidence.lenses import resolve
        from foedus.negotiation.policy import with_negotiated
        from foedus.report import figures
        from foedus.report.html import HtmlReport, _tidy_audit
        from foedus.scenario.library import load
        from foedus.store.store import utcnow

        with user_errors():
            doc = with_negotiated(load(scenario))
            resolve(doc, lens)
            sens = audit_data = None
            if sensitivity is not None:
                sens = read_table_file(sensitivity, "sensitivity indices")
                try:
                    figures.tidy_sensitivity(sens)
                except (ValueError, TypeError, KeyError) as exc:
                    raise CliError(f"{sensitivity}: not sensitivity indices: {exc}") from None
            if audit is not None:
                audit_data = read_table_file(audit, "claim audit")
                try:
                    _tidy_audit(audit_data)
                except (ValueError, TypeError) as exc:
                    raise CliError(f"{audit}: not a claim audit: {exc}") from None
            if pdf is not None:
                from foedus.report.pdf import NoRendererError, find_renderer

                if pdf.is_dir():
                    raise CliError(f"{pdf}: is a folder; --pdf takes a PDF file name")
                try:
                    find_renderer()
                except NoRendererError as exc:
                    raise CliError(f"--pdf: {exc}") from None
            st = open_store(store, no_store)
            target = out_file or Path("foedus-out") / f"{doc.scenario.id}-{lens}.html"
            if target.is_dir():
                raise CliError(f"{target}: is a folder; --out takes an HTML file name")
            started = utcnow()
            sim = simulate(doc, None, lens, reps, seed, horizon, chunk_size, fixed, False)
            from foedus.report.context import stored_context
            from foedus.study.result import HEADLINE_OUTCOME

            context = stored_context(st, doc.scenario.id, lens, HEADLINE_OUTCOME)
            rep = HtmlReport(sensitivity=sens, audit=audit_data, context=context
                             ).build(doc, sim.result_)
            rep.write(target)
            out.print(f"wrote {target} ({len(rep.figures_)} figures)", markup=False,
                      highlight=False)
            if pdf is not None:
                write_brief(pdf, doc, sim.result_, context)
            rid = record_result(st, "report", sim.result_, doc.scenario, started,
                                {"command": "report", "scenario_arg": scenario,
                                 "chunk_size": chunk_size, "report": str(target),
                                 "sensitivity": None if sensitivity is None
                                 else str(sensitivity),
                                 "audit": None if audit is None else str(audit)},
                                quiet=True, kept=f"the report {target} is complete")
            if rid is not None and st is not None:
                err.print(f"recorded as run {rid} in {st.path}", markup=False,
                          highlight=False)
