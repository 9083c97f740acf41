"""The audit-first HTML report of ``foedus audit … --report FILE``: one offline file.

For each claims file audited: the verdict on the article's conclusion first (its standing
in the four worlds, leave-one-out, the smallest overturning sets, the clear two-claim
interactions) with the Monte Carlo warnings; then the claims with their quotes and evidence
status; the heatmap of main effects on the audit's outcome with a menu for the others; the
rankings of every world as charts (a menu per outcome; ties marked). With two claims files,
a comparison: the parameters both set and how far apart they are, the outcomes on which
the two worlds' leaders differ, and each recommended policy in the other article's world.
Plotly's JavaScript is inlined; no request leaves the page. The audits' JSON is embedded.

The blocks of one audit are built from its JSON (``foedus audit --json``), so the run
report (``foedus report --audit FILE``, :func:`audit_fragment`) shows the same verdict,
claims, heatmap and rankings from a saved audit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.io as pio
from jinja2 import DictLoader, Environment

from foedus.audit.audit import EFFECT_COLUMNS, WORLD_LABELS, AuditResult
from foedus.report import figures as fg
from foedus.report.tables import PLOTLY_CONFIG, Table, frame_table
from foedus.report.template import PAGE, PARTS
from foedus.store.files import write_atomic

STYLE = PAGE[PAGE.index("<style>"):PAGE.index("</style>") + len("</style>")]

#: The blocks of one audit (verdict on the article's conclusion; claims with their quotes,
#: the heatmap and the encoding tables) as macros, shared by this page and the run report's
#: audit section (:meth:`foedus.report.html.HtmlReport`); ``h`` is the heading level.
AUDIT_BLOCKS = r"""{% from 'table' import table %}
{%- macro verdict_block(a, h) -%}
  <h{{ h }}>Verdict: {{ a.article.author }} {{ a.article.year }}, “{{ a.article.title }}”</h{{ h }}>
  {% if a.conclusion %}
  <p class="answer"><b>{{ a.conclusion.sentence }}</b></p>
  {% if a.conclusion.quote %}<blockquote>“{{ a.conclusion.quote }}”</blockquote>{% endif %}
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
{%- endmacro -%}
{%- macro claims_block(a, h) -%}
  <h{{ h }}>Claims of {{ a.id }}</h{{ h }}>
  {% for c in a.claims %}<h{{ h + 1 }}>{{ c.id }} · {{ c.status }} (holds with probability
  {{ c.holds_probability }} in the evidence-weighted world)</h{{ h + 1 }}>
  <p>{{ c.claim }}</p><blockquote>“{{ c.quote }}”</blockquote>{% endfor %}
  {% for fig in a.effect_figures %}<div class="figure">{{ fig | safe }}</div>{% endfor %}
  {% for tab in a.claim_tables %}{{ table(tab) }}{% endfor %}
{%- endmacro -%}
{%- macro diff_block(d, h) -%}
  <h{{ h }}>Comparison: {{ d.a }} against {{ d.b }}</h{{ h }}>
  <p>{{ d.sentence }}</p>
  {% for tab in d.tables %}{{ table(tab) }}{% endfor %}
{%- endmacro -%}
"""

#: What the audit blocks need besides the report's own style.
AUDIT_STYLE = """<style>.status-wins { color: #1e8449; font-weight: 600; }
.status-loses { color: #b03a2e; font-weight: 600; }
.status-tied { color: #b9770e; font-weight: 600; }
.caveat { background: #fef5e7; border-left: 4px solid #b9770e; padding: .5rem .8rem; }
blockquote { border-left: 3px solid #aab7b8; margin: .3rem 0; padding: .1rem .8rem;
             color: #34495e; }</style>"""

AUDIT_PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="foedus {{ version }}">
<title>{{ title }}</title>
{{ style | safe }}
{{ audit_style | safe }}
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
{% from 'audit' import verdict_block, claims_block, diff_block %}
<main>
{% for a in audits %}
<section id="verdict-{{ a.id }}">{{ verdict_block(a, 2) }}</section>
<section id="claims-{{ a.id }}">{{ claims_block(a, 2) }}</section>
{% endfor %}
{% if diff %}<section id="diff">{{ diff_block(diff, 2) }}</section>{% endif %}
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


def _fig(div: str, fig: Any) -> str:
    return str(pio.to_html(fig, include_plotlyjs=False, full_html=False, div_id=div,
                           config=PLOTLY_CONFIG, validate=True))


def _gap(s: dict[str, Any]) -> str:
    if s.get("gap") is None:
        return "—"
    return f"{s['gap']:+.3f} [{s['gap_lo']:+.3f}, {s['gap_hi']:+.3f}]"


def _verdict_tables(d: Mapping[str, Any]) -> list[Table]:
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


def _words(v: Any) -> str:
    """A selector or value in words (no JSON): ``{type: [a, b]}`` → ``type a or b``."""
    if isinstance(v, Mapping):
        return ", ".join(f"{k.replace('_', ' ')} {_words(x)}" for k, x in v.items())
    if isinstance(v, list | tuple):
        return " or ".join(_words(x) for x in v) if v else "none"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def edit_text(e: Mapping[str, Any]) -> str:
    """One scenario edit of a claim side (as :func:`foedus.audit.audit` lists them) in
    words: scoped parameters, attribute edits of actors or commitments, policy changes."""
    if "parameter" in e:
        scope = "commitments" if "commitments" in e else "factions"
        size = (f"= {_words(e['value'])}" if e.get("value") is not None
                else f"× {_words(e.get('factor'))}")
        return f"{e['parameter']} {size} on the {scope} with {_words(e.get(scope, {}))}"
    if "set" in e:
        sets = ", ".join(f"{k.replace('_', ' ')} = {_words(v)}" for k, v in e["set"].items())
        return f"{sets} on {_words(e.get('select', {}))}"
    parts = [f"policy {_words(e.get('select', {}).get('id', '?'))}:"]
    if e.get("terms"):
        parts.append("terms " + ", ".join(f"{k.replace('_', ' ')} = {_words(v)}"
                                          for k, v in e["terms"].items()))
    if e.get("commitments") is not None:
        parts.append(f"commitments {_words(e['commitments'])}")
    return " ".join(parts)


def _claim_tables(d: Mapping[str, Any]) -> list[Table]:
    rows = []
    for c in d["claims_detail"]:
        for side in ("holds", "fails"):
            s = c[side]
            rows.append({"claim": c["id"], "side": side,
                         "parameters": "; ".join(f"{k} ~ {v}" for k, v in
                                                 s["parameters"].items()) or "—",
                         "scenario edits": "; ".join(edit_text(e) for e in s["edits"])
                                           or "—",
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


def _diff_tables(diff: Mapping[str, Any]) -> list[Table]:
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


def diff_sentence(diff: Mapping[str, Any]) -> str:
    """The comparison in one line."""
    n = len(diff["shared_parameters"])
    split = diff["split"]
    recs = "; ".join(f"{r['policy']} ({r['article']}) {r['own_world']} in its own world and "
                     f"{r['status']} in {r['in_world_of']}'s" for r in diff["recommendations"])
    return (f"The two articles set {n} parameter{'s' if n != 1 else ''} in common; their "
            f"worlds' best policies differ on {len(split)} of {len(diff['outcomes'])} outcomes"
            + (f" ({', '.join(split)})" if split else "") + "." + (f" {recs}." if recs else ""))


def audit_payloads(data: Any) -> tuple[list[dict[str, Any]], dict[str, Any] | None] | None:
    """The audits (and the comparison) in ``data`` if it is the JSON of ``foedus audit
    --json`` (one audit, or ``{"audits": [...], "diff": ...}`` for two); else ``None``."""
    if not isinstance(data, Mapping):
        return None

    def one(d: Any) -> bool:
        return isinstance(d, Mapping) and all(
            k in d for k in ("claims_detail", "rankings", "effects", "objective"))

    if one(data):
        return [dict(data)], None
    audits = data.get("audits")
    if isinstance(audits, list) and audits and all(one(a) for a in audits):
        diff = data.get("diff")
        return [dict(a) for a in audits], dict(diff) if isinstance(diff, Mapping) else None
    return None


#: Renders a figure into the page: (div id, figure) → HTML.
FigureHtml = Callable[[str, Any], str]


def audit_items(payloads: Sequence[Mapping[str, Any]], prefix: str = "fig-audit",
                figure_html: FigureHtml | None = None
                ) -> tuple[list[dict[str, Any]], list[tuple[str, Any]]]:
    """What the audit blocks show of each payload (``foedus audit --json``), and the figures
    (div id, figure): the rankings of every world (a menu per outcome) and the heatmap of
    main effects on the audit's objective (a menu for the others). ``figure_html`` renders
    a figure (default: Plotly's own ``div`` and script, for the offline reports)."""
    render = figure_html or _fig
    items, figs = [], []
    for n, d in enumerate(payloads):
        worlds = fg.audit_worlds(d["rankings"], WORLD_LABELS, d["objective"])
        eff = fg.audit_effects(pd.DataFrame(d["effects"], columns=list(EFFECT_COLUMNS)),
                               d["objective"])
        here = [(f"{prefix}-worlds-{n}", worlds)]
        if eff is not None:
            here.append((f"{prefix}-effects-{n}", eff))
        figs += here
        html = {div: render(div, fig) for div, fig in here}
        items.append({
            "id": d["claims"], "article": d["article"], "conclusion": d["conclusion"],
            "warnings": d["warnings"], "design": d["design"],
            "cell_replications": d["cell_replications"], "replications": d["replications"],
            "claims": d["claims_detail"], "verdict_tables": _verdict_tables(d),
            "claim_tables": _claim_tables(d), "world_figures": [html[here[0][0]]],
            "effect_figures": [html[div] for div, _ in here[1:]]})
    return items, figs


def diff_item(diff: Mapping[str, Any]) -> dict[str, Any]:
    """What the comparison block shows."""
    return {"a": diff["a"], "b": diff["b"], "sentence": diff_sentence(diff),
            "tables": _diff_tables(diff)}


def environment() -> Environment:
    """A template environment with the report's parts and the audit blocks."""
    return Environment(autoescape=True, keep_trailing_newline=True,
                       loader=DictLoader({**PARTS, "audit": AUDIT_BLOCKS}))


FRAGMENT = r"""{% from 'audit' import verdict_block, claims_block, diff_block %}
{{ audit_style | safe }}
{% for a in audits %}{{ verdict_block(a, 3) }}{{ claims_block(a, 3) }}{% endfor %}
{% if diff %}{{ diff_block(diff, 3) }}{% endif %}
"""


def audit_fragment(data: Any, figure_html: FigureHtml | None = None, style: bool = True
                   ) -> tuple[str, list[tuple[str, Any]]] | None:
    """The audit-first blocks of ``data`` (the JSON of ``foedus audit --json``) as an HTML
    fragment (the run report's audit section, the web app's page of a stored audit), with
    its figures; ``None`` if ``data`` is not that JSON. ``style``: include the blocks'
    style (a page with its own stylesheet leaves it out)."""
    found = audit_payloads(data)
    if found is None:
        return None
    payloads, diff = found
    items, figs = audit_items(payloads, figure_html=figure_html)
    html = environment().from_string(FRAGMENT).render(
        audits=items, diff=None if diff is None else diff_item(diff),
        audit_style=AUDIT_STYLE if style else "")
    return html, figs


class AuditReport:
    """Assemble the audit-first report of one or two audits (see module): audit results, or
    their JSON (``foedus audit --json``, a stored audit's payload)."""

    def __init__(self, audits: Sequence[AuditResult | Mapping[str, Any]],
                 diff: Mapping[str, Any] | None = None,
                 provenance: Mapping[str, Any] | None = None) -> None:
        self.audits = [a.to_dict() if isinstance(a, AuditResult) else dict(a) for a in audits]
        self.diff = None if diff is None else dict(diff)
        self.provenance = {str(k): str(v) for k, v in (provenance or {}).items()}

    def build(self, generated: datetime | None = None) -> AuditReport:
        """Render; sets ``html_``."""
        from plotly.offline import get_plotlyjs

        payload = self.audits
        first = payload[0]
        items, _ = audit_items(payload, "fig")
        when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S UTC")
        prov = [("foedus version", first["version"]), ("scenario", first["scenario"]),
                ("lens", first["lens"]), ("seed", str(first["seed"])), ("generated", when)]
        for d in payload:
            cid = d["claims"]
            prov += [(f"claims file {cid} (SHA-256)", d["claims_sha256"]),
                     (f"{cid}: design", f"{d['design']}; {d['cell_replications']:,} "
                                        f"per cell, {d['replications']:,} per world")]
            art = d["article"]
            if art.get("url"):
                prov.append((f"{cid}: quotes checked against",
                             f"{art['url']}" + (f" on {art['accessed']}"
                                                if art.get("accessed") else "")))
        prov += list(self.provenance.items())
        ids = " vs ".join(d["claims"] for d in payload)
        self.html_ = environment().from_string(AUDIT_PAGE).render(
            title=f"Claim audit · {ids} · {first['scenario']}", scenario=first["scenario"],
            lens=first["lens"], seed=first["seed"], version=first["version"],
            generated=when,
            audits=items, diff=None if self.diff is None else diff_item(self.diff),
            prov=prov, style=STYLE, audit_style=AUDIT_STYLE, plotlyjs=get_plotlyjs(),
            payload=json.dumps({"audits": payload, "diff": self.diff},
                               allow_nan=False).replace("</", "<\\/"))
        return self

    def write(self, path: Path) -> Path:
        """Write ``html_`` atomically."""
        return write_atomic(path, self.html_)
