// foedus web app: draw the figures embedded in each page, and update What-if in place.
"use strict";

function drawFigures(root) {
  (root || document).querySelectorAll("script.figure").forEach(function (el) {
    var target = document.getElementById(el.dataset.target);
    if (!target || typeof Plotly === "undefined") { return; }
    var fig = JSON.parse(el.textContent);
    Plotly.newPlot(target, fig.data, fig.layout, {displaylogo: false, responsive: true});
  });
}

function csrfToken() {
  var f = document.querySelector("input[name=csrf_token]");
  return f ? f.value : "";
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
    var body = {scenario: form.dataset.scenario, policy: form.policy.value, lens: form.lens.value,
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
    fetch("/api/whatif", {method: "POST", headers: {"Content-Type": "application/json", "X-CSRF-Token": csrfToken()},
                          body: JSON.stringify(body)})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, j: j}; }); })
      .then(function (res) {
        if (mine !== seq) { return; }
        if (!res.ok) { status.textContent = "error: " + res.j.error; status.dataset.state = "error"; return; }
        var j = res.j;
        var table = document.getElementById("outcomes");
        var head = table.querySelector("thead tr");
        var cols = Object.keys(j.result.policies);
        head.innerHTML = "<th>outcome</th>" + cols.map(function (c) {
          return "<th>" + (c === "lens" ? "lens priors" : "your assumptions") + "</th>"; }).join("");
        var tbody = table.querySelector("tbody");
        tbody.innerHTML = "";
        j.rows.forEach(function (row) {
          var tr = document.createElement("tr");
          tr.dataset.key = row.key;
          var td = document.createElement("td"); td.textContent = row.label; tr.appendChild(td);
          row.cells.forEach(function (c) {
            var x = document.createElement("td"); x.className = "num"; x.textContent = c.text; tr.appendChild(x);
          });
          tbody.appendChild(tr);
        });
        var fig = j.figures.survival;
        Plotly.react(document.getElementById("fig-survival"), fig.data, fig.layout, {displaylogo: false, responsive: true});
        status.textContent = j.result.replications.toLocaleString("en") + " replications per run · computed in " + j.elapsed_s + " s";
        status.dataset.state = "done";
        var params = new URLSearchParams(new FormData(form));
        history.replaceState(null, "", "?" + params.toString());
      })
      .catch(function (e) { status.textContent = "error: " + e; status.dataset.state = "error"; });
  }
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
}

function autosubmit() {
  document.querySelectorAll("select.autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
}

document.addEventListener("DOMContentLoaded", function () { drawFigures(); whatif(); autosubmit(); });
