"""Property tests: random *valid* scenarios, built programmatically, simulated briefly.

Every generated scenario goes through the real loader
(``parse_scenario(yaml.safe_dump(data), "gen.yaml")``) and a short simulation;
the properties are invariants that hold whatever the parameters.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from foedus.scenario.loader import Document, parse_scenario
from foedus.study.result import OUTCOME_KEYS, Result
from foedus.study.simulation import Simulation

REPS = 300
HORIZON = 12
TYPES = ("collective_defense", "assurance", "tripwire_force", "reassurance_force",
         "arms_support", "monitoring", "neutrality_guarantee")

prob = st.floats(0.0, 1.0, allow_nan=False)
open_prob = st.floats(0.01, 0.99, allow_nan=False)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    n_states = draw(st.integers(2, 6))
    states = [f"s{i}" for i in range(n_states)]
    any_nuclear = draw(st.booleans())
    actors: list[dict[str, Any]] = []
    for sid in states:
        actors.append({
            "id": sid, "name": f"State {sid}", "source": "generated",
            "nuclear": any_nuclear and draw(st.booleans()),
            "great_power": draw(st.booleans()),
            "capability": draw(prob), "resolve": draw(prob), "revisionism": draw(prob),
        })
    for i in range(draw(st.integers(0, 2))):
        host, target = draw(st.permutations(states))[:2]
        actors.append({"id": f"f{i}", "name": f"Faction {i}", "kind": "faction",
                       "host": host, "target": target, "control": draw(prob),
                       "source": "generated"})
    nuclear = {a["id"] for a in actors if a.get("nuclear")}

    commitments: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 7))):
        ctype = draw(st.sampled_from(TYPES))
        guarantor, beneficiary = draw(st.permutations(states))[:2]
        c: dict[str, Any] = {
            "id": f"c{i}", "guarantor": guarantor, "beneficiary": beneficiary, "type": ctype,
            "credibility": {"mean": draw(open_prob),
                            "concentration": draw(st.floats(0.5, 100.0))},
            "automaticity": draw(prob), "conditional": draw(st.booleans()),
            "covers": draw(st.sampled_from([["territory"], ["forces"],
                                            ["territory", "forces"]])),
            "against": draw(st.lists(st.sampled_from(states), max_size=2, unique=True)),
            "un_mandate": draw(st.booleans()), "nuclear_umbrella": draw(st.booleans()),
            "source": "generated", "rationale": "generated",
        }
        if ctype in ("tripwire_force", "reassurance_force"):
            c["troops"] = draw(st.integers(1, 50_000))
        elif ctype == "monitoring":
            c["troops"] = draw(st.integers(0, 5_000))
        if draw(st.booleans()):
            c["response_level"] = draw(st.integers(0, 3))
        commitments.append(c)
    ids = [c["id"] for c in commitments]
    baseline = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    optional = [c for c in ids if c not in baseline]

    start = draw(st.sampled_from(["settlement", "crisis"]))
    policies: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 3))):
        policies.append({
            "id": f"p{i}", "name": f"Policy {i}", "source": "generated",
            "settlement": True if start == "crisis" else draw(st.booleans()),
            "commitments": (draw(st.lists(st.sampled_from(optional), unique=True))
                            if optional else []),
            "terms": {
                "neutrality": draw(st.booleans()),
                "alliance_path": draw(st.sampled_from(["none", "promised", "member"])),
                "force_cap": draw(prob), "dmz_km": draw(st.floats(0.0, 500.0)),
                "monitoring": draw(st.sampled_from(["none", "unarmed", "armed"])),
                "joint_commission": draw(st.booleans()),
                "sanctions_relief": draw(prob), "adversary_gain": draw(prob),
            },
        })

    war_plans: list[dict[str, Any]] = []
    if n_states >= 3:
        for i in range(draw(st.integers(0, 2))):
            actor, enemy, target = draw(st.permutations(states))[:3]
            war_plans.append({"id": f"w{i}", "actor": actor, "when_at_war_with": enemy,
                              "attacks": target, "probability": draw(prob),
                              "source": "generated", "rationale": "generated"})

    initial_levels: list[dict[str, Any]] = []
    dyads = [(a, b) for i, a in enumerate(states) for b in states[i + 1:]]
    main = ("s0", "s1")
    chosen = draw(st.lists(st.sampled_from(dyads), unique=True,
                           min_size=1 if start == "crisis" else 0, max_size=3))
    if start == "crisis" and draw(st.booleans()) and main not in chosen:
        chosen = [main, *chosen[:2]]
    for a, b in chosen:
        top = 6 if (a in nuclear or b in nuclear) else 3
        initial_levels.append({"a": a, "b": b, "level": draw(st.integers(0, top)),
                               "initiator": draw(st.sampled_from([None, a, b]))})

    data: dict[str, Any] = {
        "id": "gen", "name": "Generated", "adversary": "s0", "protected": "s1",
        "start": start, "horizon": HORIZON, "seed": draw(st.integers(0, 2**31)),
        "actors": actors, "commitments": commitments, "baseline": baseline,
        "war_plans": war_plans, "initial_levels": initial_levels, "policies": policies,
    }
    return data


def _load(data: dict[str, Any]) -> Document:
    return parse_scenario(yaml.safe_dump(data), "gen.yaml")


def _run(doc: Document) -> Result:
    return Simulation(replications=REPS, horizon=HORIZON).run(doc).result_


SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(scenarios())
def test_generated_scenarios_are_valid(data: dict[str, Any]) -> None:
    doc = _load(data)
    assert doc.scenario.id == "gen"
    assert len(doc.scenario.policies) == len(data["policies"])


@SETTINGS
@given(scenarios())
def test_simulation_invariants(data: dict[str, Any]) -> None:
    doc = _load(data)
    s = doc.scenario
    res = _run(doc)
    assert res.horizon_months == HORIZON and res.replications == REPS
    assert list(res.policies) == [p.id for p in s.policies]
    any_nuclear = any(a.nuclear for a in s.states)
    great_powers = sum(a.great_power for a in s.states)
    crisis = s.start == "crisis"
    main_level0 = 3 if not crisis else 0
    for lv in s.initial_levels:
        if {lv.a, lv.b} == {s.adversary, s.protected}:
            main_level0 = lv.level
    for pid, pr in res.policies.items():
        assert set(pr.outcomes) == set(OUTCOME_KEYS)
        for key, est in pr.outcomes.items():
            if est is None:
                continue
            if key == "months_of_peace":
                assert est.kind == "mean"
                assert 0.0 <= est.value <= HORIZON, (pid, est)
                # (the interval itself may leave [0, horizon]: see test_intervals.py)
            else:
                assert est.kind == "p"
                assert 0.0 <= est.lo <= est.hi <= 1.0, (pid, key, est)
                assert 0.0 <= est.value <= 1.0, (pid, key, est)
            # containment up to rounding (exact: see test_intervals_contain_estimates_exactly)
            assert est.lo - 1e-12 <= est.value <= est.hi + 1e-12, (pid, key, est)
        for key in ("war_by_horizon", "guarantor_combat", "great_power_war", "nuclear_use",
                    "months_of_peace"):
            assert pr.outcomes[key] is not None, (pid, key)
        # no nuclear-armed state: nothing reaches levels 4-6 and there is no nuclear use
        if not any_nuclear:
            nuc = pr.outcomes["nuclear_use"]
            assert nuc is not None and nuc.value == 0.0
            assert all(x == 0.0 for x in pr.max_level[4:]), pr.max_level
        # fewer than two great powers: no great-power war
        if great_powers < 2:
            gpw = pr.outcomes["great_power_war"]
            assert gpw is not None and gpw.value == 0.0
        # crises have no deal stage
        if crisis:
            assert pr.outcomes["deal_signed"] is None
            assert pr.outcomes["resumption_given_deal"] is None
        else:
            deal = pr.outcomes["deal_signed"]
            assert deal is not None
            if not s.policy(pid).settlement:
                assert deal.value == 0.0
                assert pr.outcomes["resumption_given_deal"] is None
        # the highest level reached is a distribution over 0..6
        assert len(pr.max_level) == 7
        assert all(0.0 <= x <= 1.0 for x in pr.max_level)
        assert abs(sum(pr.max_level) - 1.0) < 1e-9
        # survival: non-increasing in [0, 1], starting at 1
        curve = pr.survival
        assert curve.month.tolist() == list(range(HORIZON + 1))
        assert all(b <= a + 1e-12 for a, b in zip(curve.p, curve.p[1:], strict=False))
        assert all(0.0 <= x <= 1.0 for x in curve.p)
        assert all(0.0 <= lo <= p + 1e-12 and p <= hi + 1e-12 <= 1.0 + 2e-12
                   for p, lo, hi in zip(curve.p, curve.lo, curve.hi, strict=True))
        if main_level0 < 3:
            assert curve.p[0] == 1.0
        war = pr.outcomes["war_by_horizon"]
        assert war is not None
        assert abs((1.0 - curve.p[-1]) - war.value) < 1e-9


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios())
def test_simulation_is_deterministic(data: dict[str, Any]) -> None:
    doc = _load(data)
    a = _run(doc).to_dict()
    b = _run(doc).to_dict()
    assert a == b


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios())
def test_settlement_policies_without_deal_sign_nothing(data: dict[str, Any]) -> None:
    data = {**data, "start": "settlement",
            "policies": [{**p, "settlement": False} for p in data["policies"]]}
    res = _run(_load(data))
    for pr in res.policies.values():
        deal = pr.outcomes["deal_signed"]
        assert deal is not None and deal.value == 0.0
        assert pr.outcomes["resumption_given_deal"] is None


@settings(max_examples=10, deadline=None, derandomize=True, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios())
def test_intervals_contain_estimates_exactly(data: dict[str, Any]) -> None:
    res = _run(_load(data))
    for pr in res.policies.values():
        for est in pr.outcomes.values():
            if est is not None:
                assert est.lo <= est.value <= est.hi, est
