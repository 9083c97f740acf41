"""The order of a replication's parameter vector ``p`` read by the rules.

Every rule reads a parameter as ``p[NAME]`` from one replication's float64
vector (shape (P,)); the engine packs the parameter draws in :data:`NAMES`
order (the registry's, :data:`foedus.evidence.registry.PARAMETER_NAMES`).
"""

from __future__ import annotations

NAMES: tuple[str, ...] = (
    "qre_lambda", "war_cost_adversary", "war_cost_protected", "threat_aversion",
    "sanctions_value", "security_value", "arms_share", "threat_base", "threat_troops",
    "threat_alliance", "threat_path", "threat_neutrality", "attack_hazard",
    "recurrence_shape", "hr_contiguous", "hr_rivalry", "hr_capability", "hr_post1945",
    "threat_initiation", "deterrence_effect", "threat_discount", "moral_hazard",
    "spoiler_hazard", "retaliation_prob", "incident_hazard", "monitoring_unarmed",
    "monitoring_armed", "dmz_effect", "commission_effect", "crisis_share_high",
    "escalate_1_2", "escalate_2_3", "deescalate_1", "deescalate_2", "escalate_1_2_low",
    "deescalate_1_low", "deescalate_2_low", "nuclear_one_factor", "war_end_hazard",
    "q_target", "un_legitimacy", "tripwire_bonus", "umbrella_bonus", "credibility_shift",
    "credibility_learning", "erosion_half_life", "nuclear_signal", "nuclear_use",
    "nuclear_central", "nuclear_back", "nuclear_restraint", "honour_nuclear_factor",
    "assurance_combat", "pledge_restraint", "faction_cover", "resolve_effect",
    "resolve_reference", "terms_revisionism", "era_odds_ratio", "era_share_post1945",
    "selection_link", "selection_reference",
)
(QRE_LAMBDA, WAR_COST_ADVERSARY, WAR_COST_PROTECTED, THREAT_AVERSION, SANCTIONS_VALUE,
 SECURITY_VALUE, ARMS_SHARE, THREAT_BASE, THREAT_TROOPS, THREAT_ALLIANCE, THREAT_PATH,
 THREAT_NEUTRALITY, ATTACK_HAZARD, RECURRENCE_SHAPE, HR_CONTIGUOUS, HR_RIVALRY, HR_CAPABILITY,
 HR_POST1945, THREAT_INITIATION, DETERRENCE_EFFECT, THREAT_DISCOUNT, MORAL_HAZARD,
 SPOILER_HAZARD, RETALIATION_PROB, INCIDENT_HAZARD, MONITORING_UNARMED, MONITORING_ARMED,
 DMZ_EFFECT, COMMISSION_EFFECT, CRISIS_SHARE_HIGH, ESCALATE_1_2, ESCALATE_2_3, DEESCALATE_1,
 DEESCALATE_2, ESCALATE_1_2_LOW, DEESCALATE_1_LOW, DEESCALATE_2_LOW, NUCLEAR_ONE_FACTOR,
 WAR_END_HAZARD, Q_TARGET, UN_LEGITIMACY, TRIPWIRE_BONUS, UMBRELLA_BONUS, CREDIBILITY_SHIFT,
 CREDIBILITY_LEARNING, EROSION_HALF_LIFE, NUCLEAR_SIGNAL, NUCLEAR_USE, NUCLEAR_CENTRAL,
 NUCLEAR_BACK, NUCLEAR_RESTRAINT, HONOUR_NUCLEAR_FACTOR, ASSURANCE_COMBAT,
 PLEDGE_RESTRAINT, FACTION_COVER, RESOLVE_EFFECT, RESOLVE_REFERENCE,
 TERMS_REVISIONISM, ERA_ODDS_RATIO, ERA_SHARE_POST1945, SELECTION_LINK,
 SELECTION_REFERENCE) = range(len(NAMES))
