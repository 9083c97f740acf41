"""Historical case files: a scenario plus what actually happened.

A case file is an ordinary scenario file (:mod:`foedus.scenario.schema`) with
four more top-level keys (and two optional ones, ``structure`` and ``provenance``)::

    coded_as_of: 1953-07-27     # every feature is coded as known on this date
    hindsight: >                # a statement of how hindsight was kept out
      ...
    case:                       # when the case starts and which policy is what happened
      title: ...
      start_date: 1953-07-27
      start_event: ...
      start_source: ...
      policy: armistice         # optional when the scenario has one policy
    outcome:                    # what happened within WINDOW months, each with a source
      war: {occurred: false, month: null, date: null, source: ...}
      guarantor_drawn_in: {occurred: false, source: ...}   # null: no guarantor
      spoiler_violence: {occurred: true, source: ...}   # null: not coded
      commitments: {us-rok: {status: untested, source: ...}}   # or honoured, defected, turned
    structure: ...              # optional: see foedus.evidence.casestructure
    provenance:                 # optional: rules, FILE:ROW lines, coded features
      rules: ...
      rows: ["cow/Inter-StateWarData_v4.0.csv:12: ..."]
      features: {cinc_adversary: 0.01, ...}

The scenario part is validated by :func:`foedus.scenario.loader.parse_scenario`
(the case keys are blanked out line for line, so every message keeps its
line number); the case part by :class:`CaseRecord`. Every problem is reported
as ``FILE:LINE: field.path: message`` through
:class:`~foedus.scenario.errors.ScenarioError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from foedus.evidence.casestructure import WINDOW as WINDOW
from foedus.evidence.casestructure import CaseStructure, in_force, structure_issues
from foedus.evidence.lenses import check_parameters
from foedus.scenario.errors import Issue, ScenarioError
from foedus.scenario.loader import MAX_BYTES, Document, parse_scenario, validation_issues
from foedus.scenario.schema import Dyad, Id, Scenario
from foedus.scenario.yamlio import SourceMap, load_yaml

CASE_KEYS: tuple[str, ...] = ("coded_as_of", "hindsight", "case", "outcome", "structure",
                             "provenance")
#: Folder of the rule-coded cases, below the bundled ``cases/``.
RULE_CODED = "rule-coded"
#: Names of the bundled case libraries (:func:`case_set`).
CASE_SETS: tuple[str, ...] = ("bundled", RULE_CODED, "all")
#: Commitment types whose guarantor fights when the pledge is honoured.
GUARANTEE_LEVEL_MIN = 1
#: Ladder level of war between two states.
WAR_LEVEL = 3

Text = Annotated[str, Field(min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


class CaseInfo(_Frozen):
    """When a case starts and which of its policies is what was actually agreed."""

    title: Text
    start_date: dt.date
    start_event: Text
    start_source: Text
    policy: Id | None = None


class WarOutcome(_Frozen):
    """War between the adversary and the protected state within the window.

    ``month`` counts whole months from the start (0 to ``WINDOW − 1``): a war in
    case month ``m`` is in the model's month ``m + 1`` (the model's months are
    1 to ``WINDOW``; see :mod:`foedus.validation.forecast`).
    """

    occurred: bool
    month: Annotated[int, Field(ge=0)] | None = None
    date: dt.date | None = None
    source: Text
    note: str = ""


class GuarantorOutcome(_Frozen):
    """Whether a guarantor fought the adversary within the window (null: no guarantor)."""

    occurred: bool | None
    source: Text
    note: str = ""


class SpoilerOutcome(_Frozen):
    """Whether spoilers (non-state or rogue actors) used violence within the window.

    ``occurred: null`` means not coded (the rule-coded cases have no source for it).
    """

    occurred: bool | None
    source: Text
    note: str = ""


class CommitmentOutcome(_Frozen):
    """What a guarantor did when (if) its commitment was put to the test.

    ``turned``: the guarantor ended up fighting on the other side, against the
    beneficiary it had pledged to protect.
    """

    status: Literal["honoured", "defected", "untested", "turned"]
    source: Text
    note: str = ""


class CaseOutcome(_Frozen):
    war: WarOutcome
    guarantor_drawn_in: GuarantorOutcome
    spoiler_violence: SpoilerOutcome
    commitments: dict[Id, CommitmentOutcome] = Field(default_factory=dict)


Feature = bool | int | float | str | None


class Provenance(_Frozen):
    """Where a generated case comes from: its rules, source rows and coded features.

    Optional; written by the rule-coded case generator. ``rows`` are ``FILE:ROW: what``
    lines (files relative to the data folder), ``features`` the values the rules read.
    """

    rules: Text
    rows: list[Text] = Field(min_length=1)
    features: dict[str, Feature] = Field(default_factory=dict)


class CaseRecord(_Frozen):
    """The case part of a case file."""

    coded_as_of: dt.date
    hindsight: Text
    case: CaseInfo
    outcome: CaseOutcome
    structure: CaseStructure = Field(default_factory=CaseStructure)
    provenance: Provenance | None = None


@dataclass(frozen=True)
class CaseFile:
    """A validated case: its scenario document, its record, and the policy that happened."""

    name: str
    document: Document
    record: CaseRecord
    policy: str

    @property
    def scenario(self) -> Scenario:
        return self.document.scenario

    @property
    def id(self) -> str:
        return self.document.scenario.id

    @property
    def war(self) -> bool:
        return self.record.outcome.war.occurred

    @property
    def guarantor(self) -> bool | None:
        return self.record.outcome.guarantor_drawn_in.occurred


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (a month is complete on the same day number)."""
    m = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        m -= 1
    return m


def guarantors(s: Scenario, policy: str) -> list[str]:
    """Commitments in force under ``policy`` by which a third party would fight for the
    protected state (response level above 0)."""
    out = []
    for cid in in_force(s, policy):
        c = s.commitment(cid)
        if (c.beneficiary == s.protected and c.guarantor != s.adversary
                and c.level >= GUARANTEE_LEVEL_MIN):
            out.append(cid)
    return out


def _blank(text: str, file: str) -> str:
    """``text`` with the case keys' lines emptied (line numbers unchanged)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = text.split("\n")
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value in CASE_KEYS:
                last = v.end_mark.line
                if v.end_mark.column == 0:
                    last -= 1
                for i in range(k.start_mark.line, max(last, k.start_mark.line) + 1):
                    lines[i] = ""
    return "\n".join(lines)


def _record_issues(data: dict[str, Any], src: SourceMap) -> tuple[CaseRecord | None,
                                                                 list[Issue]]:
    part = {k: data[k] for k in CASE_KEYS if k in data}
    try:
        return CaseRecord.model_validate(part), []
    except ValidationError as exc:
        return None, validation_issues(exc, data, src)


def _consistency(rec: CaseRecord, s: Scenario, src: SourceMap) -> tuple[str, list[Issue]]:
    issues: list[Issue] = []
    pol = rec.case.policy
    if pol is None:
        if len(s.policies) != 1:
            issues.append(src.issue(("case",), "policy: field required when the scenario has "
                                               "several policies (name the one that happened)"))
        pol = s.policies[0].id
    elif pol not in {p.id for p in s.policies}:
        issues.append(src.issue(("case", "policy"), f"unknown policy '{pol}'"))
        pol = s.policies[0].id
    if rec.coded_as_of > rec.case.start_date:
        issues.append(src.issue(("coded_as_of",), "features must be coded as known at the "
                                                  "start date or earlier (no hindsight)"))
    war = rec.outcome.war
    if war.occurred and war.month is None:
        issues.append(src.issue(("outcome", "war", "month"),
                                f"the month (0..{WINDOW - 1} after the start) is required "
                                "when war occurred"))
    if war.month is not None and war.month >= WINDOW:
        issues.append(src.issue(("outcome", "war", "month"),
                                f"month {war.month} lies outside the window: months 0-"
                                f"{WINDOW - 1} after the start are the model's months 1-"
                                f"{WINDOW}; code a later war as occurred: false and say so in "
                                "a note"))
    if s.start == "crisis":
        for i, lv in enumerate(s.initial_levels):
            if {lv.a, lv.b} == {s.adversary, s.protected} and lv.level >= WAR_LEVEL:
                issues.append(src.issue(("initial_levels", i, "level"),
                                        "the adversary and the protected state are already "
                                        "at war at the start: there is nothing to forecast; "
                                        "start the case before the war or as a settlement"))
    if not war.occurred and (war.month is not None or war.date is not None):
        issues.append(src.issue(("outcome", "war", "month"),
                                "no month or date when war did not occur within the window"))
    if war.date is not None and war.month is not None:
        m = months_between(rec.case.start_date, war.date)
        if m != war.month:
            issues.append(src.issue(("outcome", "war", "month"),
                                    f"{war.date} is month {m} after the start date "
                                    f"{rec.case.start_date}, not {war.month}"))
    if war.date is not None and war.date < rec.case.start_date:
        issues.append(src.issue(("outcome", "war", "date"), "the war date precedes the start"))
    has_g = bool(guarantors(s, pol))
    g = rec.outcome.guarantor_drawn_in.occurred
    if g is None and has_g:
        issues.append(src.issue(("outcome", "guarantor_drawn_in", "occurred"),
                                "the case has a guarantor (a commitment to the protected "
                                "state with a military response): code true or false"))
    if g is not None and not has_g:
        issues.append(src.issue(("outcome", "guarantor_drawn_in", "occurred"),
                                "the case has no guarantor under its policy: code null"))
    ids = {c.id for c in s.commitments}
    for cid in rec.outcome.commitments:
        if cid not in ids:
            issues.append(src.issue(("outcome", "commitments", cid),
                                    f"unknown commitment '{cid}'"))
    issues += structure_issues(rec.structure, s, pol, src)
    return pol, issues


def parse_case(text: str, file: str) -> CaseFile:
    """Validate the case file ``text`` (named ``file`` in messages)."""
    data, src = load_yaml(text, file)
    if not isinstance(data, dict):
        raise ScenarioError([Issue(file, 1, "", "a case file must be a YAML mapping")])
    rec, issues = _record_issues(data, src)
    try:
        doc = parse_scenario(_blank(text, file), file)
        check_parameters(doc)
    except ScenarioError as exc:
        raise ScenarioError(issues + exc.issues, exc.more) from None
    if rec is None:
        raise ScenarioError(issues)
    policy, more = _consistency(rec, doc.scenario, src)
    if more:
        raise ScenarioError(more)
    return CaseFile(Path(file).name, Document(with_period(doc.scenario, rec), src, text), rec,
                    policy)


#: First year of the post-1945 period (the recurrence and era fits' covariate).
POST1945_FROM = 1946


def with_period(s: Scenario, rec: CaseRecord) -> Scenario:
    """The case's scenario with its period known from its start date.

    A case's start date is known at its start, so the ``post1945`` covariate
    (recurrence hazard, and the period factor of a crisis's war step) is set from
    it when the case's ``dyad:`` block does not give it; every other covariate
    stays as coded.
    """
    post = rec.case.start_date.year >= POST1945_FROM
    if s.dyad is None:
        dyad = Dyad(post1945=post, source="the period, from the case's start date")
    elif s.dyad.post1945 is None:
        dyad = s.dyad.model_copy(update={"post1945": post})
    else:
        return s
    return s.model_copy(update={"dyad": dyad})


def read_case(path: str | Path) -> CaseFile:
    """Read and validate the case file at ``path``."""
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise ScenarioError([Issue(name, 0, "", "no such file")])
    if p.stat().st_size > MAX_BYTES:
        raise ScenarioError([Issue(name, 0, "", f"file is larger than {MAX_BYTES} bytes")])
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([Issue(name, 0, "", "file is not UTF-8 text")]) from None
    return parse_case(text, name)


def read_cases(folder: str | Path) -> list[CaseFile]:
    """Every ``*.yaml``/``*.yml`` case file in ``folder`` (sorted by name).

    Raises
    ------
    ScenarioError
        With the problems of every bad file (all files are checked), or when the
        folder holds no case files or two cases share an id.
    """
    root = Path(folder)
    if not root.is_dir():
        raise ScenarioError([Issue(str(folder), 0, "", "not a folder")])
    files = sorted([*root.glob("*.yaml"), *root.glob("*.yml")])
    if not files:
        raise ScenarioError([Issue(str(folder), 0, "", "no case files (*.yaml) in the folder")])
    return _collect([(str(f), None) for f in files])


def _bundled_items(sub: str | None) -> list[tuple[str, str | None]]:
    root = resources.files("foedus.evidence") / "cases"
    prefix = ""
    if sub is not None:
        root = root / sub
        prefix = f"{sub}/"
        if not root.is_dir():
            raise ScenarioError([Issue(f"{sub}/", 0, "", f"no {sub} case library is bundled "
                                                         "with this version of foedus")])
    items = sorted((prefix + p.name, p.read_text(encoding="utf-8")) for p in root.iterdir()
                   if p.is_file() and p.name.endswith(".yaml"))
    if sub is not None and not items:
        raise ScenarioError([Issue(f"{sub}/", 0, "", f"the bundled {sub} case library is "
                                                     "empty")])
    return [(name, text) for name, text in items]


def bundled_cases() -> list[CaseFile]:
    """The hand-coded case library shipped with foedus (``cases/*.yaml``)."""
    return _collect(_bundled_items(None))


def rule_coded_cases() -> list[CaseFile]:
    """The rule-coded case library shipped with foedus (``cases/rule-coded/*.yaml``)."""
    return _collect(_bundled_items(RULE_CODED))


def case_set(name: str) -> list[CaseFile]:
    """A bundled case library by name: ``bundled``, ``rule-coded`` or ``all`` (both).

    Raises
    ------
    ScenarioError
        When a library is absent or one of its files is invalid.
    ValueError
        For an unknown name.
    """
    if name == "bundled":
        return bundled_cases()
    if name == RULE_CODED:
        return rule_coded_cases()
    if name == "all":
        return _collect(_bundled_items(None) + _bundled_items(RULE_CODED))
    raise ValueError(f"unknown case set '{name}' (known: {', '.join(CASE_SETS)})")


def _collect(items: list[tuple[str, str | None]]) -> list[CaseFile]:
    cases: list[CaseFile] = []
    issues: list[Issue] = []
    more = 0
    for name, text in items:
        try:
            cases.append(read_case(name) if text is None else parse_case(text, name))
        except ScenarioError as exc:
            issues += exc.issues
            more += exc.more
    seen: dict[str, str] = {}
    for c in cases:
        if c.id in seen:
            issues.append(Issue(c.name, c.document.source.line(("id",)), "id",
                                f"duplicate case id '{c.id}' (also in {seen[c.id]})"))
        seen[c.id] = c.name
    if issues:
        raise ScenarioError(issues, more)
    return cases
