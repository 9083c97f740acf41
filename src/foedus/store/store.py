"""The results store: a DuckDB file recording every run with its provenance.

Usage::

    store = ResultsStore("foedus-out/runs.duckdb")
    rid = store.record_result("compare", sim.result_, doc.scenario, started_at=t0)
    store.get(rid).payload          # the result JSON
    store.records(kind="compare")   # newest first
    store.rows(rid)                 # policy, outcome, estimate, lo, hi
    store.export(rid, "parquet", Path("run.parquet"))

Every write is one transaction on a connection opened for that write alone,
so the file is locked only for milliseconds and an interrupted process leaves
either the whole record or nothing. Another process holding the file makes
the store wait up to ``wait`` seconds, then raise :class:`StoreLockedError`.
Tables and columns: :mod:`foedus.store.schema`.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from foedus._version import __version__
from foedus.scenario.schema import Scenario
from foedus.store.files import atomic_path
from foedus.store.hashing import canonical_json, scenario_hash, scenario_json
from foedus.store.schema import DDL, KINDS, SCHEMA_VERSION
from foedus.study.result import Result

if TYPE_CHECKING:
    from foedus.audit.audit import AuditResult
    from foedus.sensitivity.result import SensitivityResult

ENV_STORE = "FOEDUS_STORE"
ENV_WAIT = "FOEDUS_STORE_WAIT"
DEFAULT_STORE = Path("foedus-out") / "runs.duckdb"
ROW_COLUMNS: tuple[str, ...] = ("policy", "outcome", "term", "estimate", "lo", "hi")
RECORD_COLUMNS: tuple[str, ...] = (
    "id", "kind", "scenario_id", "scenario_hash", "lens", "policies", "seed", "replications",
    "horizon_months", "fixed", "version", "started_at", "finished_at", "n_rows", "payload",
    "meta")


class StoreError(Exception):
    """The store cannot be used (not a DuckDB file, newer schema, unknown record)."""


class StoreLockedError(StoreError):
    """Another process holds the store file."""


class StoreDamagedError(StoreError):
    """The file is not a results store, or a damaged one (truncated, corrupt)."""


class RecordNotFoundError(StoreError):
    """No record with that id."""


#: DuckDB settings of every connection: never fetch or load an extension (a file of
#: another kind given as the store must not make DuckDB go to the network).
DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False, "autoload_known_extensions": False}
#: DuckDB's file signature: bytes 8..11 of a database file.
_MAGIC = b"DUCK"


def _check_header(path: Path) -> None:
    """:class:`StoreError` unless ``path`` is missing or starts like a DuckDB database."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the results store: "
                         f"{exc.strerror or exc}") from None
    if not head:
        raise StoreDamagedError(f"{path}: the file is empty, not a results store; delete it "
                                "or pass --store PATH")
    if head[8:12] != _MAGIC:
        kind = " (it is a SQLite database)" if head.startswith(b"SQLite format 3") else ""
        raise StoreDamagedError(f"{path}: not a DuckDB results store{kind}; pass --store "
                                "PATH for another file")


def _store_error(path: Path, what: str, exc: BaseException) -> StoreError:
    """The :class:`StoreError` for a DuckDB error (:class:`StoreDamagedError` when the file
    is damaged or not a store)."""
    text = _describe(exc)
    prefix = f"{path}: {what}: " if what else f"{path}: "
    cls = StoreDamagedError if ("damaged" in text or "not a DuckDB" in text) else StoreError
    return cls(prefix + text)


def _describe(exc: BaseException) -> str:
    """What a DuckDB error says about the store, in a line."""
    msg = str(exc)
    low = msg.lower()
    if "no space left" in low:
        return "the disk is full"
    if "not a valid duckdb database" in low:
        return "not a DuckDB results store (empty, corrupt or another kind of file)"
    if ("could not read enough bytes" in low or "checksum" in low or "corrupt" in low
            or "invalid" in low and "block" in low):
        return ("the results store is damaged (truncated or corrupt); move it aside and "
                "pass --store PATH")
    if "permission denied" in low or "read-only" in low or "read only" in low:
        return "no permission to write the results store (read-only file or folder)"
    return msg.splitlines()[0] if msg else type(exc).__name__


def default_store_path() -> Path:
    """``$FOEDUS_STORE`` if set and non-empty, else ``./foedus-out/runs.duckdb``."""
    env = os.environ.get(ENV_STORE, "").strip()
    return Path(env) if env else DEFAULT_STORE


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo (the store's timestamps are UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class RunRecord:
    """One stored record (see :mod:`foedus.store.schema` for the columns)."""

    id: int
    kind: str
    scenario_id: str | None
    scenario_hash: str | None
    lens: str | None
    policies: tuple[str, ...]
    seed: int | None
    replications: int | None
    horizon_months: int | None
    fixed: bool | None
    version: str
    started_at: datetime
    finished_at: datetime
    n_rows: int
    payload: dict[str, Any] = field(repr=False)
    meta: dict[str, Any] = field(repr=False)

    def provenance(self) -> dict[str, Any]:
        """Every field but the payload, JSON-ready."""
        return {"id": self.id, "kind": self.kind, "scenario_id": self.scenario_id,
                "scenario_hash": self.scenario_hash, "lens": self.lens,
                "policies": list(self.policies), "seed": self.seed,
                "replications": self.replications, "horizon_months": self.horizon_months,
                "fixed": self.fixed, "version": self.version,
                "started_at": self.started_at.isoformat() + "Z",
                "finished_at": self.finished_at.isoformat() + "Z",
                "n_rows": self.n_rows, "meta": self.meta}

    def to_dict(self) -> dict[str, Any]:
        """Provenance plus ``payload``."""
        return {**self.provenance(), "payload": self.payload}


def _record(row: Sequence[Any]) -> RunRecord:
    d = dict(zip(RECORD_COLUMNS, row, strict=True))
    d["policies"] = tuple(d["policies"] or ())
    d["payload"] = json.loads(d["payload"])
    d["meta"] = json.loads(d["meta"])
    return RunRecord(**d)


def result_rows(result: Result) -> pd.DataFrame:
    """The outcome rows of a run/compare result: ``Result.to_frame()`` with ``term`` NULL."""
    df = result.to_frame()
    df.insert(2, "term", None)
    return df


def sensitivity_rows(result: SensitivityResult) -> pd.DataFrame:
    """The outcome rows of a sensitivity analysis: one per index, ``term`` = ``INDEX:PARAM``."""
    df = result.to_frame()
    return pd.DataFrame({"policy": result.policy, "outcome": result.outcome,
                         "term": [f"{k}:{p}" for k, p in zip(df["index"], df["parameter"],
                                                              strict=True)],
                         "estimate": df["estimate"], "lo": df["lo"], "hi": df["hi"]})


def audit_rows(result: AuditResult) -> pd.DataFrame:
    """The outcome rows of a claim audit: one per claim effect, ``term`` = the claim."""
    return result.to_frame().rename(columns={"claim": "term", "effect": "estimate"})


class ResultsStore:
    """A DuckDB results store.

    Parameters
    ----------
    path : str or Path or None
        The DuckDB file; ``None`` uses :func:`default_store_path`. Created (with
        its folder) on the first write.
    wait : float or None
        Seconds to wait for another process to release the file before
        raising :class:`StoreLockedError`; ``None`` reads ``$FOEDUS_STORE_WAIT``
        (default 10).
    """

    def __init__(self, path: str | Path | None = None, wait: float | None = None,
                 read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        if wait is None:
            try:
                wait = float(os.environ.get(ENV_WAIT, "10"))
            except ValueError:
                raise StoreError(f"{ENV_WAIT} must be a number of seconds") from None
        self.wait = max(0.0, wait)
        self.read_only = read_only

    # -- connections ---------------------------------------------------------------------
    def _open(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        _check_header(self.path)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only, config=DUCKDB_CONFIG)
            except duckdb.IOException as exc:
                msg = str(exc)
                if "lock" not in msg.lower():
                    raise _store_error(self.path, "cannot open the results store", exc
                                       ) from None
                if time.monotonic() >= deadline:
                    pid = re.search(r"PID (\d+)", msg)
                    who = f" (PID {pid.group(1)})" if pid else ""
                    raise StoreLockedError(
                        f"{self.path}: the results store is in use by another process{who}; "
                        f"wait for it to finish, or pass --store PATH or --no-store"
                    ) from None
                time.sleep(0.05)
            except duckdb.Error as exc:
                raise _store_error(self.path, "cannot open the results store", exc) from None

    @contextmanager
    def _connection(self, write: bool) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """A connection with the schema in place; ``None`` for reads of a missing file.

        Any DuckDB error, opening or inside the block, becomes a :class:`StoreError`
        that says what is wrong with the store.
        """
        if write and self.read_only:
            raise StoreError(f"{self.path}: the results store is open read-only; "
                             "nothing can be recorded in it")
        if not self.path.exists():
            if not write:
                yield None
                return
            self._create()
        read_only = not write  # a read never writes (not even the schema) into the file
        con = self._open(read_only)
        try:
            try:
                if read_only:
                    self._check_version(con)
                else:
                    self._ensure_schema(con)
                yield con
            except duckdb.Error as exc:
                raise _store_error(self.path, "", exc) from None
        finally:
            with suppress(duckdb.Error):
                con.close()

    def _create(self) -> None:
        """Create the store file whole or not at all: built under a temporary name, then
        linked into place (a full disk or an interrupt leaves no invalid store behind)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path.parent}: cannot create the folder: "
                             f"{exc.strerror or exc}") from None
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{time.monotonic_ns()}.new")
        try:
            con = duckdb.connect(str(tmp), config=DUCKDB_CONFIG)
            try:
                self._ensure_schema(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            with suppress(FileExistsError):  # another process created it meanwhile: use theirs
                os.link(tmp, self.path)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot create the results store: "
                             f"{_describe(exc)}") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the results store: "
                             f"{exc.strerror or exc}") from None
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                with suppress(OSError):
                    leftover.unlink()

    def _check_version(self, con: duckdb.DuckDBPyConnection) -> None:
        have = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        if "meta" not in have:
            return
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is not None and int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer foedus (store schema "
                             f"{row[0]}, this version reads up to {SCHEMA_VERSION})")

    def connection(self, write: bool) -> AbstractContextManager[
            duckdb.DuckDBPyConnection | None]:
        """A connection for modules that keep tables of their own in the store file.

        Same rules as the store's own access: the schema is in place, another
        process holding the file gives :class:`StoreLockedError`, and a read of
        a store that does not exist yet yields ``None``.
        """
        return self._connection(write)

    def _ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        with _transaction(con):
            for ddl in DDL:
                con.execute(ddl)
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                con.execute("INSERT INTO meta VALUES ('schema_version', ?)",
                            [str(SCHEMA_VERSION)])
            elif int(row[0]) > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: written by a newer foedus (store schema "
                                 f"{row[0]}, this version reads up to {SCHEMA_VERSION})")

    def check(self) -> ResultsStore:
        """Verify the store (:meth:`verify`), then open it for writing (creating it) and
        close it: fail fast, before any work and without writing into a damaged file."""
        self.verify()
        with self._connection(write=True):
            pass
        return self

    def verify(self) -> ResultsStore:
        """Read every row of every table (without writing): :class:`StoreError` if the
        file is not a results store or is damaged (truncated, corrupt). A missing file
        passes."""
        with ResultsStore(self.path, self.wait, read_only=True)._connection(False) as con:
            if con is None:
                return self
            tables = [r[0] for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]
            for t in tables:
                con.execute(f'SELECT count(*), sum(length(CAST(t AS VARCHAR))) FROM "{t}" t'
                            ).fetchall()
        return self

    # -- records -------------------------------------------------------------------------
    def record(self, kind: str, *, payload: Mapping[str, Any],
               rows: pd.DataFrame | None = None, scenario: Scenario | None = None,
               lens: str | None = None, policies: Sequence[str] = (),
               seed: int | None = None, replications: int | None = None,
               horizon_months: int | None = None, fixed: bool | None = None,
               started_at: datetime | None = None, finished_at: datetime | None = None,
               meta: Mapping[str, Any] | None = None, version: str = __version__) -> int:
        """Store one record and its outcome rows in one transaction; return its id.

        Parameters
        ----------
        kind : str
            One of :data:`foedus.store.schema.KINDS`.
        payload : mapping
            The result JSON (must be JSON-serialisable, without NaN).
        rows : DataFrame or None
            Summary rows with columns among ``policy, outcome, term, estimate,
            lo, hi`` (missing columns are NULL).
        scenario : Scenario or None
            Its id and hash are recorded, and its canonical JSON kept once.
        started_at, finished_at : datetime or None
            UTC; ``finished_at`` defaults to now, ``started_at`` to ``finished_at``.
        meta : mapping or None
            Anything else worth keeping (JSON).
        """
        if kind not in KINDS:
            raise StoreError(f"unknown record kind '{kind}' (known: {', '.join(KINDS)})")
        for name, value in (("seed", seed), ("replications", replications),
                            ("horizon_months", horizon_months)):
            if value is not None and not 0 <= value <= 2**63 - 1:
                raise StoreError(f"{name} {value} does not fit the store's 64-bit column "
                                 "(0..2^63-1)")
        try:
            payload_json = json.dumps(payload, separators=(",", ":"), ensure_ascii=False,
                                      allow_nan=False)  # key order kept: policies in order
            meta_json = canonical_json(dict(meta or {}))
        except (TypeError, ValueError) as exc:
            raise StoreError(f"payload is not valid JSON: {exc}") from None
        frame = _rows_frame(rows)
        finished = finished_at or utcnow()
        started = started_at or finished
        sc_hash = scenario_hash(scenario) if scenario is not None else None
        with self._connection(write=True) as con:
            assert con is not None
            with _transaction(con):
                if scenario is not None:
                    con.execute("INSERT INTO scenarios VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                [sc_hash, scenario.id, scenario_json(scenario)])
                row = con.execute(
                    "INSERT INTO records (kind, scenario_id, scenario_hash, lens, policies, "
                    "seed, replications, horizon_months, fixed, version, started_at, "
                    "finished_at, n_rows, payload, meta) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    [kind, scenario.id if scenario is not None else None, sc_hash, lens,
                     list(policies), seed, replications, horizon_months, fixed, version,
                     started, finished, len(frame), payload_json, meta_json]).fetchone()
                assert row is not None
                rid = int(row[0])
                if len(frame):
                    frame.insert(0, "row_no", range(len(frame)))
                    frame.insert(0, "record_id", rid)
                    con.register("_foedus_rows", frame)
                    con.execute("INSERT INTO outcomes SELECT record_id, row_no, policy, outcome, "
                                "term, estimate, lo, hi FROM _foedus_rows")
                    con.unregister("_foedus_rows")
        return rid

    def record_result(self, kind: str, result: Result, scenario: Scenario, *,
                      started_at: datetime | None = None, finished_at: datetime | None = None,
                      meta: Mapping[str, Any] | None = None) -> int:
        """Store a ``run``/``compare``-style :class:`~foedus.study.result.Result`."""
        return self.record(kind, payload=result.to_dict(), rows=result_rows(result),
                           scenario=scenario, lens=result.lens,
                           policies=list(result.policies), seed=result.seed,
                           replications=result.replications,
                           horizon_months=result.horizon_months, fixed=result.fixed,
                           started_at=started_at, finished_at=finished_at,
                           meta={"fixed": result.fixed, **dict(meta or {})},
                           version=result.version)

    def records(self, kind: str | None = None, scenario_id: str | None = None,
             limit: int | None = None) -> list[RunRecord]:
        """Records, newest first, optionally filtered by kind and scenario id."""
        where, args = [], []
        if kind is not None:
            where.append("kind = ?")
            args.append(kind)
        if scenario_id is not None:
            where.append("scenario_id = ?")
            args.append(scenario_id)
        sql = f"SELECT {', '.join(RECORD_COLUMNS)} FROM records"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._connection(write=False) as con:
            if con is None:
                return []
            return [_record(r) for r in con.execute(sql, args).fetchall()]

    def get(self, record_id: int) -> RunRecord:
        """The record ``record_id``; :class:`RecordNotFoundError` if there is none."""
        with self._connection(write=False) as con:
            row = None if con is None else con.execute(
                f"SELECT {', '.join(RECORD_COLUMNS)} FROM records WHERE id = ?",
                [record_id]).fetchone()
        if row is None:
            where = "" if self.path.exists() else " (nothing recorded yet)"
            raise RecordNotFoundError(f"{self.path}: no record {record_id}{where}")
        return _record(row)

    def rows(self, record_id: int) -> pd.DataFrame:
        """The outcome rows of a record: ``policy, outcome, term, estimate, lo, hi``."""
        self.get(record_id)
        with self._connection(write=False) as con:
            assert con is not None
            df = con.execute(f"SELECT {', '.join(ROW_COLUMNS)} FROM outcomes "
                             "WHERE record_id = ? ORDER BY row_no", [record_id]).df()
        return df.reset_index(drop=True)

    def scenario(self, digest: str) -> Scenario | None:
        """The scenario with that hash, if a record refers to it."""
        with self._connection(write=False) as con:
            row = None if con is None else con.execute(
                "SELECT scenario FROM scenarios WHERE scenario_hash = ?", [digest]).fetchone()
        return None if row is None else Scenario.model_validate(json.loads(row[0]))

    def export(self, record_id: int, fmt: str, path: Path) -> Path:
        """Write a record's outcome rows as ``csv`` or ``parquet`` (atomically).

        The CSV of a ``run``/``compare`` record is the same as ``--out`` writes
        (``Result.to_frame()``); the ``term`` column appears only when used.
        Parquet files carry the record's provenance as schema metadata
        (key ``foedus``).
        """
        if fmt not in ("csv", "parquet"):
            raise StoreError(f"unknown export format '{fmt}' (csv or parquet)")
        rec = self.get(record_id)
        df = self.rows(record_id)
        if df["term"].isna().all():
            df = df.drop(columns="term")
        with atomic_path(path) as tmp:
            if fmt == "csv":
                df.to_csv(tmp, index=False)
            else:
                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(df, preserve_index=False)
                meta = dict(table.schema.metadata or {})
                meta[b"foedus"] = canonical_json(rec.provenance()).encode("utf-8")
                pq.write_table(table.replace_schema_metadata(meta), tmp)
        return path

    # -- studies and tasks (resumable sweeps) ----------------------------------------------
    def create_study(self, study_id: str, kind: str, spec: Mapping[str, Any],
                     scenario: Scenario | None = None) -> None:
        """Create a study, or accept an existing one with the same kind and spec."""
        spec_json = canonical_json(dict(spec))
        with self._connection(write=True) as con:
            assert con is not None
            with _transaction(con):
                row = con.execute("SELECT kind, spec FROM studies WHERE study_id = ?",
                                  [study_id]).fetchone()
                if row is not None:
                    if row[0] != kind or json.loads(row[1]) != json.loads(spec_json):
                        raise StoreError(f"study '{study_id}' exists with a different "
                                         "specification")
                    return
                if scenario is not None:
                    con.execute("INSERT INTO scenarios VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                [scenario_hash(scenario), scenario.id,
                                 scenario_json(scenario)])
                con.execute("INSERT INTO studies VALUES (?, ?, ?, ?, ?)",
                            [study_id, kind, None if scenario is None
                             else scenario_hash(scenario), spec_json, utcnow()])

    def add_tasks(self, study_id: str, tasks: Mapping[str, Mapping[str, Any]]) -> int:
        """Add tasks (id → params) not yet in the study; return how many were new."""
        now = utcnow()
        with self._connection(write=True) as con:
            assert con is not None
            with _transaction(con):
                if con.execute("SELECT 1 FROM studies WHERE study_id = ?",
                               [study_id]).fetchone() is None:
                    raise StoreError(f"no study '{study_id}'")
                have = {r[0] for r in con.execute(
                    "SELECT task_id FROM tasks WHERE study_id = ?", [study_id]).fetchall()}
                new = [(study_id, tid, canonical_json(dict(p)), "pending", None, None, 0, now,
                        now) for tid, p in tasks.items() if tid not in have]
                if new:
                    con.executemany("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new)
        return len(new)

    def claim_tasks(self, study_id: str, limit: int | None = None
                    ) -> list[tuple[str, dict[str, Any]]]:
        """Mark up to ``limit`` pending tasks ``running`` and return (id, params)."""
        sql = ("SELECT task_id, params FROM tasks WHERE study_id = ? AND status = 'pending' "
               "ORDER BY task_id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._connection(write=True) as con:
            assert con is not None
            with _transaction(con):
                got = con.execute(sql, [study_id]).fetchall()
                for tid, _ in got:
                    con.execute("UPDATE tasks SET status = 'running', attempts = attempts + 1, "
                                "updated_at = ? WHERE study_id = ? AND task_id = ?",
                                [utcnow(), study_id, tid])
        return [(tid, json.loads(p)) for tid, p in got]

    def finish_task(self, study_id: str, task_id: str, result: Mapping[str, Any]) -> None:
        """Store a task's result and mark it ``done`` (one transaction)."""
        self._set_task(study_id, task_id, "done", canonical_json(dict(result)), None)

    def fail_task(self, study_id: str, task_id: str, error: str) -> None:
        """Mark a task ``failed`` with a message."""
        self._set_task(study_id, task_id, "failed", None, error)

    def _set_task(self, study_id: str, task_id: str, status: str, result: str | None,
                  error: str | None) -> None:
        with self._connection(write=True) as con:
            assert con is not None
            with _transaction(con):
                row = con.execute("UPDATE tasks SET status = ?, result = ?, error = ?, "
                                  "updated_at = ? WHERE study_id = ? AND task_id = ? "
                                  "RETURNING task_id",
                                  [status, result, error, utcnow(), study_id,
                                   task_id]).fetchone()
                if row is None:
                    raise StoreError(f"no task '{task_id}' in study '{study_id}'")

    def reset_running(self, study_id: str) -> int:
        """Put tasks left ``running`` by a killed sweep back to ``pending``; return how many."""
        with self._connection(write=True) as con:
            assert con is not None
            with _transaction(con):
                rows = con.execute("UPDATE tasks SET status = 'pending', updated_at = ? "
                                   "WHERE study_id = ? AND status = 'running' RETURNING task_id",
                                   [utcnow(), study_id]).fetchall()
        return len(rows)

    def tasks(self, study_id: str, status: str | None = None) -> pd.DataFrame:
        """Tasks of a study: ``task_id, status, params, result, error, attempts`` (JSON parsed)."""
        sql = ("SELECT task_id, status, params, result, error, attempts FROM tasks "
               "WHERE study_id = ?")
        args: list[Any] = [study_id]
        if status is not None:
            sql += " AND status = ?"
            args.append(status)
        cols = ["task_id", "status", "params", "result", "error", "attempts"]
        with self._connection(write=False) as con:
            if con is None:
                return pd.DataFrame(columns=cols)
            df = con.execute(sql + " ORDER BY task_id", args).df()
        for c in ("params", "result"):
            df[c] = [None if v is None or v != v else json.loads(v) for v in df[c]]
        return df


def _rows_frame(rows: pd.DataFrame | None) -> pd.DataFrame:
    if rows is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ROW_COLUMNS})
    unknown = set(rows.columns) - set(ROW_COLUMNS)
    if unknown:
        raise StoreError(f"unknown row columns: {', '.join(sorted(unknown))} "
                         f"(allowed: {', '.join(ROW_COLUMNS)})")
    df = pd.DataFrame({c: (rows[c] if c in rows.columns else None) for c in ROW_COLUMNS})
    for c in ("policy", "outcome", "term"):
        df[c] = df[c].astype(object).where(df[c].notna(), None)
    for c in ("estimate", "lo", "hi"):
        df[c] = pd.to_numeric(df[c], errors="raise").astype(float)
    return df.reset_index(drop=True)


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
