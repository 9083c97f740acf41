"""Exports of the report: every chart's PNG and numbers (a table with CSV), and the
one-page PDF policy brief printed by headless Chromium (a clear error without it).

The browser parts need Playwright for Python and Debian's Chromium at /usr/bin/chromium
(``make test`` installs it); skipped otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from foedus.report.brief import Brief
from foedus.report.html import HtmlReport
from foedus.report.pdf import NoRendererError, find_renderer, page_count
from foedus.scenario.loader import Document
from foedus.study.result import Result
from tests.chromium import chromium, needs_chromium

browser_only = needs_chromium


def test_brief_names_the_answer_and_its_provenance(july: Document, july_result: Result
                                                   ) -> None:
    b = Brief(extra_provenance={"results store record": 7}).build(july, july_result)
    assert b.verdict_.answer in b.html_
    assert b.verdict_.main_caveat.split("'")[0] in b.html_
    for policy in july_result.policies:
        assert policy in b.html_
    assert "scenario hash (SHA-256)" in b.html_ and "results store record" in b.html_
    assert "@page { size: A4" in b.html_
    ranked = [t.name for t in b.figure_.data]
    assert ranked[0] == "best"


def test_no_renderer_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path
                                      ) -> None:
    monkeypatch.delenv("FOEDUS_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(NoRendererError, match="apt-get install chromium"):
        find_renderer()
    monkeypatch.setenv("FOEDUS_CHROMIUM", str(tmp_path / "nope"))
    with pytest.raises(NoRendererError, match="FOEDUS_CHROMIUM"):
        find_renderer()


@browser_only
@pytest.mark.parametrize("sid", ["july-1914", "ukraine-2025"])
def test_brief_prints_on_one_page(sid: str, tmp_path: Path) -> None:
    from foedus.negotiation.policy import with_negotiated
    from foedus.scenario.library import load
    from foedus.study.simulation import Simulation

    doc = with_negotiated(load(sid))
    result = Simulation(replications=1000, seed=5).run(doc).result_
    pdf = Brief().build(doc, result).pdf()
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == 1


@browser_only
def test_report_charts_have_png_and_numbers(july: Document, july_result: Result,
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    rep = HtmlReport().build(july, july_result)
    page_file = rep.write(tmp_path / "report.html")
    blocked: list[str] = []
    problems: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with chromium(monkeypatch) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000},
                                accept_downloads=True)
        page.route("**/*", route)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(page_file.resolve().as_uri())
        page.wait_for_function("document.querySelectorAll('details.chart-data').length"
                               f" === {len(rep.figures_)}")
        n_rows = page.eval_on_selector_all(
            "details.chart-data table", "ts => ts.map(t => t.querySelectorAll("
            "'tbody tr').length)")
        assert all(n > 0 for n in n_rows), n_rows
        labels = page.eval_on_selector_all(".js-plotly-plot[role=figure]",
                                           "els => els.map(e => e.ariaLabel)")
        assert len(labels) == len(rep.figures_)
        with page.expect_download() as dl:
            page.click("button.png[data-chart=fig-survival]")
        png = Path(dl.value.path()).read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 5_000
        assert dl.value.suggested_filename == "july-1914-evidence-survival.png"
        page.click("details[data-chart=fig-survival] summary")
        with page.expect_download() as dl:
            page.click("details[data-chart=fig-survival] button.csv")
        text = Path(dl.value.path()).read_text(encoding="utf-8")
        assert text.splitlines()[0].startswith("series,month,")
        assert len(text.splitlines()) > 10
    assert problems == [] and blocked == []
