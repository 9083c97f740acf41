"""Shared fixtures: bundled scenarios, loaded once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from foedus.scenario.library import load
from foedus.scenario.loader import Document


@pytest.fixture(scope="session")
def ukraine() -> Document:
    return load("ukraine-2025")


@pytest.fixture(scope="session")
def july() -> Document:
    return load("july-1914")


@pytest.fixture(scope="session", autouse=True)
def _session_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Module- and session-scoped fixtures record into a private store too (they run
    before the per-test one below), never into ./foedus-out."""
    path = tmp_path_factory.mktemp("session-store") / "runs.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FOEDUS_STORE", str(path))
        yield path


@pytest.fixture(autouse=True)
def _private_store(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test records into its own results store, never into ./foedus-out."""
    path = tmp_path_factory.mktemp("store") / "runs.duckdb"
    monkeypatch.setenv("FOEDUS_STORE", str(path))
    yield path
