// foedus charts: a PNG button and a text alternative (the numbers as a table, with CSV)
// for every Plotly chart, and CSV of tables. Shared by the HTML report (inlined) and the
// web app (/vendor/charts.js). No network: images are drawn by Plotly in the page.
"use strict";

function el(tag, text, cls) {
  var x = document.createElement(tag);
  if (cls) { x.className = cls; }
  x.textContent = text;
  return x;
}

function slug(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

// the page's name for downloads: /compare/july-1914 -> compare-july-1914
function pageSlug() { return document.body.dataset.slug || slug(location.pathname) || "foedus"; }

function saveBlob(name, blob) {
  var a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function csvField(text) {
  var t = String(text).replace(/\s+/g, " ").trim();
  return /[",\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
}

// a table as CSV, as shown (header rows first), read when the button is pressed
function tableCsv(table) {
  return Array.from(table.querySelectorAll("tr")).map(function (tr) {
    return Array.from(tr.querySelectorAll("th, td")).map(function (c) { return csvField(c.innerText); }).join(",");
  }).join("\r\n") + "\r\n";
}

function tableName(table, i) {
  var cap = table.querySelector("caption");
  return table.id || (cap ? slug(cap.textContent) : "table-" + (i + 1));
}

// a "CSV" button before every table of the page (tables of the shared verdict part carry their own link)
function tableExports() {
  document.querySelectorAll("main table").forEach(function (table, i) {
    var holder = table.parentElement.classList.contains("scroll") ? table.parentElement : table;
    var prev = holder.previousElementSibling;
    if (prev && prev.querySelector("a.csv")) { return; }
    if (table.closest(".chart-data")) { return; }
    var name = tableName(table, i);
    var b = el("button", "CSV", "export csv");
    b.type = "button";
    b.setAttribute("aria-label", "Download the table " + name.replace(/-/g, " ") + " as CSV");
    b.dataset.table = name;
    b.addEventListener("click", function () {
      saveBlob(pageSlug() + "-" + name + ".csv", new Blob([tableCsv(table)], {type: "text/csv;charset=utf-8"}));
    });
    holder.parentElement.insertBefore(b, holder);
  });
}

// where the chart's buttons and table go: around Plotly's fixed-height wrapper when it has one
function anchorOf(div) {
  var p = div.parentElement;
  return p && p.style.height && p.children.length <= 3 && !p.id ? p : div;
}

function figTitle(div) {
  var t = div.layout && div.layout.title;
  return (t && (t.text || t)) || div.id.replace(/^fig-/, "").replace(/-/g, " ");
}

function values(a) { return a === undefined || a === null ? [] : Array.from(a); }

function fmt(v) {
  if (typeof v === "number") { return Math.abs(v) < 1 && v !== 0 ? v.toPrecision(3) : String(Math.round(v * 1000) / 1000); }
  return v === undefined || v === null ? "" : String(v);
}

// the chart's numbers as a table: one row per point of every trace that carries data
function chartRows(div) {
  var rows = [];
  (div._fullData || []).forEach(function (t) {
    if (t.visible === false || t.hoverinfo === "skip") { return; }
    var x = values(t.x), y = values(t.y), text = values(t.hovertext && t.hovertext.length ? t.hovertext : t.text);
    var ex = t.error_x && t.error_x.visible ? t.error_x : null, ey = t.error_y && t.error_y.visible ? t.error_y : null;
    var err = ey || ex, along = ey ? y : x;
    var plus = err ? values(err.array) : [], minus = err ? values(err.symmetric ? err.array : err.arrayminus) : [];
    var n = Math.max(x.length, y.length);
    for (var i = 0; i < n && rows.length < 2000; i++) {
      var r = [t.name || "", fmt(x[i]), fmt(y[i])];
      if (err) { r.push(fmt(along[i] - (minus[i] || 0)), fmt(along[i] + (plus[i] || 0))); } else { r.push("", ""); }
      r.push(typeof text[i] === "string" ? text[i].replace(/<[^>]*>/g, " ") : "");
      rows.push(r);
    }
  });
  return rows;
}

// the text alternative of a chart: its numbers in a table under it, kept up to date
function describeChart(div) {
  var title = figTitle(div);
  div.setAttribute("role", "figure");  // a figure may hold Plotly's buttons; an img may not
  div.setAttribute("aria-label", title + " (chart; its numbers are in the table below it)");
  var at = anchorOf(div);
  var box = at.nextElementSibling && at.nextElementSibling.classList.contains("chart-data") ? at.nextElementSibling : null;
  if (!box) {
    box = document.createElement("details");
    box.className = "chart-data";
    box.dataset.chart = div.id;
    box.appendChild(el("summary", "The chart's numbers (table)"));
    at.parentElement.insertBefore(box, at.nextSibling);
  }
  var rows = chartRows(div);
  var head = ["series", div._fullLayout && div._fullLayout.xaxis && div._fullLayout.xaxis.title ? (div._fullLayout.xaxis.title.text || "x") : "x",
              div._fullLayout && div._fullLayout.yaxis && div._fullLayout.yaxis.title ? (div._fullLayout.yaxis.title.text || "y") : "y",
              "95 % interval from", "to", "note"];
  var keep = head.map(function (_, j) { return rows.some(function (r) { return r[j] !== ""; }); });
  var table = document.createElement("table");
  table.className = "grid";
  table.id = div.id + "-data";
  table.appendChild(el("caption", "The numbers of the chart: " + title));
  var tr = document.createElement("tr");
  head.forEach(function (h, j) { if (keep[j]) { var th = el("th", h); th.scope = "col"; tr.appendChild(th); } });
  var thead = document.createElement("thead"); thead.appendChild(tr); table.appendChild(thead);
  var tbody = document.createElement("tbody");
  rows.forEach(function (r) {
    var row = document.createElement("tr");
    r.forEach(function (v, j) { if (keep[j]) { row.appendChild(el("td", v, j > 0 && j < 5 ? "num" : "")); } });
    tbody.appendChild(row);
  });
  table.appendChild(tbody);
  var old = box.querySelector("table");
  var b = box.querySelector("button.csv");
  if (!b) {
    b = el("button", "CSV", "export csv");
    b.type = "button";
    b.setAttribute("aria-label", "Download the numbers of the chart " + title + " as CSV");
    b.addEventListener("click", function () {
      saveBlob(pageSlug() + "-" + div.id.replace(/^fig-/, "") + "-data.csv",
               new Blob([tableCsv(box.querySelector("table"))], {type: "text/csv;charset=utf-8"}));
    });
    box.appendChild(b);
  }
  if (old) { old.replaceWith(table); } else { box.appendChild(table); }
}

// a "PNG" button before every chart (Plotly draws the image in the page: no network)
function pngButton(div) {
  var at = anchorOf(div);
  var prev = at.previousElementSibling;
  if (prev && prev.classList.contains("png")) { return; }
  var b = el("button", "PNG", "export png");
  b.type = "button";
  b.setAttribute("aria-label", "Download the chart " + figTitle(div) + " as PNG");
  b.addEventListener("click", function () {
    Plotly.downloadImage(div, {format: "png", scale: 2, filename: pageSlug() + "-" + div.id.replace(/^fig-/, "")});
  });
  b.dataset.chart = div.id;
  at.parentElement.insertBefore(b, at);
}

// a table that scrolls sideways can be reached and scrolled with the keyboard
function scrollRegions() {
  document.querySelectorAll(".scroll").forEach(function (s) {
    if (s.hasAttribute("tabindex")) { return; }
    s.tabIndex = 0;
    s.setAttribute("role", "region");
    var cap = s.querySelector("caption");
    var prev = s.previousElementSibling;
    var name = cap ? cap.textContent : (prev && /^H[1-6]$/.test(prev.tagName) ? prev.textContent : "table");
    s.setAttribute("aria-label", name + " (scrolls sideways)");
  });
}

// in a page without the web app: every drawn chart gets its PNG button and numbers
function describeAll() {
  scrollRegions();
  document.querySelectorAll(".js-plotly-plot").forEach(function (div) {
    if (div.dataset.drawn === "1" || !div._fullData) { return; }
    pngButton(div); describeChart(div); div.dataset.drawn = "1";
  });
}
