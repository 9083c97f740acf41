"""The audit-first HTML report of ``foedus audit … --report FILE``: one offline file.

For each claims file audited: the verdict on the article's conclusion first (its standing
in the four worlds, leave-one-out, the smallest overturning sets, the clear two-claim
interactions) with the Monte Carlo warnings; then the claims with their quotes and evidence
status; the heatmap of main effects on the audit's outcome with a menu for the others; the
rankings of every world as charts (a menu per outcome; ties marked). With two claims files,
a comparison: the parameters both set and how far apart they are, the outcomes on which
the two worlds' leaders differ, and each recommended policy in the other article's world.
Plotly's JavaScript is inlined; no request leaves the page. The audits' JSON is embedded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.io as pio
from jinja2 import Environment

from foedus.audit.audit import WORLD_LABELS, AuditResult
from foedus.report import figures as fg
from foedus.report.html import PLOTLY_CONFIG, Table, frame_table
from foedus.report.template import PAGE
from foedus.store.files import write_atomic

STYLE = PAGE[PAGE.index("<style>"):PAGE.index("</style>") + len("</style>")]

AUDIT_PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="foedus {{ version }}">
<title>{{ title }}</title>
{{ style | safe }}
<style>.status-wins { color: #1e8449; font-weight: 600; }
.status-loses { color: #b03a2e; font-weight: 600; }
.status-tied { color: #b9770e; font-weight: 600; }
blockquote { border-left: 3px solid #aab7b8; margin: .3rem 0; padding: .1rem .8rem;
             color: #34495e; }</style>
<script type="text/javascript">{{ plotlyjs | safe }}</script>
</head>
<body>
<header>
  <h1>{{ title }}</h1>
  <p>Scenario <code>{{ scenario }}</code> · lens <b>{{ lens }}</b> · seed {{ seed }}</p>
  <p>Generated {{ generated }} by foedus {{ version }}</p>
</header>
<nav>{% for a in audits %}<a href="#verdict-{{ a.id }}">Verdict: {{ a.id }}</a>
<a href="#claims-{{ a.id }}">Claims: {{ a.id }}</a>{% endfor %}
{% if diff %}<a href="#diff">Comparison</a>{% endif %}<a href="#provenance">Provenance</a></nav>
{%- macro table(tab) -%}
  {% if tab.title %}<h3>{{ tab.title }}</h3>{% endif %}
  {% if tab.csv %}<p class="note">Download: <a class="csv" download="{{ tab.name }}.csv"
    href="{{ tab.csv }}">CSV</a></p>{% endif %}
  <div class="scroll"><table>
    <thead><tr>{% for c in tab.columns %}<th>{{ c }}</th>{% endfor %}</tr></thead>
    <tbody>{% for r in tab.rows %}<tr>{% for v in r %}
      <td{% if v.num %} class="num"{% endif %}>{{ v.text }}</td>{% endfor %}</tr>
    {% endfor %}</tbody>
  </table></div>
{%- endmacro -%}
<main>
{% for a in audits %}
<section id="verdict-{{ a.id }}">
  <h2>Verdict: {{ a.article.author }} {{ a.article.year }}, “{{ a.article.title }}”</h2>
  {% if a.conclusion %}
  <p class="answer"><b>{{ a.conclusion.sentence }}</b></p>
  {% if a.conclusion_quote %}<blockquote>“{{ a.conclusion_quote }}”</blockquote>{% endif %}
  {% else %}<p>The claims file names no recommended policy; the worlds' rankings follow.</p>
  {% endif %}
  {% if a.warnings %}<div class="caveat"><b>Monte Carlo warnings</b><ul>
  {% for w in a.warnings %}<li>{{ w }}</li>{% endfor %}</ul></div>{% endif %}
  {% for tab in a.verdict_tables %}{{ table(tab) }}{% endfor %}
  <p class="note">Design: {{ a.design }}, {{ "{:,}".format(a.cell_replications) }}
  replications per cell and policy; worlds and leave-one-out at
  {{ "{:,}".format(a.replications) }} per policy. <i>wins</i>: best and every other policy
  clearly behind; <i>tied</i>: not clearly separated from the best; <i>loses</i>: clearly
  behind the best (95 % intervals of the differences).</p>
  {% for fig in a.world_figures %}<div class="figure">{{ fig | safe }}</div>{% endfor %}
</section>
<section id="claims-{{ a.id }}">
  <h2>Claims of {{ a.id }}</h2>
  {% for c in a.claims %}<h3>{{ c.id }} · {{ c.status }} (holds with probability
  {{ c.holds_probability }} in the evidence-weighted world)</h3>
  <p>{{ c.claim }}</p><blockquote>“{{ c.quote }}”</blockquote>{% endfor %}
  {% for fig in a.effect_figures %}<div class="figure">{{ fig | safe }}</div>{% endfor %}
  {% for tab in a.claim_tables %}{{ table(tab) }}{% endfor %}
</section>
{% endfor %}
{% if diff %}
<section id="diff">
  <h2>Comparison: {{ diff.a }} against {{ diff.b }}</h2>
  <p>{{ diff_sentence }}</p>
  {% for tab in diff_tables %}{{ table(tab) }}{% endfor %}
</section>
{% endif %}
<section id="provenance">
  <h2>Provenance</h2>
  <dl class="prov">{% for k, v in prov %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>
  <p class="note">The audits (the JSON of <code>foedus audit --json</code>) are embedded in
  this file as <code>&lt;script id="foedus-audit" type="application/json"&gt;</code>.</p>
</section>
</main>
<script id="foedus-audit" type="application/json">{{ payload | safe }}</script>
</body>
</html>
"""


def _fig(fig: Any, div: str) -> str:
    return str(pio.to_html(fig, include_plotlyjs=False, full_html=False, div_id=div,
                           config=PLOTLY_CONFIG, validate=True))


def _gap(s: dict[str, Any]) -> str:
    if s.get("gap") is None:
        return "—"
    return f"{s['gap']:+.3f} [{s['gap_lo']:+.3f}, {s['gap_hi']:+.3f}]"


def _verdict_tables(d: dict[str, Any]) -> list[Table]:
    c = d.get("conclusion")
    if not c:
        return []
    rows = [{"world": WORLD_LABELS.get(w["world"], w["world"]), "status": w["status"],
             c["outcome"]: "—" if w["estimate"] is None else f"{w['estimate']:.3f}",
             "rival": w["rival"] or "—", "lead over the rival": _gap(w)}
            for w in c["worlds"]]
    out = [frame_table(pd.DataFrame(rows), f"{c['policy']} in each world", "worlds")]
    loo = [{"claim failing (others hold)": s["claim"], "status": s["status"],
            "rival": s["rival"] or "—", "lead over the rival": _gap(s)}
           for s in c["leave_one_out"]]
    out.append(frame_table(pd.DataFrame(loo), "Leave-one-out from the article's world",
                           "leave-one-out"))
    sets = [{"kind": "overturns it (these fail, the others hold)",
             "claims": ", ".join(x["claims"]), "status": x["status"], "from": x["source"]}
            for x in c["overturning_sets"]]
    sets += [{"kind": "establishes it (these hold, the others fail)",
              "claims": ", ".join(x["claims"]), "status": x["status"], "from": x["source"]}
             for x in c["establishing_sets"]]
    if not sets:
        sets = [{"kind": f"no set of up to {c['searched_up_to']} claims overturns or "
                         "establishes it", "claims": "", "status": "", "from": ""}]
    out.append(frame_table(pd.DataFrame(sets), "Smallest sets of claims", "claim-sets"))
    inter = [{"claims": f"{i['a']} × {i['b']}", "interaction": i["effect"], "lo": i["lo"],
              "hi": i["hi"]} for i in c["interactions"] if i["clear"]][:12]
    if inter:
        out.append(frame_table(pd.DataFrame(inter), f"Clear two-claim interactions on "
                                                    f"{c['policy']}'s margin over "
                                                    f"{c['rival']}", "interactions"))
    return out


def _claim_tables(d: dict[str, Any]) -> list[Table]:
    rows = []
    for c in d["claims_detail"]:
        for side in ("holds", "fails"):
            s = c[side]
            rows.append({"claim": c["id"], "side": side,
                         "parameters": "; ".join(f"{k} ~ {v}" for k, v in
                                                 s["parameters"].items()) or "—",
                         "scenario edits": "; ".join(json.dumps(e, ensure_ascii=False)
                                                     for e in s["edits"]) or "—",
                         "source": s["source"], "rationale": s["rationale"]})
    ev = [{"claim": c["id"], "status": c["status"], "source": e["source"],
           "finding": e["finding"]} for c in d["claims_detail"] for e in c["evidence"]]
    verdicts = [{"claim": v["claim"], "best if it holds": v["best_if_holds"],
                 "best if it fails": v["best_if_fails"],
                 "changes the best?": ("yes (clear)" if v["decisive"] else
                                       "within noise") if v["changes_best"] else "no"}
                for v in d["verdicts"]]
    return [frame_table(pd.DataFrame(rows), "How each claim is encoded", "encoding"),
            frame_table(pd.DataFrame(ev), "Evidence on each claim", "evidence"),
            frame_table(pd.DataFrame(verdicts), f"Does the claim alone change the best policy "
                                                f"on {d['objective']}? (marginal means over "
                                                "the design)", "claim-verdicts")]


def _diff_tables(diff: dict[str, Any]) -> list[Table]:
    shared = [{"parameter": p["parameter"], f"{diff['a']} (claim)": p["claim_a"],
               f"{diff['a']} prior": p["prior_a"], f"{diff['b']} (claim)": p["claim_b"],
               f"{diff['b']} prior": p["prior_b"], "gap of means (b − a)": p["gap"]}
              for p in diff["shared_parameters"]]
    outs = [{"outcome": o["outcome"], f"best in {diff['a']}'s world":
             ", ".join(o["leaders_a"]), f"best in {diff['b']}'s world":
             ", ".join(o["leaders_b"]), "split?": o["split"]} for o in diff["outcomes"]]
    rec = [{"recommendation of": r["article"], "policy": r["policy"],
            "in its own world": r["own_world"], "in the other's world": r["status"],
            "best there": ", ".join(r["leaders"])} for r in diff["recommendations"]]
    return [frame_table(pd.DataFrame(shared), "Parameters both articles set (their worlds)",
                        "shared-parameters"),
            frame_table(pd.DataFrame(outs), "Best policies in each article's world",
                        "split-outcomes"),
            frame_table(pd.DataFrame(rec), "Each recommendation in the other's world",
                        "recommendations")]


def diff_sentence(diff: dict[str, Any]) -> str:
    """The comparison in one line."""
    n = len(diff["shared_parameters"])
    split = diff["split"]
    recs = "; ".join(f"{r['policy']} ({r['article']}) {r['own_world']} in its own world and "
                     f"{r['status']} in {r['in_world_of']}'s" for r in diff["recommendations"])
    return (f"The two articles set {n} parameter{'s' if n != 1 else ''} in common; their "
            f"worlds' best policies differ on {len(split)} of {len(diff['outcomes'])} outcomes"
            + (f" ({', '.join(split)})" if split else "") + "." + (f" {recs}." if recs else ""))


class AuditReport:
    """Assemble the audit-first report of one or two audits (see module)."""

    def __init__(self, audits: Sequence[AuditResult], quotes: Sequence[str | None],
                 diff: dict[str, Any] | None = None,
                 provenance: dict[str, str] | None = None) -> None:
        self.audits = list(audits)
        self.quotes = list(quotes)
        self.diff = diff
        self.provenance = dict(provenance or {})

    def build(self, generated: datetime | None = None) -> AuditReport:
        """Render; sets ``html_``."""
        from plotly.offline import get_plotlyjs

        first = self.audits[0]
        items = []
        payload = []
        for n, (res, quote) in enumerate(zip(self.audits, self.quotes, strict=True)):
            d = res.to_dict()
            payload.append(d)
            eff = fg.audit_effects(res.to_frame(), res.objective)
            items.append({
                "id": res.claims_id, "article": d["article"], "conclusion": d["conclusion"],
                "conclusion_quote": quote, "warnings": d["warnings"], "design": res.design,
                "cell_replications": res.cell_replications,
                "replications": res.replications, "claims": d["claims_detail"],
                "verdict_tables": _verdict_tables(d), "claim_tables": _claim_tables(d),
                "world_figures": [_fig(fg.audit_worlds(d["rankings"], WORLD_LABELS,
                                                       res.objective), f"fig-worlds-{n}")],
                "effect_figures": [] if eff is None else [_fig(eff, f"fig-effects-{n}")]})
        when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S UTC")
        prov = [("foedus version", first.version), ("scenario", first.scenario),
                ("lens", first.lens), ("seed", str(first.seed)), ("generated", when)]
        for res in self.audits:
            prov += [(f"claims file {res.claims_id} (SHA-256)", res.claims_sha256),
                     (f"{res.claims_id}: design", f"{res.design}; {res.cell_replications:,} "
                                                  f"per cell, {res.replications:,} per world")]
            art = res.article
            if art.get("url"):
                prov.append((f"{res.claims_id}: quotes checked against",
                             f"{art['url']}" + (f" on {art['accessed']}"
                                                if art.get("accessed") else "")))
        prov += list(self.provenance.items())
        env = Environment(autoescape=True, keep_trailing_newline=True)
        ids = " vs ".join(a.claims_id for a in self.audits)
        self.html_ = env.from_string(AUDIT_PAGE).render(
            title=f"Claim audit · {ids} · {first.scenario}", scenario=first.scenario,
            lens=first.lens, seed=first.seed, version=first.version, generated=when,
            audits=items, diff=self.diff,
            diff_sentence="" if self.diff is None else diff_sentence(self.diff),
            diff_tables=[] if self.diff is None else _diff_tables(self.diff),
            prov=prov, style=STYLE, plotlyjs=get_plotlyjs(),
            payload=json.dumps({"audits": payload, "diff": self.diff},
                               allow_nan=False).replace("</", "<\\/"))
        return self

    def write(self, path: Path) -> Path:
        """Write ``html_`` atomically."""
        return write_atomic(path, self.html_)
