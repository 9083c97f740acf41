"""The one-page policy brief of a comparison: HTML, and PDF printed from it.

::

    brief = Brief(context=stored_context(store, sid, lens)).build(doc, result)
    brief.html_                    # one self-contained page (Plotly inlined)
    brief.pdf()                    # bytes, printed by headless Chromium (foedus.report.pdf)

The page holds, on one A4 sheet: the verdict's answer and main caveat (the
report's verdict, :func:`foedus.study.verdict.verdict`, with the same stored
context), the key chart (the policies ranked on the headline outcome with their
95 % intervals, its numbers in a table beside it), the best policy per outcome,
the lens's validity checks, the other caveats and the provenance (version,
scenario hash, lens, seed, replications); a page taller than the sheet is
shrunk to fit it. Its tables and chart are those of
the HTML report (:mod:`foedus.report.html`), laid out for print.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import plotly.io as pio

from foedus.report import figures as fg
from foedus.report.html import _environment, verdict_tables
from foedus.report.pdf import html_to_pdf
from foedus.scenario.loader import Document
from foedus.store.hashing import scenario_hash
from foedus.study.result import Result
from foedus.study.verdict import Verdict, verdict

#: Caveats beyond the main one that fit on the page.
MORE_CAVEATS = 3

BRIEF = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
@page { size: A4; margin: 11mm 12mm; }
body { font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 8.6pt; color: #1c2833;
       margin: 0; line-height: 1.3; }
h1 { font-size: 14pt; margin: 0 0 2pt 0; }
h2 { font-size: 10pt; margin: 7pt 0 3pt 0; border-bottom: 1px solid #d5dbdb; }
p { margin: 3pt 0; }
.sub { color: #4d5656; }
.answer { font-size: 10.5pt; }
.caveat { background: #fef5e7; border-left: 3pt solid #b9770e; padding: 3pt 6pt; }
table { border-collapse: collapse; width: 100%; font-size: 7.6pt; }
th, td { border-bottom: 1px solid #eaecee; padding: 1.5pt 3pt; text-align: left;
         vertical-align: top; }
th { background: #f4f6f6; }
td.num { text-align: right; }
.two { display: grid; grid-template-columns: 55% 45%; gap: 8pt; align-items: start; }
ul { margin: 2pt 0; padding-left: 14pt; }
.prov { font-size: 7pt; color: #4d5656; word-break: break-all; }
.note { font-size: 7.2pt; color: #4d5656; }
h3 { display: none; }
</style>
<script>{{ plotlyjs | safe }}</script>
</head>
<body>
{% from 'table' import table %}
<h1>{{ scenario.name }} — policy brief</h1>
<p class="sub">Lens <b>{{ v.lens }}</b> · {{ "{:,}".format(v.replications) }} replications per
policy · seed {{ v.seed }} · {{ horizon }} months · {{ mode }} · {{ generated }}</p>
<h2>Verdict</h2>
<p class="answer"><b>{{ v.answer }}</b></p>
{% if v.main_caveat %}<p class="caveat"><b>Main caveat:</b> {{ v.main_caveat }}</p>{% endif %}
<h2>{{ v.headline.label }} by policy</h2>
<div class="two"><div id="key-chart">{{ chart | safe }}</div>
<div>{{ table(ranking) }}</div></div>
<h2>Best policy per outcome</h2>
{{ table(best) }}
<h2>Validity of the lens {{ v.lens }}</h2>
<ul>{% for c in v.validity %}<li>{{ c.name }}: <b>{{ c.status }}</b> — {{ c.summary }}{% if
  c.status == "not run" %} (run <code>{{ c.command }}</code>){% endif %}</li>{% endfor %}</ul>
{% if caveats %}<h2>Other caveats</h2><ul>{% for c in caveats %}<li>{{ c }}</li>{% endfor %}
{% if more %}<li>{{ more }} more in the full report.</li>{% endif %}</ul>{% endif %}
<p class="note">{{ pairing }}</p>
<h2>Provenance</h2>
<p class="prov">{% for k, val in prov %}<b>{{ k }}</b> {{ val }}{% if not loop.last %} ·
{% endif %}{% endfor %}</p>
<script>
// one sheet: shrink the page to the printable height of A4 (297 mm less the margins)
window.addEventListener("load", function () {
  var avail = (297 - 22) * 96 / 25.4 - 4;
  var h = document.documentElement.scrollHeight;
  if (h > avail) { document.body.style.zoom = String(Math.floor(1000 * avail / h) / 1000); }
});
</script>
</body>
</html>
"""


class Brief:
    """Build the one-page policy brief of a comparison (see module docstring).

    Parameters
    ----------
    context : mapping or None
        What qualifies the verdict, as in :class:`foedus.report.html.HtmlReport`.
    extra_provenance : mapping or None
        More provenance (e.g. the results store's record id).
    """

    def __init__(self, context: Mapping[str, Any] | None = None,
                 extra_provenance: Mapping[str, Any] | None = None) -> None:
        self.context = dict(context or {})
        self.extra_provenance = dict(extra_provenance or {})

    def build(self, doc: Document, result: Result, generated: datetime | None = None
              ) -> Brief:
        """Build the page; sets ``verdict_``, ``figure_`` and ``html_``."""
        from plotly.offline import get_plotlyjs

        v: Verdict = verdict(result, **self.context)
        when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
        h = v.headline
        kind = h.best.estimate.kind if h.best is not None else "p"
        fig = fg.headline_ranking(h.standings, h.label, kind)
        fig.update_layout(width=380)
        chart = pio.to_html(fig, include_plotlyjs=False, full_html=False, div_id="fig-key",
                            config={"staticPlot": True}, validate=True)
        best, ranking = (dataclasses.replace(t, csv="", title="")
                         for t in verdict_tables(v))
        s = doc.scenario
        prov = [("foedus", result.version), ("scenario", s.id),
                ("scenario hash (SHA-256)", scenario_hash(s)), ("lens", v.lens),
                ("seed", str(v.seed)), ("replications per policy", f"{v.replications:,}"),
                ("policies", ", ".join(result.policies)), ("generated", when)]
        prov += [(str(k), str(x)) for k, x in self.extra_provenance.items()]
        rest = list(v.caveats[1:])
        self.verdict_ = v
        self.figure_ = fig
        self.html_ = _environment().from_string(BRIEF).render(
            title=f"{s.name} · policy brief · foedus", scenario=s, v=v, chart=chart,
            ranking=ranking, best=best, caveats=rest[:MORE_CAVEATS],
            more=max(0, len(rest) - MORE_CAVEATS), pairing=v.pairing, prov=prov,
            horizon=result.horizon_months, generated=when,
            mode="prior means" if result.fixed else "parameters drawn from the priors",
            plotlyjs=get_plotlyjs())
        return self

    def pdf(self) -> bytes:
        """The page printed to PDF (raises :class:`foedus.report.pdf.NoRendererError` without
        a browser)."""
        return html_to_pdf(self.html_)
