"""Parameter registry: every model parameter with its meaning, support and priors.

A :class:`Parameter` says what a number means, which mechanism uses it, the
interval it must lie in, and its prior under the ``evidence`` lens together
with a source and a one-line rationale. Other lenses
(:mod:`foedus.evidence.lenses`) replace some of those priors; scenarios may
replace the priors of parameters marked ``scenario_specific`` (baseline
hazards that differ between, say, Europe in 1914 and Ukraine in 2025).
"""

from __future__ import annotations

from dataclasses import dataclass

from foedus.evidence import fitted as _fit
from foedus.evidence.sources import SOURCES
from foedus.scenario.priors import (
    BetaPrior,
    FixedPrior,
    LogNormalPrior,
    UniformPrior,
    _PriorBase,
)


@dataclass(frozen=True)
class PriorEntry:
    """A prior with the evidence behind it."""

    prior: _PriorBase
    source: str
    rationale: str
    origin: str = "evidence"  # which lens or scenario supplied it
    #: "figure": location/scale derived from a published or recomputed figure;
    #: "assumption": the size is assumed (a cited source may support the direction only);
    #: "fitted": fitted to a dataset by ``foedus fit`` (source "fitted to DATASET, N ...").
    basis: str = "figure"


@dataclass(frozen=True)
class Parameter:
    """One model parameter."""

    name: str
    symbol: str
    mechanism: str
    description: str
    low: float
    high: float
    evidence: PriorEntry
    scenario_specific: bool = False

    def admits(self, prior: _PriorBase) -> str | None:
        """Why ``prior`` cannot be this parameter's prior, or ``None`` if it can.

        A bounded prior (beta, uniform, fixed, capped log-normal) must lie in the
        parameter's range; an uncapped log-normal — the registry's own form for positive
        parameters — must have its bulk (all but 0.1 % in each tail) there, so
        ``{dist: lognormal, median: 0.4, sigma: 0.6}`` is accepted for a parameter in
        [0, 10] and ``{dist: lognormal, median: 180, sigma: 0.5}`` for one in [1, 10000].
        """
        lo, hi = prior.bulk()
        if self.low <= lo and hi <= self.high:
            return None
        if lo == hi:
            what = f"value {lo:g}"
        elif (lo, hi) == prior.support():
            what = f"prior support [{lo:g}, {hi:g}]"
        else:
            what = f"prior bulk [{lo:.3g}, {hi:.3g}] (all but 0.1 % in each tail)"
        return f"{what} lies outside the support [{self.low:g}, {self.high:g}] of parameter " \
               f"'{self.name}'"


def _beta(mean: float, k: float) -> BetaPrior:
    return BetaPrior.model_validate({"mean": mean, "concentration": k})


def _u(lo: float, hi: float) -> UniformPrior:
    return UniformPrior(low=lo, high=hi)


def _ln(median: float, sigma: float, upper: float | None = None) -> LogNormalPrior:
    return LogNormalPrior(median=median, sigma=sigma, upper=upper)


def _fixed(v: float) -> FixedPrior:
    return FixedPrior(value=v)


# Short citations used below (structured, with how each was checked, in
# foedus.evidence.sources).
BENSON_2011 = SOURCES["BENSON_2011"].cite()
BF_2018 = SOURCES["BF_2018"].cite()
FJL_2014 = SOURCES["FJL_2014"].cite()
KUPERMAN_2005 = SOURCES["KUPERMAN_2005"].cite()
FEARON_1995 = SOURCES["FEARON_1995"].cite()
FORTNA_2003 = SOURCES["FORTNA_2003"].cite()
FORTNA_2004 = SOURCES["FORTNA_2004"].cite()
FORTNA_2004B = SOURCES["FORTNA_2004B"].cite()
FS_2014 = SOURCES["FS_2014"].cite()
JL_2011 = SOURCES["JL_2011"].cite()
LEEDS_2003 = SOURCES["LEEDS_2003"].cite()
MP_1995 = SOURCES["MP_1995"].cite()
MID_2015 = SOURCES["MID_2015"].cite()
ICB_V14 = SOURCES["ICB_V14"].cite()
POWELL_2006 = SOURCES["POWELL_2006"].cite()
REITER_2016 = SOURCES["REITER_2016"].cite()
RP_2021 = SOURCES["RP_2021"].cite()
SIGNORINO_1999 = SOURCES["SIGNORINO_1999"].cite()
WALTER_1997 = SOURCES["WALTER_1997"].cite()
SARKEES_2010 = SOURCES["SARKEES_2010"].cite()
JERVIS_1985 = SOURCES["JERVIS_1985"].cite()
ASSUMPTION = "assumption"

#: Parameters whose evidence prior is derived from a figure in its source (all other
#: priors are sized by assumption, with a rationale; their source, if any, supports
#: the mechanism's existence or direction only).
FIGURE_BASED: frozenset[str] = frozenset({
    "attack_hazard", "deterrence_effect", "moral_hazard", "spoiler_hazard",
    "escalate_1_2", "escalate_2_3", "deescalate_1", "deescalate_2", "war_end_hazard",
    "credibility_shift", "nuclear_use", "nuclear_restraint", "recurrence_shape",
    "hr_contiguous", "hr_rivalry", "hr_capability", "hr_post1945", "crisis_share_high",
    "escalate_1_2_low", "deescalate_1_low", "deescalate_2_low", "nuclear_one_factor",
})


def _p(name: str, symbol: str, mechanism: str, description: str, low: float, high: float,
       prior: _PriorBase, source: str, rationale: str, scenario_specific: bool = False
       ) -> Parameter:
    basis = ("fitted" if source.startswith("fitted to ") else
             "figure" if name in FIGURE_BASED else "assumption")
    return Parameter(name, symbol, mechanism, description, low, high,
                     PriorEntry(prior, source, rationale, basis=basis), scenario_specific)


PARAMETERS: tuple[Parameter, ...] = (
    # --- month 0: the deal (quantal-response bargaining) ---------------------------------
    _p("qre_lambda", "λ", "bargaining",
       "Precision of each side's accept/reject choice: P(accept) = σ(λ·(V_deal − V_war)).",
       0.0, 100.0, _ln(10.0, 0.5), MP_1995 + "; " + SIGNORINO_1999,
       "assumption on scale: λ = 10 turns a utility gap of 0.1 (a tenth of the stake) "
       "into 73 % acceptance"),
    _p("war_cost_adversary", "c_A", "bargaining",
       "Adversary's cost of continuing the war, as a share of the contested stake.",
       0.0, 1.0, _u(0.05, 0.30), FEARON_1995,
       "assumption: costs are what open Fearon's bargaining range; a wide uniform over "
       "plausible shares"),
    _p("war_cost_protected", "c_P", "bargaining",
       "Protected state's cost of continuing the war, as a share of the contested stake.",
       0.0, 1.0, _u(0.05, 0.40), FEARON_1995,
       "assumption: the weaker, invaded side bears a larger share of the war's cost"),
    _p("threat_aversion", "ψ", "bargaining",
       "Value the adversary loses per unit of threat the settlement poses to it.",
       0.0, 2.0, _u(0.0, 0.5), ASSUMPTION,
       "contested (claim C1 of the seed article): a wide prior from no effect to half the stake"),
    _p("sanctions_value", "ρ", "bargaining",
       "Value to the adversary of full sanctions relief, as a share of the stake.",
       0.0, 1.0, _u(0.0, 0.3), ASSUMPTION,
       "assumption: relief is a sweetener, worth less than the territorial stake"),
    _p("security_value", "γ", "bargaining",
       "Value to the protected state of the security its guarantees provide (per unit S).",
       0.0, 2.0, _u(0.1, 0.5), WALTER_1997,
       "third-party enforcement is what makes negotiated settlements acceptable to the "
       "vulnerable side; size is an assumption"),
    _p("arms_share", "α", "deterrence",
       "Share of a guarantor's capability that arms, training and intelligence add to the "
       "protected state's defence.",
       0.0, 1.0, _u(0.05, 0.3), ASSUMPTION,
       "assumption: material aid adds a fraction of what direct intervention would"),
    # --- threat perception of the adversary -------------------------------------------------
    _p("threat_base", "θ₀", "threat",
       "Adversary's baseline perception of existential threat from the protected side.",
       0.0, 1.0, _beta(0.3, 10.0), ASSUMPTION,
       "contested; centred low-to-middle so lenses can move it either way"),
    _p("threat_troops", "θ_T", "threat",
       "Threat added by foreign troops of rival guarantors on the protected state's soil.",
       0.0, 1.0, _u(0.05, 0.3), ASSUMPTION,
       "contested (claim C2); a UN mandate scales it by (1 − un_legitimacy)"),
    _p("threat_alliance", "θ_A", "threat",
       "Threat added by a collective-defence commitment or alliance membership.",
       0.0, 1.0, _u(0.1, 0.4), ASSUMPTION,
       "contested (claim C1); the seed article argues it is the largest term"),
    _p("threat_path", "θ_P", "threat",
       "Threat added by a promised (not yet realised) path to alliance membership.",
       0.0, 1.0, _u(0.05, 0.3), ASSUMPTION,
       "contested; a promise without protection is argued to provoke without deterring"),
    _p("threat_neutrality", "θ_N", "threat",
       "Threat removed by a neutrality clause (and, scaled by the cap, by force caps).",
       0.0, 1.0, _u(0.05, 0.3), ASSUMPTION,
       "contested (claim C6 of the seed article): a wide prior from little effect to a "
       "third of full threat"),
    # --- deliberate initiation -------------------------------------------------------------
    _p("attack_hazard", "h₁₂", "initiation",
       "Monthly hazard that the main dyad's war recurs (a deliberate attack), 12 months after "
       "the start, for the reference dyad (every recurrence covariate at the fitted "
       "population's mean) with no deterrence; shared by the two sides in proportion to "
       "their revisionism.",
       0.0, 1.0, *_fit.entry("recurrence.h12_reference", "h(t) = h₁₂·(t/12)^(k−1)·Π HR"),
       scenario_specific=True),
    _p("recurrence_shape", "k", "initiation",
       "Weibull shape of the recurrence hazard: h(t) ∝ t^(k−1), falling with time since the "
       "start when k < 1.",
       0.05, 5.0, *_fit.entry("recurrence.shape", upper=5.0)),
    _p("hr_contiguous", "HR_C", "initiation",
       "Hazard ratio of recurrence for contiguous states.",
       0.0, 100.0, *_fit.entry("recurrence.hr_contiguous", "mean-preserving log-normal",
                                mean_preserving=True, upper=100.0)),
    _p("hr_rivalry", "HR_R", "initiation",
       "Hazard ratio of recurrence for a dyad in a strategic rivalry.",
       0.0, 100.0, *_fit.entry("recurrence.hr_rivalry", "mean-preserving log-normal",
                                mean_preserving=True, upper=100.0)),
    _p("hr_capability", "HR_K", "initiation",
       "Hazard ratio of recurrence per unit of |ln(K_A/K_P)| (capability imbalance).",
       0.0, 100.0, *_fit.entry("recurrence.hr_log_cap_ratio", "mean-preserving log-normal",
                                mean_preserving=True, upper=100.0)),
    _p("hr_post1945", "HR_45", "initiation",
       "Hazard ratio of recurrence after 1945.",
       0.0, 100.0, *_fit.entry("recurrence.hr_post1945", "mean-preserving log-normal",
                                mean_preserving=True, upper=100.0)),
    _p("threat_initiation", "β_τ", "initiation",
       "Log-hazard increase of attack per unit of perceived threat (preventive motive).",
       0.0, 5.0, _u(0.0, 1.0), POWELL_2006,
       "shifting power and fear of the future create preventive motives; size is an "
       "assumption"),
    _p("deterrence_effect", "β_D", "initiation",
       "Log-hazard reduction of attack per unit of deterrence D.",
       0.0, 10.0, _ln(0.4, 0.6), BENSON_2011 + "; " + JL_2011,
       "Benson: deterrent pledges cut attack on members by about 18 %, i.e. β_D ≈ 0.4 at "
       "a typical D of 0.5; Johnson & Leeds find defence pacts deter"),
    _p("threat_discount", "κ", "initiation",
       "Share of deterrence lost against an adversary at full existential threat: "
       "D is scaled by (1 − κ·τ).",
       0.0, 1.0, _beta(0.35, 6.0), JERVIS_1985,
       "deterrence can fail when the challenger acts from need or fear rather than "
       "opportunity; how often is contested (claim C4)"),
    _p("moral_hazard", "μ", "spoilers",
       "Relative increase in a side's (and its factions') initiation hazard under full "
       "unconditional protection: factor (1 + μ·U).",
       0.0, 10.0, _ln(0.8, 0.8, upper=5.0), BENSON_2011 + "; " + JL_2011,
       "Benson: +249 % initiation for unconditional compellent pledges, none for "
       "conditional ones; Johnson & Leeds find no emboldening; median between them"),
    # --- spoilers and incidents -------------------------------------------------------------
    _p("spoiler_hazard", "h_S", "spoilers",
       "Monthly strike hazard of an unrestrained spoiler faction during a ceasefire.",
       0.0, 1.0, _ln(0.006, 0.6, upper=1.0), REITER_2016,
       "Reiter (ch. 3): 65 of 301 (21.6 %) post-Cold War civil-war peace agreements and 46 "
       "of 138 (33.3 %) processes saw spoiling; two factions at control 0.5 reach ~30 % "
       "over five years near 0.006 a month (transfer to interstate settings assumed)",
       scenario_specific=True),
    _p("retaliation_prob", "r", "spoilers",
       "Probability that the target of a spoiler strike retaliates against the host state "
       "(raising the dyad to limited strikes).",
       0.0, 1.0, _beta(0.25, 8.0), REITER_2016,
       "spoiling rarely derails processes and often leads parties to recommit"),
    _p("incident_hazard", "h_I", "incidents",
       "Monthly hazard of a serious incident on an active contact line with no monitors or "
       "buffer.",
       0.0, 1.0, _ln(0.05, 0.6, upper=1.0), ASSUMPTION,
       "assumption: serious incidents (level 1) happen every few years on an unmonitored "
       "line", scenario_specific=True),
    _p("monitoring_unarmed", "m_U", "incidents",
       "Share of incidents prevented by unarmed observers.",
       0.0, 1.0, _u(0.0, 0.3), FORTNA_2003,
       "monitoring is among the mechanisms that lengthen peace; hazard ratios not "
       "recovered, size is an assumption"),
    _p("monitoring_armed", "m_A", "incidents",
       "Share of incidents prevented by armed peacekeepers.",
       0.0, 1.0, _u(0.3, 0.7), FORTNA_2004B,
       "peacekeeping makes an important contribution to durable peace; size assumed"),
    _p("dmz_effect", "m_Z", "incidents",
       "Share of incidents prevented by a wide demilitarised zone: m_Z·(1 − e^(−km/10)).",
       0.0, 1.0, _u(0.1, 0.5), FORTNA_2003,
       "DMZs are among the agreement features that lengthen peace; size assumed"),
    _p("commission_effect", "m_J", "incidents",
       "Share of incidents defused by a joint commission.",
       0.0, 1.0, _u(0.0, 0.3), FORTNA_2003,
       "joint commissions for dispute resolution lengthen peace; size assumed"),
    # --- escalation ladder -----------------------------------------------------------------
    _p("crisis_share_high", "π", "escalation",
       "Share of high-stakes episodes among the episodes that begin by an incident or a spoiler "
       "strike (the latent crisis type; an episode begun deliberately or an ICB-type crisis at the"
       " start is high-stakes).",
       0.0, 1.0, *_fit.entry("ladder.share_high")),
    _p("escalate_1_2", "p₁₂", "escalation",
       "Monthly probability that a high-stakes episode at level 1 (threat, display) moves to use "
       "of force (level 2).",
       0.0, 1.0, *_fit.entry("ladder.p12_high"), scenario_specific=True),
    _p("escalate_2_3", "p₂₃", "escalation",
       "Monthly probability that a high-stakes episode at level 2 (use of force) becomes war "
       "(level 3), no nuclear-armed side, before multipliers.",
       0.0, 1.0, *_fit.entry("ladder.p23_high"), scenario_specific=True),
    _p("deescalate_1", "d₁", "escalation",
       "Monthly probability that a high-stakes episode at level 1 ends (back to peace).",
       0.0, 1.0, *_fit.entry("ladder.d1_high")),
    _p("deescalate_2", "d₂", "escalation",
       "Monthly probability that a high-stakes episode at level 2 ends (back to peace).",
       0.0, 1.0, *_fit.entry("ladder.d2_high")),
    _p("escalate_1_2_low", "p₁₂ᴸ", "escalation",
       "Monthly probability that a low-stakes episode at level 1 moves to use of force (low-stakes"
       " episodes never become war: p₂₃ᴸ = 0, the fit's identifying restriction).",
       0.0, 1.0, *_fit.entry("ladder.p12_low")),
    _p("deescalate_1_low", "d₁ᴸ", "escalation",
       "Monthly probability that a low-stakes episode at level 1 ends.",
       0.0, 1.0, *_fit.entry("ladder.d1_low")),
    _p("deescalate_2_low", "d₂ᴸ", "escalation",
       "Monthly probability that a low-stakes episode at level 2 ends (back to peace).",
       0.0, 1.0, *_fit.entry("ladder.d2_low")),
    _p("nuclear_one_factor", "ψ₁", "escalation",
       "Multiplier on the 2 → 3 move when exactly one side of the dyad is nuclear-armed "
       "(the fitted odds ratio on the war step, applied to the monthly probability).",
       0.0, 5.0, *_fit.entry("ladder.nuclear_one_odds_ratio", upper=5.0)),
    _p("war_end_hazard", "h_E", "escalation",
       "Monthly hazard that a war (level 3) ends in a ceasefire (back to level 1).",
       0.0, 1.0, _ln(0.12, 0.6, upper=1.0), SARKEES_2010,
       "COW v4.0: median interstate war lasts about 5.3 months (mean 13.7), i.e. a monthly "
       "ending hazard near 0.12", scenario_specific=True),
    # --- troops as targets -------------------------------------------------------------------
    _p("q_target", "q", "troops",
       "Monthly probability that the adversary strikes guarantor troops on the protected "
       "state's soil while the main dyad is at level 2 or more.",
       0.0, 1.0, _beta(0.1, 10.0), RP_2021,
       "small deployments do not reliably trigger wider intervention, and fatalities may "
       "not provoke it; the monthly rate of strikes on them is an assumption (claim C2)"),
    _p("un_legitimacy", "ℓ", "troops",
       "Share by which a UN mandate lowers both the threat posed by foreign troops and the "
       "rate at which they are targeted.",
       0.0, 1.0, _u(0.2, 0.6), ASSUMPTION,
       "the seed article reports that only troops without a UN mandate are declared "
       "targets; how much a mandate protects is uncertain"),
    _p("tripwire_bonus", "a_T", "commitments",
       "Automaticity added to a commitment by its troops on the beneficiary's soil "
       "(hand-tying).",
       0.0, 1.0, _u(0.0, 0.15), RP_2021,
       "small tripwires neither stop a fait accompli nor reliably trigger intervention"),
    _p("umbrella_bonus", "u_N", "deterrence",
       "Extra deterrence weight of a commitment backed by a nuclear umbrella.",
       0.0, 2.0, _u(0.0, 0.5), FS_2014,
       "alliances with nuclear states deter; forward-deployed weapons add nothing measurable"),
    # --- commitments: credibility ----------------------------------------------------------
    _p("credibility_shift", "s_C", "commitments",
       "Logit shift applied to every commitment's credibility prior.",
       -5.0, 5.0, _fixed(0.0), BF_2018,
       "the evidence lens takes each commitment's own prior (defence pacts 1816-2003 ≈ 41 %, "
       "all post-1945 commitments ≈ 22 % honoured) as stated"),
    _p("credibility_learning", "ω", "commitments",
       "Weight (in pseudo-observations) of one honoured or defected commitment in the "
       "Beta update of its guarantor's other commitments.",
       0.0, 10.0, _u(0.5, 2.0), ASSUMPTION,
       "Bayesian updating of a Beta prior; one observed act counts as 0.5 to 2 observations"),
    _p("erosion_half_life", "T½", "commitments",
       "Half-life, in months, of a commitment's credibility as political will wanes.",
       1.0, 10000.0, _ln(180.0, 0.5), LEEDS_2003,
       "violations are more likely when capabilities or domestic politics changed since "
       "signing; the rate of change is an assumption (15 years median)"),
    # --- nuclear rungs -------------------------------------------------------------------------
    _p("nuclear_signal", "p₃₄", "nuclear",
       "Monthly probability that a war in a nuclear dyad moves to nuclear signalling.",
       0.0, 1.0, _beta(0.02, 30.0), ASSUMPTION,
       "no published rate was found; nuclear signalling is taken to occur in a minority of "
       "wars involving a nuclear-armed side"),
    _p("nuclear_use", "p₄₅", "nuclear",
       "Monthly probability that nuclear signalling turns into limited nuclear use.",
       0.0, 1.0, _beta(0.01, 50.0), ICB_V14,
       "ICB v14: no nuclear use in the 25 crises with nuclear-armed states on opposite "
       "sides since 1945 (Beta(1, 26) mean 0.037 per crisis; per month lower)"),
    _p("nuclear_central", "p₅₆", "nuclear",
       "Monthly probability that limited nuclear use becomes a strategic exchange.",
       0.0, 1.0, _beta(0.2, 10.0), ASSUMPTION,
       "no data exist; Kahn's central-sanctuary threshold is assumed hard to cross"),
    _p("nuclear_back", "p₄₃", "nuclear",
       "Monthly probability that nuclear signalling subsides back to conventional war.",
       0.0, 1.0, _beta(0.5, 10.0), ICB_V14,
       "every crisis between nuclear-armed adversaries on record ended without nuclear use; "
       "how fast signalling subsides is an assumption"),
    _p("nuclear_restraint", "n_R", "escalation",
       "Multiplier on escalation from limited strikes to war when both sides are "
       "nuclear-armed (also on an honoured pledge's entry into war against a nuclear power).",
       0.0, 1.0, _beta(1.0 / 27.0, 27.0), _fit.source("ladder.war_opposed_nuclear"),
       "0 of 25 crises between nuclear-armed adversaries became a direct full-scale war "
       "(Beta(1, 26), mean 0.037): the evidence lens takes the record as it stands"),
    # --- v2: honouring, assurances, spoilers -----------------------------------------------
    _p("honour_nuclear_factor", "η_N", "commitments",
       "Multiplier on a guarantor's propensity to honour when the attacker is nuclear-armed "
       "(the guarantor's own decision deterred by nuclear risk).",
       0.0, 1.0, _beta(0.35, 6.0), _fit.source("honouring.join_all"),
       "the honouring fit found no ally of a state attacked by a nuclear-armed state that "
       "joined (0 of 68, not fitted as a covariate); a wide prior below 1, its size an "
       "assumption"),
    _p("assurance_combat", "a_C", "commitments",
       "Probability that an honoured pledge with a response below combat (an assurance) is "
       "carried out with force (response level 2): the response is drawn given honouring.",
       0.0, 1.0, _u(0.2, 0.6), ASSUMPTION,
       "assumption: informal assurances were followed by combat in Korea 1950 and Kuwait "
       "1990 but not in Budapest 1994 or Georgia 2008"),
    _p("pledge_restraint", "ρ_R", "spoilers",
       "Share of a faction's strike hazard removed when its host is fully covered by "
       "conditional military pledges (the guarantor restrains its client).",
       0.0, 1.0, _u(0.0, 0.5), FJL_2014,
       "Fang, Johnson & Leeds: alliances restrain allies from initiating disputes; size "
       "assumed"),
    _p("faction_cover", "φ", "spoilers",
       "Share of a conditional military pledge to its host that a militant faction reads as "
       "cover (it does not expect the pledge's condition to be applied to its own attacks).",
       0.0, 1.0, _beta(0.2, 6.0), KUPERMAN_2005,
       "militants provoke retaliation expecting outside protection (Kuperman); whether they "
       "discount a pledge's conditionality is contested (claim C3); size assumed"),
    # --- resolve (fitted to the rule-coded cases) --------------------------------------------
    _p("resolve_effect", "β_R", "initiation",
       "Log-hazard increase of a side's attack, and of the main dyad's escalation by the "
       "adversary, per unit of revisionism above the reference: R = exp(β_R·(rev − r̄)).",
       0.0, 30.0, *_fit.entry("resolve.effect", "simulated maximum likelihood on the "
                              "rule-coded cases", upper=30.0)),
    _p("resolve_reference", "r̄", "initiation",
       "Reference revisionism: the side whose resolve leaves the fitted hazards as they are "
       "(R = 1).",
       0.0, 1.0, *_fit.entry("resolve.reference", "fitted jointly with β_R")),
    _p("terms_revisionism", "ω", "initiation",
       "Revisionism a side sheds per unit of the stake a signed deal gives it beyond an even "
       "split (and, for the adversary, per unit of relief it values): rev' = rev − ω·gain.",
       0.0, 1.0, _beta(0.4, 10.0), ASSUMPTION,
       "scale of the rule-coded cases' revisionism, which the resolve fit gave its meaning: "
       "0.6 for a war's loser, 0.4 for neither, 0.2 for its winner, i.e. 0.4 per whole stake; "
       "reading a deal's terms as a war's outcome is the assumption"),
    # --- the period of a crisis (fitted to ICB crises) -------------------------------------
    _p("era_odds_ratio", "OR₄₅", "ladder",
       "Odds ratio of a high-stakes episode's war step (2 → 3) after 1945, for a scenario "
       "whose period is known: p₂₃ is multiplied by OR₄₅^(post1945 − m).",
       0.0, 10.0, *_fit.entry("era.odds_ratio", upper=10.0)),
    _p("era_share_post1945", "m", "ladder",
       "Post-1945 share of the crises the era fit used (the centre of the period factor).",
       0.0, 1.0, *_fit.entry("era.share_post1945")),
    # --- the selection link of a signed deal (fitted to the rule-coded post-war dyads) -----
    _p("selection_link", "HR_sel", "initiation",
       "Hazard ratio of a signer's later attack per logistic unit it was closer to rejecting "
       "the deal: its private value ε of the deal over war carries from signing into every "
       "month, S = HR_sel^(−(ε − μ_ref)); 1 is no link, above 1 the signature reveals "
       "intent, below 1 the eager signer reneges.",
       0.1, 3.0, *_fit.entry("selection.link", "simulated maximum likelihood on the "
                             "rule-coded post-war dyads", upper=3.0)),
    _p("selection_reference", "a_ref", "initiation",
       "Acceptance of the fitted population's typical signer: the signer whose private value "
       "keeps the fitted hazard (S = 1 at ε = μ_ref = E[ε | signed at a_ref]).",
       0.0, 1.0, *_fit.entry("selection.reference")),

)

PARAMETER_NAMES: tuple[str, ...] = tuple(p.name for p in PARAMETERS)


def parameter(name: str) -> Parameter:
    """Return the registered parameter ``name`` (KeyError if unknown)."""
    for p in PARAMETERS:
        if p.name == name:
            return p
    raise KeyError(name)
