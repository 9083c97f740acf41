"""The HTML template of the report (kept in Python so it ships with the package)."""

from __future__ import annotations

PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="foedus {{ prov.version }}">
<title>{{ title }}</title>
<style>
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
</style>
<script type="text/javascript">{{ plotlyjs | safe }}</script>
</head>
<body>
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
<main>
<section id="overview">
  <h2>Overview</h2>
  {% if scenario.description %}<p>{{ scenario.description }}</p>{% endif %}
  <p><b>Lens {{ prov.lens }}</b>: {{ lens_description }}</p>
  <p class="note">Every probability carries a 95 % interval (Wilson for proportions, normal
  for the mean months of peace); a dash marks an outcome whose denominator is empty.
  Survival curves are Kaplan–Meier estimates with log(−log) bands.</p>
  <div class="scroll"><table>
    <thead><tr><th>policy</th>{% for k in outcome_keys %}<th>{{ outcome_labels[k] }}</th>
    {% endfor %}</tr></thead>
    <tbody>{% for row in summary %}<tr><td>{{ row.policy }}</td>
      {% for cell in row.cells %}<td class="num">{{ cell }}</td>{% endfor %}</tr>
    {% endfor %}</tbody>
  </table></div>
</section>
{% for sec in figure_sections %}
<section id="{{ sec.id }}">
  <h2>{{ sec.title }}</h2>
  {% if sec.note %}<p class="note">{{ sec.note }}</p>{% endif %}
  {% for fig in sec.figures %}<div class="figure">{{ fig | safe }}</div>{% endfor %}
  {% for tab in sec.tables %}
    {% if tab.title %}<h3>{{ tab.title }}</h3>{% endif %}
    <div class="scroll"><table>
      <thead><tr>{% for c in tab.columns %}<th>{{ c }}</th>{% endfor %}</tr></thead>
      <tbody>{% for r in tab.rows %}<tr>{% for v in r %}
        <td{% if v.num %} class="num"{% endif %}>{{ v.text }}</td>{% endfor %}</tr>
      {% endfor %}</tbody>
    </table></div>
  {% endfor %}
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
<script id="foedus-result" type="application/json">{{ result_json | safe }}</script>
</body>
</html>
"""
