"""Open the report in headless Chromium with the network blocked: every chart renders.

Needs Playwright for Python and Debian's Chromium at /usr/bin/chromium (``make test``
installs it); skipped otherwise. The screenshot goes to ``$FOEDUS_TEST_ARTIFACTS``
if set, else to pytest's temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from foedus.report.html import HtmlReport
from foedus.scenario.loader import Document
from foedus.study.result import Result
from tests.chromium import chromium, needs_chromium

pytestmark = needs_chromium


def test_report_renders_offline(july: Document, july_result: Result, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    sens = {"method": "sobol", "parameters": [
        {"name": "q_target", "S1": {"estimate": 0.3, "lo": 0.2, "hi": 0.4},
         "ST": {"estimate": 0.5, "lo": 0.4, "hi": 0.6}}]}
    audit = [{"claim": "C1", "policy": p, "effect": 0.1 * i}
             for i, p in enumerate(july_result.policies)]
    rep = HtmlReport(sensitivity=sens, audit=audit).build(july, july_result)
    page_file = rep.write(tmp_path / "report.html")
    art = Path(os.environ.get("FOEDUS_TEST_ARTIFACTS") or tmp_path)
    art.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    problems: list[str] = []

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith("file://"):
            r.continue_()
        else:
            requests.append(url)
            r.abort()

    with chromium(monkeypatch) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", route)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error"
                else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(page_file.resolve().as_uri())
        page.wait_for_load_state("load")
        page.wait_for_selector("body[data-drawn='1']", timeout=30_000)
        plots = page.evaluate(
            "Array.from(document.querySelectorAll('.js-plotly-plot')).map(e => ({"
            "id: e.id, traces: (e._fullData || []).length, "
            "svg: e.querySelectorAll('.main-svg').length, "
            "width: e.querySelector('.main-svg').getBoundingClientRect().width, "
            "marks: e.querySelectorAll('.trace, .point, path.js-line, .hm image').length}))")
        page.screenshot(path=str(art / "report.png"), full_page=True)
    assert problems == [] and requests == []
    assert [x["id"] for x in plots] == [d for d, _ in rep.figures_]
    assert len(plots) == 6
    for x in plots:
        assert x["traces"] > 0 and x["svg"] >= 1 and x["width"] > 300 and x["marks"] > 0, x
    assert (art / "report.png").stat().st_size > 10_000
