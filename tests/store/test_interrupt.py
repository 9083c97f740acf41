"""A killed or interrupted command leaves the store intact and without partial records.

Real processes are started and killed mid-way: ``foedus compare`` with far more
replications than it can finish (SIGKILL and SIGINT), and a writer that records
in a tight loop (SIGKILL, likely during a transaction).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from foedus.scenario.loader import Document
from foedus.store.store import ResultsStore
from foedus.study.result import Result
from foedus.study.simulation import Simulation

FOEDUS = shutil.which("foedus", path=str(Path(sys.executable).parent))


@pytest.fixture(scope="module")
def result(july: Document) -> Result:
    return Simulation(replications=1000, seed=5).run(july).result_


def _consistent(path: Path) -> list[int]:
    """Ids of the records; every record has exactly its ``n_rows`` outcome rows."""
    import duckdb

    con = duckdb.connect(str(path))
    try:
        bad = con.execute(
            "SELECT r.id FROM records r LEFT JOIN (SELECT record_id, count(*) AS n "
            "FROM outcomes GROUP BY record_id) o ON o.record_id = r.id "
            "WHERE coalesce(o.n, 0) <> r.n_rows").fetchall()
        orphans = con.execute("SELECT count(*) FROM outcomes WHERE record_id NOT IN "
                              "(SELECT id FROM records)").fetchone()
        ids = [r[0] for r in con.execute("SELECT id FROM records ORDER BY id").fetchall()]
    finally:
        con.close()
    assert bad == [] and orphans == (0,)
    return ids


@pytest.mark.skipif(FOEDUS is None, reason="the foedus console script is not installed")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_killed_compare_leaves_no_partial_record(tmp_path: Path, july: Document,
                                                 result: Result, sig: int) -> None:
    path = tmp_path / "runs.duckdb"
    st = ResultsStore(path)
    before = [st.record_result("compare", result, july.scenario) for _ in range(2)]
    payloads = [st.get(i).payload for i in before]
    # a terminal-like stderr makes the command draw its progress bar: the word
    # "simulating" is the signal that start-up is over and the simulation runs
    env = {**os.environ, "FOEDUS_STORE": str(path), "TTY_COMPATIBLE": "1"}
    assert FOEDUS is not None
    proc = subprocess.Popen([FOEDUS, "compare", "ukraine-2025", "--reps", "50000000",
                             "--chunk-size", "20000"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    seen = bytearray()
    simulating = threading.Event()

    def read_stderr() -> None:
        assert proc.stderr is not None
        while chunk := proc.stderr.read1(4096):
            seen.extend(chunk)
            if b"simulating" in seen:
                simulating.set()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    assert simulating.wait(timeout=300), bytes(seen)
    assert proc.poll() is None, bytes(seen)
    proc.send_signal(sig)
    proc.wait(timeout=120)
    reader.join(timeout=30)
    stderr = seen.decode("utf-8", "replace")
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 130, stderr
        assert "interrupted" in stderr and "Traceback" not in stderr
    assert _consistent(path) == before
    assert [st.get(i).payload for i in before] == payloads
    assert st.record_result("compare", result, july.scenario) == before[-1] + 1


WRITER = """
import sys
from foedus.study.simulation import Simulation
from foedus.scenario.library import load
from foedus.store.store import ResultsStore
doc = load("july-1914")
res = Simulation(replications=1000, seed=5).run(doc).result_
st = ResultsStore(sys.argv[1])
print("ready", flush=True)
while True:
    st.record_result("compare", res, doc.scenario)
"""


def test_writer_killed_during_writes(tmp_path: Path) -> None:
    path = tmp_path / "runs.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(1.5)
    proc.kill()
    proc.wait(timeout=30)
    ids = _consistent(path)
    assert len(ids) >= 2 and ids == list(range(1, len(ids) + 1))
    st = ResultsStore(path)
    assert st.get(ids[-1]).payload["scenario"] == "july-1914"
    assert st.record("audit", payload={"ok": True}) > ids[-1]
