"""The HTML template of the report (kept in Python so it ships with the package)."""

from __future__ import annotations

#: The table macro (a table with its CSV download), shared by the report and the web app.
TABLE = r"""{%- macro table(tab) -%}
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
"""

#: The verdict section (the answer, its main caveat, validity, the ranking tables), shared
#: by the report and the web app's Compare page; needs ``verdict``, ``verdict_tables``
#: and ``pairing``.
VERDICT = r"""{% from 'table' import table %}
{% if verdict %}
<section id="verdict">
  <h2>Verdict</h2>
  <p class="answer"><b>{{ verdict.answer }}</b></p>
  {% if verdict.main_caveat %}<p class="caveat"><b>Main caveat:</b>
    {{ verdict.main_caveat }}</p>{% endif %}
  <div class="validity"><b>Validity of the lens {{ verdict.lens }}</b><ul>
  {% for c in verdict.validity %}<li class="{{ c.status.replace(' ', '') }}">{{ c.name }}:
    <b>{{ c.status }}</b> — {{ c.summary }}{% if c.status == "not run" %}; run
    <code>{{ c.command }}</code>{% elif c.record is not none %} (stored run
    {{ c.record }}){% endif %}</li>{% endfor %}</ul></div>
  {% for tab in verdict_tables %}{{ table(tab) }}{% endfor %}
  {% if verdict.caveats | length > 1 %}<h3>Other caveats</h3><ul>
  {% for c in verdict.caveats[1:] %}<li>{{ c }}</li>{% endfor %}</ul>{% endif %}
  <p class="note">{{ pairing }}</p>
</section>
{% endif %}
"""

#: Templates the page includes, by name (a :class:`jinja2.DictLoader` mapping).
PARTS: dict[str, str] = {"table": TABLE, "verdict": VERDICT}

PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="foedus {{ prov.version }}">
<title>{{ title }}</title>
<style>
html { scroll-padding-top: 3rem; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       color: #1c2833; background: #fafafa; line-height: 1.45; }
header { background: #1c2833; color: #fff; padding: 1.2rem 2rem; }
header h1 { margin: 0 0 .3rem 0; font-size: 1.6rem; }
header p { margin: .2rem 0; color: #d5dbdb; }
nav { padding: .6rem 2rem; background: #eaecee; font-size: .9rem; position: sticky; top: 0;
      z-index: 10; }
nav a { margin-right: 1rem; color: #1f618d; text-decoration: none; }
main { padding: 0 2rem 3rem 2rem; max-width: 1400px; }
section { background: #fff; margin: 1.2rem 0; padding: 1rem 1.4rem; border-radius: 6px;
          box-shadow: 0 1px 3px rgba(0,0,0,.08); }
h2 { margin-top: .3rem; font-size: 1.25rem; border-bottom: 1px solid #eaecee;
     padding-bottom: .3rem; }
h3 { font-size: 1.05rem; }
table { border-collapse: collapse; font-size: .82rem; width: 100%; }
th, td { border-bottom: 1px solid #eaecee; padding: .3rem .45rem; text-align: left;
         vertical-align: top; }
th { background: #f4f6f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.note { color: #566573; font-size: .88rem; }
.scroll { overflow-x: auto; }
dl.prov { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
dl.prov dt { font-weight: 600; }
dl.prov dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
.figure { margin: .6rem 0; }
a.csv { font-size: .8rem; margin-left: .4rem; }
button.export { font-size: .8rem; margin: .2rem .4rem .2rem 0; }
details.chart-data { margin: .2rem 0 .8rem; }
details.chart-data table { font-size: .78rem; }
details.chart-data summary { cursor: pointer; color: #1f618d; }
#verdict .answer { font-size: 1.15rem; margin: .4rem 0; }
#verdict .caveat { background: #fef5e7; border-left: 4px solid #b9770e; padding: .5rem .8rem; }
.validity { border: 1px solid #d5dbdb; border-radius: 4px; padding: .4rem .9rem;
            margin: .6rem 0; }
.validity li.ok::marker { content: "✓ "; }
.validity li.warning::marker { content: "⚠ "; }
.validity li.notrun::marker { content: "– "; }
</style>
<script type="text/javascript">{{ chartsjs | safe }}</script>
</head>
<body data-slug="{{ scenario.id }}-{{ prov.lens }}">
<header>
  <h1>{{ scenario.name }}</h1>
  <p>Scenario <code>{{ scenario.id }}</code> · lens <b>{{ prov.lens }}</b> ·
     {{ "{:,}".format(prov.replications) }} replications per policy · seed {{ prov.seed }} ·
     {{ prov.horizon_months }} months · {{ prov.mode }}</p>
  <p>Generated {{ prov.generated }} by foedus {{ prov.version }}</p>
</header>
<nav>
{% for sec in sections %}<a href="#{{ sec.id }}">{{ sec.title }}</a>{% endfor %}
</nav>
{% from 'table' import table %}
<main>
{% include 'verdict' %}
<section id="overview">
  <h2>Overview</h2>
  {% if scenario.description %}<p>{{ scenario.description }}</p>{% endif %}
  <p><b>Lens {{ prov.lens }}</b>: {{ lens_description }}</p>
  <p class="note">Every probability carries a 95 % interval (Wilson for proportions, normal
  for the mean months of peace); a dash marks an outcome whose denominator is empty.
  Survival curves are Kaplan–Meier estimates with log(−log) bands.</p>
  {{ table(summary) }}
</section>
{% for sec in figure_sections %}
<section id="{{ sec.id }}">
  <h2>{{ sec.title }}</h2>
  {% if sec.note %}<p class="note">{{ sec.note }}</p>{% endif %}
  {% if sec.html %}{{ sec.html | safe }}{% endif %}
  {% for fig in sec.figures %}<div class="figure">{{ fig | safe }}</div>{% endfor %}
  {% for tab in sec.tables %}{{ table(tab) }}{% endfor %}
  {% if sec.meta %}<dl class="prov">{% for k, v in sec.meta %}<dt>{{ k }}</dt>
    <dd>{{ v }}</dd>{% endfor %}</dl>{% endif %}
</section>
{% endfor %}
<section id="provenance">
  <h2>Provenance</h2>
  <dl class="prov">{% for k, v in prov_items %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>
  <p class="note">The result itself (the JSON of <code>foedus compare --json</code>) is
  embedded in this file as <code>&lt;script id="foedus-result"
  type="application/json"&gt;</code>.</p>
</section>
</main>
<script id="plotly-packed" type="application/gzip;base64">{{ plotly_packed }}</script>
<script>
// unpack Plotly (gzip, base64) with the browser's DecompressionStream, then draw every chart
(function () {
  var config = {{ plotly_config | safe }};
  function draw() {
    var drawn = Array.from(document.querySelectorAll("script.figure")).map(function (el) {
      var fig = JSON.parse(el.textContent);
      var div = document.getElementById(el.dataset.target);
      return Plotly.newPlot(div, fig.data, fig.layout, config);
    });
    Promise.all(drawn).then(function () { describeAll(); document.body.dataset.drawn = "1"; });
  }
  if (typeof DecompressionStream === "undefined") {
    document.querySelectorAll(".plotly-graph-div").forEach(function (d) {
      d.textContent = "This browser cannot unpack the charts (it lacks DecompressionStream); "
        + "their numbers are in the tables.";
    });
    return;
  }
  var bin = atob(document.getElementById("plotly-packed").textContent.trim());
  var bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text()
    .then(function (code) {
      var s = document.createElement("script");
      s.text = code;
      document.head.appendChild(s);
      draw();
    });
})();
</script>
<script id="foedus-result" type="application/json">{{ result_json | safe }}</script>
</body>
</html>
"""
