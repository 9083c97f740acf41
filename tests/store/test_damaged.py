"""Damaged, foreign and unwritable stores: every command answers with a message (exit 2),
never a traceback; a failed record after a finished run keeps the result (exit 3); a new
store is created whole or not at all."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.cli.common import RECORD_FAILED, CliError
from foedus.cli.serve import _open_store
from foedus.scenario.loader import Document
from foedus.store.store import (
    ResultsStore,
    StoreDamagedError,
    StoreError,
    StoreLockedError,
)
from foedus.study.result import Result
from foedus.study.simulation import Simulation

runner = CliRunner()
FAST = ["--reps", "500", "--horizon", "12"]


@pytest.fixture(scope="module")
def result(july: Document) -> Result:
    return Simulation(replications=500, seed=5).run(july).result_


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory, july: Document, result: Result) -> Path:
    path = tmp_path_factory.mktemp("good") / "runs.duckdb"
    st = ResultsStore(path)
    for _ in range(30):
        st.record_result("compare", result, july.scenario)
    return path


def _empty(p: Path, good: Path) -> None:
    p.write_bytes(b"")


def _corrupt(p: Path, good: Path) -> None:
    p.write_bytes(bytes(range(256)) * 80)


def _truncated(p: Path, good: Path) -> None:
    shutil.copy(good, p)
    os.truncate(p, p.stat().st_size // 2)


def _sqlite(p: Path, good: Path) -> None:
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE records (id INTEGER)")
    con.commit()
    con.close()


DAMAGE: dict[str, Callable[[Path, Path], None]] = {
    "empty": _empty, "corrupt": _corrupt, "truncated": _truncated, "sqlite": _sqlite}


@pytest.mark.parametrize("how", list(DAMAGE))
def test_damaged_store_is_a_message_in_every_command(how: str, tmp_path: Path,
                                                     good: Path) -> None:
    path = tmp_path / "runs.duckdb"
    DAMAGE[how](path, good)
    before = path.read_bytes()
    for args in (["runs", "list"], ["runs", "show", "1"], ["runs", "export", "1"],
                 ["compare", "july-1914", *FAST], ["run", "july-1914", "-p", "as-in-1914",
                                                   *FAST],
                 ["sweep", "july-1914", "--policy", "as-in-1914", "--grid",
                  "threat_discount=0,0.5", "--reps", "100"]):
        res = runner.invoke(app, [*args, "--store", str(path)])
        assert res.exit_code == 2, (args, res.output)
        assert "Traceback" not in res.output and str(path) in res.output, (args, res.output)
    with pytest.raises(StoreDamagedError):
        ResultsStore(path).verify()
    with pytest.raises(CliError) as info:  # serve refuses it
        _open_store(ResultsStore(path))
    assert str(path) in str(info.value)
    assert path.read_bytes() == before  # nothing was written into it


def test_sqlite_store_does_not_reach_for_an_extension(tmp_path: Path, good: Path) -> None:
    path = tmp_path / "x.db"
    _sqlite(path, good)
    with pytest.raises(StoreDamagedError, match="SQLite"):
        ResultsStore(path).records()


def test_connections_never_autoload_extensions(tmp_path: Path) -> None:
    st = ResultsStore(tmp_path / "r.duckdb").check()
    with st.connection(write=False) as con:
        assert con is not None
        got = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN "
                               "('autoinstall_known_extensions', "
                               "'autoload_known_extensions')").fetchall())
    assert got == {"autoinstall_known_extensions": "false",
                   "autoload_known_extensions": "false"}


def test_serve_opens_an_unwritable_store_read_only(tmp_path: Path, good: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "runs.duckdb"
    shutil.copy(good, path)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == path
                        and mode == os.W_OK else real(p, mode, **kw))
    assert _open_store(ResultsStore(path)) is True
    st = ResultsStore(path, read_only=True)
    assert len(st.records()) == 30
    before = path.read_bytes()
    with pytest.raises(StoreError, match="read-only"):
        st.record("audit", payload={})
    assert path.read_bytes() == before


def test_new_store_on_a_full_disk_leaves_no_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "new" / "runs.duckdb"

    def full(self: ResultsStore, con: duckdb.DuckDBPyConnection) -> None:
        raise duckdb.IOException("IO Error: Could not write file: No space left on device")

    monkeypatch.setattr(ResultsStore, "_ensure_schema", full)
    with pytest.raises(StoreError, match="disk is full"):
        ResultsStore(path).record("audit", payload={})
    assert list(path.parent.iterdir()) == []
    monkeypatch.undo()
    assert ResultsStore(path).record("audit", payload={}) == 1  # fine once space is free


@pytest.mark.parametrize("error", [StoreError("x.duckdb: the disk is full"),
                                   StoreLockedError("x.duckdb: in use by another process")])
@pytest.mark.parametrize("as_json", [False, True])
def test_failed_record_keeps_the_result_and_says_so(tmp_path: Path, error: StoreError,
                                                    as_json: bool,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*a: object, **k: object) -> int:
        raise error

    monkeypatch.setattr(ResultsStore, "record_result", fail)
    out = tmp_path / "o"
    args = ["compare", "july-1914", *FAST, "--out", str(out)] + (["--json"] if as_json else [])
    res = runner.invoke(app, args)
    assert res.exit_code == RECORD_FAILED
    assert "the result was not recorded" in res.stderr and str(error) in res.stderr
    assert "Traceback" not in res.output
    assert (out / "july-1914-evidence.json").exists()  # written before recording
    assert ("war_by_horizon" in res.stdout) if as_json else ("as-in-1914" in res.stdout)


def test_seed_beyond_the_store_column_is_refused_before_any_work() -> None:
    res = runner.invoke(app, ["compare", "july-1914", *FAST, "--seed",
                              "18446744073709551616"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    with pytest.raises(StoreError, match="64-bit"):
        ResultsStore(Path("unused.duckdb")).record("audit", payload={}, seed=2**63)
