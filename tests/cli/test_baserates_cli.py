"""``foedus baserates`` and ``foedus params`` on the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.data.paths import FILES, default_data_dir, missing_files

DATA = default_data_dir()
runner = CliRunner()


@pytest.mark.skipif(bool(missing_files(DATA)), reason=f"public datasets not found in {DATA}")
def test_baserates_json_has_every_table_and_comparison() -> None:
    res = runner.invoke(app, ["baserates", "--data", str(DATA), "--reps", "1000", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert len(d["mid"]) == 6 and len(d["icb"]) == 6 and len(d["recurrence"]) == 2
    assert len(d["comparisons"]) == 6 and d["lens"] == "evidence"


@pytest.mark.skipif(bool(missing_files(DATA)), reason=f"public datasets not found in {DATA}")
def test_a_corrupt_data_file_exits_2_naming_file_row_and_field(tmp_path: Path) -> None:
    for rel in FILES.values():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / rel, tmp_path / rel)
    mid = tmp_path / FILES["mid_cow"]
    lines = mid.read_text().splitlines()
    cells = lines[5].split(",")
    cells[15] = "-9"  # hostlev
    lines[5] = ",".join(cells)
    mid.write_text("\n".join(lines) + "\n")
    res = runner.invoke(app, ["baserates", "--data", str(tmp_path), "--reps", "1000"])
    assert res.exit_code == 2
    assert f"{mid}:6: hostlev: unknown code '-9'" in res.output
    assert "Traceback" not in res.output


def test_baserates_without_data_exits_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["baserates", "--data", str(tmp_path)])
    assert res.exit_code == 2 and "lacks" in res.output


def test_baserates_rejects_an_unknown_lens(tmp_path: Path) -> None:
    res = runner.invoke(app, ["baserates", "--data", str(tmp_path), "--lens", "nope"])
    assert res.exit_code == 2 and "unknown lens 'nope'" in res.output


def test_params_json_and_unknown_lens() -> None:
    res = runner.invoke(app, ["params", "--format", "json", "--lens", "restraint"])
    assert res.exit_code == 0
    d = json.loads(res.stdout)
    assert list(d["lenses"]) == ["restraint"] and len(d["parameters"]) > 30
    bad = runner.invoke(app, ["params", "--lens", "nope"])
    assert bad.exit_code == 2 and "unknown lens 'nope'" in bad.output
