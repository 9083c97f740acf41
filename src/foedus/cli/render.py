"""Rich rendering of results and scenario descriptions for the CLI."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from foedus.evidence.lenses import ResolvedPriors
from foedus.evidence.registry import PARAMETERS
from foedus.scenario.schema import Scenario
from foedus.study.result import OUTCOME_KEYS, OUTCOME_LABELS, Estimate, Result


def _cell(e: Estimate | None) -> str:
    if e is None:
        return "—"
    if e.kind == "mean":
        return f"{e.value:.1f} [{e.lo:.1f}, {e.hi:.1f}]"
    return f"{e.value:.3f} [{e.lo:.3f}, {e.hi:.3f}]"


def result_table(res: Result) -> Table:
    """One row per policy, one column per outcome, estimates with 95 % intervals."""
    mode = "prior means" if res.fixed else "parameters drawn from the priors"
    t = Table(title=f"{res.scenario} · lens {res.lens} · {res.replications:,} replications "
                    f"per policy · seed {res.seed} · {res.horizon_months} months · {mode}",
              caption="95 % intervals: Wilson for proportions, normal for the mean; "
                      "— = empty denominator")
    t.add_column("policy", style="bold")
    for k in OUTCOME_KEYS:
        t.add_column(OUTCOME_LABELS[k], justify="right")
    for pid, pr in res.policies.items():
        t.add_row(pid, *[_cell(pr.outcomes[k]) for k in OUTCOME_KEYS])
    return t


def explain(console: Console, s: Scenario, priors: ResolvedPriors) -> None:
    """Print actors, commitments, policies and every parameter with prior and source."""
    console.print(f"[bold]{s.name}[/bold] ({s.id})")
    if s.description:
        console.print(s.description.strip())
    console.print(f"adversary: {s.adversary} · protected: {s.protected} · start: {s.start} · "
                  f"horizon: {s.horizon} months · seed: {s.seed}\n")
    t = Table(title="Actors")
    for col in ("id", "name", "kind", "nuclear", "great power", "capability", "revisionism",
                "faction (host→target, control)", "source"):
        t.add_column(col)
    for a in s.actors:
        fac = f"{a.host}→{a.target}, {a.control:g}" if a.kind == "faction" else ""
        t.add_row(a.id, a.name, a.kind, "yes" if a.nuclear else "", "yes" if a.great_power
                  else "", f"{a.capability:g}", f"{a.revisionism:g}", fac,
                  " ".join(a.source.split()))
    console.print(t)
    t = Table(title="Commitments (guarantor → beneficiary)")
    for col in ("id", "edge", "type", "credibility", "auto", "conditional", "against",
                "troops", "UN", "umbrella", "source · rationale"):
        t.add_column(col)
    for c in s.commitments:
        t.add_row(c.id, f"{c.guarantor} → {c.beneficiary}", c.type,
                  f"Beta(mean {c.credibility.mean:g}, k {c.credibility.concentration:g})",
                  f"{c.automaticity:g}", "yes" if c.conditional else "no",
                  ", ".join(c.against) or "any", str(c.troops or ""),
                  "yes" if c.un_mandate else "", "yes" if c.nuclear_umbrella else "",
                  f"{' '.join(c.source.split())} · {' '.join(c.rationale.split())}")
    console.print(t)
    if s.war_plans:
        t = Table(title="War plans")
        for col in ("id", "rule", "p", "source"):
            t.add_column(col)
        for w in s.war_plans:
            t.add_row(w.id, f"{w.actor} at war with {w.when_at_war_with} → attacks {w.attacks}",
                      f"{w.probability:g}", w.source)
        console.print(t)
    t = Table(title="Policies")
    for col in ("id", "name", "deal?", "terms", "commitments", "source"):
        t.add_column(col)
    for p in s.policies:
        terms = ", ".join(f"{k}={v}" for k, v in p.terms.model_dump().items())
        deal = "crisis" if s.start == "crisis" else ("yes" if p.settlement else "no deal")
        t.add_row(p.id, p.name, deal, terms if p.settlement else "",
                  ", ".join(s.baseline + p.commitments), p.source)
    console.print(t)
    t = Table(title=f"Parameters under lens '{priors.lens}'")
    for col in ("parameter", "symbol", "mechanism", "prior", "mean", "from", "source",
                "rationale"):
        t.add_column(col)
    for par in PARAMETERS:
        e = priors.entries[par.name]
        t.add_row(par.name, par.symbol, par.mechanism, e.prior.describe(),
                  f"{e.prior.mean():.4g}", e.origin, e.source, e.rationale)
    console.print(t)
