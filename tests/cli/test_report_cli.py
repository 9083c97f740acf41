"""``foedus report``: one HTML file, recorded in the store; bad inputs exit 2 before work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app

runner = CliRunner()
FAST = ["--reps", "1000", "--horizon", "12"]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "runs.duckdb"
    monkeypatch.setenv("FOEDUS_STORE", str(path))
    monkeypatch.chdir(tmp_path)
    return path


def test_report_writes_and_records(store: Path, tmp_path: Path) -> None:
    sens = tmp_path / "sens.json"
    sens.write_text(json.dumps({"method": "morris", "parameters": [
        {"name": "q_target", "mu_star": {"estimate": 0.2, "lo": 0.1, "hi": 0.3}}]}))
    res = runner.invoke(app, ["report", "july-1914", *FAST, "--seed", "4",
                              "--sensitivity", str(sens)])
    assert res.exit_code == 0, res.output
    page = tmp_path / "foedus-out" / "july-1914-evidence.html"
    assert f"wrote {Path('foedus-out') / 'july-1914-evidence.html'} (5 figures)" in res.stdout
    html = page.read_text(encoding="utf-8")
    assert 'id="fig-sensitivity"' in html and "Provenance" in html
    res = runner.invoke(app, ["runs", "show", "1", "--json"])
    rec = json.loads(res.stdout)
    assert rec["kind"] == "report" and rec["seed"] == 4
    assert rec["meta"]["report"] == str(Path("foedus-out") / "july-1914-evidence.html")
    res = runner.invoke(app, ["report", "july-1914", *FAST, "--out", str(tmp_path / "a.html"),
                              "--no-store"])
    assert res.exit_code == 0 and (tmp_path / "a.html").exists()
    assert len(json.loads(runner.invoke(app, ["runs", "list", "--json"]).stdout)) == 1


def test_bad_inputs_exit_2_without_output(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"method": "sobol",\n "parameters": [,]}')
    target = tmp_path / "r.html"
    for args, msg in (
        (["--sensitivity", str(bad)], f"{bad}:2: not valid JSON"),
        (["--sensitivity", str(tmp_path / "none.json")], "no such file"),
        (["--audit", str(bad)], f"{bad}:2: not valid JSON"),
        (["--lens", "nope"], "nope"),
    ):
        res = runner.invoke(app, ["report", "july-1914", *FAST, "--out", str(target), *args])
        assert res.exit_code == 2 and msg in res.stderr and "Traceback" not in res.output
    junk = tmp_path / "junk.json"
    junk.write_text(json.dumps([{"x": 1}]))
    res = runner.invoke(app, ["report", "july-1914", *FAST, "--out", str(target),
                              "--sensitivity", str(junk)])
    assert res.exit_code == 2 and "not sensitivity indices" in res.stderr
    assert not target.exists() and not store.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "junk.json"]


def test_report_pdf_without_a_renderer_exits_2_before_simulating(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOEDUS_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    r = runner.invoke(app, ["report", "july-1914", "--reps", "500", "--out", str(html),
                            "--pdf", str(pdf), "--no-store"])
    assert r.exit_code == 2
    assert "--pdf: no PDF renderer" in r.output and "apt-get install chromium" in r.output
    assert not html.exists() and not pdf.exists()


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Chromium")
def test_report_pdf_writes_a_one_page_brief(tmp_path: Path) -> None:
    from foedus.report.pdf import page_count

    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    r = runner.invoke(app, ["report", "july-1914", "--reps", "500", "--out", str(html),
                            "--pdf", str(pdf), "--no-store"])
    assert r.exit_code == 0, r.output
    assert "policy brief, 1 page" in r.output
    assert page_count(pdf.read_bytes()) == 1 and html.is_file()
