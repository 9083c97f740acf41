"""Known-answer tests: analytic cases whose result is known exactly (MODEL §7)."""

from __future__ import annotations

import math

import pytest

from foedus.engine.simulate import RunSpec, simulate
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.model import bargaining
from foedus.study.simulation import Simulation
from tests.engine.helpers import actor, policy, quiet_lens, scenario


def _within(p_hat: float, p: float, n: int, k: float = 4.5) -> bool:
    return abs(p_hat - p) <= k * math.sqrt(max(p * (1 - p), 1e-12) / n) + 1e-12


def test_single_constant_hazard_gives_geometric_survival() -> None:
    """Only deliberate attack active: P(no war by t) = (1 − h)^t = exp(−λt), λ = −ln(1−h).

    A crisis that never ends (its ladder switched off): the hazard acts while it lasts,
    and with Weibull shape 1 it is constant.
    """
    h = 0.03
    doc = scenario([actor("a", revisionism=1.0), actor("b")], [policy()],
                   initial=[{"a": "a", "b": "b", "level": 1}], horizon=48,
                   lens=quiet_lens(attack_hazard=h))
    n = 20_000
    res = Simulation(lens="quiet", replications=n, seed=11, fixed=True).run(doc).result_
    curve = res.policies["p"].survival
    lam = -math.log(1 - h)
    for t in (1, 6, 12, 24, 48):
        assert _within(float(curve.p[t]), math.exp(-lam * t), n), t
        assert curve.lo[t] <= curve.p[t] <= curve.hi[t]
    war = res.policies["p"].outcomes["war_by_horizon"]
    assert war is not None and _within(war.value, 1 - (1 - h) ** 48, n)


def test_revisionism_scales_the_hazard_linearly() -> None:
    h, rev = 0.04, 0.5
    doc = scenario([actor("a", revisionism=rev), actor("b")], [policy()],
                   initial=[{"a": "a", "b": "b", "level": 1}], horizon=12,
                   lens=quiet_lens(attack_hazard=h))
    n = 20_000
    war = Simulation(lens="quiet", replications=n, seed=5, fixed=True).run(doc).result_
    est = war.policies["p"].outcomes["war_by_horizon"]
    assert est is not None and _within(est.value, 1 - (1 - h * rev) ** 12, n)


def test_resolve_scales_the_hazard_log_linearly() -> None:
    """R = exp(β_R·(rev − r̄)) multiplies the side's attack hazard (model.initiation)."""
    h, rev, beta, ref = 0.02, 0.5, 2.0, 0.3
    doc = scenario([actor("a", revisionism=rev), actor("b")], [policy()],
                   initial=[{"a": "a", "b": "b", "level": 1}], horizon=12,
                   lens=quiet_lens(attack_hazard=h, resolve_effect=beta,
                                   resolve_reference=ref))
    n = 20_000
    war = Simulation(lens="quiet", replications=n, seed=9, fixed=True).run(doc).result_
    est = war.policies["p"].outcomes["war_by_horizon"]
    monthly = h * rev * math.exp(beta * (rev - ref))
    assert est is not None and _within(est.value, 1 - (1 - monthly) ** 12, n)


def _commitment(cid: str, g: str, b: str, **kw: object) -> dict[str, object]:
    return {"id": cid, "guarantor": g, "beneficiary": b, "type": "collective_defense",
            "credibility": {"mean": 0.999999, "concentration": 10_000}, "automaticity": 1.0,
            "source": "test", "rationale": "test", **kw}


def test_certain_commitment_always_fires_and_chains() -> None:
    """cred = auto = 1: the guarantor joins at once, and its own guarantor follows (chain)."""
    doc = scenario(
        [actor("a"), actor("b"), actor("g", great_power=True), actor("h", great_power=True)],
        [policy(commitments=["g-b", "h-g"])],
        # h's pledge must be unconditional: g starts its own war with a by honouring g-b
        commitments=[_commitment("g-b", "g", "b"),
                     _commitment("h-g", "h", "g", conditional=False)],
        initial=[{"a": "a", "b": "b", "level": 3, "initiator": "a"}], horizon=3,
        lens=quiet_lens())
    n = 5_000
    res = Simulation(lens="quiet", replications=n, seed=2, fixed=True).run(doc).result_
    pr = res.policies["p"]
    assert pr.commitments["g-b"] == (1.0, 0.0)
    assert pr.commitments["h-g"] == (1.0, 0.0)
    gc = pr.outcomes["guarantor_combat"]
    assert gc is not None and gc.value == 1.0
    # g and h are both great powers but fight a and ... only a: no great-power pair at war
    gp = pr.outcomes["great_power_war"]
    assert gp is not None and gp.value == 0.0


@pytest.mark.parametrize("in_force", ["deal", "now", "ceasefire"])
def test_when_a_guarantee_takes_effect(in_force: str) -> None:
    """No deal is offered; the war ends with hazard e a month, then the adversary attacks
    again with hazard h. A certain pledge in force fights in month 1 unless the war ended
    in that month's ladder step, before the commitments fire, and then in a later war
    (``now``: P = 1 − e + e·(1 − (1 − h)^(H−1))); only in a war after the ceasefire
    (``ceasefire``: P = Σ_T e(1 − e)^(T−1)·(1 − (1 − h)^(H−T))); never (``deal``, as no
    deal is signed)."""
    e, h, horizon = 0.1, 0.05, 24
    doc = scenario([actor("a", revisionism=1.0), actor("b"), actor("g", great_power=True)],
                   [policy(commitments=["g-b"], settlement=False, in_force=in_force)],
                   commitments=[_commitment("g-b", "g", "b")], start="settlement",
                   horizon=horizon, lens=quiet_lens(attack_hazard=h, war_end_hazard=e))
    n = 20_000
    res = Simulation(lens="quiet", replications=n, seed=8, fixed=True).run(doc).result_
    gc = res.policies["p"].outcomes["guarantor_combat"]
    assert gc is not None
    want = {"deal": 0.0, "now": 1 - e + e * (1 - (1 - h) ** (horizon - 1)),
            "ceasefire": sum(e * (1 - e) ** (t - 1) * (1 - (1 - h) ** (horizon - t))
                             for t in range(1, horizon))}[in_force]
    assert _within(gc.value, want, n), (gc.value, want)


def test_conditional_pledge_ignores_provoked_episodes() -> None:
    """The beneficiary started the war: a conditional pledge never fires, an unconditional one
    always does (Benson 2011's distinction)."""
    common = dict(initial=[{"a": "a", "b": "b", "level": 3, "initiator": "b"}], horizon=2,
                  lens=quiet_lens())
    cond = scenario([actor("a"), actor("b"), actor("g")], [policy(commitments=["c"])],
                    commitments=[_commitment("c", "g", "b", conditional=True)], **common)
    uncond = scenario([actor("a"), actor("b"), actor("g")], [policy(commitments=["c"])],
                      commitments=[_commitment("c", "g", "b", conditional=False)], **common)
    n = 2_000
    r1 = Simulation(lens="quiet", replications=n, seed=1, fixed=True).run(cond).result_
    r2 = Simulation(lens="quiet", replications=n, seed=1, fixed=True).run(uncond).result_
    assert r1.policies["p"].commitments["c"] == (0.0, 0.0)
    assert r2.policies["p"].commitments["c"] == (1.0, 0.0)


def test_spoilers_off_means_no_strikes() -> None:
    doc = scenario([actor("a", revisionism=0.5), actor("b"),
                    {"id": "f", "name": "f", "kind": "faction", "host": "b", "target": "a",
                     "control": 0.0, "source": "test"}],
                   [policy()], initial=[{"a": "a", "b": "b", "level": 0}], horizon=24,
                   lens=quiet_lens(attack_hazard=0.01, spoiler_hazard=0.0))
    res = Simulation(lens="quiet", replications=3_000, seed=4, fixed=True).run(doc).result_
    assert res.policies["p"].spoiler_share == 0.0
    on = scenario([actor("a"), actor("b"),
                   {"id": "f", "name": "f", "kind": "faction", "host": "b", "target": "a",
                    "control": 0.0, "source": "test"}],
                  [policy()], initial=[{"a": "a", "b": "b", "level": 0}], horizon=10,
                  lens=quiet_lens(spoiler_hazard=0.1))
    n = 20_000
    r = Simulation(lens="quiet", replications=n, seed=4, fixed=True).run(on).result_
    # a strike happens only while the dyad is below war, and nothing else moves it
    assert _within(r.policies["p"].spoiler_share, 1 - 0.9 ** 10, n)


def test_no_nuclear_levels_without_a_nuclear_actor(ukraine: object, july: object) -> None:
    res = Simulation(replications=2_000, seed=9).run(july).result_  # type: ignore[arg-type]
    for pr in res.policies.values():
        assert sum(pr.max_level[4:]) == 0.0
        nu = pr.outcomes["nuclear_use"]
        assert nu is not None and nu.value == 0.0


def test_deal_probability_matches_the_quantal_response_formula() -> None:
    """P(deal) = σ(λ·gap_A)·σ(λ·gap_P) with the bargaining equations, no commitments."""
    lens = quiet_lens(qre_lambda=5.0, war_cost_adversary=0.1, war_cost_protected=0.2,
                      threat_base=0.4, threat_aversion=0.5, sanctions_value=0.2)
    doc = scenario([actor("a", capability=0.3), actor("b", capability=0.1)],
                   [policy(terms={"adversary_gain": 0.6, "sanctions_relief": 0.5})],
                   start="settlement", horizon=1, lens=lens)
    n = 40_000
    res = Simulation(lens="quiet", replications=n, seed=8, fixed=True).run(doc).result_
    p = 0.3 / 0.4
    gap_a = (0.6 + 0.2 * 0.5 - 0.5 * 0.4) - (p - 0.1)
    gap_p = (1 - 0.6 + 0.0) - (1 - p - 0.2)
    expected = (1 / (1 + math.exp(-5 * gap_a))) * (1 / (1 + math.exp(-5 * gap_p)))
    est = res.policies["p"].outcomes["deal_signed"]
    assert est is not None and _within(est.value, expected, n)
    assert bargaining.acceptance(5.0, gap_a) == pytest.approx(1 / (1 + math.exp(-5 * gap_a)))


@pytest.mark.parametrize("link", [1.0, 2.0, 0.5])
def test_selection_link_carries_the_signing_draw_into_the_attack_hazard(link: float) -> None:
    """Given the deal, the adversary's draw u is uniform on [0, a); its monthly hazard is
    h·S(u), S = HR^(−(ln((1−u)/u) − μ_ref)), μ_ref = E[ln((1−u)/u) | u < a_ref]: P(war by T
    | deal) = (1/a)∫₀ᵃ 1 − (1 − min(1, h·S(u)))^T du (model.selection), by quadrature."""
    from scipy.integrate import quad

    h, T, lam, a_ref = 0.02, 24, 5.0, 0.6
    lens = quiet_lens(qre_lambda=lam, war_cost_adversary=0.1, attack_hazard=h,
                      selection_link=link, selection_reference=a_ref)
    doc = scenario([actor("a", capability=0.3, revisionism=1.0), actor("b", capability=0.1)],
                   [policy(terms={"adversary_gain": 0.4})], start="settlement", horizon=T,
                   lens=lens)
    gap_a = 0.4 - (0.75 - 0.1)
    a = 1 / (1 + math.exp(-lam * gap_a))

    def eps(u: float) -> float:
        return math.log((1 - u) / u)

    mu_ref = quad(eps, 0, a_ref)[0] / a_ref
    expected = quad(lambda u: 1 - (1 - min(1.0, h * link ** (-(eps(u) - mu_ref)))) ** T, 0, a,
                    limit=200)[0] / a
    n = 60_000
    res = Simulation(lens="quiet", replications=n, seed=4, fixed=True).run(doc).result_
    est = res.policies["p"].outcomes["resumption_given_deal"]
    signed = res.policies["p"].outcomes["deal_signed"]
    assert est is not None and signed is not None
    assert _within(est.value, expected, round(signed.value * n))
    if link == 1.0:
        assert expected == pytest.approx(1 - (1 - h) ** T)


def test_no_deal_policy_keeps_the_war_and_has_null_resumption() -> None:
    doc = scenario([actor("a"), actor("b")], [policy("none", settlement=False)],
                   start="settlement", horizon=6, lens=quiet_lens())
    res = Simulation(lens="quiet", replications=1_000, seed=1, fixed=True).run(doc).result_
    pr = res.policies["none"]
    assert pr.outcomes["resumption_given_deal"] is None
    ds, war = pr.outcomes["deal_signed"], pr.outcomes["war_by_horizon"]
    assert ds is not None and ds.value == 0.0
    assert war is not None and war.value == 1.0
    mp = pr.outcomes["months_of_peace"]
    assert mp is not None and mp.value == 0.0
    # no deal was signed, so all the war is war without a deal
    wn, wa = pr.outcomes["war_no_deal"], pr.outcomes["war_after_deal"]
    assert wn is not None and wn.value == 1.0
    assert wa is not None and wa.value == 0.0 and wa.hi > 0.0


def test_war_splits_into_no_deal_and_after_deal(ukraine: object) -> None:
    """Every war by the horizon came either with no deal or after a signed one: the two
    shares' counts sum to the war count exactly, and a crisis has neither."""
    n = 2_000
    res = Simulation(replications=n, seed=9).run(ukraine).result_  # type: ignore[arg-type]
    split = 0
    for pid, pr in res.policies.items():
        war, wn, wa = (pr.outcomes[k] for k in ("war_by_horizon", "war_no_deal",
                                                "war_after_deal"))
        assert war is not None and wn is not None and wa is not None, pid
        assert round(wn.value * n) + round(wa.value * n) == round(war.value * n), pid
        assert wn.lo <= wn.value <= wn.hi and wa.lo <= wa.value <= wa.hi
        ds, rd = pr.outcomes["deal_signed"], pr.outcomes["resumption_given_deal"]
        assert ds is not None
        if rd is not None:  # war after a deal = P(deal) · P(war | deal), in counts
            assert round(wa.value * n) == round(rd.value * round(ds.value * n))
        split += wn.value > 0 and wa.value > 0
    assert split > 0  # some policy has both kinds of war: the split is not trivial
    crisis = scenario([actor("a"), actor("b")], [policy()],
                      initial=[{"a": "a", "b": "b", "level": 3, "initiator": "a"}],
                      horizon=2, lens=quiet_lens())
    cr = Simulation(lens="quiet", replications=100, seed=1, fixed=True).run(crisis).result_
    assert cr.policies["p"].outcomes["war_no_deal"] is None
    assert cr.policies["p"].outcomes["war_after_deal"] is None


@pytest.mark.parametrize(("kind", "mandate", "q", "expected"), [
    ("monitoring", False, 1.0, 1.0),       # a monitoring force struck
    ("tripwire_force", True, 1.0, 1.0),    # a UN-mandated force struck
    ("tripwire_force", False, 1.0, 0.0),   # troops struck, but not peacekeepers
    ("monitoring", False, 0.0, 0.0),       # peacekeepers never targeted
])
def test_peacekeepers_struck_counts_mandated_or_monitoring_forces(
        kind: str, mandate: bool, q: float, expected: float) -> None:
    """At war with certain targeting, every replication strikes the guarantor's troops in
    month 1; only a UN-mandated or monitoring force counts as peacekeepers struck."""
    doc = scenario([actor("a"), actor("b"), actor("g")], [policy(commitments=["c"])],
                   commitments=[_commitment("c", "g", "b", type=kind, troops=500,
                                            un_mandate=mandate)],
                   initial=[{"a": "a", "b": "b", "level": 3, "initiator": "a"}], horizon=1,
                   lens=quiet_lens(q_target=q))
    res = Simulation(lens="quiet", replications=500, seed=3, fixed=True).run(doc).result_
    pk = res.policies["p"].outcomes["peacekeepers_struck"]
    assert pk is not None and pk.value == expected
    assert pk.lo <= pk.value <= pk.hi


@pytest.mark.parametrize("half_life", [6.0, 24.0])
def test_erosion_halves_credibility_at_the_half_life(half_life: float) -> None:
    from foedus.model.erosion import monthly_factor

    assert monthly_factor(half_life) ** half_life == pytest.approx(0.5)


def test_bayes_update_matches_beta_posterior_mean() -> None:
    from foedus.model.commitments import learn

    assert learn(0.4, 10.0, 1.0, True) == pytest.approx((4 + 1) / 11)  # Beta(4, 6) + success
    assert learn(0.4, 10.0, 1.0, False) == pytest.approx(4 / 11)  # Beta(4, 6) + failure


def test_engine_tally_counts_every_replication(ukraine: object) -> None:
    doc = ukraine
    st = compile_structure(doc.scenario, doc.scenario.policy("armistice"))  # type: ignore[attr-defined]
    t = simulate(st, resolve(doc, "evidence"), RunSpec(2_500, 1))  # type: ignore[arg-type]
    assert t.n == 2_500 and int(t.first_war.sum()) == 2_500 and int(t.max_level.sum()) == 2_500


def test_an_attack_is_seen_before_the_war_can_end() -> None:
    """A dyad raised by an event makes no ladder move in the same month: with certain attack
    and certain ceasefire, war and peace alternate month by month (a crisis at level 1,
    its ladder switched off; each ceasefire restarts the recurrence clock)."""
    doc = scenario([actor("a", revisionism=1.0), actor("b")], [policy()],
                   initial=[{"a": "a", "b": "b", "level": 1}], horizon=12,
                   lens=quiet_lens(attack_hazard=1.0, war_end_hazard=1.0))
    res = Simulation(lens="quiet", replications=1_000, seed=1, fixed=True).run(doc).result_
    pr = res.policies["p"]
    war, peace = pr.outcomes["war_by_horizon"], pr.outcomes["months_of_peace"]
    assert war is not None and war.value == 1.0
    assert peace is not None and peace.value == 6.0
    assert pr.max_level[3] == 1.0
