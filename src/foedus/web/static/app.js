// foedus web app: draw the figures embedded in each page, and update What-if in place.
"use strict";

var PLOT_CONFIG = {displaylogo: false, responsive: true, toImageButtonOptions: {format: "png", scale: 2}};

// draw (or redraw) a chart, with its PNG button and its numbers as a table
function plot(div, fig) {
  return Plotly.react(div, fig.data, fig.layout, PLOT_CONFIG).then(function () {
    pngButton(div);
    describeChart(div);
    div.dataset.drawn = "1";
  });
}

function drawFigures(root) {
  (root || document).querySelectorAll("script.figure").forEach(function (el) {
    var target = document.getElementById(el.dataset.target);
    if (!target || typeof Plotly === "undefined") { return; }
    plot(target, JSON.parse(el.textContent));
  });
}

function csrfToken() {
  var f = document.querySelector("input[name=csrf_token]");
  return f ? f.value : "";
}

function postJson(url, body) {
  return fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "X-CSRF-Token": csrfToken()},
                     body: JSON.stringify(body)})
    .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, j: j}; }); });
}

function cell(tag, text, cls) {
  var x = document.createElement(tag);
  if (cls) { x.className = cls; }
  x.textContent = text;
  return x;
}

function fillSingle(j) {
  var table = document.getElementById("outcomes");
  var head = table.querySelector("thead tr");
  var cols = Object.keys(j.result.policies);
  head.innerHTML = "";
  head.appendChild(cell("th", "outcome"));
  cols.forEach(function (c) { head.appendChild(cell("th", c === "lens" ? "lens priors" : "your assumptions")); });
  var tbody = table.querySelector("tbody");
  tbody.innerHTML = "";
  j.rows.forEach(function (row) {
    var tr = document.createElement("tr");
    tr.dataset.key = row.key;
    tr.appendChild(cell("td", row.label));
    row.cells.forEach(function (c) { tr.appendChild(cell("td", c.text, "num")); });
    tbody.appendChild(tr);
  });
  plot(document.getElementById("fig-survival"), j.figures.survival);
}

function fillEvery(j) {
  var tbody = document.querySelector("#outcomes tbody");
  tbody.innerHTML = "";
  j.rows.forEach(function (row) {
    var tr = document.createElement("tr");
    tr.dataset.key = row.key;
    tr.appendChild(cell("th", row.label));
    tr.lastChild.scope = "row";
    row.cells.forEach(function (c) {
      var td = cell("td", "", "num");
      if (c.yours === null) { td.textContent = c.lens; } else {
        td.appendChild(cell("span", c.lens, "was"));
        td.appendChild(document.createElement("br"));
        td.appendChild(document.createTextNode("→ " + c.yours));
        td.appendChild(document.createElement("br"));
        td.appendChild(cell("span", c.change, c.clear ? "clear" : "noise"));
      }
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
  });
  var rb = document.querySelector("#ranking tbody");
  rb.innerHTML = "";
  j.ranking_rows.forEach(function (r) {
    var tr = document.createElement("tr");
    tr.dataset.key = r.key;
    if (r.changed) { tr.className = "changed"; }
    tr.appendChild(cell("td", r.label));
    tr.appendChild(cell("td", r.lens));
    tr.appendChild(cell("td", r.yours === null ? "— (fix an assumption)" : r.yours));
    tr.appendChild(cell("td", r.changed ? "yes" : (r.yours === null ? "—" : "no")));
    rb.appendChild(tr);
  });
}

function tornado() {
  var form = document.getElementById("tornado-form");
  var main = document.getElementById("whatif-form");
  if (!form || !main) { return; }
  var seq = 0;
  function run() {
    var status = document.getElementById("tornado-status");
    var body = {scenario: form.dataset.scenario, policy: form.tpolicy.value, outcome: form.toutcome.value,
                lens: main.lens.value, replications: parseInt(main.replications.value, 10) || null,
                seed: main.seed.value === "" ? null : parseInt(main.seed.value, 10)};
    var mine = ++seq;
    status.textContent = "computing the swings…";
    status.dataset.state = "busy";
    postJson("/api/tornado", body).then(function (res) {
      if (mine !== seq) { return; }
      if (!res.ok) { status.textContent = "error: " + res.j.error; status.dataset.state = "error"; return; }
      var j = res.j;
      plot(document.getElementById("fig-tornado"), j.figure);
      var tb = document.querySelector("#tornado-table tbody");
      tb.innerHTML = "";
      j.rows.forEach(function (r) {
        var tr = document.createElement("tr");
        tr.appendChild(cell("td", r.label));
        tr.appendChild(cell("td", r.range));
        tr.appendChild(cell("td", r.at_low, "num"));
        tr.appendChild(cell("td", r.at_high, "num"));
        tr.appendChild(cell("td", r.swing, "num"));
        tb.appendChild(tr);
      });
      status.textContent = j.bars.length + " swings of " + j.replications.toLocaleString("en") +
        " replications each · computed in " + j.elapsed_s + " s";
      status.dataset.state = "done";
    }).catch(function (e) { status.textContent = "error: " + e; status.dataset.state = "error"; });
  }
  form.addEventListener("change", run);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  run();
}

function whatif() {
  var form = document.getElementById("whatif-form");
  if (!form) { return; }
  var timer = null;
  var seq = 0;
  form.querySelectorAll("input[type=range]").forEach(function (r) {
    r.addEventListener("input", function () {
      document.getElementById("out_" + r.id).value = r.value;
      document.getElementById("fix_" + r.id).checked = true;
    });
  });
  function run() {
    var every = form.policy.value === "all";
    if (every !== (form.dataset.every === "1")) { form.submit(); return; }  // the other layout
    var body = {scenario: form.dataset.scenario, policy: every ? null : form.policy.value, lens: form.lens.value,
                replications: parseInt(form.replications.value, 10) || null,
                seed: form.seed.value === "" ? null : parseInt(form.seed.value, 10),
                assumptions: {}};
    form.querySelectorAll("input[type=range]").forEach(function (r) {
      if (document.getElementById("fix_" + r.id).checked) { body.assumptions[r.id] = parseFloat(r.value); }
    });
    var mine = ++seq;
    var status = document.getElementById("status");
    status.textContent = "computing…";
    status.dataset.state = "busy";
    postJson("/api/whatif", body)
      .then(function (res) {
        if (mine !== seq) { return; }
        if (!res.ok) { status.textContent = "error: " + res.j.error; status.dataset.state = "error"; return; }
        var j = res.j;
        if (every) { fillEvery(j); } else { fillSingle(j); }
        var reps = every ? j.lens.replications : j.result.replications;
        status.textContent = reps.toLocaleString("en") + " replications per run · computed in " + j.elapsed_s + " s";
        status.dataset.state = "done";
        var params = new URLSearchParams(new FormData(form));
        history.replaceState(null, "", "?" + params.toString());
      })
      .catch(function (e) { status.textContent = "error: " + e; status.dataset.state = "error"; });
  }
  form.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "lens") { form.submit(); return; }  // other priors, other sliders
    clearTimeout(timer); timer = setTimeout(run, 250);
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
}

function apiDocs() {
  var el = document.getElementById("swagger-ui");
  if (el && typeof SwaggerUIBundle !== "undefined") {
    SwaggerUIBundle({url: el.dataset.url, dom_id: "#swagger-ui", validatorUrl: null, deepLinking: true});
  }
}

function followJob() {
  var el = document.getElementById("job");
  if (!el) { return; }
  function poll() {
    fetch("/api/jobs/" + el.dataset.id).then(function (r) { return r.json(); }).then(function (j) {
      var bar = document.getElementById("job-progress");
      bar.max = j.total; bar.value = j.done;
      bar.textContent = (100 * j.progress).toFixed(1) + " %";
      document.getElementById("job-status").textContent = j.state + " · " + j.done.toLocaleString("en") +
        " of " + j.total.toLocaleString("en") + (j.elapsed_s === null ? "" : " · " + j.elapsed_s + " s");
      el.dataset.state = j.state;
      if (j.state === "failed") {
        var e = document.getElementById("job-error"); e.textContent = j.error; e.hidden = false; return;
      }
      if (j.state === "done") {
        document.getElementById("job-link").href = j.result_url || "#";
        document.getElementById("job-result").hidden = false;
        if (j.result_url) { window.location.assign(j.result_url); }
        return;
      }
      setTimeout(poll, 700);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  if (el.dataset.state === "done" || el.dataset.state === "failed") { return; }
  poll();
}

function autosubmit() {
  document.querySelectorAll("select.autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
}

document.addEventListener("DOMContentLoaded", function () { tableExports(); scrollRegions(); drawFigures(); whatif(); tornado(); apiDocs(); followJob(); autosubmit(); });
