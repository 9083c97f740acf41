"""Saved scenarios in the results store: never overwritten, read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from foedus.scenario.library import load
from foedus.store.store import ResultsStore, StoreError
from foedus.web.catalog import ScenarioCatalog
from foedus.web.saved import SavedNotFoundError, SavedScenarios


def test_save_twice_get_list(tmp_path: Path) -> None:
    saved = SavedScenarios(ResultsStore(tmp_path / "runs.duckdb"))
    assert saved.list() == []  # no store file yet: nothing, and nothing created
    assert not (tmp_path / "runs.duckdb").exists()
    doc = load("july-1914")
    a = saved.save(doc, "july-1914")
    b = saved.save(doc)
    assert a.key != b.key and len(a.key) == 16
    got = saved.get(a.key)
    assert got.text == doc.text and got.based_on == "july-1914"
    assert got.scenario_id == "july-1914" and got.file == "july-1914.yaml"
    assert {s.key for s in saved.list()} == {a.key, b.key}
    with pytest.raises(SavedNotFoundError):
        saved.get("0" * 16)
    with pytest.raises(SavedNotFoundError):
        saved.get("../x")
    cat = ScenarioCatalog(None, saved)
    assert cat.get(a.catalog_id).scenario == doc.scenario
    assert a.catalog_id not in {e.id for e in cat.entries()}


def test_read_only_store_refuses(tmp_path: Path) -> None:
    store = ResultsStore(tmp_path / "runs.duckdb", read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        SavedScenarios(store).save(load("july-1914"))
