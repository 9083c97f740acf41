"""Tables of the results store (DuckDB).

``records``
    One row per finished run, comparison, sensitivity analysis, audit, sweep or
    report: ``id`` (from the sequence ``record_id``), ``kind``, ``scenario_id``,
    ``scenario_hash`` (SHA-256 of the scenario's canonical JSON), ``lens``,
    ``policies`` (list), ``seed``, ``replications``, ``horizon_months``,
    ``fixed``, ``version``, ``started_at`` / ``finished_at`` (UTC),
    ``n_rows`` (how many ``outcomes`` rows belong to it: an integrity check),
    ``payload`` (the result JSON, e.g. the ``--json`` contract of ``compare``)
    and ``meta`` (JSON: anything else, e.g. the command's options).
``outcomes``
    The record's summary outcomes in long form, one row per
    (``policy``, ``outcome``, ``term``): ``estimate``, ``lo``, ``hi``. For
    ``run``/``compare`` the rows are ``Result.to_frame()`` and ``term`` is
    NULL; other kinds use ``term`` to say which quantity a row is (e.g.
    ``ST:threat_base`` for a total-order Sobol index).
``scenarios``
    Each scenario a record refers to, once: ``scenario_hash`` (key),
    ``scenario_id`` and its canonical JSON, so any record can be reproduced.
``studies`` and ``tasks``
    Resumable sweeps. A study (``study_id``, ``kind``, ``scenario_hash``,
    ``spec`` JSON) owns tasks keyed by (``study_id``, ``task_id``), each with
    ``params`` JSON, ``status`` (``pending`` → ``running`` → ``done`` |
    ``failed``), ``result`` JSON, ``error``, ``attempts`` and timestamps.
    Each task's result is committed on its own, so a killed sweep loses at
    most the tasks in flight; on resume, ``running`` tasks go back to
    ``pending``.
``meta``
    ``schema_version``.

A record and its outcome rows are written in one transaction at the end of the
work, so an interrupted command leaves no trace, and DuckDB's write-ahead log
keeps earlier records intact after a crash or a kill.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

KINDS: tuple[str, ...] = ("run", "compare", "report", "sensitivity", "audit", "sweep")
TASK_STATUSES: tuple[str, ...] = ("pending", "running", "done", "failed")

DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    "CREATE SEQUENCE IF NOT EXISTS record_id START 1",
    """CREATE TABLE IF NOT EXISTS records (
        id BIGINT PRIMARY KEY DEFAULT nextval('record_id'),
        kind VARCHAR NOT NULL,
        scenario_id VARCHAR,
        scenario_hash VARCHAR,
        lens VARCHAR,
        policies VARCHAR[],
        seed BIGINT,
        replications BIGINT,
        horizon_months INTEGER,
        fixed BOOLEAN,
        version VARCHAR NOT NULL,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP NOT NULL,
        n_rows INTEGER NOT NULL,
        payload JSON NOT NULL,
        meta JSON NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS outcomes (
        record_id BIGINT NOT NULL,
        row_no INTEGER NOT NULL,
        policy VARCHAR,
        outcome VARCHAR,
        term VARCHAR,
        estimate DOUBLE,
        lo DOUBLE,
        hi DOUBLE,
        PRIMARY KEY (record_id, row_no)
    )""",
    """CREATE TABLE IF NOT EXISTS scenarios (
        scenario_hash VARCHAR PRIMARY KEY,
        scenario_id VARCHAR NOT NULL,
        scenario JSON NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS studies (
        study_id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,
        scenario_hash VARCHAR,
        spec JSON NOT NULL,
        created_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS tasks (
        study_id VARCHAR NOT NULL,
        task_id VARCHAR NOT NULL,
        params JSON NOT NULL,
        status VARCHAR NOT NULL
            CHECK (status IN ('pending', 'running', 'done', 'failed')),
        result JSON,
        error VARCHAR,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        PRIMARY KEY (study_id, task_id)
    )""",
)
