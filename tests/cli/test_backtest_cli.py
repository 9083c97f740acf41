"""``foedus backtest``: JSON contract on a small case folder; bad case files exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from foedus.cli.app import app

runner = CliRunner()
CASES = Path(__file__).resolve().parents[2] / "src" / "foedus" / "evidence" / "cases"


def _folder(tmp_path: Path, names: list[str]) -> Path:
    for n in names:
        shutil.copy(CASES / n, tmp_path / n)
    return tmp_path


def test_backtest_json_on_a_user_folder(tmp_path: Path) -> None:
    d = _folder(tmp_path, ["korea-1953.yaml", "korea-1950.yaml", "finland-1939.yaml",
                           "austria-1955.yaml"])
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--reps", "500", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["cases"]) == 4
    assert {s["method"] for s in data["scores"]} == {"model", "base rate (LOO)",
                                                     "logistic (LOO)"}
    for c in data["cases"]:
        assert 0.0 <= c["p_war"] <= 1.0


def test_backtest_table_output(tmp_path: Path) -> None:
    d = _folder(tmp_path, ["korea-1953.yaml", "korea-1950.yaml", "finland-1939.yaml"])
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--reps", "200"])
    assert res.exit_code == 0, res.output
    assert "Brier" in res.output and "case-korea-1950" in res.output


def test_case_without_outcome_exits_2(tmp_path: Path) -> None:
    d = _folder(tmp_path, ["korea-1953.yaml", "korea-1950.yaml", "finland-1939.yaml"])
    bad = d / "korea-1950.yaml"
    text = bad.read_text(encoding="utf-8")
    bad.write_text(text[:text.index("outcome:")], encoding="utf-8")
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--reps", "200", "--json"])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert f"{bad}:" in res.output and "outcome: field required" in res.output


def test_case_without_source_exits_2(tmp_path: Path) -> None:
    d = _folder(tmp_path, ["korea-1953.yaml", "korea-1950.yaml", "finland-1939.yaml"])
    bad = d / "finland-1939.yaml"
    lines = bad.read_text(encoding="utf-8").split("\n")
    k = max(i for i, ln in enumerate(lines) if ln.strip().startswith("source:"))
    del lines[k]
    bad.write_text("\n".join(lines), encoding="utf-8")
    res = runner.invoke(app, ["backtest", "--cases", str(d), "--reps", "200"])
    assert res.exit_code == 2
    assert "source: field required" in res.output


def test_empty_folder_exits_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["backtest", "--cases", str(tmp_path)])
    assert res.exit_code == 2 and "no case files" in res.output
