"""``foedus run/compare`` record into the store; ``foedus runs list | show | export``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
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


def call(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    assert "Traceback" not in res.output
    return res.exit_code, res.stdout, res.stderr


def test_compare_records_and_runs_commands(store: Path, tmp_path: Path) -> None:
    code, out, _ = call("compare", "july-1914", *FAST, "--out", str(tmp_path / "o"))
    assert code == 0 and "recorded as run 1" in out
    code, out, _ = call("run", "july-1914", "-p", "as-in-1914", *FAST, "--json")
    assert code == 0 and json.loads(out)["scenario"] == "july-1914"  # stdout stays JSON
    code, _, _ = call("compare", "july-1914", *FAST, "--no-store")
    assert code == 0
    code, out, _ = call("runs", "list", "--json")
    listed = json.loads(out)
    assert [r["id"] for r in listed] == [2, 1]
    assert [r["kind"] for r in listed] == ["run", "compare"]
    assert listed[0]["policies"] == ["as-in-1914"] and listed[0]["replications"] == 1000
    code, out, _ = call("runs", "list")
    assert code == 0 and "july-1914" in out and "compare" in out
    code, out, _ = call("runs", "show", "1")
    assert code == 0 and "scenario_hash" in out and "war_by_horizon" in out
    code, out, _ = call("runs", "show", "1", "--json")
    rec = json.loads(out)
    saved = json.loads((tmp_path / "o" / "july-1914-evidence.json").read_text())
    assert rec["payload"] == saved and rec["meta"]["command"] == "compare"
    code, out, _ = call("runs", "export", "1")
    assert code == 0 and (tmp_path / "foedus-out" / "run-1.csv").read_text() == (
        tmp_path / "o" / "july-1914-evidence.csv").read_text()
    code, _, _ = call("runs", "export", "1", "--format", "parquet", "--out",
                      str(tmp_path / "x.parquet"))
    assert code == 0
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "x.parquet"),
                                  pd.read_csv(tmp_path / "o" / "july-1914-evidence.csv"),
                                  check_dtype=False)


def test_errors_exit_2(store: Path, tmp_path: Path) -> None:
    code, out, _ = call("runs", "list")
    assert code == 0 and "no runs recorded" in out
    code, _, err = call("runs", "show", "7")
    assert code == 2 and "no record 7" in err
    call("run", "july-1914", "-p", "as-in-1914", *FAST)
    code, _, err = call("runs", "export", "1", "--format", "xlsx")
    assert code == 2 and "unknown format 'xlsx'" in err
    bad = tmp_path / "bad.duckdb"
    bad.write_text("hello")
    code, _, err = call("compare", "july-1914", *FAST, "--store", str(bad))
    assert code == 2 and "not a DuckDB results store" in err
    assert bad.read_text() == "hello"


def test_locked_store_fails_before_work(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    call("run", "july-1914", "-p", "as-in-1914", *FAST)
    monkeypatch.setenv("FOEDUS_STORE_WAIT", "0.2")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); sys.stdin.read()", str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        code, out, err = call("compare", "july-1914", *FAST)
        assert code == 2 and "in use by another process" in err and out == ""
        code, _, err = call("runs", "list")
        assert code == 2 and f"PID {holder.pid}" in err
    finally:
        holder.communicate("")
    code, out, _ = call("runs", "list", "--json")
    assert [r["id"] for r in json.loads(out)] == [1]
