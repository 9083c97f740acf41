"""Lenses: named schools of thought, each a set of parameter priors.

``evidence`` takes every prior from the registry (the published record).
``restraint`` takes the seed article's causal claims as true; ``deterrence``
takes the opposite school's. A scenario may define further lenses on top of
any of these (``lenses:`` in YAML), and may replace the priors of
scenario-specific parameters for all lenses (``parameters:``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from foedus.evidence import calibrated as _calibrated
from foedus.evidence.registry import (
    ASSUMPTION,
    BENSON_2011,
    JL_2011,
    PARAMETERS,
    PriorEntry,
    parameter,
)
from foedus.evidence.sources import SOURCES
from foedus.scenario.errors import ScenarioError
from foedus.scenario.loader import Document
from foedus.scenario.priors import BetaPrior, FixedPrior, LogNormalPrior, UniformPrior

SEED_ARTICLE = SOURCES["SEED_ARTICLE"].cite()
MEARSHEIMER_2014 = SOURCES["MEARSHEIMER_2014"].cite()
CS_1990 = SOURCES["CS_1990"].cite()
HR_1984 = SOURCES["HR_1984"].cite()
SCHELLING_1966 = SOURCES["SCHELLING_1966"].cite()


@dataclass(frozen=True)
class Lens:
    """A named set of prior overrides on top of the registry."""

    name: str
    description: str
    overrides: dict[str, PriorEntry] = field(default_factory=dict)


def _e(prior: object, source: str, rationale: str, lens: str) -> PriorEntry:
    assert isinstance(prior, BetaPrior | UniformPrior | LogNormalPrior | FixedPrior)
    # a lens states a school's claim: attributed to its source, or marked assumption
    return PriorEntry(prior, source, rationale, origin=lens,
                      basis="assumption" if source == ASSUMPTION else "claim")


def _beta(mean: float, k: float) -> BetaPrior:
    return BetaPrior.model_validate({"mean": mean, "concentration": k})


_R = "restraint"
_D = "deterrence"

LENSES: dict[str, Lens] = {
    "evidence": Lens("evidence", "Priors from the published record (the registry as is)."),
    _R: Lens(_R, "The seed article's causal claims taken as true: guarantees threaten the "
             "adversary, troops become targets, unconditional pledges embolden spoilers, "
             "deterrence fails against a threatened adversary, neutrality removes the motive.",
             {
                 "threat_aversion": _e(UniformPrior(low=0.6, high=1.0), SEED_ARTICLE,
                                       "C1: the adversary will not sign what it went to war "
                                       "to prevent", _R),
                 "threat_base": _e(_beta(0.5, 10.0), MEARSHEIMER_2014,
                                   "alliance expansion is perceived as an existential threat",
                                   _R),
                 "threat_alliance": _e(UniformPrior(low=0.4, high=0.7), SEED_ARTICLE,
                                       "C1: membership is a red line", _R),
                 "threat_path": _e(UniformPrior(low=0.3, high=0.6), SEED_ARTICLE,
                                   "C1: even the promise of membership provokes", _R),
                 "threat_troops": _e(UniformPrior(low=0.3, high=0.5), SEED_ARTICLE,
                                     "C2: Western troops are a threat and a target", _R),
                 "threat_neutrality": _e(UniformPrior(low=0.3, high=0.6), SEED_ARTICLE,
                                         "C6: neutrality removes the adversary's motive", _R),
                 "q_target": _e(_beta(0.5, 10.0), SEED_ARTICLE,
                                "C2: troops without a UN mandate are 'legitimate targets'",
                                _R),
                 "un_legitimacy": _e(UniformPrior(low=0.7, high=1.0), SEED_ARTICLE,
                                     "C2: the objection is to troops without a mandate", _R),
                 "moral_hazard": _e(LogNormalPrior(median=2.49, sigma=0.3, upper=6.0),
                                    BENSON_2011 + "; " + SEED_ARTICLE,
                                    "C3: guarantees embolden militants; Benson's +249 %", _R),
                 "retaliation_prob": _e(_beta(0.45, 10.0), SEED_ARTICLE,
                                        "C3: spoiler attacks keep the conflict alive", _R),
                 "threat_discount": _e(_beta(0.85, 10.0), SEED_ARTICLE,
                                       "C4: deterrence fails against an existentially "
                                       "threatened adversary", _R),
                 "deterrence_effect": _e(LogNormalPrior(median=0.3, sigma=0.5),
                                         SEED_ARTICLE, "C4: deterrence is weak", _R),
                 "credibility_shift": _e(UniformPrior(low=0.0, high=1.0), CS_1990,
                                         "C5: alliances chain-gang and commitments fire "
                                         "(Christensen & Snyder expect this where offence is "
                                         "believed to have the advantage)", _R),
             }),
    _D: Lens(_D, "The deterrence school: credible guarantees deter, threat perception does "
             "not blunt them, protection does not embolden clients, tripwires tie hands.",
             {
                 "threat_aversion": _e(UniformPrior(low=0.0, high=0.1), ASSUMPTION,
                                       "the school's position: guarantees are defensive and "
                                       "need not threaten (not measured by any cited study)",
                                       _D),
                 "threat_base": _e(_beta(0.1, 10.0), ASSUMPTION,
                                   "the school's position: aggression is opportunistic, not "
                                   "driven by fear", _D),
                 "threat_alliance": _e(UniformPrior(low=0.0, high=0.15), ASSUMPTION,
                                       "the school's position: defensive alliances pose "
                                       "little threat", _D),
                 "threat_path": _e(UniformPrior(low=0.0, high=0.1), ASSUMPTION,
                                   "the school's position: a promise of membership poses "
                                   "little threat", _D),
                 "threat_troops": _e(UniformPrior(low=0.0, high=0.1), SCHELLING_1966,
                                     "defensive deployments signal resolve, not threat", _D),
                 "threat_neutrality": _e(UniformPrior(low=0.0, high=0.1), ASSUMPTION,
                                         "the school's position: neutrality changes little "
                                         "for an opportunist", _D),
                 "q_target": _e(_beta(0.03, 20.0), SCHELLING_1966,
                                "attacking guarantor troops means war with the guarantor",
                                _D),
                 "moral_hazard": _e(UniformPrior(low=0.0, high=0.2), JL_2011,
                                    "no evidence that protected states start more disputes",
                                    _D),
                 "threat_discount": _e(_beta(0.05, 20.0), HR_1984,
                                       "credible, capable defenders deter regardless (Huth & "
                                       "Russett: the local military balance predicts "
                                       "deterrence success)", _D),
                 "deterrence_effect": _e(LogNormalPrior(median=2.0, sigma=0.3), HR_1984,
                                         "military balance and credibility drive deterrence",
                                         _D),
                 "tripwire_bonus": _e(UniformPrior(low=0.3, high=0.5), SCHELLING_1966,
                                      "troops in harm's way tie the guarantor's hands", _D),
                 "credibility_shift": _e(UniformPrior(low=0.5, high=1.5), HR_1984,
                                         "guarantors honour what they sign", _D),
             }),
    # fitted to the case library (foedus calibrate); the record is package data
    "calibrated": Lens("calibrated", _calibrated.DESCRIPTION, _calibrated.overrides()),
}


@dataclass(frozen=True)
class ResolvedPriors:
    """The prior of every registered parameter for one scenario and lens."""

    lens: str
    entries: dict[str, PriorEntry]


def lens_names(doc: Document | None = None) -> list[str]:
    """Names of the bundled lenses, plus those ``doc`` defines."""
    names = list(LENSES)
    if doc is not None:
        names += [n for n in doc.scenario.lenses if n not in LENSES]
    return names


def check_parameters(doc: Document) -> None:
    """Check a scenario's parameter and lens blocks against the registry.

    Raises
    ------
    ScenarioError
        Naming the file and line of an unknown parameter, a prior outside its
        parameter's range, an override of a lens parameter, or an unknown base lens.
    """
    issues = []
    s, src = doc.scenario, doc.source

    def check(path: tuple[str | int, ...], name: str, entry_prior: object,
              allow_lens_params: bool) -> None:
        try:
            par = parameter(name)
        except KeyError:
            issues.append(src.issue(path, f"unknown parameter '{name}'"))
            return
        if not allow_lens_params and not par.scenario_specific:
            issues.append(src.issue(path, f"'{name}' is a school-of-thought parameter; set it "
                                          "in a lens, not in the scenario's parameters"))
        problem = par.admits(entry_prior)  # type: ignore[arg-type]
        if problem is not None:
            issues.append(src.issue((*path, "prior"), problem))

    for name, ov in s.parameters.items():
        check(("parameters", name), name, ov.prior, allow_lens_params=False)
    for lname, spec in s.lenses.items():
        if lname in LENSES:
            issues.append(src.issue(("lenses", lname), f"'{lname}' is a bundled lens name"))
        if spec.base not in LENSES:
            issues.append(src.issue(("lenses", lname, "base"),
                                    f"unknown base lens '{spec.base}' (bundled: "
                                    f"{', '.join(LENSES)})"))
        for name, ov in spec.parameters.items():
            check(("lenses", lname, "parameters", name), name, ov.prior, allow_lens_params=True)
    if issues:
        raise ScenarioError(issues)


class UnknownLensError(ValueError):
    """A lens name that neither the bundle nor the scenario defines."""


def resolve(doc: Document, lens: str) -> ResolvedPriors:
    """Priors of every parameter for ``doc`` under ``lens``.

    Order of precedence: scenario lens > scenario parameters > bundled lens >
    registry (evidence). Scenario parameters (the scenario-specific baseline
    hazards of its time and place) apply under every bundled lens, the
    calibrated one included.
    """
    check_parameters(doc)
    s = doc.scenario
    entries = {p.name: p.evidence for p in PARAMETERS}
    if lens in LENSES:
        entries.update(LENSES[lens].overrides)
    elif lens in s.lenses:
        entries.update(LENSES[s.lenses[lens].base].overrides)
    else:
        raise UnknownLensError(f"unknown lens '{lens}' (available: "
                               f"{', '.join(lens_names(doc))})")
    for name, ov in s.parameters.items():
        entries[name] = PriorEntry(ov.prior, ov.source, ov.rationale, origin=f"scenario {s.id}")
    if lens in s.lenses:
        for name, ov in s.lenses[lens].parameters.items():
            entries[name] = PriorEntry(ov.prior, ov.source, ov.rationale, origin=lens)
    return ResolvedPriors(lens, entries)
