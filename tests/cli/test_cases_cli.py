"""``foedus cases generate`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.data.paths import FRAME_FILES
from foedus.evidence.casefile import read_cases
from tests.data.frame_fixture import fixture_folder

runner = CliRunner()


def test_generate_writes_valid_cases_and_replaces_its_own(tmp_path: Path) -> None:
    data = fixture_folder(tmp_path / "data")
    out = tmp_path / "cases"
    res = runner.invoke(app, ["cases", "generate", "--data", str(data), "--out", str(out),
                              "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert (d["cases"], d["postwar"], d["crisis"]) == (5, 3, 2)
    assert len(read_cases(out)) == 5
    (out / "war-999-1-2.yaml").write_text("# Rule-coded case, an old generation\n")
    res = runner.invoke(app, ["cases", "generate", "--data", str(data), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert not (out / "war-999-1-2.yaml").exists() and len(list(out.glob("*.yaml"))) == 5


def test_a_foreign_file_or_missing_data_exits_2(tmp_path: Path) -> None:
    data = fixture_folder(tmp_path / "data")
    out = tmp_path / "cases"
    out.mkdir()
    (out / "mine.yaml").write_text("id: mine\n")
    res = runner.invoke(app, ["cases", "generate", "--data", str(data), "--out", str(out)])
    assert res.exit_code == 2 and "not a generated case file" in res.output
    assert (out / "mine.yaml").read_text() == "id: mine\n"
    (data / FRAME_FILES["majors"]).unlink()
    res = runner.invoke(app, ["cases", "generate", "--data", str(data), "--out",
                              str(tmp_path / "other")])
    assert res.exit_code == 2 and "dyadic/cow_majors.csv" in res.output
    assert not (tmp_path / "other").exists()
