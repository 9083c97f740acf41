"""``foedus baserates``: published base rates from the COW and ICB files, next to a lens."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from foedus.cli.common import Json, Lens, Reps, err, out, user_errors
from foedus.data.paths import ENV_VAR
from foedus.scenario.bounds import MAX_SEED


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _ci(lo: float, hi: float) -> str:
    return f"[{100 * lo:.1f}, {100 * hi:.1f}]"


def register(app: typer.Typer) -> None:
    """Add the ``baserates`` command to ``app``."""

    @app.command()
    def baserates(
        data: Annotated[Path | None, typer.Option(
            "--data", help=f"folder with cow/ and icb/ (default: ${ENV_VAR}, else "
                           "../shared/data beside the project)")] = None,
        lens: Lens = "evidence",
        reps: Reps = 20_000,
        seed: Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED, help="root seed")] = 2024,
        as_json: Json = False,
    ) -> None:
        """MID -> war, ICB violence by nuclear configuration and war recurrence, from
        the public files, next to what LENS implies for comparable generic dyads."""
        from foedus.evidence.lenses import LENSES
        from foedus.validation.baserates import CITATIONS, BaseRates

        with user_errors():
            if lens not in LENSES:
                raise ValueError(f"unknown lens '{lens}' (available: {', '.join(LENSES)})")
            b = BaseRates(data, lens, reps, seed).run()
        if as_json:
            sys.stdout.write(json.dumps(b.to_dict(), indent=2, allow_nan=False) + "\n")
            return
        t = RichTable(title="MID -> war (share of disputes; 95 % Wilson intervals)")
        for c in ("dataset", "period", "MIDs", "wars", "P(war)", "P(war | force)",
                  "P(any fatality)"):
            t.add_column(c)
        for m in b.mid_:
            t.add_row(m.dataset, m.period, f"{m.disputes:,}", str(m.wars),
                      f"{_pct(m.p_war.p)} {_ci(*m.p_war.interval)}",
                      f"{_pct(m.p_war_given_force.p)} {_ci(*m.p_war_given_force.interval)}",
                      _pct(m.p_fatal.p))
        out.print(t)
        out.print("P(any fatality): disputes coded fatal among all disputes; fatality coded "
                  "unknown counts as not known fatal.", highlight=False)
        t = RichTable(title="ICB crises: highest violence, by nuclear configuration")
        for c in ("crises", "n", "none", "minor", "serious", "full-scale war"):
            t.add_column(c)
        for r in b.icb_:
            s = r.shares()
            t.add_row(r.label, str(r.n), _pct(s[0]), _pct(s[1]), _pct(s[2]),
                      f"{_pct(s[3])} {_ci(*r.war.interval)}")
        out.print(t)
        t = RichTable(title="Recurrence of war within a dyad (within 120 months of the "
                            "war's end)")
        for c in ("wars ending", "dyads", "dyads fighting again", "wars with a dyad "
                  "fighting again"):
            t.add_column(c)
        for rr in b.recurrence_:
            t.add_row(rr.label, str(rr.dyads.n),
                      f"{rr.dyads.k} = {_pct(rr.dyads.p)} {_ci(*rr.dyads.interval)}",
                      f"{rr.wars.k}/{rr.wars.n} = {_pct(rr.wars.p)} {_ci(*rr.wars.interval)}")
        out.print(t)
        t = RichTable(title=f"The record vs the '{lens}' lens for generic dyads "
                            f"({reps:,} replications each)")
        for c in ("generic dyad", "record", "record", "model", "verdict"):
            t.add_column(c)
        for cmp in b.comparisons_:
            p, lo, hi = cmp.model
            style = ("" if cmp.verdict == "agree" else
                     "yellow" if cmp.verdict.startswith("overlap") else "bold red")
            t.add_row(cmp.description, cmp.record,
                      f"{_pct(cmp.record_rate.p)} {_ci(*cmp.record_rate.interval)}",
                      f"{_pct(p)} {_ci(lo, hi)}", f"[{style}]{cmp.verdict}[/]" if style
                      else cmp.verdict)
        out.print(t)
        bad = [x for x in b.comparisons_ if x.verdict != "agree"]
        if bad:
            out.print(f"The model's rate lies outside the record's 95 % interval on {len(bad)} "
                      f"of {len(b.comparisons_)} comparisons: "
                      + "; ".join(f"{x.key} ({x.verdict})" for x in bad)
                      + " (overlap: the two intervals still overlap; disagree: they do not)",
                      highlight=False)
        else:
            out.print(f"The model's rate lies within the record's 95 % interval on all "
                      f"{len(b.comparisons_)} comparisons.", highlight=False)
        for f, ex in b.excluded_.items():
            for e in ex:
                err.print(f"note: {f}:{e.row}: {e.key}: {e.reason}; left out",
                          markup=False, highlight=False)
        for f, cols in b.missing_.items():
            err.print(f"note: {f}: missing-value codes: "
                      + ", ".join(f"{k} {v}" for k, v in cols.items()),
                      markup=False, highlight=False)
        out.print("Sources: " + "; ".join(CITATIONS.values()), highlight=False)
