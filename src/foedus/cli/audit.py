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
    from foedus.evidence.claims_schema import ClaimsDocument


def _ranks(rows: list[dict[str, object]] | tuple[object, ...]) -> str:
    """A world's ranking with ties as ties: '=' marks a policy tied with the best."""
    rs = list(rows)
    if rs and all(getattr(r, "estimate", None) == getattr(rs[0], "estimate", None)
                  for r in rs):
        return f"all tied at {getattr(rs[0], 'estimate', 0.0):.3f}"
    out = []
    for r in rs:
        mark = "=" if getattr(r, "tied", False) and getattr(r, "rank", 1) > 1 else ""
        out.append(f"{mark}{getattr(r, 'rank', 1)}. {getattr(r, 'policy', '')} "
                   f"{getattr(r, 'estimate', 0.0):.3f} [{getattr(r, 'lo', 0.0):.3f}, "
                   f"{getattr(r, 'hi', 0.0):.3f}]")
    return ", ".join(out)


def _print(res: AuditResult) -> None:
    from rich.table import Table

    from foedus.audit.audit import WORLD_LABELS

    con = Console(width=max(out.width, 160))
    con.print(f"[bold]claim audit · {res.claims_id} on {res.scenario} · lens {res.lens}[/bold]"
              f" · {res.design} · {res.cell_replications:,} replications per cell, "
              f"{res.replications:,} per world", highlight=False)
    c = res.conclusion
    if c is not None:
        con.print(f"[bold]verdict:[/bold] {c.sentence()}", highlight=False)
        t = Table(title=f"{c.policy} on {c.outcome}: leave-one-out from the article's world")
        for col in ("claim failing", "status", "rival", "lead over the rival [95 %]"):
            t.add_column(col)
        for s in c.leave_one_out:
            t.add_row(s.world, s.status, s.rival or "—", "—" if s.gap is None else
                      f"{s.gap:+.3f} [{s.gap_lo:+.3f}, {s.gap_hi:+.3f}]")
        con.print(t)
        for label, sets in (("overturn it (fail, others hold)", c.overturning),
                            ("establish it (hold, others fail)", c.establishing)):
            txt = "; ".join("{" + ", ".join(x.claims) + "}" for x in sets) or \
                f"none of up to {c.searched_up_to} claims"
            con.print(f"smallest sets that {label}: {txt}", highlight=False, markup=False)
        clear = [i for i in c.interactions if i.clear][:5]
        if clear:
            con.print("clear two-claim interactions on its margin over "
                      f"{c.rival}: " + ", ".join(f"{i.a}×{i.b} {i.effect:+.3f} "
                                                 f"[{i.lo:+.3f}, {i.hi:+.3f}]" for i in clear)
                      + (" (aliased in chains: fractional design)"
                         if c.interactions_aliased else ""), highlight=False, markup=False)
    t = Table(title="each claim alone (marginal means over the design)")
    t.add_column("claim")
    t.add_column("evidence")
    t.add_column(f"best on {res.objective} if holds")
    t.add_column("if fails")
    t.add_column("changes best?")
    for v in res.verdicts:
        t.add_row(v.claim, v.status, v.best_if_holds, v.best_if_fails,
                  ("yes (clear)" if v.decisive else "within noise")
                  if v.changes_best else "no")
    con.print(t)
    for world, ranks in res.worlds.items():
        con.print(f"[bold]{WORLD_LABELS[world]}[/bold]: {_ranks(ranks)}", highlight=False)
    for w in res.warnings:
        con.print(f"warning: {w}", style="yellow", highlight=False, markup=False)
    con.print("every outcome's rankings and effects: --json or --report FILE.html", style="dim")


def _print_diff(d: dict[str, object]) -> None:
    from rich.table import Table

    from foedus.report.audit_report import diff_sentence

    con = Console(width=max(out.width, 160))
    con.print(f"[bold]{d['a']} against {d['b']}[/bold]: {diff_sentence(d)}", highlight=False)
    t = Table(title="parameters both articles set (each article's world)")
    for col in ("parameter", f"{d['a']}", f"{d['b']}", "gap of means (b − a)"):
        t.add_column(col)
    for p in d["shared_parameters"]:  # type: ignore[attr-defined]
        t.add_row(p["parameter"], f"{p['claim_a']}: {p['prior_a']}",
                  f"{p['claim_b']}: {p['prior_b']}", f"{p['gap']:+.3f}")
    con.print(t)
    t = Table(title="best policies in each article's world (leaders: best and tied)")
    for col in ("outcome", f"{d['a']}'s world", f"{d['b']}'s world", "split?"):
        t.add_column(col)
    for o in d["outcomes"]:  # type: ignore[attr-defined]
        t.add_row(o["outcome"], ", ".join(o["leaders_a"]), ", ".join(o["leaders_b"]),
                  "yes" if o["split"] else "no")
    con.print(t)


def _record(results: object, res: AuditResult, doc_claims: ClaimsDocument, doc: object,
            started: object, source: str) -> int:
    from foedus.audit.audit import record_meta
    from foedus.store.store import audit_rows

    return results.record(  # type: ignore[attr-defined]
        "audit", payload=res.to_dict(), rows=audit_rows(res),
        scenario=doc.scenario,  # type: ignore[attr-defined]
        lens=res.lens, policies=sorted({e.policy for e in res.effects}),
        seed=res.seed, replications=res.replications,
        horizon_months=doc.scenario.horizon, fixed=False,  # type: ignore[attr-defined]
        started_at=started,
        meta={**record_meta(res, doc_claims), "claims_file": source})


def register(app: typer.Typer) -> None:
    """Add ``audit`` to ``app``."""

    @app.command()
    def audit(
        claims: Annotated[list[str], typer.Option(
            "--claims", "-c", help="bundled claims id (evans-2025, kasparov-2023) or claims "
                                   "YAML file; twice to compare two articles")],
        scenario: Annotated[str | None, typer.Argument(help="bundled id or YAML file")] = None,
        objective: Annotated[str | None, typer.Option(
            "--objective", help="outcome that ranks policies (default: the claims file's)")
        ] = None,
        lens: Lens = "evidence",
        reps: Annotated[int, typer.Option("--reps", "-n", min=1, max=10_000_000,
                                          help="replications per policy in each world")
                        ] = 5000,
        cell_reps: Annotated[int | None, typer.Option(
            "--cell-reps", min=1, max=10_000_000,
            help="replications per policy in each design cell (default: about 65,536 over "
                 "the design, at least 200)")] = None,
        seed: Seed = None,
        design: Annotated[str, typer.Option("--design", help="auto | full | fractional")
                          ] = "auto",
        article: Annotated[list[Path] | None, typer.Option(
            "--text", "--article", help="the article's text: check every quote is in it "
                                        "before running (once per --claims, in order)")
        ] = None,
        locate_in: Annotated[Path | None, typer.Option(
            "--locate", help="only check that every quote is found in this text file")
        ] = None,
        report: Annotated[Path | None, typer.Option(
            "--report", help="also write the audit-first HTML report (offline) here")
        ] = None,
        as_json: Json = False,
        store: StorePath = None,
        no_store: NoStore = False,
    ) -> None:
        """Audit an article's claims: does its conclusion follow, and which claims decide it."""
        from foedus.audit.audit import ClaimAudit
        from foedus.evidence.claims_schema import load_claims, locate, quote_issues, read_article
        from foedus.scenario.library import load
        from foedus.store.store import utcnow

        with user_errors():
            if len(claims) > 2:
                raise CliError("--claims: one claims file, or two to compare")
            docs = [load_claims(c) for c in claims]
            texts = list(article or [])
            if texts and len(texts) != len(docs):
                raise CliError(f"--text: give one text per --claims ({len(docs)}), in order")
            if locate_in is not None:
                text = read_article(locate_in)
                missing = [i for d in docs for i in quote_issues(d, text, str(locate_in))]
                if as_json:
                    sys.stdout.write(json.dumps([loc.__dict__ for d in docs for loc in
                                                 locate(d, text)], indent=2) + "\n")
                else:
                    for d in docs:
                        for loc in locate(d, text):
                            if loc.found:
                                out.print(f"{d.spec.id} {loc.claim}: found at "
                                          f"{locate_in}:{loc.article_line}", markup=False,
                                          highlight=False)
                if missing:
                    raise ScenarioError(missing)
                return
            if scenario is None:
                raise CliError("give a SCENARIO to audit, or --locate FILE.txt")
            missing = [i for d, t in zip(docs, texts, strict=False)
                       for i in quote_issues(d, read_article(t), str(t))]
            if missing:
                raise ScenarioError(missing)
            doc = load(scenario)
            auds = [ClaimAudit(d, objective, lens, reps, seed, design, cell_reps=cell_reps)
                    for d in docs]
            for a in auds:
                a.check(doc)  # everything validated before any work
            if report is not None and report.exists() and report.is_dir():
                raise CliError(f"--report: {report} is a folder")
            results = open_store(store, no_store)  # a bad or locked store fails now too
            started = utcnow()
            res = [a.run(doc).result_ for a in auds]
            the_diff = None
            if len(res) == 2:
                from foedus.audit.compare import diff

                the_diff = diff(docs[0], res[0], docs[1], res[1])
            if as_json:
                payload = (res[0].to_dict() if the_diff is None else
                           {"audits": [r.to_dict() for r in res], "diff": the_diff})
                sys.stdout.write(json.dumps(payload, indent=2, allow_nan=False) + "\n")
            else:
                for r in res:
                    _print(r)
                if the_diff is not None:
                    _print_diff(the_diff)
            if report is not None:
                from foedus.report.audit_report import AuditReport

                AuditReport(res, the_diff).build().write(report)
                if not as_json:
                    out.print(f"report written to {report}", markup=False, highlight=False)
            if results is None:
                return
            with recording():
                rids = [_record(results, r, d, doc, started, c)
                        for r, d, c in zip(res, docs, claims, strict=True)]
            if not as_json:
                for rid in rids:
                    out.print(f"recorded as run {rid} in {results.path} (foedus runs show "
                              f"{rid})", markup=False, highlight=False)
