"""A commitment's own credibility half-life (scenario attribute ``erosion_half_life``).

Known answers: a commitment with its own half-life erodes at its rate, the others at the
lens's; and the bound on a quiet stretch's event probability (:func:`rules.plan_quiet`)
still holds month by month when commitments erode at different rates.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from foedus.engine import rules
from foedus.engine.inputs import draw_inputs
from foedus.engine.pack import pack
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.model import decisions as dc
from foedus.model import params as model_params
from foedus.model.erosion import monthly_factor
from foedus.scenario.loader import Document
from tests.engine.helpers import actor, policy, quiet_lens, scenario


def _pledge(cid: str, **kw: Any) -> dict[str, Any]:
    return {"id": cid, "guarantor": "g", "beneficiary": "b", "type": "collective_defense",
            "credibility": {"mean": 0.6, "concentration": 10.0}, "automaticity": 0.9,
            "conditional": False, "source": "test", "rationale": "test", **kw}


def _doc(own: float | None, lens: dict[str, Any] | None = None) -> Document:
    fast = _pledge("fast") if own is None else _pledge("fast", erosion_half_life=own)
    return scenario([actor("a", capability=0.3, revisionism=0.8),
                     actor("b", capability=0.1, revisionism=0.0),
                     actor("g", capability=0.6)],
                    [policy(commitments=["fast", "slow"], terms={"sanctions_relief": 0.5})],
                    commitments=[fast, _pledge("slow")], start="settlement", horizon=60,
                    lens=lens)


def _start(doc: Document, lens: str) -> tuple[rules.Net, np.ndarray, rules.State]:
    """Pack the scenario, draw fixed inputs and play month 0 with a signed deal."""
    st = compile_structure(doc.scenario, doc.scenario.policy("p"))
    inp = draw_inputs(st, resolve(doc, lens), np.random.default_rng(1), 1, fixed=True)
    p = np.array([inp.params[k][0] for k in model_params.NAMES], np.float64)
    net = pack(st)
    x = rules.new_state(net, dc.new_control(-1, -1, False, True))
    rules.month0(net, p, x, np.ascontiguousarray(inp.cred0[0]), np.zeros(2),
                 np.ascontiguousarray(inp.seeds[0]))
    return net, p, x


def test_own_half_life_erodes_that_commitment_alone() -> None:
    net, _p, x = _start(_doc(3.0, quiet_lens(erosion_half_life=24.0)), "quiet")
    assert net.erosion[0] == monthly_factor(3.0) and net.erosion[1] == 0.0
    cred0 = x.cred.copy()
    for t in range(1, 7):
        rules.quiet_month(net, x, t)
    assert x.cred[0] == pytest.approx(cred0[0] * 0.25)  # two of its half-lives
    assert x.cred[1] == pytest.approx(cred0[1] * 2.0 ** (-6.0 / 24.0))  # the lens's


def test_unset_half_life_packs_to_the_lens_parameter() -> None:
    doc = _doc(None)
    net = pack(compile_structure(doc.scenario, doc.scenario.policy("p")))
    assert not net.erosion.any()
    # an own half-life is left out of the scenario's canonical form when unset
    assert "erosion_half_life" not in doc.scenario.model_dump()["commitments"][0]


#: the evidence lens with a constant recurrence hazard and strong deterrence, so that a
#: quiet stretch's event probability (no incidents) moves with credibility alone
STEADY = {"description": "constant recurrence hazard, strong deterrence", "base": "evidence",
          "parameters": {k: {"prior": {"dist": "fixed", "value": v}, "source": "test",
                             "rationale": "known-answer test"}
                         for k, v in {"recurrence_shape": 1.0, "deterrence_effect": 3.0,
                                      "incident_hazard": 0.0}.items()}}


def _event_probability(net: rules.Net, p: np.ndarray, x: rules.State, t: int) -> float:
    """q_t = 1 − Π(1 − h_i) of a quiet month, from the rules' own hazards."""
    F = net.fac.shape[0]
    h = np.zeros(F + 3)
    assert rules.event_hazards(net, p, x, 1.0, 0.0, h)
    h_dyad = rules.dyad_hazard(net, p, x, t)
    h[F + 1] = rules.attack_hazard(net, x, 0, h_dyad, h[F + 1], x.real[rules.M_ADV])
    h[F + 2] = rules.attack_hazard(net, x, 1, h_dyad, h[F + 2], x.real[rules.M_PROT])
    return float(1.0 - np.prod(1.0 - np.clip(h, 0.0, 1.0)))


def test_quiet_bound_holds_with_per_commitment_erosion() -> None:
    """q̄ drawn at month 1 bounds every later quiet month's q_t although one pledge erodes
    with a 2-month half-life and the lens's is 180 months; with the lens's factor alone the
    bound would be too low (the check can fail)."""
    net, p, x = _start(_doc(2.0, STEADY), "quiet")
    assert rules.quiet(x)
    assert rules.plan_quiet(net, p, x, 1)
    q_bar = x.real[rules.Q_BAR]
    qs = []
    for t in range(1, net.horizon + 1):
        qs.append(_event_probability(net, p, x, t))
        rules.quiet_month(net, x, t)
    assert max(qs) <= q_bar * (1.0 + 1e-12)
    assert qs[-1] > 1.5 * qs[0]  # erosion of the fast pledge raises the hazard
    slow_net, slow_p, slow_x = _start(_doc(None, STEADY), "quiet")
    assert rules.plan_quiet(slow_net, slow_p, slow_x, 1)
    assert slow_x.real[rules.Q_BAR] < max(qs)
