"""Claims files: an article's causal claims, each encoded as two sets of parameter priors.

A claims file (YAML; format in ``docs/claims.md``) names an article and lists its claims.
Each claim has an id, the claim in a sentence, an exact ``quote`` from the article (so it can
be located), the ``mechanism`` it acts through, a ``holds`` and a ``fails`` side — each a set
of parameter values or priors with a source and a rationale — and the ``evidence`` on it
(status ``supported`` / ``contested`` / ``contradicted``, with sources).

:func:`read_claims` validates a file against the parameter registry and reports every problem
as ``FILE:LINE: field: message`` (:class:`~foedus.scenario.errors.ScenarioError`);
:func:`locate` finds each quote in the article's text. Bundled claims files live in
``foedus/evidence/claims/`` and are loaded by id (:func:`load_claims`).
"""

from __future__ import annotations

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
from foedus.scenario.yamlio import SourceMap, load_yaml

MAX_BYTES = 1_000_000
MAX_CLAIMS = 16
STATUSES = ("supported", "contested", "contradicted")
MECHANISMS: tuple[str, ...] = tuple(sorted({p.mechanism for p in PARAMETERS}))
_PRIOR = TypeAdapter(Prior)


class _Strict(BaseModel):
    """Strict types: no bool or text taken as a number, no NaN or infinity."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


class Article(_Strict):
    """The article the claims come from."""

    title: str = Field(min_length=1)
    author: str = Field(min_length=1)
    year: int = Field(ge=1000, le=3000)
    venue: str = Field(min_length=1)
    url: str | None = None


class Side(_Strict):
    """One side of a claim: parameter values (numbers) or priors, with their evidence."""

    parameters: dict[str, float | dict[str, Any]] = Field(min_length=1)
    source: str = Field(min_length=1)
    rationale: str = Field(min_length=1)


class EvidenceSource(_Strict):
    """A published source on a claim, and what it finds."""

    source: str = Field(min_length=1)
    finding: str = Field(min_length=1)


class Evidence(_Strict):
    """The state of the evidence on a claim."""

    status: Literal["supported", "contested", "contradicted"]
    sources: list[EvidenceSource] = Field(min_length=1)


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
    objective: str = "war_by_horizon"
    claims: list[Claim] = Field(min_length=1, max_length=MAX_CLAIMS)


@dataclass(frozen=True)
class ClaimsDocument:
    """A validated claims file, its priors per claim side, and its source map."""

    spec: ClaimsFile
    source: SourceMap
    #: ``sides[claim_id]["holds" | "fails"][parameter]`` is a validated prior.
    sides: dict[str, dict[str, dict[str, _PriorBase]]]

    def line(self, *path: str | int) -> int:
        return self.source.line(tuple(path))


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
        lo, hi = prior.support()
        if lo < par.low or hi > par.high:
            what = (f"value {lo:g}" if lo == hi else f"prior support [{lo:g}, {hi:g}]")
            issues.append(src.issue(p, f"{what} lies outside the support [{par.low:g}, "
                                       f"{par.high:g}] of parameter '{name}'"))
            continue
        out[name] = prior
    return out


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
    if issues:
        raise ScenarioError(issues)
    return ClaimsDocument(spec, src, sides)


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


def locate(doc: ClaimsDocument, text: str) -> list[QuoteLocation]:
    """Find every claim's quote in ``text`` (after :func:`normalise` of both)."""
    # normalise line by line, remembering where each line starts in the joined text
    starts: list[int] = []
    parts: list[str] = []
    pos = 0
    for raw in text.splitlines():
        n = normalise(raw)
        starts.append(pos)
        parts.append(n)
        pos += len(n) + 1
    joined = " ".join(parts)
    out = []
    for i, c in enumerate(doc.spec.claims):
        at = joined.find(normalise(c.quote))
        where = 0
        if at >= 0:
            where = max(k for k, s in enumerate(starts) if s <= at) + 1
        out.append(QuoteLocation(c.id, doc.line("claims", i, "quote"), where))
    return out


def quote_issues(doc: ClaimsDocument, text: str, article: str) -> list[Issue]:
    """One issue (at the quote's line of the claims file) per quote not found in ``text``."""
    return [doc.source.issue(("claims", i, "quote"),
                             f"quote of claim '{loc.claim}' not found in {article}")
            for i, loc in enumerate(locate(doc, text)) if not loc.found]
