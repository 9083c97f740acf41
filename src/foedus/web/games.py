"""Games in the results store: a ``games`` table next to the store's own tables.

``games``: ``game_id`` (key), ``scenario_id``, ``scenario_file`` (the name
used in messages) and ``scenario_text`` (the YAML the game was started from,
so a game resumes even if the scenario folder changes), ``policy``, ``lens``,
``role``, ``status`` (``playing`` | ``over``), ``month``, ``horizon``,
``created_at``, ``updated_at`` (UTC), ``state`` (JSON of
:meth:`foedus.wargame.game.Wargame.to_dict`) and ``comparison`` (JSON, once
the game is over). Each save is one transaction on a short-lived connection of
the store (the store's own locking and waiting apply), so a game survives a
restart or a kill with its last completed move.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from foedus.scenario.loader import Document, parse_scenario
from foedus.store.store import ResultsStore, StoreError, utcnow
from foedus.wargame.game import Wargame

GAMES_DDL = """CREATE TABLE IF NOT EXISTS games (
    game_id VARCHAR PRIMARY KEY,
    scenario_id VARCHAR NOT NULL,
    scenario_file VARCHAR NOT NULL,
    scenario_text VARCHAR NOT NULL,
    policy VARCHAR NOT NULL,
    lens VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('playing', 'over')),
    month INTEGER NOT NULL,
    horizon INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    state JSON NOT NULL,
    comparison JSON
)"""
GAME_ID = re.compile(r"^[0-9a-f]{16}$")
COLUMNS = ("game_id", "scenario_id", "scenario_file", "policy", "lens", "role", "status",
           "month", "horizon", "created_at", "updated_at")


class GameNotFoundError(LookupError):
    """No game with that id."""


@dataclass(frozen=True)
class GameRow:
    """A stored game's summary."""

    game_id: str
    scenario_id: str
    scenario_file: str
    policy: str
    lens: str
    role: str
    status: str
    month: int
    horizon: int
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["created_at"] = self.created_at.isoformat() + "Z"
        d["updated_at"] = self.updated_at.isoformat() + "Z"
        return d


def new_game_id() -> str:
    return secrets.token_hex(8)


class GameStore:
    """Save, list and load games in a :class:`~foedus.store.store.ResultsStore`'s file."""

    def __init__(self, store: ResultsStore) -> None:
        self.store = store

    def save(self, game_id: str, doc: Document, game: Wargame,
             comparison: dict[str, Any] | None = None) -> None:
        """Insert or replace the game (one transaction)."""
        now = utcnow()
        state = json.dumps(game.to_dict(), allow_nan=False)
        comp = None if comparison is None else json.dumps(comparison, allow_nan=False)
        status = "over" if game.finished_ else "playing"
        with self.store.connection(write=True) as con:
            assert con is not None
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(GAMES_DDL)
                row = con.execute("SELECT created_at FROM games WHERE game_id = ?",
                                  [game_id]).fetchone()
                created = row[0] if row is not None else now
                con.execute("DELETE FROM games WHERE game_id = ?", [game_id])
                con.execute("INSERT INTO games VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [game_id, doc.scenario.id, doc.source.file, doc.text,
                             game.policy_, game.lens, game.role, status, game.state_.t,
                             game.structure.horizon, created, now, state, comp])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def list(self, limit: int = 200) -> list[GameRow]:
        """Games, most recently played first."""
        with self.store.connection(write=False) as con:
            if con is None or not _has_table(con):
                return []
            rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM games "
                               f"ORDER BY updated_at DESC LIMIT {int(limit)}").fetchall()
        return [GameRow(*r) for r in rows]

    def load(self, game_id: str) -> tuple[GameRow, Document, Wargame, dict[str, Any] | None]:
        """The game ``game_id``: its summary, scenario, resumed game and comparison."""
        if not GAME_ID.match(game_id):
            raise GameNotFoundError(f"'{game_id[:40]}' is not a game id")
        with self.store.connection(write=False) as con:
            row = None
            if con is not None and _has_table(con):
                row = con.execute(f"SELECT {', '.join(COLUMNS)}, scenario_text, state, "
                                  "comparison FROM games WHERE game_id = ?",
                                  [game_id]).fetchone()
        if row is None:
            raise GameNotFoundError(f"no game '{game_id}'")
        summary = GameRow(*row[:len(COLUMNS)])
        text, state, comp = row[len(COLUMNS):]
        try:
            doc = parse_scenario(text, summary.scenario_file)
            game = Wargame.restore(doc, json.loads(state))
        except Exception as exc:  # a stored game that no longer loads is reported, not lost
            raise StoreError(f"game '{game_id}' cannot be resumed with this version of "
                             f"foedus: {exc}") from None
        return summary, doc, game, None if comp is None else json.loads(comp)


def _has_table(con: Any) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_name = 'games'").fetchone()[0] > 0
