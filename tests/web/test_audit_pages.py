"""The web app's pages of a claim audit: a stored audit shows the audit-first blocks (not
its raw effect rows), its report is the audit's own report, and the runs list names the
claims file; the audit job records the claims file's hash and text."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from foedus.audit.audit import ClaimAudit, record_meta
from foedus.evidence.claims_schema import parse_claims
from foedus.scenario.loader import parse_scenario
from foedus.store.store import ResultsStore
from tests.audit.test_conclusion import JOINT, SCENARIO
from tests.web.conftest import make_client


def _finish(c: TestClient, jid: str) -> dict[str, object]:
    for _ in range(1200):
        j: dict[str, object] = c.get(f"/api/jobs/{jid}").json()
        if j["state"] in ("done", "failed", "cancelled"):
            return j
        time.sleep(0.1)
    raise AssertionError("job did not finish")


def test_stored_audit_pages(tmp_path: Path) -> None:
    toy = parse_scenario(SCENARIO, "toy.yaml")
    claims = parse_claims(JOINT, "joint.yaml")
    res = ClaimAudit(claims, replications=200, seed=5, cell_reps=100).run(toy).result_
    store = ResultsStore(tmp_path / "runs.duckdb")
    rows = res.to_frame().rename(columns={"claim": "term", "effect": "estimate"})
    rid = store.record("audit", payload=res.to_dict(), rows=rows, scenario=toy.scenario,
                       lens=res.lens, meta=record_meta(res, claims))
    c = make_client(tmp_path)
    page = c.get(f"/runs/{rid}")
    assert page.status_code == 200
    text = page.text
    assert 'id="audit"' in text and 'id="rows"' not in text  # no raw 385-row table
    assert "Verdict: A 2024" in text and "“membership is a red line”" in text
    assert res.conclusion is not None and str(escape(res.conclusion.sentence())) in text
    # figures as JSON for app.js (the page's policy runs no inline script)
    targets = re.findall(r'class="figure" data-target="([^"]+)"', text)
    assert targets == ["fig-audit-worlds-0", "fig-audit-effects-0"]
    assert "Plotly.newPlot" not in text
    assert f"SHA-256 <code>{claims.sha256[:12]}</code>" in text
    rep = c.get(f"/runs/{rid}/report")
    assert rep.status_code == 200 and "Claim audit · joint · toy" in rep.text
    assert 'id="foedus-audit"' in rep.text and "results store record" in rep.text
    runs = c.get("/runs").text
    assert f"joint {claims.sha256[:8]}" in runs


@pytest.mark.slow
def test_audit_job_records_the_claims_file(tmp_path: Path) -> None:
    """The bundled claims on the bundled scenario with a negotiated policy (which the audit
    leaves out, as ``foedus audit`` does): the job's record keeps the claims file."""
    c = make_client(tmp_path)
    r = c.post("/api/jobs", json={"kind": "audit", "scenario": "ukraine-2025",
                                  "claims": "evans-2025", "replications": 20, "seed": 2})
    assert r.status_code == 202, r.text
    j = _finish(c, r.json()["id"])
    assert j["state"] == "done", j
    rec = c.get(f"/api/runs/{j['record']}").json()
    assert rec["kind"] == "audit" and rec["meta"]["claims"] == "evans-2025"
    assert len(rec["meta"]["claims_sha256"]) == 64 and "claims:" in rec["meta"]["claims_text"]
    assert rec["payload"]["conclusion"]["policy"] == rec["meta"]["conclusion"]["policy"]
    page = c.get(str(j["result_url"]))
    assert page.status_code == 200 and "Claims of evans-2025" in page.text
