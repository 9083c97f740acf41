"""Claims files: an article's causal claims, each encoded as two sets of parameter priors.

A claims file (YAML; format in ``docs/claims.md``) names an article, the policy it
recommends (``conclusion``) and lists its claims. Each claim has an id, the claim in a
sentence, an exact ``quote`` from the article (so it can be located), the ``mechanism`` it
acts through, a ``holds`` and a ``fails`` side — each a set of parameter values or priors,
scenario edits (actor and commitment attributes selected by id or by type, parameters scoped
to some commitments or factions, policy terms), with a source and a rationale — and the
``evidence`` on it (status ``supported`` / ``contested`` / ``contradicted``, with sources).
The file may also add policies (and the commitments they need) to the scenario it is audited
against; the edits are applied by :mod:`foedus.audit.edits`.

:func:`read_claims` validates a file against the parameter registry and reports every problem
as ``FILE:LINE: field: message`` (:class:`~foedus.scenario.errors.ScenarioError`);
:func:`locate` finds each quote in the article's text. Bundled claims files live in
``foedus/evidence/claims/`` and are loaded by id (:func:`load_claims`).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from foedus.evidence.registry import PARAMETERS, parameter
from foedus.scenario.errors import Issue, ScenarioError
from foedus.scenario.loader import validation_issues
from foedus.scenario.priors import FixedPrior, Prior, _PriorBase
from foedus.scenario.schema import Commitment, Terms
from foedus.scenario.yamlio import SourceMap, load_yaml

MAX_BYTES = 1_000_000
MAX_CLAIMS = 16
STATUSES = ("supported", "contested", "contradicted")
#: Probability that a claim holds in the evidence-weighted world, by its evidence status
#: (an assumption; a claim's ``evidence.probability`` replaces it).
HOLDS_PROBABILITY: dict[str, float] = {"supported": 0.8, "contested": 0.5,
                                       "contradicted": 0.2}
#: Actor attributes a claim may set.
ACTOR_ATTRIBUTES: tuple[str, ...] = ("capability", "resolve", "revisionism", "control",
                                     "nuclear", "great_power")
#: Commitment attributes a claim may set.
COMMITMENT_ATTRIBUTES: tuple[str, ...] = ("credibility", "automaticity", "conditional",
                                          "covers", "against", "troops", "un_mandate",
                                          "nuclear_umbrella", "response_level",
                                          "erosion_half_life")
#: Parameters a claim may scope to some commitments or factions (applied as scenario edits),
#: with the kind of element each is scoped to and the key of its size.
SCOPED: dict[str, tuple[str, str]] = {"credibility_shift": ("commitments", "value"),
                                      "erosion_half_life": ("commitments", "value"),
                                      "spoiler_hazard": ("factions", "factor")}
MECHANISMS: tuple[str, ...] = tuple(sorted({p.mechanism for p in PARAMETERS}))
_PRIOR = TypeAdapter(Prior)


class _Strict(BaseModel):
    """Strict types: no bool or text taken as a number, no NaN or infinity."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


class Article(_Strict):
    """The article the claims come from.

    ``url`` and ``accessed`` (ISO date) say where and when the quotes were checked when
    the article's text is not shipped; ``foedus audit --text FILE`` locates them in a copy.
    """

    title: str = Field(min_length=1)
    author: str = Field(min_length=1)
    year: int = Field(ge=1000, le=3000)
    venue: str = Field(min_length=1)
    url: str | None = None
    accessed: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class Conclusion(_Strict):
    """What the article recommends: a policy, judged on an outcome."""

    policy: str = Field(min_length=1)
    outcome: str | None = None
    quote: str | None = Field(default=None, min_length=8)


Names = str | list[str]


class CommitmentSelector(_Strict):
    """Commitments chosen by id, type, guarantor, beneficiary or policy (all must match;
    a list matches any of its items). ``not_type`` excludes types."""

    id: Names | None = None
    type: Names | None = None
    not_type: Names | None = None
    guarantor: Names | None = None
    beneficiary: Names | None = None
    policy: Names | None = None


class ActorSelector(_Strict):
    """Actors chosen by id, kind, host or target (all must match; a list matches any)."""

    id: Names | None = None
    kind: Literal["state", "faction"] | None = None
    host: Names | None = None
    target: Names | None = None


class ActorEdit(_Strict):
    """Set attributes of the selected actors."""

    select: ActorSelector
    set: dict[str, Any] = Field(min_length=1)


class CommitmentEdit(_Strict):
    """Set attributes of the selected commitments."""

    select: CommitmentSelector
    set: dict[str, Any] = Field(min_length=1)


class Scoped(_Strict):
    """A parameter scoped to some commitments or factions (a scenario edit).

    ``credibility_shift`` on ``commitments``: their credibility prior's mean shifted by
    ``value`` on the logit scale (concentration kept). ``erosion_half_life`` on
    ``commitments``: their credibility erodes with half-life ``value`` months, the other
    commitments' with the lens's parameter. ``spoiler_hazard`` on ``factions``:
    their strike hazard multiplied by ``factor`` (through their host's control).
    """

    parameter: str
    commitments: CommitmentSelector | None = None
    factions: ActorSelector | None = None
    value: float | None = None
    factor: float | None = Field(default=None, gt=0.0)


class PolicyEdit(_Strict):
    """Change the terms or commitments of existing policies."""

    select: dict[Literal["id"], Names]
    terms: dict[str, Any] | None = None
    commitments: list[str] | None = None


class PolicyAdd(_Strict):
    """A policy added to the scenario (or replacing one of the same id), optionally built on
    an existing policy ``base`` (its terms updated by ``terms``)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)
    base: str | None = None
    name: str | None = None
    description: str | None = None
    settlement: bool | None = None
    terms: dict[str, Any] | None = None
    commitments: list[str] | None = None
    source: str = Field(min_length=1)


class Side(_Strict):
    """One side of a claim: parameter values (numbers) or priors, and scenario edits, with
    their evidence."""

    parameters: dict[str, float | dict[str, Any]] = Field(default_factory=dict)
    scoped: list[Scoped] = Field(default_factory=list)
    actors: list[ActorEdit] = Field(default_factory=list)
    commitments: list[CommitmentEdit] = Field(default_factory=list)
    policies: list[PolicyEdit] = Field(default_factory=list)
    source: str = Field(min_length=1)
    rationale: str = Field(min_length=1)

    @property
    def edits_scenario(self) -> bool:
        return bool(self.scoped or self.actors or self.commitments or self.policies)


class EvidenceSource(_Strict):
    """A published source on a claim, and what it finds."""

    source: str = Field(min_length=1)
    finding: str = Field(min_length=1)


class Evidence(_Strict):
    """The state of the evidence on a claim."""

    status: Literal["supported", "contested", "contradicted"]
    sources: list[EvidenceSource] = Field(min_length=1)
    #: Probability that the claim holds in the evidence-weighted world (default: by status,
    #: :data:`HOLDS_PROBABILITY`).
    probability: float | None = Field(default=None, ge=0.0, le=1.0)

    @property
    def holds_probability(self) -> float:
        return HOLDS_PROBABILITY[self.status] if self.probability is None else self.probability


class Claim(_Strict):
    """One causal claim of the article."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,31}$")
    claim: str = Field(min_length=1)
    quote: str = Field(min_length=8)
    mechanism: list[str] = Field(min_length=1)
    holds: Side
    fails: Side
    evidence: Evidence


class ClaimsFile(_Strict):
    """A whole claims file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")
    article: Article
    objective: str | None = None
    conclusion: Conclusion | None = None
    commitments: list[dict[str, Any]] = Field(default_factory=list)
    policies: list[PolicyAdd] = Field(default_factory=list)
    claims: list[Claim] = Field(min_length=1, max_length=MAX_CLAIMS)

    @property
    def outcome(self) -> str:
        """The outcome that ranks policies: ``objective``, else the conclusion's, else
        ``war_by_horizon``."""
        if self.objective is not None:
            return self.objective
        if self.conclusion is not None and self.conclusion.outcome is not None:
            return self.conclusion.outcome
        return "war_by_horizon"


@dataclass(frozen=True)
class ClaimsDocument:
    """A validated claims file, its priors per claim side, and its source map."""

    spec: ClaimsFile
    source: SourceMap
    #: ``sides[claim_id]["holds" | "fails"][parameter]`` is a validated prior.
    sides: dict[str, dict[str, dict[str, _PriorBase]]]
    #: The file's text (stored with an audit, hashed for provenance).
    text: str = ""

    def line(self, *path: str | int) -> int:
        return self.source.line(tuple(path))

    @property
    def sha256(self) -> str:
        """SHA-256 (hex) of the file's UTF-8 text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _mechanism_list(data: Any) -> Any:
    """Allow ``mechanism: name`` as well as a list."""
    if isinstance(data, dict) and isinstance(data.get("claims"), list):
        for c in data["claims"]:
            if isinstance(c, dict) and isinstance(c.get("mechanism"), str):
                c["mechanism"] = [c["mechanism"]]
    return data


def _side_priors(src: SourceMap, path: tuple[str | int, ...], side: Side,
                 issues: list[Issue]) -> dict[str, _PriorBase]:
    out: dict[str, _PriorBase] = {}
    for name, value in side.parameters.items():
        p = (*path, "parameters", name)
        try:
            par = parameter(name)
        except KeyError:
            issues.append(src.issue(p, f"unknown parameter '{name}'"))
            continue
        prior: _PriorBase
        if isinstance(value, dict):
            try:
                prior = _PRIOR.validate_python(value)
            except ValidationError as exc:
                e = exc.errors()[0]
                issues.append(src.issue(p, f"bad prior: {e['msg']}"))
                continue
        else:
            prior = FixedPrior(value=float(value))
        problem = par.admits(prior)
        if problem is not None:
            issues.append(src.issue(p, problem))
            continue
        out[name] = prior
    return out


def _edit_issues(src: SourceMap, path: tuple[str | int, ...], side: Side,
                 issues: list[Issue]) -> None:
    """Attribute names and scoped parameters of one side (values are checked against the
    scenario when the edits are applied)."""
    if not side.parameters and not side.edits_scenario:
        issues.append(src.issue(path, "a side needs parameters or scenario edits "
                                      "(scoped, actors, commitments, policies)"))
    groups: tuple[tuple[str, list[dict[str, Any]], tuple[str, ...]], ...] = (
        ("actors", [e.set for e in side.actors], ACTOR_ATTRIBUTES),
        ("commitments", [e.set for e in side.commitments], COMMITMENT_ATTRIBUTES))
    for kind, sets, known in groups:
        for i, attrs in enumerate(sets):
            for attr in attrs:
                if attr not in known:
                    issues.append(src.issue((*path, kind, i, "set", attr),
                                            f"unknown {kind[:-1]} attribute '{attr}' "
                                            f"(settable: {', '.join(known)})"))
    for i, sc in enumerate(side.scoped):
        where = (*path, "scoped", i)
        if sc.parameter not in SCOPED:
            issues.append(src.issue((*where, "parameter"), f"parameter '{sc.parameter}' "
                                    "cannot be scoped (scopable: "
                                    + ", ".join(f"{k} to {v[0]}" for k, v in SCOPED.items())
                                    + "; the engine has one value of every other parameter)"))
            continue
        scope, size = SCOPED[sc.parameter]
        other = "factions" if scope == "commitments" else "commitments"
        if getattr(sc, scope) is None or getattr(sc, other) is not None:
            issues.append(src.issue(where, f"'{sc.parameter}' is scoped to {scope}: give "
                                           f"'{scope}' (a selector) and not '{other}'"))
        wrong = "factor" if size == "value" else "value"
        if getattr(sc, size) is None or getattr(sc, wrong) is not None:
            issues.append(src.issue(where, f"scoped '{sc.parameter}' takes '{size}' (a "
                                           f"number), not '{wrong}'"))
        elif size == "value":
            par = parameter(sc.parameter)
            v = float(sc.value or 0.0)
            if not par.low <= v <= par.high:
                issues.append(src.issue((*where, "value"), f"value {v:g} lies outside the "
                                        f"support [{par.low:g}, {par.high:g}] of parameter "
                                        f"'{sc.parameter}'"))


def _top_level_issues(spec: ClaimsFile, src: SourceMap, issues: list[Issue]) -> None:
    for i, c in enumerate(spec.commitments):
        try:
            Commitment.model_validate(c)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(x for x in err["loc"] if isinstance(x, str | int))
                msg = {"extra_forbidden": "unknown field", "missing": "field required"}.get(
                    err["type"], err["msg"])
                issues.append(src.issue(("commitments", i, *loc), msg))
    for i, pol in enumerate(spec.policies):
        if pol.terms is not None:
            bad = [k for k in pol.terms if k not in Terms.model_fields]
            for k in bad:
                issues.append(src.issue(("policies", i, "terms", k), f"unknown term '{k}' "
                                        f"(known: {', '.join(Terms.model_fields)})"))
        if pol.base is None and pol.name is None:
            issues.append(src.issue(("policies", i), "a new policy needs a 'name' (or a "
                                                      "'base' policy to build on)"))
    for i, claim in enumerate(spec.claims):
        for side_name in ("holds", "fails"):
            side: Side = getattr(claim, side_name)
            for j, pe in enumerate(side.policies):
                for k in (pe.terms or {}):
                    if k not in Terms.model_fields:
                        issues.append(src.issue(("claims", i, side_name, "policies", j,
                                                 "terms", k), f"unknown term '{k}'"))


def parse_claims(text: str, file: str) -> ClaimsDocument:
    """Validate claims-file ``text`` (named ``file`` in messages).

    Raises
    ------
    ScenarioError
        Listing every problem as ``FILE:LINE: field: message``.
    """
    data, src = load_yaml(text, file)
    if not isinstance(data, dict):
        raise ScenarioError([Issue(file, 1, "", "a claims file must be a YAML mapping")])
    data = _mechanism_list(data)
    try:
        spec = ClaimsFile.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(validation_issues(exc, data, src)) from None
    issues: list[Issue] = []
    sides: dict[str, dict[str, dict[str, _PriorBase]]] = {}
    owner: dict[str, str] = {}
    for i, c in enumerate(spec.claims):
        base: tuple[str | int, ...] = ("claims", i)
        if c.id in sides:
            issues.append(src.issue((*base, "id"), f"duplicate claim id '{c.id}'"))
            continue
        for j, m in enumerate(c.mechanism):
            if m not in MECHANISMS:
                issues.append(src.issue((*base, "mechanism", j), f"unknown mechanism '{m}' "
                                        f"(known: {', '.join(MECHANISMS)})"))
        sides[c.id] = {}
        for side_name in ("holds", "fails"):
            side: Side = getattr(c, side_name)
            sides[c.id][side_name] = _side_priors(src, (*base, side_name), side, issues)
            for name in side.parameters:
                prev = owner.setdefault(name, c.id)
                if prev != c.id:
                    issues.append(src.issue((*base, side_name, "parameters", name),
                                            f"parameter '{name}' is already set by claim "
                                            f"'{prev}'; each parameter may belong to one "
                                            "claim (their effects would be confounded)"))
        for side_name in ("holds", "fails"):
            _edit_issues(src, (*base, side_name), getattr(c, side_name), issues)
    _top_level_issues(spec, src, issues)
    if issues:
        raise ScenarioError(issues)
    return ClaimsDocument(spec, src, sides, text)


def bundled_claims() -> list[str]:
    """Ids of the claims files shipped with foedus, sorted."""
    root = resources.files("foedus.evidence") / "claims"
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml"))


def load_claims(name_or_path: str | Path) -> ClaimsDocument:
    """Load a bundled claims file by id, or a claims file by path."""
    name = str(name_or_path)
    if name in bundled_claims():
        res = resources.files("foedus.evidence") / "claims" / f"{name}.yaml"
        return parse_claims(res.read_text(encoding="utf-8"), f"{name}.yaml")
    p = Path(name)
    if not p.exists():
        raise ScenarioError([Issue(name, 0, "", "no bundled claims file or file of that name "
                                                f"(bundled: {', '.join(bundled_claims())})")])
    return parse_claims(_read_text(p), name)


def _read_text(p: Path) -> str:
    name = str(p)
    if not p.is_file():
        raise ScenarioError([Issue(name, 0, "", "not a regular file")])
    if p.stat().st_size > MAX_BYTES:
        raise ScenarioError([Issue(name, 0, "", f"file is larger than {MAX_BYTES} bytes")])
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([Issue(name, 0, "", "file is not UTF-8 text")]) from None


def read_article(path: str | Path) -> str:
    """The text of an article file (UTF-8)."""
    p = Path(path)
    if not p.exists():
        raise ScenarioError([Issue(str(path), 0, "", "no such file")])
    return _read_text(p)


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "`": "'", "\u201c": '"', "\u201d": '"',
                         "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u2013": "-",
                         "\u2014": "-", "\u2212": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Text for matching: NFKC, straight quotes and hyphens, whitespace runs as one space."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", t).strip()


@dataclass(frozen=True)
class QuoteLocation:
    """Where a claim's quote is in the article (``article_line`` 0 if not found)."""

    claim: str
    claims_line: int
    article_line: int

    @property
    def found(self) -> bool:
        return self.article_line > 0


@dataclass(frozen=True)
class NearMatch:
    """The passage of the text closest to a quote that was not found."""

    text: str
    line: int
    ratio: float  # difflib's similarity, 0..1


class _Text:
    """An article's text normalised line by line, with where each line starts."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        parts: list[str] = []
        pos = 0
        for raw in text.splitlines():
            n = normalise(raw)
            self.starts.append(pos)
            parts.append(n)
            pos += len(n) + 1
        self.joined = " ".join(parts)

    def line_of(self, at: int) -> int:
        return max(k for k, s in enumerate(self.starts) if s <= at) + 1

    def nearest(self, quote: str) -> NearMatch | None:
        """The window of the text most like ``quote`` (word windows of the quote's length,
        compared case-insensitively with :class:`difflib.SequenceMatcher`)."""
        q = normalise(quote)
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", self.joined)]
        n = len(q.split())
        if not words or n == 0:
            return None
        best: tuple[float, int, int] | None = None
        sm = difflib.SequenceMatcher(autojunk=False)
        sm.set_seq2(q.lower())
        step = max(1, n // 4)
        starts = list(range(0, max(1, len(words) - n + 1), step))
        for w0 in starts:
            a, b = words[w0][0], words[min(w0 + n, len(words)) - 1][1]
            sm.set_seq1(self.joined[a:b].lower())
            if sm.real_quick_ratio() < (best[0] if best else 0.0):
                continue
            r = sm.ratio()
            if best is None or r > best[0]:
                best = (r, w0, b)
        assert best is not None
        # refine around the best window: shift its start and end word by word
        r0, w0, _ = best
        top = (r0, words[w0][0], best[2])
        for d0 in range(max(0, w0 - step), min(len(words), w0 + step + 1)):
            for length in range(max(1, n - 3), n + 4):
                e = min(d0 + length, len(words)) - 1
                a, b = words[d0][0], words[e][1]
                sm.set_seq1(self.joined[a:b].lower())
                r = sm.ratio()
                if r > top[0]:
                    top = (r, a, b)
        r, a, b = top
        return NearMatch(self.joined[a:b], self.line_of(a), r)


def locate(doc: ClaimsDocument, text: str) -> list[QuoteLocation]:
    """Find every claim's quote in ``text`` (after :func:`normalise` of both)."""
    t = _Text(text)
    out = []
    for i, c in enumerate(doc.spec.claims):
        at = t.joined.find(normalise(c.quote))
        out.append(QuoteLocation(c.id, doc.line("claims", i, "quote"),
                                 t.line_of(at) if at >= 0 else 0))
    return out


def nearest_match(quote: str, text: str) -> NearMatch | None:
    """The passage of ``text`` most like ``quote`` (for a quote that is not found)."""
    return _Text(text).nearest(quote)


#: Shortest similarity at which a near match is offered as a hint.
HINT_RATIO = 0.5


def quote_issues(doc: ClaimsDocument, text: str, article: str) -> list[Issue]:
    """One issue (at the quote's line of the claims file) per quote not found in ``text``,
    with the nearest passage of the text when one is similar enough."""
    t = _Text(text)
    out = []
    for i, loc in enumerate(locate(doc, text)):
        if loc.found:
            continue
        msg = f"quote of claim '{loc.claim}' not found in {article}"
        near = t.nearest(doc.spec.claims[i].quote)
        if near is not None and near.ratio >= HINT_RATIO:
            msg += (f"; nearest passage ({near.ratio:.0%} alike) at {article}:{near.line}: "
                    f"\"{near.text}\"")
        out.append(doc.source.issue(("claims", i, "quote"), msg))
    return out
