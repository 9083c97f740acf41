"""``foedus audit``: JSON, --locate, and bad input (FILE:LINE, exit 2, before any work)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.evidence.claims_schema import bundled_claims
from foedus.scenario.library import load

runner = CliRunner()
ARTICLE = "Intro.\nThey said ‘it will fail’ loudly.\n"
CLAIMS = """\
id: mini
article: {title: T, author: A, year: 2024, venue: V}
claims:
  - id: X1
    claim: c
    quote: "said 'it will fail'"
    mechanism: [initiation]
    holds: {parameters: {threat_discount: 0.9}, source: s, rationale: r}
    fails: {parameters: {threat_discount: 0.1}, source: s, rationale: r}
    evidence: {status: contradicted, sources: [{source: s, finding: f}]}
"""


def _files(tmp_path: Path, claims: str = CLAIMS) -> tuple[str, str]:
    a, c = tmp_path / "a.txt", tmp_path / "c.yaml"
    a.write_text(ARTICLE, encoding="utf-8")
    c.write_text(claims, encoding="utf-8")
    return str(a), str(c)


def test_locate_ok_and_missing(tmp_path: Path) -> None:
    a, c = _files(tmp_path)
    res = runner.invoke(app, ["audit", "--locate", a, "--claims", c])
    assert res.exit_code == 0 and f"X1: found at {a}:2" in res.output
    _, bad = _files(tmp_path, CLAIMS.replace("it will fail", "it will win"))
    res = runner.invoke(app, ["audit", "--locate", a, "--claims", bad])
    assert res.exit_code == 2
    assert f"{bad}:6: claims.0.quote: quote of claim 'X1' not found" in res.output


def test_audit_json(tmp_path: Path) -> None:
    a, c = _files(tmp_path)
    res = runner.invoke(app, ["audit", "ukraine-2025", "--claims", c, "--article", a,
                              "--reps", "1000", "--objective", "months_of_peace", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["claims"] == "mini" and data["cells"] == 2
    assert data["verdicts"][0]["status"] == "contradicted"
    # one row per policy of the scenario (the negotiated one is not audited)
    assert len(data["worlds"]["article"]) == len(load("ukraine-2025").scenario.policies)


def test_bundled_claims_table() -> None:
    assert "evans-2025" in bundled_claims()
    res = runner.invoke(app, ["audit", "ukraine-2025", "--claims", "evans-2025", "--reps",
                              "1000"])
    assert res.exit_code == 0, res.output
    assert "changes best?" in res.output and "C8" in res.output


def test_bad_input_before_work(tmp_path: Path) -> None:
    a, c = _files(tmp_path, CLAIMS.replace("threat_discount: 0.9", "threat_discount: 1.5"))
    res = runner.invoke(app, ["audit", "ukraine-2025", "--claims", c])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert f"{c}:8: claims.0.holds.parameters.threat_discount: value 1.5" in res.output
    _, good = _files(tmp_path)
    res = runner.invoke(app, ["audit", "ukraine-2025", "--claims", good, "--objective", "x"])
    assert res.exit_code == 2 and "unknown outcome 'x'" in res.output
    res = runner.invoke(app, ["audit", "ukraine-2025", "--claims", good, "--article",
                              str(tmp_path / "none.txt")])
    assert res.exit_code == 2 and "no such file" in res.output


def test_audit_is_recorded_in_the_store(_private_store: Path) -> None:
    from foedus.store.store import ResultsStore

    res = CliRunner().invoke(app, ["audit", "ukraine-2025", "--claims", "evans-2025",
                                   "--reps", "200", "--json"])
    assert res.exit_code == 0, res.output
    recs = ResultsStore(_private_store).records(kind="audit")
    assert len(recs) == 1
    assert json.loads(res.stdout)["claims"] == "evans-2025"


def test_two_articles_report_and_store(tmp_path: Path) -> None:
    from tests.audit.test_conclusion import JOINT, SCENARIO

    (tmp_path / "toy.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(JOINT, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(JOINT.replace("id: joint", "id: other")
                                     .replace("policy: plain", "policy: allied"),
                                     encoding="utf-8")
    store, html = tmp_path / "runs.duckdb", tmp_path / "audit.html"
    r = runner.invoke(app, ["audit", str(tmp_path / "toy.yaml"), "--claims",
                            str(tmp_path / "a.yaml"), "--claims", str(tmp_path / "b.yaml"),
                            "--reps", "200", "--cell-reps", "50", "--report", str(html),
                            "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert "joint against other" in r.output and "recorded as run 2" in r.output
    page = html.read_text(encoding="utf-8")
    assert "Comparison: joint against other" in page and 'id="foedus-audit"' in page
    assert "<script src=" not in page  # offline
    listed = runner.invoke(app, ["runs", "list", "--store", str(store), "--json"])
    metas = [rec["meta"] for rec in json.loads(listed.output)]
    assert {m["claims"] for m in metas} == {"joint", "other"}
    assert all(len(m["claims_sha256"]) == 64 and "claims:" in m["claims_text"]
               for m in metas)
    bad = runner.invoke(app, ["audit", str(tmp_path / "toy.yaml"), "--claims",
                              str(tmp_path / "a.yaml"), "--text", "x.txt", "--text",
                              "y.txt", "--no-store"])
    assert bad.exit_code == 2 and "one text per --claims" in bad.output
