"""The results store: round trips, scenario hash, atomic records, locking, tasks."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from foedus.scenario.loader import Document, parse_scenario
from foedus.store.hashing import scenario_hash, scenario_json
from foedus.store.store import (
    RecordNotFoundError,
    ResultsStore,
    StoreError,
    StoreLockedError,
    default_store_path,
)
from foedus.study.result import OUTCOME_KEYS, Result
from foedus.study.simulation import Simulation


@pytest.fixture(scope="module")
def result(july: Document) -> Result:
    return Simulation(replications=1000, seed=3).run(july).result_


def test_record_round_trip(tmp_path: Path, july: Document, result: Result) -> None:
    st = ResultsStore(tmp_path / "sub" / "runs.duckdb")
    a = st.record_result("compare", result, july.scenario)
    b = st.record_result("run", result, july.scenario, meta={"note": "x"})
    assert (a, b) == (1, 2)
    rec = st.get(a)
    assert rec.kind == "compare" and rec.scenario_id == "july-1914"
    assert rec.scenario_hash == scenario_hash(july.scenario)
    assert (rec.lens, rec.seed, rec.replications) == ("evidence", 3, 1000)
    assert rec.horizon_months == 12 and rec.fixed is False and rec.version == result.version
    assert rec.policies == tuple(result.policies)
    assert rec.payload == result.to_dict()
    assert list(rec.payload["policies"]) == list(result.policies)  # order kept
    assert rec.started_at <= rec.finished_at
    assert st.get(b).meta == {"fixed": False, "note": "x"}
    rows = st.rows(a)
    assert rec.n_rows == len(rows) == len(OUTCOME_KEYS) * len(result.policies)
    pd.testing.assert_frame_equal(rows.drop(columns="term"), result.to_frame(),
                                  check_dtype=False)
    assert [r.id for r in st.records()] == [2, 1]
    assert [r.id for r in st.records(kind="run")] == [2]
    assert st.records(scenario_id="ukraine-2025") == []
    assert st.scenario(rec.scenario_hash or "") == july.scenario


def test_generic_record_with_terms(tmp_path: Path, july: Document) -> None:
    st = ResultsStore(tmp_path / "r.duckdb")
    rows = pd.DataFrame({"policy": ["as-in-1914"] * 2, "outcome": ["war_by_horizon"] * 2,
                         "term": ["S1:q_target", "ST:q_target"], "estimate": [0.2, 0.3],
                         "lo": [0.1, 0.2], "hi": [0.3, 0.4]})
    rid = st.record("sensitivity", payload={"method": "sobol", "n": 8}, rows=rows,
                    scenario=july.scenario, lens="evidence", policies=["as-in-1914"])
    got = st.rows(rid)
    assert got["term"].tolist() == ["S1:q_target", "ST:q_target"]
    assert got["estimate"].tolist() == [0.2, 0.3]
    assert st.get(rid).payload == {"method": "sobol", "n": 8}
    assert st.get(rid).replications is None
    with pytest.raises(StoreError, match="unknown record kind"):
        st.record("bogus", payload={})
    with pytest.raises(StoreError, match="unknown row columns"):
        st.record("audit", payload={}, rows=pd.DataFrame({"claim": ["C1"]}))
    with pytest.raises(StoreError, match="not valid JSON"):
        st.record("audit", payload={"x": float("nan")})
    assert [r.id for r in st.records()] == [rid]


def test_scenario_hash_is_of_meaning_not_layout(july: Document) -> None:
    digest = scenario_hash(july.scenario)
    assert digest == hashlib.sha256(scenario_json(july.scenario).encode()).hexdigest()
    assert len(digest) == 64
    relaid = parse_scenario("# a comment\n\n" + july.text + "\n# the end\n", "x.yaml")
    assert scenario_hash(relaid.scenario) == digest
    changed = july.scenario.model_copy(update={"seed": july.scenario.seed + 1})
    assert scenario_hash(changed) != digest


def test_failed_write_leaves_no_trace(tmp_path: Path, july: Document, result: Result) -> None:
    st = ResultsStore(tmp_path / "r.duckdb")
    first = st.record_result("compare", result, july.scenario)
    # plant an outcome row that the next record's rows collide with: its insert fails
    con = duckdb.connect(str(st.path))
    con.execute("INSERT INTO outcomes VALUES (?, 0, 'x', 'y', NULL, 0, 0, 0)", [first + 1])
    con.close()
    with pytest.raises(StoreError, match="Constraint"):
        st.record_result("compare", result, july.scenario)
    assert [r.id for r in st.records()] == [first]
    assert st.rows(first).shape == (len(OUTCOME_KEYS) * len(result.policies), 6)


def test_missing_store_reads_as_empty(tmp_path: Path) -> None:
    st = ResultsStore(tmp_path / "none.duckdb")
    assert st.records() == []
    with pytest.raises(RecordNotFoundError, match="nothing recorded yet"):
        st.get(1)
    assert not st.path.exists()


def test_not_a_store(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    with pytest.raises(StoreError, match="not a DuckDB results store"):
        ResultsStore(bad).check()
    assert bad.read_text() == "not a database"


def test_default_path_and_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FOEDUS_STORE", raising=False)
    assert default_store_path() == Path("foedus-out") / "runs.duckdb"
    monkeypatch.setenv("FOEDUS_STORE", str(tmp_path / "x.duckdb"))
    assert ResultsStore().path == tmp_path / "x.duckdb"


def test_locked_store_is_a_clear_error(tmp_path: Path, july: Document,
                                       result: Result) -> None:
    path = tmp_path / "r.duckdb"
    ResultsStore(path).record_result("compare", result, july.scenario)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        t0 = time.monotonic()
        with pytest.raises(StoreLockedError, match=rf"in use by another process \(PID "
                                                   rf"{holder.pid}\)"):
            ResultsStore(path, wait=0.3).records()
        assert time.monotonic() - t0 < 5
    finally:
        holder.communicate("")
    assert len(ResultsStore(path).records()) == 1  # usable again once released


def test_export_csv_and_parquet(tmp_path: Path, july: Document, result: Result) -> None:
    st = ResultsStore(tmp_path / "r.duckdb")
    rid = st.record_result("compare", result, july.scenario)
    csv = st.export(rid, "csv", tmp_path / "out" / "r.csv")
    assert csv.read_text() == result.to_frame().to_csv(index=False)
    pqt = st.export(rid, "parquet", tmp_path / "r.parquet")
    table = pq.read_table(pqt)
    pd.testing.assert_frame_equal(table.to_pandas(), result.to_frame(), check_dtype=False)
    prov = json.loads(table.schema.metadata[b"foedus"])
    assert prov["id"] == rid and prov["scenario_hash"] == scenario_hash(july.scenario)
    with pytest.raises(StoreError, match="unknown export format"):
        st.export(rid, "xlsx", tmp_path / "r.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "r.duckdb", "r.parquet"]


def test_tasks_for_resumable_sweeps(tmp_path: Path, july: Document) -> None:
    st = ResultsStore(tmp_path / "r.duckdb")
    st.create_study("s1", "sweep", {"grid": [1, 2, 3]}, scenario=july.scenario)
    st.create_study("s1", "sweep", {"grid": [1, 2, 3]})  # idempotent
    with pytest.raises(StoreError, match="different specification"):
        st.create_study("s1", "sweep", {"grid": [1, 2]})
    with pytest.raises(StoreError, match="no study"):
        st.add_tasks("nope", {"t": {}})
    assert st.add_tasks("s1", {f"t{i}": {"x": i} for i in range(3)}) == 3
    assert st.add_tasks("s1", {f"t{i}": {"x": i} for i in range(4)}) == 1
    claimed = st.claim_tasks("s1", limit=2)
    assert claimed == [("t0", {"x": 0}), ("t1", {"x": 1})]
    st.finish_task("s1", "t0", {"y": 0.5})
    st.fail_task("s1", "t1", "boom")
    st.claim_tasks("s1", limit=1)  # t2 running, then the sweep is "killed"
    assert st.reset_running("s1") == 1
    df = st.tasks("s1")
    assert df.set_index("task_id")["status"].to_dict() == {
        "t0": "done", "t1": "failed", "t2": "pending", "t3": "pending"}
    assert df.set_index("task_id").loc["t0", "result"] == {"y": 0.5}
    assert df.set_index("task_id").loc["t2", "attempts"] == 1
    assert st.tasks("s1", status="pending")["task_id"].tolist() == ["t2", "t3"]
    with pytest.raises(StoreError, match="no task"):
        st.finish_task("s1", "zz", {})
