"""Rich rendering of results, verdicts and scenario descriptions for the CLI.

Tables fit the console's width: the outcomes of a comparison are split into as
many tables as needed, each cell the estimate in percent over its 95 % interval,
the best value in bold (``≈`` marks a policy not clearly different from it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from foedus.evidence.lenses import ResolvedPriors
    from foedus.scenario.schema import Scenario
    from foedus.study.result import Result
    from foedus.study.verdict import OutcomeVerdict, Verdict

LEGEND = ("estimate (bold: best) over its 95 % interval; ≈ not clearly different from the "
          "best; — empty denominator")
#: Characters an outcome column takes (cell text plus padding and border).
OUTCOME_COLUMN = 13


def _cell(ov: OutcomeVerdict, policy: str, missing: bool) -> Text:
    from foedus.study.verdict import format_estimate

    if missing:
        return Text("—")
    s = ov.standing(policy)
    if s is None:
        return Text("—")
    head = format_estimate(s.estimate, interval=False)
    lo_hi = format_estimate(s.estimate).split(" ", 1)[1].strip("[]")
    if s.best and len(ov.standings) > 1:
        return Text.assemble((head, "bold"), "\n", (lo_hi, "dim"))
    mark = " ≈" if s.tied else ""
    return Text.assemble(head + mark, "\n", (lo_hi, "dim"))


def _chunks(keys: list[str], width: int, first: int) -> Iterator[list[str]]:
    per = max(1, (width - first - 4) // OUTCOME_COLUMN)
    for i in range(0, len(keys), per):
        yield keys[i:i + per]


def result_tables(res: Result, width: int) -> list[Table]:
    """Policies × outcomes, split so that each table fits ``width`` columns."""
    from foedus.study.verdict import rank_outcome

    keys = [k for k in _outcome_keys(res)]
    ranked = {k: rank_outcome(res, k) for k in keys}
    longest = max(len(p) for p in res.policies)
    first = longest + 3
    tables = []
    for chunk in _chunks(keys, width, first):
        t = Table(show_lines=False, pad_edge=False)
        t.add_column("policy", style="bold", no_wrap=True, min_width=longest)
        for k in chunk:
            t.add_column(_header(ranked[k].label, OUTCOME_COLUMN - 3), justify="right",
                         overflow="fold", max_width=OUTCOME_COLUMN - 3)
        for pid in res.policies:
            t.add_row(pid, *[_cell(ranked[k], pid, pid in ranked[k].missing) for k in chunk])
        tables.append(t)
    return tables


def _header(label: str, width: int) -> str:
    """``label`` with words longer than ``width`` broken after their hyphens."""
    return " ".join(w.replace("-", "-\n") if len(w) > width else w for w in label.split(" "))


def _outcome_keys(res: Result) -> list[str]:
    from foedus.study.result import OUTCOME_KEYS

    return [k for k in OUTCOME_KEYS
            if any(pr.outcomes.get(k) is not None for pr in res.policies.values())]


def result_header(res: Result) -> str:
    mode = "prior means" if res.fixed else "parameters drawn from the priors"
    return (f"{res.scenario} · lens {res.lens} · {res.replications:,} replications per "
            f"policy · seed {res.seed} · {res.horizon_months} months · {mode}")


def result_table(res: Result, width: int = 120) -> RenderableType:
    """The header and the outcome tables of a result, fitting ``width``."""
    return Group(Text(result_header(res), style="bold"), *result_tables(res, width),
                 Text(LEGEND, style="dim"))


def verdict_lines(v: Verdict) -> RenderableType:
    """The verdict: the answer and its main caveat first, then each outcome, validity,
    the other caveats and how differences are judged."""
    parts: list[RenderableType] = [
        Text.assemble(("Answer: ", "bold"), v.answer),
        Text.assemble(("Main caveat: ", "bold"), v.main_caveat),
        Text("Per outcome:", style="bold")]
    parts += [Text(f"  • {o.sentence()}") for o in v.outcomes]
    parts.append(Text(f"Validity of the lens '{v.lens}':", style="bold"))
    for c in v.validity:
        tail = f" — run: {c.command}" if c.status == "not run" else (
            f" (stored run {c.record})" if c.record is not None else "")
        parts.append(Text(f"  • {c.name}: {c.status}; {c.summary}{tail}"))
    if len(v.caveats) > 1:
        parts.append(Text("Other caveats:", style="bold"))
        parts += [Text(f"  • {c}") for c in v.caveats[1:]]
    parts.append(Text(v.pairing, style="dim"))
    return Group(*parts)


def explain(console: Console, s: Scenario, priors: ResolvedPriors) -> None:
    """Print actors, commitments, policies and every parameter with prior and source.

    Ids (actors, commitments, policies, parameters) are never truncated: their
    columns do not wrap or shorten, so they can be copied.
    """
    from foedus.evidence.registry import PARAMETERS

    console.print(f"[bold]{s.name}[/bold] ({s.id})")
    if s.description:
        console.print(s.description.strip())
    console.print(f"adversary: {s.adversary} · protected: {s.protected} · start: {s.start} · "
                  f"horizon: {s.horizon} months · seed: {s.seed}\n")
    t = Table(title="Actors")
    t.add_column("id", no_wrap=True, min_width=max(len(a.id) for a in s.actors))
    for col in ("name", "kind", "nuclear", "great power", "capability", "revisionism",
                "faction (host→target, control)", "source"):
        t.add_column(col)
    for a in s.actors:
        fac = f"{a.host}→{a.target}, {a.control:g}" if a.kind == "faction" else ""
        t.add_row(a.id, a.name, a.kind, "yes" if a.nuclear else "", "yes" if a.great_power
                  else "", f"{a.capability:g}", f"{a.revisionism:g}", fac,
                  " ".join(a.source.split()))
    console.print(t)
    t = Table(title="Commitments (guarantor → beneficiary)")
    t.add_column("id", no_wrap=True, min_width=max((len(c.id) for c in s.commitments),
                                                   default=2))
    for col in ("edge", "type", "credibility", "auto", "conditional", "against",
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
        t.add_column("id", no_wrap=True, min_width=max(len(w.id) for w in s.war_plans))
        for col in ("rule", "p", "source"):
            t.add_column(col)
        for w in s.war_plans:
            t.add_row(w.id, f"{w.actor} at war with {w.when_at_war_with} → attacks {w.attacks}",
                      f"{w.probability:g}", w.source)
        console.print(t)
    t = Table(title="Policies")
    t.add_column("id", no_wrap=True, min_width=max(len(p.id) for p in s.policies))
    for col in ("name", "deal?", "terms", "commitments", "source"):
        t.add_column(col)
    for p in s.policies:
        terms = ", ".join(f"{k}={v}" for k, v in p.terms.model_dump().items())
        deal = "crisis" if s.start == "crisis" else ("yes" if p.settlement else "no deal")
        t.add_row(p.id, p.name, deal, terms if p.settlement else "",
                  ", ".join(s.baseline + p.commitments), p.source)
    console.print(t)
    if s.negotiation is not None:
        _negotiation_inputs(console, s)
    t = Table(title=f"Parameters under lens '{priors.lens}'")
    t.add_column("parameter", no_wrap=True, min_width=max(len(p.name) for p in PARAMETERS))
    for col in ("symbol", "mechanism", "prior", "mean", "from", "source",
                "rationale"):
        t.add_column(col)
    for par in PARAMETERS:
        e = priors.entries[par.name]
        t.add_row(par.name, par.symbol, par.mechanism, e.prior.describe(),
                  f"{e.prior.mean():.4g}", e.origin, e.source, e.rationale)
    console.print(t)


def _uncertain(v: object) -> str:
    return f"{v:g}" if isinstance(v, float | int) else str(v.describe())  # type: ignore[attr-defined]


def _negotiation_inputs(console: Console, s: Scenario) -> None:
    """The negotiation block's issues and every party's inputs, each with its source."""
    neg = s.negotiation
    assert neg is not None
    t = Table(title=f"Negotiation issues ({neg.rounds} rounds, {neg.replications:,} "
                    f"replications; normaliser {neg.normaliser}, offers {neg.offer_choice})")
    t.add_column("issue", no_wrap=True, min_width=max(len(i.id) for i in neg.issues))
    for col in ("scale", "sets", "source"):
        t.add_column(col)
    for i in neg.issues:
        sets = []
        if i.linear is not None:
            sets.append(f"{i.linear.field} {i.linear.at_low:g}→{i.linear.at_high:g}")
        sets += [f"≤{b.upto:g}: {b.label}" if b.upto is not None else b.label for b in i.bands]
        t.add_row(i.id, f"{i.low:g} = {i.low_means}; {i.high:g} = {i.high_means}",
                  "; ".join(sets), " ".join(i.source.split()))
    console.print(t)
    t = Table(title="Negotiation parties (position, salience per issue)")
    t.add_column("party", no_wrap=True, min_width=max(len(a.id) for a in neg.actors))
    for col in ("issue", "position", "salience", "source"):
        t.add_column(col)
    for a in neg.actors:
        t.add_row(a.id, "capability", _uncertain(a.capability), "", " ".join(a.source.split()))
        for key, st in a.stances.items():
            t.add_row("", key, _uncertain(st.position), _uncertain(st.salience),
                      " ".join(st.source.split()))
    console.print(t)
