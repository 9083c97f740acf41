"""Where the random stream is shared, every engine path gives identical numbers.

In the spirit of scikit-learn's ``check_estimator``: each check runs on every
scenario of a family (both bundled scenarios, every bundled case file,
purpose-built scenarios for rare paths, and the chunk-size reproduction):

* the compiled rules equal the same rules run by Python (``.py``), draw for draw;
* skipping deterrence and cover where they cannot matter changes no number;
* results do not depend on the chunk size or on how blocks are split;
* the wargame with the model taking every decision is the engine's run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from foedus.engine import rules
from foedus.engine.compiled import run_chunk
from foedus.engine.inputs import draw_inputs
from foedus.engine.simulate import RunSpec, block_ranges, merge, simulate, simulate_blocks
from foedus.engine.structure import Structure, compile_structure
from foedus.evidence.casefile import read_case
from foedus.evidence.lenses import resolve
from foedus.scenario.library import load
from foedus.scenario.loader import Document
from foedus.wargame.game import play
from tests.engine.helpers import actor, policy, quiet_lens, scenario
from tests.engine.test_determinism import _equal
from tests.scenario.test_properties import _load, scenarios

CASES = sorted((Path(__file__).parents[3] / "src/foedus/evidence/cases").glob("*.yaml"))


def chunk_size_reproduction() -> Document:
    """The dyad starts at peace with an initiator: the old kernels' chunk-size bug."""
    return scenario(
        [actor("a", revisionism=1.0), actor("b")], [policy("p")], horizon=36,
        initial=[{"a": "a", "b": "b", "level": 0, "initiator": "a"}],
        lens=quiet_lens(attack_hazard=0.02, escalate_1_2=0.3, deescalate_1=0.2,
                        war_end_hazard=0.1, incident_hazard=0.05))


def rare_paths() -> Document:
    """Nuclear rungs, a war plan, conditional and unconditional pledges and a spoiler."""
    return scenario(
        [actor("a", revisionism=1.0, nuclear=True, great_power=True, capability=0.5),
         actor("b"), actor("g", nuclear=True, great_power=True, capability=0.5),
         actor("h", capability=0.2)],
        [policy("p", ["cond", "uncond"])],
        commitments=[
            {"id": "cond", "guarantor": "g", "beneficiary": "b", "type": "collective_defense",
             "conditional": True, "credibility": {"mean": 0.7, "concentration": 10},
             "source": "test", "rationale": "test"},
            {"id": "uncond", "guarantor": "h", "beneficiary": "b", "type": "tripwire_force",
             "troops": 1000, "credibility": {"mean": 0.6, "concentration": 10},
             "source": "test", "rationale": "test"}],
        initial=[{"a": "a", "b": "b", "level": 2, "initiator": "a"}], horizon=48,
        war_plans=[{"id": "widen", "actor": "a", "when_at_war_with": "g", "attacks": "h",
                    "probability": 0.8, "source": "test", "rationale": "test"}],
        lens=quiet_lens(attack_hazard=0.05, escalate_1_2=0.3, escalate_2_3=0.3,
                        deescalate_1=0.1, deescalate_2=0.1, war_end_hazard=0.05,
                        nuclear_signal=0.2, nuclear_use=0.3, nuclear_central=0.3,
                        nuclear_back=0.2, incident_hazard=0.1, q_target=0.3,
                        moral_hazard=1.0, erosion_half_life=24.0,
                        credibility_learning=2.0))


def family() -> list[tuple[str, Document]]:
    docs = [("ukraine-2025", load("ukraine-2025")), ("july-1914", load("july-1914")),
            ("chunk-size", chunk_size_reproduction()), ("rare-paths", rare_paths())]
    docs += [(p.stem, read_case(p).document) for p in CASES]
    return docs


def structures() -> list[tuple[str, Document, Structure]]:
    out = []
    for name, doc in family():
        for pol in doc.scenario.policies:
            out.append((f"{name}/{pol.id}", doc,
                        compile_structure(doc.scenario, doc.scenario.policy(pol.id))))
    return out


STRUCTURES = structures()


@pytest.mark.parametrize(("label", "doc", "st"), STRUCTURES, ids=[s[0] for s in STRUCTURES])
def test_compiled_equals_the_rules_run_by_python(label: str, doc: Document,
                                                 st: Structure) -> None:
    lens = "quiet" if "quiet" in doc.scenario.lenses else "evidence"
    inp = draw_inputs(st, resolve(doc, lens), np.random.default_rng(7), 40, False)
    for skip in (True, False):
        a = run_chunk(st, inp, compiled=True, skip=skip)
        b = run_chunk(st, inp, compiled=False, skip=skip)
        assert a.equals(b), label


@pytest.mark.parametrize(("label", "doc", "st"), STRUCTURES, ids=[s[0] for s in STRUCTURES])
def test_skipping_the_drivers_changes_nothing(label: str, doc: Document, st: Structure,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled rules skip step 1 where it cannot matter; computing it always agrees."""
    lens = "quiet" if "quiet" in doc.scenario.lenses else "evidence"
    inp = draw_inputs(st, resolve(doc, lens), np.random.default_rng(8), 40, False)
    lazy = run_chunk(st, inp, compiled=True)  # compiled before the switch below
    monkeypatch.setattr(rules, "LAZY_DRIVERS", False)
    assert run_chunk(st, inp, compiled=False).equals(lazy), label


@pytest.mark.parametrize("name", ["ukraine-2025", "chunk-size", "rare-paths"])
def test_chunk_size_and_split_do_not_matter(name: str) -> None:
    doc = dict(family())[name]
    s = doc.scenario
    lens = "quiet" if "quiet" in s.lenses else "evidence"
    priors = resolve(doc, lens)
    st = compile_structure(s, s.policies[-1])
    n = 3_500
    ref = simulate(st, priors, RunSpec(n, 11, chunk_size=20_000))
    for chunk in (1, 1_000, 2_000):
        assert _equal(simulate(st, priors, RunSpec(n, 11, chunk_size=chunk)), ref)
    blocks = list(range(len(block_ranges(n))))
    spec = RunSpec(n, 11, chunk_size=1_000)
    parts = [simulate_blocks(st, priors, spec, blocks[i::2])[0] for i in range(2)]
    assert _equal(merge(parts), ref)


def test_chunk_size_reproduction_gives_the_reference_count() -> None:
    """The bug: 22 wars at chunk size 1,000 and 4 at 20,000; now one answer everywhere."""
    doc = chunk_size_reproduction()
    st = compile_structure(doc.scenario, doc.scenario.policies[0])
    priors = resolve(doc, "quiet")
    wars = {c: simulate(st, priors, RunSpec(20_000, 5, chunk_size=c)).war
            for c in (1_000, 5_000, 20_000)}
    assert len(set(wars.values())) == 1, wars


@pytest.mark.parametrize(("label", "doc", "st"), [s for s in STRUCTURES
                                                   if s[0].split("/")[0] in
                                                   ("ukraine-2025", "july-1914", "rare-paths")])
def test_model_played_wargame_is_the_engine_run(label: str, doc: Document,
                                                st: Structure) -> None:
    lens = "quiet" if "quiet" in doc.scenario.lenses else "evidence"
    inp = draw_inputs(st, resolve(doc, lens), np.random.default_rng(3), 25, False)
    games = play(st, inp)
    out = run_chunk(st, inp)
    assert [g.first_war for g in games] == out.first_war.tolist()
    assert [g.peace_months for g in games] == out.peace_months.tolist()
    assert [g.max_level for g in games] == out.max_level.tolist()
    assert [g.deal for g in games] == out.deal.tolist()
    assert [g.guarantor_combat for g in games] == out.guarantor_combat.tolist()
    assert [g.spoiler_strikes for g in games] == out.spoiler_strikes.tolist()


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios())
def test_generated_scenarios_compiled_python_and_chunks_agree(data: dict[str, Any]) -> None:
    """Randomly generated scenarios (the property tests' strategy): every policy gives the
    same numbers compiled and run by Python, and at every chunk size."""
    doc = _load(data)
    priors = resolve(doc, "evidence")
    for pol in doc.scenario.policies:
        st = compile_structure(doc.scenario, pol)
        inp = draw_inputs(st, priors, np.random.default_rng(5), 30, False)
        assert run_chunk(st, inp, compiled=True).equals(run_chunk(st, inp, compiled=False))
        ref = simulate(st, priors, RunSpec(2_500, 4, chunk_size=20_000))
        assert _equal(simulate(st, priors, RunSpec(2_500, 4, chunk_size=1_000)), ref)


def test_the_rare_paths_scenario_reaches_every_rare_path() -> None:
    """Nuclear rungs, the war plan and both pledges are exercised, not left to chance."""
    doc = rare_paths()
    st = compile_structure(doc.scenario, doc.scenario.policies[0])
    inp = draw_inputs(st, resolve(doc, "quiet"), np.random.default_rng(9), 2_000, False)
    out = run_chunk(st, inp)
    assert out.nuclear_use.any()
    assert out.honoured.any(axis=0).all()  # each pledge honoured in some replication
    plan_dyad = st.dyad(st.states.index("a"), st.states.index("h"))
    assert plan_dyad >= 0 and st.war_plans
