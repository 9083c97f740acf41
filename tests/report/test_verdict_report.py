"""The report leads with the verdict; every table has a CSV download; percent axes."""

from __future__ import annotations

import io
import re
import urllib.parse

import pandas as pd

from foedus.report.figures import percent_tickformat, policy_comparison
from foedus.report.html import HtmlReport
from foedus.scenario.loader import Document
from foedus.study.result import Result


def test_verdict_comes_first_and_names_a_best_policy(july: Document,
                                                     july_result: Result) -> None:
    page = HtmlReport().build(july, july_result).html_
    body = page[page.index("<main>"):]
    assert body.index('id="verdict"') < body.index('id="overview"')
    best = july_result.policies
    v = HtmlReport().build(july, july_result).verdict_
    assert v is not None and v.headline.best is not None
    assert v.headline.best.policy in best
    assert v.answer.split(" ")[0] in body[:body.index('id="overview"')] or "tied" in v.answer
    assert "Main caveat" in body and "foedus baserates --lens evidence" in body


def test_every_table_downloads_as_csv(july: Document, july_result: Result) -> None:
    page = HtmlReport().build(july, july_result).html_
    n_tables = page.count("<table>")
    links = re.findall(r'download="([^"]+)"\s+href="data:text/csv;charset=utf-8,([^"]*)"',
                       page)
    assert len(links) == n_tables
    frames = {name: pd.read_csv(io.StringIO(urllib.parse.unquote(data)))
              for name, data in links}
    out = frames["outcomes.csv"]
    assert set(out["policy"]) == set(july_result.policies)
    assert {"estimate", "lo", "hi"} <= set(out.columns)
    ver = frames["verdict.csv"]
    assert ver["tied_with_best"].dtype == bool and ver["best"].sum() == len(set(ver["outcome"]))


def test_percent_axes_have_distinct_ticks_and_no_empty_panels(july_result: Result) -> None:
    for top in (0.004, 0.025, 0.15, 0.6):
        fmt = percent_tickformat(top)
        decimals = int(fmt[1])
        ticks = [top * i / 5 for i in range(6)]
        labels = [f"{100 * t:.{decimals}f}" for t in ticks]
        assert len(set(labels)) == len(labels), (top, labels)
    fig = policy_comparison(july_result.to_dict())
    titles = [a.text for a in fig.layout.annotations]
    assert "deal signed" not in titles  # a crisis has no deal: no panel
    for ax in (fig.layout[k] for k in fig.layout if k.startswith("xaxis")):
        if ax.tickformat:
            assert ax.range is not None and ax.range[1] <= 1.1
