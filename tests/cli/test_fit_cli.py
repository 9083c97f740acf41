"""``foedus fit`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.data.paths import default_data_dir, missing_files
from foedus.scenario.priors import Prior

DATA = default_data_dir()
runner = CliRunner()


@pytest.mark.skipif(bool(missing_files(DATA)), reason=f"public datasets not found in {DATA}")
def test_fit_writes_valid_priors_with_sources(tmp_path: Path) -> None:
    from pydantic import TypeAdapter

    out = tmp_path / "fitted.json"
    res = runner.invoke(app, ["fit", "--data", str(DATA), "--only", "ladder", "--bootstrap",
                              "20", "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["fits"]["ladder"]["n_obs"] == 2253
    rec = json.loads(out.read_text())
    adapter = TypeAdapter(Prior)
    for name, entry in rec["priors"].items():
        adapter.validate_python(entry["prior"])  # every prior is a valid prior spec
        assert entry["source"].startswith("fitted to ") and "2253 observations" in entry[
            "source"], name
        assert entry["lo"] <= entry["estimate"] <= entry["hi"], name


def test_unknown_fit_and_missing_data_exit_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["fit", "--data", str(tmp_path), "--only", "nope"])
    assert res.exit_code == 2 and "unknown fit" in res.output
    out = tmp_path / "fitted.json"
    res = runner.invoke(app, ["fit", "--data", str(tmp_path), "--out", str(out)])
    assert res.exit_code == 2 and "lacks" in res.output and not out.exists()
