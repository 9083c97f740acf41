"""Scenarios edited in the browser and saved: a ``saved_scenarios`` table in the store file.

``saved_scenarios``: ``key`` (16 hex digits, the share link's part: ``/editor/{key}``),
``scenario_id`` (the ``id:`` inside the text), ``file`` (the name used in
``FILE:LINE`` messages), ``based_on`` (the scenario it was duplicated from, or
empty), ``text`` (the YAML exactly as saved) and ``created_at`` (UTC). A save is
never overwritten: each save gets a key of its own, so a shared link always
reopens the text it was made from. Only text that validates (as ``foedus
validate`` does) is saved, in one transaction on a short-lived connection of the
store (its locking and waiting apply; a read-only store refuses).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from foedus.scenario.loader import Document
from foedus.store.store import ResultsStore, utcnow

SAVED_DDL = """CREATE TABLE IF NOT EXISTS saved_scenarios (
    key VARCHAR PRIMARY KEY,
    scenario_id VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    based_on VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
)"""
KEY = re.compile(r"^[0-9a-f]{16}$")
#: Catalog ids of saved scenarios: ``saved-`` and the key.
PREFIX = "saved-"


class SavedNotFoundError(LookupError):
    """No saved scenario with that key."""


@dataclass(frozen=True)
class SavedScenario:
    """One saved scenario."""

    key: str
    scenario_id: str
    file: str
    based_on: str
    text: str
    created_at: datetime

    @property
    def catalog_id(self) -> str:
        """The id under which the app's pages (Compare, What-if, Wargame) offer it."""
        return PREFIX + self.key

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "id": self.catalog_id, "scenario_id": self.scenario_id,
                "file": self.file, "based_on": self.based_on, "text": self.text,
                "created_at": self.created_at.isoformat() + "Z",
                "link": f"/editor/{self.key}"}


class SavedScenarios:
    """Save, list and load edited scenarios in a results store's file."""

    def __init__(self, store: ResultsStore) -> None:
        self.store = store

    def save(self, doc: Document, based_on: str = "") -> SavedScenario:
        """Store the validated ``doc``'s text under a new key (one transaction)."""
        key = secrets.token_hex(8)
        now = utcnow()
        with self.store.connection(write=True) as con:
            assert con is not None
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(SAVED_DDL)
                con.execute("INSERT INTO saved_scenarios VALUES (?, ?, ?, ?, ?, ?)",
                            [key, doc.scenario.id, doc.source.file, based_on, doc.text, now])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return SavedScenario(key, doc.scenario.id, doc.source.file, based_on, doc.text, now)

    def get(self, key: str) -> SavedScenario:
        """The saved scenario ``key``; :class:`SavedNotFoundError` otherwise."""
        if not KEY.match(key):
            raise SavedNotFoundError(f"'{key[:40]}' is not a saved scenario's key")
        with self.store.connection(write=False) as con:
            row = None
            if con is not None and _has_table(con):
                row = con.execute("SELECT key, scenario_id, file, based_on, text, created_at "
                                  "FROM saved_scenarios WHERE key = ?", [key]).fetchone()
        if row is None:
            raise SavedNotFoundError(f"no saved scenario '{key}'")
        return SavedScenario(*row)

    def list(self, limit: int = 200) -> list[SavedScenario]:
        """Saved scenarios, newest first."""
        with self.store.connection(write=False) as con:
            if con is None or not _has_table(con):
                return []
            rows = con.execute("SELECT key, scenario_id, file, based_on, text, created_at "
                               "FROM saved_scenarios ORDER BY created_at DESC "
                               f"LIMIT {int(limit)}").fetchall()
        return [SavedScenario(*r) for r in rows]


def _has_table(con: Any) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_name = 'saved_scenarios'").fetchone()[0] > 0
