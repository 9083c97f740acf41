"""Shared fixtures: bundled scenarios, loaded once per session."""

from __future__ import annotations

import pytest

from foedus.scenario.library import load
from foedus.scenario.loader import Document


@pytest.fixture(scope="session")
def ukraine() -> Document:
    return load("ukraine-2025")


@pytest.fixture(scope="session")
def july() -> Document:
    return load("july-1914")
