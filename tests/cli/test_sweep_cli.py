"""``foedus sweep``: local Dask equals serial, kill -9 and resume, bad input (exit 2, no work)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.store.store import ResultsStore

runner = CliRunner()
BASE = ["sweep", "ukraine-2025", "--policy", "article5", "--seed", "4"]
GRID = ["--grid", "threat_base=0.1,0.6", "--grid", "q_target=0.05,0.3"]


def _sweep(args: list[str], store: Path) -> dict[str, object]:
    res = runner.invoke(app, [*BASE, *args, "--store", str(store), "--json"])
    assert res.exit_code == 0, res.output
    return dict(json.loads(res.stdout))


def test_local_two_workers_equal_serial(tmp_path: Path) -> None:
    args = [*GRID, "--reps", "2000", "--task-reps", "1000"]
    serial = _sweep(args, tmp_path / "serial.duckdb")
    local = _sweep([*args, "--scheduler", "local", "--workers", "2"], tmp_path / "local.duckdb")
    assert local == serial
    assert len(serial["cells"]) == 4  # type: ignore[arg-type]
    rec = ResultsStore(tmp_path / "local.duckdb").records(kind="sweep")[0]
    assert rec.meta["executor"] == "local Dask cluster (2 worker processes)"
    assert rec.meta["tasks"] == 8 and rec.payload == local


def test_table_output_and_record(tmp_path: Path) -> None:
    out_file = tmp_path / "sweep.json"
    res = runner.invoke(app, [*BASE, *GRID, "--reps", "1000", "--store",
                              str(tmp_path / "s.duckdb"), "--out", str(out_file)])
    assert res.exit_code == 0, res.output
    assert "threat_base" in res.output and "war by horizon" in res.output
    assert re.search(r"recorded as run \d+", res.output)
    assert len(json.loads(out_file.read_text())["cells"]) == 4


def _done(store: ResultsStore, study: str) -> int:
    return int((store.tasks(study)["status"] == "done").sum())


def test_sigkill_then_resume_equals_uninterrupted(tmp_path: Path) -> None:
    args = ["--grid", "threat_base=0.05,0.2,0.35,0.5,0.65,0.8",
            "--grid", "q_target=0.05,0.15,0.25,0.35", "--reps", "1000", "--task-reps", "1000"]
    path = tmp_path / "killed.duckdb"
    log = tmp_path / "stderr.txt"
    cmd = [sys.executable, "-c", "from foedus.cli.app import main; main()", *BASE, *args,
           "--store", str(path), "--json"]
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=fh,
                                env={**os.environ, "FOEDUS_STORE_WAIT": "30"})
    try:
        deadline = time.monotonic() + 60
        study = None
        while study is None and time.monotonic() < deadline and proc.poll() is None:
            m = re.search(r"study (sweep-\S+): 24 tasks", log.read_text())
            study = m.group(1) if m else None
            time.sleep(0.05)
        assert study is not None, log.read_text()
        store = ResultsStore(path, wait=30)
        while _done(store, study) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    statuses = list(store.tasks(study)["status"])
    finished = statuses.count("done")
    assert 3 <= finished < 24, statuses
    assert set(statuses) == {"done", "running"}  # claimed, in flight when killed
    assert store.records(kind="sweep") == []

    res = runner.invoke(app, [*BASE, *args, "--store", str(path), "--json",
                              "--resume", study])
    assert res.exit_code == 0, res.output
    resumed = json.loads(res.stdout)
    assert f"{finished} finished, {24 - finished} to run" in res.stderr
    tasks = store.tasks(study)
    assert set(tasks["status"]) == {"done"}
    assert sorted(tasks["attempts"]) == [1] * finished + [2] * (24 - finished)
    assert resumed == _sweep(args, tmp_path / "uninterrupted.duckdb")
    rec = store.records(kind="sweep")[0]
    assert rec.meta["resumed"] is True and rec.meta["tasks_run"] == 24 - finished


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(("args", "message"), [
    (["--grid", "threat_bse=0.1"], "unknown parameter 'threat_bse'"),
    (["--grid", "threat_base=0.1,1.2"], "outside the parameter's range"),
    (["--grid", "threat_aversion=0.2", "--lens", "restraint"], "outside the support"),
    (["--grid", "threat_base=0.1,x"], "'x' is not a number"),
    ([], "no grid"),
    (["--grid", "threat_base=0.1", "--policy", "nope"], "unknown policy 'nope'"),
    (["--grid", "threat_base=0.1", "--scheduler", "nohost"], "bad address 'nohost'"),
    (["--grid", "threat_base=0.1", "--scheduler", "tcp://10.0.0.1:8786", "--workers", "2"],
     "--workers applies to --scheduler local"),
    (["--grid", "threat_base=0.1", "--resume", "sweep-missing"], "no study 'sweep-missing'"),
])
def test_bad_input_exit_2_before_any_work(tmp_path: Path, args: list[str],
                                          message: str) -> None:
    path = tmp_path / "s.duckdb"
    res = runner.invoke(app, [*BASE, *args, "--store", str(path)])
    assert res.exit_code == 2, res.output
    assert message in res.stderr and "Traceback" not in res.output
    assert ResultsStore(path).records() == []


def test_unreachable_scheduler_exit_2(tmp_path: Path) -> None:
    port = _closed_port()
    path = tmp_path / "s.duckdb"
    res = runner.invoke(app, [*BASE, *GRID, "--scheduler", f"127.0.0.1:{port}",
                              "--connect-timeout", "0.5", "--store", str(path)])
    assert res.exit_code == 2, res.output
    assert f"cannot reach the Dask scheduler at '127.0.0.1:{port}'" in res.stderr
    assert "study" not in res.stderr  # nothing was started
    assert ResultsStore(path).records() == []


def test_resume_with_another_grid_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    res = runner.invoke(app, [*BASE, *GRID, "--reps", "1000", "--store", str(path)])
    assert res.exit_code == 0, res.output
    study = re.search(r"study (sweep-\S+):", res.stderr)
    assert study is not None
    res = runner.invoke(app, [*BASE, "--grid", "threat_base=0.1", "--reps", "1000",
                              "--store", str(path), "--resume", study.group(1)])
    assert res.exit_code == 2
    assert "started with other settings" in res.stderr


# -- foedus sensitivity --scheduler / --resume ---------------------------------------------------
SA = ["sensitivity", "ukraine-2025", "--policy", "article5", "--outcome", "war_by_horizon",
      "--n", "4", "--reps", "1000", "--param", "war_cost_adversary", "--param", "attack_hazard",
      "--seed", "3"]


def test_sensitivity_local_cluster_equals_serial_and_resume(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    serial = runner.invoke(app, [*SA, "--json", "--store", str(path)])
    assert serial.exit_code == 0, serial.output
    study = re.search(r"study (sensitivity-\S+): 1 batches", serial.stderr)
    assert study is not None, serial.stderr
    local = runner.invoke(app, [*SA, "--json", "--store", str(tmp_path / "l.duckdb"),
                                "--scheduler", "local", "--workers", "2"])
    assert local.exit_code == 0, local.output
    assert json.loads(local.stdout) == json.loads(serial.stdout)
    rec = ResultsStore(tmp_path / "l.duckdb").records(kind="sensitivity")[0]
    assert rec.meta["executor"] == "local Dask cluster (2 worker processes)"
    assert rec.payload == json.loads(local.stdout)
    # resuming the finished study reads every batch back and gives the same analysis
    again = runner.invoke(app, [*SA, "--json", "--store", str(path), "--resume",
                                study.group(1)])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == json.loads(serial.stdout)
    recs = ResultsStore(path).records(kind="sensitivity")
    assert [r.meta["batches_resumed"] for r in recs] == [1, 0]
    rows = ResultsStore(path).rows(recs[0].id)
    assert {"ST:war_cost_adversary", "S1:attack_hazard"} <= set(rows["term"])
    # another design under the same id is refused
    other = runner.invoke(app, [*SA[:-1], "4", "--store", str(path), "--resume",
                                study.group(1)])
    assert other.exit_code == 2 and "other settings" in other.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--scheduler", "nohost"], "bad address 'nohost'"),
    (["--resume", "x", "--no-store"], "--resume needs the results store"),
    (["--resume", "sensitivity-missing"], "no study 'sensitivity-missing'"),
])
def test_sensitivity_scheduler_bad_input(tmp_path: Path, args: list[str], message: str) -> None:
    path = tmp_path / "s.duckdb"
    res = runner.invoke(app, [*SA, *args, "--store", str(path)])
    assert res.exit_code == 2, res.output
    assert message in res.stderr
    assert ResultsStore(path).records() == []


def test_sensitivity_unreachable_scheduler_exit_2(tmp_path: Path) -> None:
    port = _closed_port()
    res = runner.invoke(app, [*SA, "--scheduler", f"tcp://127.0.0.1:{port}",
                              "--connect-timeout", "0.5", "--store", str(tmp_path / "s.db")])
    assert res.exit_code == 2, res.output
    assert "cannot reach the Dask scheduler" in res.stderr and "study" not in res.stderr
