// foedus scenario editor: cursor line, the parameter under the cursor, jump to an issue's line.
"use strict";

(function () {
  function lineStart(text, line) {
    var pos = 0;
    for (var k = 1; k < line; k++) {
      var nl = text.indexOf("\n", pos);
      if (nl < 0) { return text.length; }
      pos = nl + 1;
    }
    return pos;
  }

  function init() {
    var ta = document.getElementById("editor-text");
    if (!ta) { return; }
    var pos = document.getElementById("editor-pos");
    var tip = document.getElementById("editor-tip");
    var help = {};
    var helpEl = document.getElementById("param-help");
    if (helpEl) { help = JSON.parse(helpEl.textContent); }

    function update() {
      var before = ta.value.slice(0, ta.selectionStart);
      var line = before.split("\n").length;
      var col = before.length - before.lastIndexOf("\n");
      pos.textContent = "line " + line + ", column " + col;
      // the word at the cursor: a parameter's name shows its meaning, prior and source
      var text = ta.value, i = ta.selectionStart, a = i, b = i;
      while (a > 0 && /[A-Za-z0-9_]/.test(text[a - 1])) { a--; }
      while (b < text.length && /[A-Za-z0-9_]/.test(text[b])) { b++; }
      var word = text.slice(a, b);
      tip.textContent = Object.prototype.hasOwnProperty.call(help, word) ? help[word] : "";
    }

    function gotoLine(line) {
      var start = lineStart(ta.value, line);
      var end = ta.value.indexOf("\n", start);
      if (end < 0) { end = ta.value.length; }
      ta.focus();
      ta.setSelectionRange(start, end);
      var lh = parseFloat(getComputedStyle(ta).lineHeight) || 16;
      ta.scrollTop = Math.max(0, (line - 5) * lh);
      update();
    }

    ["keyup", "click", "input", "select", "focus"].forEach(function (ev) { ta.addEventListener(ev, update); });
    document.querySelectorAll("button.goto-line").forEach(function (btn) {
      btn.addEventListener("click", function () { gotoLine(parseInt(btn.dataset.line, 10)); });
    });
    var first = document.querySelector("button.goto-line");
    if (first) { gotoLine(parseInt(first.dataset.line, 10)); }
    document.querySelectorAll("#param-list code.param").forEach(function (el) {
      function show() { tip.textContent = help[el.dataset.name] || ""; }
      el.addEventListener("mouseenter", show);
      el.addEventListener("focus", show);
    });
  }

  document.addEventListener("DOMContentLoaded", init);
}());
