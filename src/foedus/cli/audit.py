"""``foedus audit``: claim audit of an article against a scenario, and quote location."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from foedus.cli.common import CliError, Json, Lens, Seed, out, user_errors
from foedus.cli.runs import NoStore, StorePath, open_store, recording
from foedus.scenario.errors import ScenarioError

if TYPE_CHECKING:
    from foedus.audit.audit import AuditResult


def _print(res: AuditResult) -> None:
    from rich.table import Table

    con = Console(width=max(out.width, 160))
    t = Table(title=f"claim audit · {res.claims_id} on {res.scenario} · lens {res.lens} · "
                    f"{res.design} · {res.replications:,} replications per cell and policy")
    t.add_column("claim")
    t.add_column("evidence")
    t.add_column(f"best on {res.objective} if holds")
    t.add_column("if fails")
    t.add_column("changes best?")
    for v in res.verdicts:
        t.add_row(v.claim, v.status, v.best_if_holds, v.best_if_fails,
                  ("yes (clear)" if v.decisive else "yes (within noise)")
                  if v.changes_best else "no")
    con.print(t)
    e = Table(title=f"main effect on {res.objective} (holds − fails), 95 % interval")
    e.add_column("policy")
    claims = [v.claim for v in res.verdicts]
    for c in claims:
        e.add_column(c, justify="right")
    cell = {(x.claim, x.policy): x for x in res.effects if x.outcome == res.objective}
    for pol in dict.fromkeys(x.policy for x in res.effects):
        e.add_row(pol, *[(f"{cell[(c, pol)].effect:+.3f} [{cell[(c, pol)].lo:+.3f}, "
                          f"{cell[(c, pol)].hi:+.3f}]") if (c, pol) in cell else "—"
                         for c in claims])
    con.print(e)
    for world, label in (("article", "every claim holds (the article's world)"),
                         ("all_fail", "every claim fails"), ("lens", f"lens {res.lens} priors")):
        ranks = ", ".join(f"{i + 1}. {r.policy} {r.estimate:.3f} [{r.lo:.3f}, {r.hi:.3f}]"
                          for i, r in enumerate(res.worlds[world]))
        con.print(f"[bold]{label}[/bold]: {ranks}", highlight=False)
    con.print("every outcome's effects: --json", style="dim")


def register(app: typer.Typer) -> None:
    """Add ``audit`` to ``app``."""

    @app.command()
    def audit(
        claims: Annotated[str, typer.Option("--claims", "-c",
                                            help="bundled claims id (evans-2025) or claims "
                                                 "YAML file")],
        scenario: Annotated[str | None, typer.Argument(help="bundled id or YAML file")] = None,
        objective: Annotated[str | None, typer.Option(
            "--objective", help="outcome that ranks policies (default: the claims file's)")
        ] = None,
        lens: Lens = "evidence",
        reps: Annotated[int, typer.Option("--reps", "-n", min=1, max=10_000_000,
                                          help="replications per cell and policy")] = 5000,
        seed: Seed = None,
        design: Annotated[str, typer.Option("--design", help="auto | full | fractional")
                          ] = "auto",
        article: Annotated[Path | None, typer.Option(
            "--article", help="article text: check every quote is in it before running")
        ] = None,
        locate_in: Annotated[Path | None, typer.Option(
            "--locate", help="only check that every quote is found in this text file")
        ] = None,
        as_json: Json = False,
        store: StorePath = None,
        no_store: NoStore = False,
    ) -> None:
        """Audit an article's claims: per-claim effects on every policy, ranking changes."""
        from foedus.audit.audit import ClaimAudit
        from foedus.evidence.claims_schema import load_claims, locate, quote_issues, read_article
        from foedus.scenario.library import load
        from foedus.store.store import utcnow

        with user_errors():
            doc_claims = load_claims(claims)
            if locate_in is not None:
                text = read_article(locate_in)
                missing = quote_issues(doc_claims, text, str(locate_in))
                if as_json:
                    sys.stdout.write(json.dumps([loc.__dict__ for loc in
                                                 locate(doc_claims, text)], indent=2) + "\n")
                else:
                    for loc in locate(doc_claims, text):
                        if loc.found:
                            out.print(f"{loc.claim}: found at {locate_in}:{loc.article_line}",
                                      markup=False, highlight=False)
                if missing:
                    raise ScenarioError(missing)
                return
            if scenario is None:
                raise CliError("give a SCENARIO to audit, or --locate FILE.txt")
            if article is not None:
                missing = quote_issues(doc_claims, read_article(article), str(article))
                if missing:
                    raise ScenarioError(missing)
            doc = load(scenario)
            aud = ClaimAudit(doc_claims, objective, lens, reps, seed, design)
            aud.check(doc)  # everything validated before any work
            results = open_store(store, no_store)  # a bad or locked store fails now too
            started = utcnow()
            aud.run(doc)
            res = aud.result_
            if as_json:
                sys.stdout.write(json.dumps(res.to_dict(), indent=2, allow_nan=False) + "\n")
            else:
                _print(res)
            if results is None:
                return
            rows = res.to_frame().rename(columns={"claim": "term", "effect": "estimate"})
            with recording():
                rid = results.record(
                    "audit", payload=res.to_dict(), rows=rows, scenario=doc.scenario,
                    lens=res.lens, policies=sorted({e.policy for e in res.effects}),
                    seed=res.seed, replications=res.replications,
                    horizon_months=doc.scenario.horizon, fixed=False, started_at=started,
                    meta={"claims": res.claims_id, "objective": res.objective,
                          "design": res.design, "cells": res.cells})
            if not as_json:
                out.print(f"recorded as run {rid} in {results.path} (foedus runs show {rid})",
                          markup=False, highlight=False)



