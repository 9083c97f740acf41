"""The scenario language: frozen pydantic models validated from YAML.

A scenario names the actors of a war or crisis, the commitments that may bind
them (directed edges guarantor -> beneficiary), the war plans that chain wars
together, and a list of *policies*: named settlement designs, each a set of
terms plus the commitments it brings into force. Cross-references (actor and
commitment ids) are checked in :mod:`foedus.scenario.references`, so that each
problem is reported at the line where it occurs.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

from foedus.scenario import bounds
from foedus.scenario.priors import Prior

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]

CommitmentType = Literal[
    "collective_defense",
    "assurance",
    "tripwire_force",
    "reassurance_force",
    "arms_support",
    "monitoring",
    "neutrality_guarantee",
]

#: Largest seed (re-exported from :mod:`foedus.scenario.bounds`).
MAX_SEED = bounds.MAX_SEED

#: Ladder level to which an honoured commitment raises the (guarantor, attacker) dyad.
DEFAULT_RESPONSE_LEVEL: dict[str, int] = {
    "collective_defense": 3,
    "neutrality_guarantee": 3,
    "tripwire_force": 3,
    "reassurance_force": 2,
    "assurance": 1,
    "arms_support": 0,
    "monitoring": 0,
}

#: Commitment types that put the guarantor's troops on the beneficiary's soil.
TROOP_TYPES: frozenset[str] = frozenset({"tripwire_force", "reassurance_force", "monitoring"})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


class Actor(_Frozen):
    """A state or a non-state faction.

    ``capability`` is a relative military-power index (e.g. a share of the
    system's CINC); only ratios between actors matter. Factions (spoilers) need
    ``host`` (the state they operate from), ``control`` (how well the host
    restrains them) and ``target`` (the state they strike).
    """

    id: Id
    name: str = Field(min_length=1)
    kind: Literal["state", "faction"] = "state"
    nuclear: bool = False
    great_power: bool = False
    capability: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    resolve: Probability = 0.5
    revisionism: Probability = 0.0
    host: Id | None = None
    control: Probability | None = None
    target: Id | None = None
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _faction_fields(self) -> Actor:
        faction_fields = (self.host, self.control, self.target)
        if self.kind == "faction":
            missing = [
                n for n, v in zip(("host", "control", "target"), faction_fields, strict=True)
                if v is None
            ]
            if missing:
                raise ValueError(f"a faction needs {', '.join(missing)}")
            if self.nuclear or self.great_power:
                raise ValueError("a faction cannot be nuclear or a great power")
        elif any(v is not None for v in faction_fields):
            raise ValueError("host, control and target are only for kind: faction")
        return self


class CredibilityPrior(_Frozen):
    """Beta prior on P(honour | triggered), by mean and concentration."""

    mean: Annotated[float, Field(gt=0.0, lt=1.0)]
    concentration: Annotated[float, Field(gt=0.0, le=1e4)] = 10.0


class Commitment(_Frozen):
    """A directed commitment: ``guarantor`` pledges something to ``beneficiary``.

    ``conditional``: the pledge covers only unprovoked attacks on the
    beneficiary (Benson 2011's deterrent-conditional pledge); an unconditional
    pledge also fires when the beneficiary's side (or a faction on its soil)
    started the episode. ``against`` restricts the attackers it covers (empty:
    any attacker). ``covers`` names what triggers it: an attack on the
    beneficiary's territory (ladder level 3) and/or on the guarantor's forces
    stationed there (level 2). ``erosion_half_life``: the commitment's own
    credibility half-life in months (:mod:`foedus.model.erosion`); unset, it
    erodes with the lens's parameter ``erosion_half_life`` like every other.
    """

    id: Id
    guarantor: Id
    beneficiary: Id
    type: CommitmentType
    credibility: CredibilityPrior
    automaticity: Probability = 0.5
    conditional: bool = True
    covers: list[Literal["territory", "forces"]] = Field(
        default_factory=lambda: ["territory"], min_length=1  # type: ignore[arg-type]
    )
    against: list[Id] = Field(default_factory=list)
    troops: Annotated[int, Field(ge=0, le=2_000_000)] = 0
    un_mandate: bool = False
    nuclear_umbrella: bool = False
    response_level: Annotated[int, Field(ge=0, le=3)] | None = None
    erosion_half_life: Annotated[float, Field(ge=1.0, le=10000.0)] | None = None
    source: str = Field(min_length=1)
    rationale: str = Field(min_length=1)

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # an unset own half-life is left out, so that a scenario's canonical JSON (and its
        # hash) is the same as before the attribute existed
        out: dict[str, object] = handler(self)
        if out.get("erosion_half_life", 0) is None:
            del out["erosion_half_life"]
        return out

    @model_validator(mode="after")
    def _consistent(self) -> Commitment:
        if self.guarantor == self.beneficiary:
            raise ValueError("guarantor and beneficiary must differ")
        if self.type in ("tripwire_force", "reassurance_force") and self.troops == 0:
            raise ValueError(f"a {self.type} needs troops > 0")
        if self.troops > 0 and self.type not in TROOP_TYPES:
            raise ValueError(f"troops are not part of a {self.type} commitment")
        return self

    @property
    def level(self) -> int:
        """The ladder level an honoured commitment raises its dyad to."""
        if self.response_level is not None:
            return self.response_level
        return DEFAULT_RESPONSE_LEVEL[self.type]


class Terms(_Frozen):
    """Settlement terms of a policy (what the deal offers at month 0)."""

    neutrality: bool = False
    alliance_path: Literal["none", "promised", "member"] = "none"
    force_cap: Probability = 0.0
    dmz_km: Annotated[float, Field(ge=0.0, le=500.0)] = 0.0
    monitoring: Literal["none", "unarmed", "armed"] = "none"
    joint_commission: bool = False
    sanctions_relief: Probability = 0.0
    adversary_gain: Probability = 0.5


class Policy(_Frozen):
    """A named settlement design: terms plus the commitments it brings in.

    ``settlement: false`` means no deal is offered (the war, or crisis, runs on
    under the baseline commitments). ``in_force`` says when the policy's own
    commitments take effect: with the signed deal (``deal``, the default), at
    once whether or not the adversary signs (``now``: a guarantee imposed without
    its consent), or when the war first stops, by the deal or by a ceasefire on the
    ladder (``ceasefire``: sequenced, "as soon as the intensity of fighting ebbs").
    """

    id: Id
    name: str = Field(min_length=1)
    description: str = ""
    settlement: bool = True
    in_force: Literal["deal", "now", "ceasefire"] = "deal"
    terms: Terms = Field(default_factory=Terms)
    commitments: list[Id] = Field(default_factory=list)
    source: str = Field(min_length=1)


class WarPlan(_Frozen):
    """A contingent attack: once ``actor`` is at war with ``when_at_war_with``,
    it attacks ``attacks`` with the given probability (e.g. the Schlieffen plan:
    war with Russia means an attack on France, through Belgium)."""

    id: Id
    actor: Id
    when_at_war_with: Id
    attacks: Id
    probability: Probability
    source: str = Field(min_length=1)
    rationale: str = Field(min_length=1)


class InitialLevel(_Frozen):
    """The ladder level of a dyad at month 0 (for crises), and who started it."""

    a: Id
    b: Id
    level: Annotated[int, Field(ge=0, le=6)]
    initiator: Id | None = None
    #: the episode's latent crisis type: ``high`` stakes (an ICB-type crisis, the default)
    #: or ``drawn`` (high with the fitted share of MIDs, as for a generic dispute)
    stakes: Literal["high", "drawn"] = "high"


class ParameterOverride(_Frozen):
    """A scenario-specific prior for a registered parameter, with its source."""

    prior: Prior
    source: str = Field(min_length=1)
    rationale: str = Field(min_length=1)


class LensSpec(_Frozen):
    """A scenario-defined lens: a base lens plus parameter priors of its own."""

    description: str = Field(min_length=1)
    base: Id = "evidence"
    parameters: dict[str, ParameterOverride] = Field(default_factory=dict)


class Dyad(_Frozen):
    """Covariates of the main dyad that set its recurrence hazard (model v2).

    Each is optional; one left out takes the mean of the population the
    recurrence hazard was fitted on (so it changes nothing). ``decisive`` and
    ``territorial`` are recorded: the fit could not identify a decisive
    outcome's effect, and territorial threat is not among its covariates.
    """

    contiguous: bool | None = None
    rivalry: bool | None = None
    post1945: bool | None = None
    decisive: bool | None = None
    territorial: bool | None = None
    source: str = Field(min_length=1)


#: A number, or a prior to draw it from in each replication of a negotiation forecast.
Uncertain = float | Prior

#: Settlement terms an issue's forecast may set linearly (each with its range).
LINEAR_TERMS: dict[str, tuple[float, float]] = {
    "adversary_gain": (0.0, 1.0), "sanctions_relief": (0.0, 1.0), "force_cap": (0.0, 1.0),
    "dmz_km": (0.0, 500.0)}


def _support(value: Uncertain) -> tuple[float, float]:
    if isinstance(value, float | int):
        return (float(value), float(value))
    return value.support()


class LinearTerm(_Frozen):
    """A settlement term set linearly from an issue's forecast: ``at_low`` at the
    scale's low end, ``at_high`` at its high end."""

    field: Literal["adversary_gain", "sanctions_relief", "force_cap", "dmz_km"]
    at_low: float
    at_high: float

    @model_validator(mode="after")
    def _in_range(self) -> LinearTerm:
        lo, hi = LINEAR_TERMS[self.field]
        for v in (self.at_low, self.at_high):
            if not lo <= v <= hi:
                raise ValueError(f"{self.field} must lie in [{lo:g}, {hi:g}]")
        return self


class TermsPatch(_Frozen):
    """Settlement terms that a band of an issue's forecast sets (the others stay)."""

    neutrality: bool | None = None
    alliance_path: Literal["none", "promised", "member"] | None = None
    monitoring: Literal["none", "unarmed", "armed"] | None = None
    joint_commission: bool | None = None


class Band(_Frozen):
    """What a forecast up to ``upto`` (the last band: up to the scale's high end) means
    for the settlement: terms it sets and commitments it brings in."""

    upto: float | None = None
    label: str = Field(min_length=1)
    terms: TermsPatch = Field(default_factory=TermsPatch)
    commitments: list[Id] = Field(default_factory=list)


class Issue(_Frozen):
    """One issue of a negotiation: a one-dimensional scale from ``low`` to ``high``."""

    id: Id
    name: str = Field(min_length=1)
    low: float = 0.0
    high: float = 100.0
    low_means: str = Field(min_length=1)
    high_means: str = Field(min_length=1)
    linear: LinearTerm | None = None
    bands: list[Band] = Field(default_factory=list)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _scale(self) -> Issue:
        if not self.high > self.low:
            raise ValueError("high must be greater than low")
        if self.bands:
            cuts = [b.upto for b in self.bands]
            if cuts[-1] is not None:
                raise ValueError("the last band has no upto (it runs to the scale's high end)")
            inner = [u for u in cuts[:-1] if u is not None]
            if len(inner) != len(cuts) - 1:
                raise ValueError("every band but the last needs upto")
            if any(not self.low < u < self.high for u in inner) or inner != sorted(set(inner)):
                raise ValueError("band bounds must increase strictly inside (low, high)")
        return self


class Stance(_Frozen):
    """An actor's position and salience on one issue (numbers or priors), with a source."""

    position: Uncertain
    salience: Uncertain
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _salience(self) -> Stance:
        lo, hi = _support(self.salience)
        if not (lo >= 0.0 and hi <= 1.0):
            raise ValueError("salience must lie in [0, 1]")
        return self


class Negotiator(_Frozen):
    """A party to the negotiation: its capability (a number or prior, only ratios
    matter) and its stance on every issue."""

    id: Id
    name: str = Field(min_length=1)
    capability: Uncertain
    source: str = Field(min_length=1)
    stances: dict[str, Stance] = Field(min_length=1)

    @model_validator(mode="after")
    def _capability(self) -> Negotiator:
        if _support(self.capability)[0] < 0.0:
            raise ValueError("capability must be >= 0")
        return self


class NegotiatedPolicySpec(_Frozen):
    """The policy formed from the forecast: ``base``'s terms and commitments, with the
    issues' forecasts setting the terms they map to."""

    id: Id = "negotiated"
    name: str = "The deal as negotiated"
    description: str = ""
    base: Id


class Negotiation(_Frozen):
    """A negotiation among many parties on several issues (the expected-utility group
    decision model, ``foedus negotiate``)."""

    description: str = ""
    rounds: Annotated[int, Field(ge=1, le=100)] = 10
    replications: Annotated[int, Field(ge=1, le=100_000)] = 1_000
    normaliser: Literal["all-triples", "pair"] = "all-triples"
    offer_choice: Literal["scholz-code", "least-move"] = "scholz-code"
    capitulation: bool = True
    issues: list[Issue] = Field(min_length=1)
    actors: list[Negotiator] = Field(min_length=2)
    policy: NegotiatedPolicySpec | None = None
    source: str = Field(min_length=1)


class Scenario(_Frozen):
    """A complete, validated scenario."""

    id: Id
    name: str = Field(min_length=1)
    description: str = ""
    adversary: Id
    protected: Id
    start: Literal["settlement", "crisis"] = "settlement"
    horizon: Annotated[int, Field(ge=1, le=600)] = 120
    start_month: Annotated[str | None, StringConstraints(
        pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$"), Field(description=(
            "calendar month of month 0 as YYYY-MM, for dates in the wargame; it does not "
            "enter the model"))] = None
    seed: Annotated[int, Field(ge=0, le=MAX_SEED, description=(
        "root seed of the random streams, 0..2^63-1 (it fits the results store's "
        "64-bit integer column)"))] = 1
    actors: list[Actor] = Field(min_length=2)
    commitments: list[Commitment] = Field(default_factory=list)
    baseline: list[Id] = Field(default_factory=list)
    war_plans: list[WarPlan] = Field(default_factory=list)
    initial_levels: list[InitialLevel] = Field(default_factory=list)
    policies: list[Policy] = Field(min_length=1)
    dyad: Dyad | None = None
    parameters: dict[str, ParameterOverride] = Field(default_factory=dict)
    lenses: dict[str, LensSpec] = Field(default_factory=dict)
    negotiation: Negotiation | None = None
    sources: list[str] = Field(default_factory=list)

    def actor(self, actor_id: str) -> Actor:
        """Return the actor with ``actor_id`` (KeyError if absent)."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def commitment(self, commitment_id: str) -> Commitment:
        """Return the commitment with ``commitment_id`` (KeyError if absent)."""
        for c in self.commitments:
            if c.id == commitment_id:
                return c
        raise KeyError(commitment_id)

    def policy(self, policy_id: str) -> Policy:
        """Return the policy with ``policy_id`` (KeyError if absent)."""
        for p in self.policies:
            if p.id == policy_id:
                return p
        raise KeyError(policy_id)

    @property
    def states(self) -> list[Actor]:
        return [a for a in self.actors if a.kind == "state"]

    @property
    def factions(self) -> list[Actor]:
        return [a for a in self.actors if a.kind == "faction"]
