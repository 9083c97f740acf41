"""A result read back from its JSON contract (a stored record's payload) is the same result."""

from __future__ import annotations

from foedus.scenario.loader import Document
from foedus.study.result import Result
from foedus.study.simulation import Simulation
from foedus.study.verdict import verdict


def test_from_dict_round_trips_and_gives_the_same_verdict(july: Document) -> None:
    res = Simulation(replications=800, seed=9).run(july).result_
    back = Result.from_dict(res.to_dict(), fixed=res.fixed)
    assert back.to_dict() == res.to_dict()
    assert verdict(back).to_dict() == verdict(res).to_dict()
    assert Result.from_dict({**res.to_dict(), "fixed": True}).fixed is True
