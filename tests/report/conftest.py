"""A small comparison of july-1914, computed once for the report tests."""

from __future__ import annotations

import pytest

from foedus.scenario.loader import Document
from foedus.study.result import Result
from foedus.study.simulation import Simulation


@pytest.fixture(scope="session")
def july_result(july: Document) -> Result:
    return Simulation(replications=1000, seed=11).run(july).result_
