"""The HTML report: one file, Plotly inlined once, no network references, all sections."""

from __future__ import annotations

import base64
import gzip
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from plotly.offline import get_plotlyjs

from foedus.evidence.registry import PARAMETERS
from foedus.report.html import HtmlReport
from foedus.scenario.loader import Document
from foedus.store.hashing import scenario_hash
from foedus.study.result import Result

SENS = {"method": "sobol", "policy": "as-in-1914", "outcome": "war_by_horizon", "n": 64,
        "parameters": [{"name": "q_target", "S1": {"estimate": 0.3, "lo": 0.2, "hi": 0.4},
                        "ST": {"estimate": 0.5, "lo": 0.4, "hi": 0.6}}]}
AUDIT = {"objective": "war_by_horizon",
         "effects": [{"claim": "C1", "policy": "as-in-1914", "effect": 0.12,
                      "changes_best": True},
                     {"claim": "C1", "policy": "clear-british-commitment", "effect": -0.04,
                      "changes_best": True}],
         "ranking_all_hold": ["as-in-1914", "clear-british-commitment"]}


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>", html)


def test_self_contained_offline(july: Document, july_result: Result, tmp_path: Path) -> None:
    rep = HtmlReport().build(july, july_result, generated=datetime(2025, 1, 2, tzinfo=UTC))
    html = rep.html_
    packed = re.findall(r'<script id="plotly-packed" type="application/gzip;base64">(.*?)'
                        r'</script>', html, re.S)
    assert len(packed) == 1  # inlined once, whole
    assert gzip.decompress(base64.b64decode(packed[0])).decode("utf-8") == get_plotlyjs()
    assert "plotly.js v" not in html  # no second, plain copy
    page = html.replace(packed[0], "")
    assert not re.search(r"<script[^>]+src=", page) and "<link" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert [d for d, _ in rep.figures_] == ["fig-comparison", "fig-survival", "fig-ladder",
                                            "fig-network"]
    for div, _ in rep.figures_:
        assert f'id="{div}"' in html
    assert 'id="sensitivity"' not in html and 'id="audit"' not in html
    # provenance
    for needle in (scenario_hash(july.scenario), "2025-01-02 00:00:00 UTC", "seed",
                   f"{july_result.replications:,}", july_result.version):
        assert needle in html
    # every parameter with its source
    for par in PARAMETERS:
        assert f"<td>{par.name}</td>" in html
    embedded = re.search(r'<script id="foedus-result" type="application/json">(.*?)</script>',
                         html, re.S)
    # the result's JSON contract, without the per-replication rows (kept in the store)
    assert embedded is not None
    assert json.loads(embedded.group(1)) == july_result.to_dict(replicates=False)
    assert "replicates" in json.dumps(july_result.to_dict()) and "replicates" not in html
    out = rep.write(tmp_path / "sub" / "r.html")
    assert out.read_text(encoding="utf-8") == html
    assert [p.name for p in out.parent.iterdir()] == ["r.html"]


def test_sections_when_given(july: Document, july_result: Result) -> None:
    rep = HtmlReport(sensitivity=SENS, audit=AUDIT).build(july, july_result)
    ids = [d for d, _ in rep.figures_]
    assert ids[-2:] == ["fig-sensitivity", "fig-audit"]
    assert 'id="sensitivity"' in rep.html_ and 'id="audit"' in rep.html_
    assert "q_target" in rep.html_ and "ranking_all_hold" in rep.html_
    table = pd.DataFrame(AUDIT["effects"])
    rep2 = HtmlReport(audit=table).build(july, july_result)
    assert [d for d, _ in rep2.figures_][-1] == "fig-audit"


def test_text_is_escaped(july: Document, july_result: Result) -> None:
    evil = july.scenario.model_copy(update={"name": "<script>alert(1)</script>"})
    doc = Document(evil, july.source, july.text)
    html = HtmlReport().build(doc, july_result).html_
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_report_is_smaller_than_5_mb(ukraine: Document) -> None:
    """One compressed Plotly bundle: the eight-policy report stays well under 5 MB."""
    from foedus.negotiation.policy import with_negotiated
    from foedus.study.simulation import Simulation

    doc = with_negotiated(ukraine)
    res = Simulation(replications=2000, seed=3).run(doc).result_
    size = len(HtmlReport().build(doc, res).html_.encode("utf-8"))
    assert size < 5_000_000
    assert size < 3_000_000, size
