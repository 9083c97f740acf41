"""The self-contained, offline HTML report.

::

    rep = HtmlReport(sensitivity=indices, audit=audit_table).build(doc, result)
    rep.write(Path("report.html"))

One file: Plotly's JavaScript inlined once (from the installed package,
gzip-compressed and unpacked by the browser, so a report stays near 2 MB), each
figure of :mod:`foedus.report.figures` as a ``div`` with its data as JSON, tables of
outcomes, commitments and parameters (prior, source, rationale), the
sensitivity indices and the claim audit when given, the negotiation forecast (a
chart of positions over rounds per issue, with tables) when the scenario has a
``negotiation:`` block, and provenance. No
request leaves the page.
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from jinja2 import DictLoader, Environment

from foedus.evidence.lenses import LENSES, resolve
from foedus.evidence.registry import PARAMETERS
from foedus.report import figures as fg
from foedus.report.audit_report import audit_fragment
from foedus.report.negotiation import issue_frame, round_frame
from foedus.report.tables import PLOTLY_CONFIG, Table, frame_table
from foedus.report.template import PAGE, PARTS
from foedus.scenario.loader import Document
from foedus.scenario.schema import Scenario
from foedus.store.files import write_atomic
from foedus.store.hashing import scenario_hash
from foedus.study.result import OUTCOME_KEYS, Estimate, Result, outcome_label
from foedus.study.verdict import (
    Verdict,
    format_estimate,
    format_gap,
    verdict,
)


@dataclass
class Section:
    """A report section with figures (HTML snippets), tables and key-value notes."""

    id: str
    title: str
    note: str = ""
    figures: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)
    html: str = ""  # a prepared fragment (the audit-first blocks of a claim audit)


def _cell(e: Mapping[str, float] | None) -> str:
    if e is None:
        return "—"
    kind = "mean" if "mean" in e else "p"
    return format_estimate(Estimate(e[kind], e["lo"], e["hi"], kind))


def verdict_tables(v: Verdict) -> list[Table]:
    """The verdict's tables: one line per outcome, then the headline outcome's ranking."""
    rows, data = [], []
    for o in v.outcomes:
        b = o.best
        if b is None:
            continue
        nxt = o.standings[1] if len(o.standings) > 1 else None
        worst = [s.policy for s in o.standings if s.worst]
        rows.append({"outcome": o.label, "better": "higher" if o.higher_is_better else "lower",
                     "best": b.policy, "estimate": format_estimate(b.estimate),
                     "clearly best?": "yes" if o.clear else (
                         "tied: " + ", ".join(p for p in o.leaders if p != b.policy)
                         if len(o.leaders) > 1 else "only one policy"),
                     "next best (gap)": "—" if nxt is None or nxt.gap is None else
                     f"{nxt.policy} ({format_gap(nxt.gap)})",
                     "worst": ", ".join(worst) or "—"})
        for s in o.standings:
            data.append({"outcome": o.outcome, "policy": s.policy, "rank": s.rank,
                         "estimate": s.estimate.value, "lo": s.estimate.lo,
                         "hi": s.estimate.hi,
                         "gap_to_best": None if s.gap is None else s.gap.value,
                         "gap_lo": None if s.gap is None else s.gap.lo,
                         "gap_hi": None if s.gap is None else s.gap.hi,
                         "gap_paired": None if s.gap is None else s.paired,
                         "tied_with_best": s.tied, "best": s.best, "worst": s.worst})
    out = [frame_table(pd.DataFrame(rows), "Best policy per outcome", "verdict",
                       pd.DataFrame(data))]
    h = v.headline
    rank = [{"rank": s.rank, "policy": s.policy, h.label: format_estimate(s.estimate),
             "gap to best": "—" if s.gap is None else format_gap(s.gap),
             "interval": "—" if s.gap is None else ("paired" if s.paired else "unpaired"),
             "verdict": "best" if s.best else ("tied with the best" if s.tied
                                                 else "clearly worse")}
            for s in h.standings]
    out.append(frame_table(pd.DataFrame(rank), f"Ranking on {h.label}", "ranking",
                           pd.DataFrame([r for r in data if r["outcome"] == h.outcome])))
    return out


def figure_html(fig: go.Figure, div: str) -> str:
    """A chart of the report: its ``div`` and its figure as JSON, drawn by the page once
    Plotly is unpacked (see :func:`packed_plotlyjs`)."""
    height = int(fig.layout.height or 450)
    data = pio.to_json(fig, validate=True).replace("</", "<\\/")
    return (f'<div id="{div}" class="plotly-graph-div" style="height:{height}px; '
            f'width:100%;"></div>\n<script type="application/json" class="figure" '
            f'data-target="{div}">{data}</script>')


@functools.lru_cache(maxsize=1)
def packed_plotlyjs() -> str:
    """Plotly's JavaScript (the installed package's), gzip-compressed and base64-encoded:
    about 1.9 MB instead of 4.8 MB. The page unpacks it with the browser's own
    ``DecompressionStream`` and runs it once before drawing its charts."""
    from plotly.offline import get_plotlyjs

    raw = gzip.compress(get_plotlyjs().encode("utf-8"), compresslevel=9, mtime=0)
    return base64.b64encode(raw).decode("ascii")


def charts_js() -> str:
    """The chart helpers shared with the web app (``charts.js``): a PNG button and the
    numbers as a table (with CSV) for every chart."""
    from importlib import resources

    return (resources.files("foedus.report") / "charts.js").read_text(encoding="utf-8"
                                                                      ).replace("</", "<\\/")


def _environment() -> Environment:
    """The report's template environment (its shared parts loadable by name)."""
    return Environment(autoescape=True, keep_trailing_newline=True, loader=DictLoader(PARTS))


def verdict_html(v: Verdict) -> str:
    """The verdict section of the report as an HTML fragment (also on the Compare page)."""
    return _environment().get_template("verdict").render(
        verdict=v, verdict_tables=verdict_tables(v), pairing=v.pairing)


def _tidy_audit(data: Any) -> tuple[list[tuple[str, pd.DataFrame]], list[tuple[str, str]]]:
    """Tables and scalar notes of a claim audit given as an object, DataFrame, list or dict."""
    if hasattr(data, "to_frame"):
        data = data.to_frame()
    if isinstance(data, pd.DataFrame):
        return [("", data)], []
    if isinstance(data, list):
        return [("", pd.DataFrame(data))], []
    if not isinstance(data, Mapping):
        raise ValueError("claim audit results must be a table, a list of rows or a mapping")
    tables: list[tuple[str, pd.DataFrame]] = []
    notes: list[tuple[str, str]] = []
    for key, v in data.items():
        if isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v):
            tables.append((str(key), pd.DataFrame(v)))
        elif (isinstance(v, Mapping) and v
              and all(isinstance(x, Mapping) for x in v.values())):
            df = pd.DataFrame.from_dict(dict(v), orient="index")
            df.insert(0, "id", [str(i) for i in df.index])
            tables.append((str(key), df.reset_index(drop=True)))
        elif isinstance(v, list):
            notes.append((str(key), ", ".join(str(x) for x in v)))
        else:
            notes.append((str(key), v if isinstance(v, str) else json.dumps(v)))
    return tables, notes


class HtmlReport:
    """Assemble the HTML report of a comparison.

    Parameters
    ----------
    sensitivity : object, mapping, DataFrame or None
        Already computed sensitivity indices (any form
        :func:`foedus.report.figures.tidy_sensitivity` accepts); a section is
        shown when given.
    audit : object, mapping, DataFrame, list or None
        An already computed claim audit (a table of per-claim effects, or a
        mapping of named tables and notes); a section is shown when given.
    title : str or None
        Page title (default: scenario name and lens).
    extra_provenance : mapping or None
        More provenance lines (e.g. the results store and record id).
    context : mapping or None
        What qualifies the verdict, as keyword arguments of
        :func:`foedus.study.verdict.verdict` (``baserates``, ``backtest``,
        ``sensitivity``, ``audit`` payloads and their ``records``), e.g. from
        :func:`foedus.report.context.stored_context`. A ``sensitivity`` or
        ``audit`` given above in the JSON of ``foedus sensitivity/audit --json``
        is used too.
    """

    def __init__(self, sensitivity: Any = None, audit: Any = None, title: str | None = None,
                 extra_provenance: Mapping[str, Any] | None = None,
                 context: Mapping[str, Any] | None = None) -> None:
        self.sensitivity = sensitivity
        self.audit = audit
        self.title = title
        self.extra_provenance = extra_provenance
        self.context = dict(context or {})

    def _verdict(self, result: Result) -> Verdict:
        ctx = dict(self.context)
        if isinstance(self.sensitivity, Mapping) and "parameters" in self.sensitivity:
            ctx["sensitivity"] = self.sensitivity
        if isinstance(self.audit, Mapping) and "verdicts" in self.audit:
            ctx["audit"] = self.audit
        elif isinstance(self.audit, Mapping) and isinstance(self.audit.get("audits"), list):
            ctx["audit"] = self.audit["audits"][0]  # two articles: the first one's
        return verdict(result, **ctx)

    def build(self, doc: Document, result: Result | Mapping[str, Any],
              generated: datetime | None = None) -> HtmlReport:
        """Build the page for ``result`` of ``doc``; sets ``figures_`` and ``html_``."""
        # the page shows and embeds the estimates; per-replication rows stay in the store
        res = (result.to_dict(replicates=False) if isinstance(result, Result) else
               {**result, "policies": {p: {k: v for k, v in pr.items() if k != "replicates"}
                                       for p, pr in result["policies"].items()}})
        fixed = result.fixed if isinstance(result, Result) else bool(res.get("fixed", False))
        s = doc.scenario
        lens = res["lens"]
        priors = resolve(doc, lens)
        when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S UTC")
        figs: list[tuple[str, go.Figure]] = []

        def add(sec: Section, key: str, fig: go.Figure | None) -> None:
            if fig is None:
                return
            div = f"fig-{key}"
            figs.append((div, fig))
            sec.figures.append(figure_html(fig, div))

        sections: list[Section] = []
        self.verdict_ = self._verdict(result) if isinstance(result, Result) else None
        sec = Section("comparison", "Policies compared",
                      "Bars at the estimate, whiskers at the 95 % interval, for every outcome.")
        add(sec, "comparison", fg.policy_comparison(res))
        sections.append(sec)
        sec = Section("survival", "Survival of peace",
                      "Probability that no war has begun by each month, with its 95 % band. "
                      "Click a policy in the legend to hide it.")
        add(sec, "survival", fg.survival_curves(res))
        sections.append(sec)
        sec = Section("ladder", "Escalation",
                      "Distribution of the highest rung of the escalation ladder reached in "
                      "each replication (0 peace … 6 strategic nuclear exchange); switch to a "
                      "log scale to see rare rungs.")
        add(sec, "ladder", fg.max_level_distribution(res))
        sections.append(sec)
        sec = Section("network", "Commitment network",
                      "Actors and the commitments between them (guarantor → beneficiary), "
                      "coloured by type; the menu shows those in force under each policy. "
                      "Hover an edge's marker for credibility and, per policy, how often it "
                      "was honoured or defected on.")
        add(sec, "network", fg.commitment_network(s, res))
        sec.tables.append(self._commitments(doc))
        sections.append(sec)
        if s.negotiation is not None:
            sections.append(self._negotiation_section(s, add))
        if self.sensitivity is not None:
            sections.append(self._sensitivity_section(add))
        if self.audit is not None:
            sections.append(self._audit_section(add, figs))
        sec = Section("parameters", "Parameters",
                      f"Every parameter of the model with its prior under lens '{lens}', "
                      "where the prior comes from (the registry, a lens or the scenario), "
                      "its source and rationale.")
        rows = []
        for par in PARAMETERS:
            e = priors.entries[par.name]
            rows.append({"parameter": par.name, "symbol": par.symbol,
                         "mechanism": par.mechanism, "meaning": par.description,
                         "prior": e.prior.describe(), "mean": e.prior.mean(),
                         "from": e.origin, "source": e.source, "rationale": e.rationale})
        sec.tables.append(frame_table(pd.DataFrame(rows), name="parameters"))
        sections.append(sec)

        digest = scenario_hash(s)
        prov = {"version": res["version"], "lens": lens, "seed": res["seed"],
                "replications": res["replications"], "horizon_months": res["horizon_months"],
                "generated": when,
                "mode": "prior means" if fixed else "parameters drawn from the priors"}
        prov_items = [("foedus version", res["version"]), ("scenario", s.id),
                      ("scenario file", doc.source.file),
                      ("scenario hash (SHA-256)", digest), ("lens", lens),
                      ("seed", str(res["seed"])),
                      ("replications per policy", f"{res['replications']:,}"),
                      ("horizon", f"{res['horizon_months']} months"),
                      ("parameters", prov["mode"]),
                      ("policies", ", ".join(res["policies"])),
                      ("generated", when)]
        for k, v in (self.extra_provenance or {}).items():
            prov_items.append((str(k), str(v)))
        lens_description = (s.lenses[lens].description if lens in s.lenses
                            else LENSES[lens].description if lens in LENSES else "")
        keys = [k for k in OUTCOME_KEYS
                if any(pr["outcomes"].get(k) is not None for pr in res["policies"].values())]
        summary = pd.DataFrame([{"policy": p, **{outcome_label(k): _cell(pr["outcomes"].get(k))
                                                 for k in keys}}
                                for p, pr in res["policies"].items()])
        summary_data = pd.DataFrame(
            [{"policy": p, "outcome": k, "kind": "mean" if e and "mean" in e else "p",
              "estimate": None if e is None else e.get("mean", e.get("p")),
              "lo": None if e is None else e["lo"], "hi": None if e is None else e["hi"]}
             for p, pr in res["policies"].items() for k, e in pr["outcomes"].items()])
        summary_table = frame_table(summary, "", "outcomes", summary_data)
        nav = [{"id": "verdict", "title": "Verdict"}] if self.verdict_ is not None else []
        nav += [{"id": "overview", "title": "Overview"}]
        nav += [{"id": x.id, "title": x.title} for x in sections]
        nav.append({"id": "provenance", "title": "Provenance"})
        env = _environment()
        result_json = json.dumps(res, allow_nan=False).replace("</", "<\\/")
        self.figures_ = figs
        self.html_ = env.from_string(PAGE).render(
            title=self.title or f"{s.name} · lens {lens} · foedus", scenario=s, prov=prov,
            sections=nav, figure_sections=sections, prov_items=prov_items,
            lens_description=lens_description, summary=summary_table,
            verdict=self.verdict_,
            pairing="" if self.verdict_ is None else self.verdict_.pairing,
            verdict_tables=[] if self.verdict_ is None else verdict_tables(self.verdict_),
            plotly_packed=packed_plotlyjs(), plotly_config=json.dumps(PLOTLY_CONFIG),
            chartsjs=charts_js(), result_json=result_json)
        return self

    def write(self, path: Path) -> Path:
        """Write ``html_`` to ``path`` atomically (temporary file, then rename)."""
        return write_atomic(path, self.html_)

    @staticmethod
    def _commitments(doc: Document) -> Table:
        s = doc.scenario
        rows = []
        for c in s.commitments:
            where = ("baseline" if c.id in s.baseline else
                     ", ".join(p.id for p in s.policies if c.id in p.commitments))
            rows.append({"id": c.id, "guarantor → beneficiary": f"{c.guarantor} → "
                         f"{c.beneficiary}", "type": c.type,
                         "credibility": f"Beta(mean {c.credibility.mean:g}, "
                                        f"k {c.credibility.concentration:g})",
                         "automaticity": c.automaticity, "conditional": c.conditional,
                         "troops": c.troops, "in force under": where or "—",
                         "source": " ".join(c.source.split()),
                         "rationale": " ".join(c.rationale.split())})
        return frame_table(pd.DataFrame(rows), "Commitments", "commitments")

    @staticmethod
    def _negotiation_section(s: Scenario, add: Any) -> Section:
        """The scenario's negotiation forecast (its own rounds, replications and seed):
        the chart of positions over rounds, each issue's forecast distribution and the
        per-round table."""
        from foedus.negotiation.policy import scenario_forecast

        fc = scenario_forecast(s).to_dict()
        sec = Section("negotiation", "Negotiation",
                      f"Where a negotiation among the parties would land, issue by issue "
                      f"(expected-utility group decision model; {fc['rounds']} rounds, "
                      f"{fc['replications']:,} replications drawing the inputs from their "
                      f"priors, seed {fc['seed']}). The forecast pools the medians of rounds "
                      "1..T over all replications; its interval is their 2.5th–97.5th "
                      "percentile.")
        add(sec, "negotiation", fg.negotiation_positions(fc))
        sec.tables.append(frame_table(issue_frame(fc), "Forecast per issue",
                                      "negotiation-forecast"))
        sec.tables.append(frame_table(round_frame(fc), "Per round (median over "
                                      "replications, 95 % interval)", "negotiation-rounds"))
        return sec

    def _sensitivity_section(self, add: Any) -> Section:
        frame, meta = fg.tidy_sensitivity(self.sensitivity)
        what = " · ".join(f"{k} {v}" for k, v in meta.items()
                          if k in ("method", "policy", "outcome", "lens", "n"))
        sec = Section("sensitivity", "Sensitivity",
                      "Global sensitivity indices with 95 % intervals: first-order (S1) is "
                      "the share of the outcome's variance due to a parameter alone, "
                      "total-order (ST) includes its interactions; Morris μ* ranks "
                      "influence.")
        add(sec, "sensitivity", fg.sensitivity_indices(
            frame, "Global sensitivity" + (f" · {what}" if what else "")))
        wide = frame.pivot_table(index="parameter", columns="index",
                                 values=["estimate", "lo", "hi"], aggfunc="first", sort=False)
        wide.columns = [f"{c[1]} {c[0]}" if c[0] != "estimate" else str(c[1])
                        for c in wide.columns]
        wide = wide.reindex(sorted(wide.columns, key=lambda c: (c.split()[0], len(c))), axis=1)
        sec.tables.append(frame_table(wide.reset_index(), name="sensitivity", data=frame))
        sec.meta = [(str(k), str(v)) for k, v in meta.items()]
        return sec

    def _audit_section(self, add: Any, figs: list[tuple[str, go.Figure]]) -> Section:
        blocks = audit_fragment(self.audit)
        if blocks is not None:  # the JSON of 'foedus audit': the audit-first blocks
            html, audit_figs = blocks
            figs += audit_figs
            return Section("audit", "Claim audit",
                           "The article's conclusion tested against the claims it rests on, "
                           "then each claim with its quote and evidence status, its main "
                           "effects, and the policies' rankings in each world.", html=html)
        tables, notes = _tidy_audit(self.audit)
        sec = Section("audit", "Claim audit",
                      "Each claim switched between 'holds' and 'fails': its main effect on "
                      "every policy's outcomes and whether it changes which policy ranks best.")
        for _, df in tables:
            fig = fg.audit_effects(df)
            if fig is not None and not sec.figures:
                add(sec, "audit", fig)
        for key, df in tables:
            sec.tables.append(frame_table(df, key.replace("_", " "), f"audit-{key or 'table'}"))
        sec.meta = notes
        return sec


def figure_count(sections: Sequence[Section]) -> int:
    """How many figures the sections hold."""
    return sum(len(s.figures) for s in sections)
