"""The ``structure`` block of a case file: what a case has beyond the scenario language.

A case file (:mod:`foedus.evidence.casefile`) may add an optional top-level
``structure`` block. Each entry names scenario ids (actors, commitments) and
carries a ``source``; it is checked against the scenario at its line. How
each maps onto the scenario constructs of :mod:`foedus.scenario.schema`, and
what the simulation does with it today:

``guarantees``
    One instrument (treaty, declaration) that makes several commitments,
    e.g. a guarantee of more than one protected state. Mapped: every
    (guarantor, beneficiary) pair is its own scenario commitment and is
    simulated; the grouping is recorded (the commitments of one instrument
    are honoured or not independently).
``garrisons``
    A state defending its own territory with its own garrison. Mapped: the
    state is the protected state (or another state of the scenario) and an
    attack on the territory is an attack on it (the main dyad); the garrison
    and the territory are recorded.
``conditional_pledges``
    A pledge that binds only after another guarantor has acted (honoured its
    commitment to the same beneficiary). Recorded and validated; simulated as
    an independent pledge until the engine has the construct.
``parties``
    Non-state or de facto parties and their outside backers. Mapped: the party
    is a ``faction`` actor (or, for a de facto state, a ``state`` actor); its
    backers are recorded.
``schedule``
    Commitments that start or end at a given month of the case. Recorded and
    validated; simulated as in force over the whole window.
``bases``
    A state's own military base on another state's soil, in particular the
    adversary's base on the protected state's soil. Recorded.
``pressure``
    Outside pressure on a party to accept the deal (settlement cases).
    Recorded.

A guarantor that ends up fighting on the *other* side is an outcome: its
commitment's status in ``outcome.commitments`` is ``turned``
(:class:`foedus.evidence.casefile.CommitmentOutcome`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from foedus.scenario.errors import Issue
from foedus.scenario.schema import Id, Scenario
from foedus.scenario.yamlio import SourceMap

#: Months after the case's start within which war and guarantor involvement count.
WINDOW = 120

Text = Annotated[str, Field(min_length=1)]
Month = Annotated[int, Field(ge=0, le=WINDOW)]


def _one_or_many(value: object) -> object:
    """A single id where a list of ids is expected reads as a list of one."""
    return [value] if isinstance(value, str) else value


#: A list of ids; ``by: usa`` reads as ``by: [usa]``.
Ids = Annotated[list[Id], BeforeValidator(_one_or_many)]
Support = Literal["political", "funds", "arms", "advisers", "troops"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Instrument(_Frozen):
    """One guarantee instrument and the commitments it makes (two or more)."""

    id: Id
    name: Text
    commitments: list[Id] = Field(min_length=2)
    source: Text


class Garrison(_Frozen):
    """A state's own garrison on its own territory."""

    state: Id
    territory: Text
    troops: Annotated[int, Field(ge=1, le=5_000_000)]
    source: Text
    note: str = ""


class ConditionalPledge(_Frozen):
    """A commitment that binds only once another guarantor has honoured its own.

    ``mode``: ``any`` — one of the ``after`` commitments honoured suffices;
    ``all`` — every one must have been honoured.
    """

    commitment: Id
    after: Ids = Field(min_length=1)
    mode: Literal["any", "all"] = "any"
    source: Text


class Party(_Frozen):
    """A non-state or de facto party and the states that back it from outside."""

    actor: Id
    status: Literal["non_state", "de_facto"]
    backers: Ids = Field(default_factory=list)
    support: Annotated[list[Support], BeforeValidator(_one_or_many)] = Field(
        default_factory=list)
    source: Text


class Scheduled(_Frozen):
    """A commitment in force from ``start_month`` (inclusive) to ``end_month`` (exclusive)."""

    commitment: Id
    start_month: Month = 0
    end_month: Month | None = None
    source: Text


class Base(_Frozen):
    """A state's military base on another state's soil."""

    state: Id
    host: Id
    name: Text
    troops: Annotated[int, Field(ge=1, le=5_000_000)] | None = None
    source: Text


class Pressure(_Frozen):
    """Outside pressure (``by`` states) on one or both parties to accept the deal
    (``pressed``: the adversary and/or the protected state)."""

    by: Ids = Field(min_length=1)
    pressed: Ids = Field(min_length=1)
    means: Text
    source: Text


class CaseStructure(_Frozen):
    """The ``structure`` block of a case file (every list optional)."""

    guarantees: list[Instrument] = Field(default_factory=list)
    garrisons: list[Garrison] = Field(default_factory=list)
    conditional_pledges: list[ConditionalPledge] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    schedule: list[Scheduled] = Field(default_factory=list)
    bases: list[Base] = Field(default_factory=list)
    pressure: list[Pressure] = Field(default_factory=list)


def in_force(s: Scenario, policy: str) -> list[str]:
    """Ids of the commitments in force under ``policy`` (baseline first)."""
    return list(s.baseline) + [c for c in s.policy(policy).commitments if c not in s.baseline]


def structure_issues(st: CaseStructure, s: Scenario, policy: str,
                     src: SourceMap) -> list[Issue]:
    """Every reference of ``st`` that does not fit the scenario ``s`` under ``policy``."""
    out: list[Issue] = []
    actors = {a.id: a.kind for a in s.actors}
    commitments = {c.id: c for c in s.commitments}
    active = set(in_force(s, policy))
    root = ("structure",)

    def state(path: tuple[str | int, ...], ref: str) -> bool:
        if ref not in actors:
            out.append(src.issue((*root, *path), f"unknown actor '{ref}'"))
            return False
        if actors[ref] != "state":
            out.append(src.issue((*root, *path), f"'{ref}' is a faction; a state is needed"))
            return False
        return True

    def commitment(path: tuple[str | int, ...], ref: str) -> bool:
        if ref not in commitments:
            out.append(src.issue((*root, *path), f"unknown commitment '{ref}'"))
            return False
        return True

    p: tuple[str | int, ...]
    owner: dict[str, str] = {}
    for i, g in enumerate(st.guarantees):
        for j, cid in enumerate(g.commitments):
            p = ("guarantees", i, "commitments", j)
            if commitment(p, cid) and cid in owner:
                out.append(src.issue((*root, *p), f"'{cid}' already belongs to the "
                                                  f"instrument '{owner[cid]}'"))
            owner.setdefault(cid, g.id)
    ids: set[str] = set()
    for i, g in enumerate(st.guarantees):
        if g.id in ids:
            out.append(src.issue((*root, "guarantees", i, "id"), f"duplicate id '{g.id}'"))
        ids.add(g.id)
    for i, ga in enumerate(st.garrisons):
        state(("garrisons", i, "state"), ga.state)
    conditional: dict[str, list[str]] = {}
    for i, cp in enumerate(st.conditional_pledges):
        p = ("conditional_pledges", i)
        if not commitment((*p, "commitment"), cp.commitment):
            continue
        if cp.commitment in conditional:
            out.append(src.issue((*p, "commitment"), f"'{cp.commitment}' is already "
                                                     "conditional on another pledge"))
        c = commitments[cp.commitment]
        if cp.commitment not in active:
            out.append(src.issue((*p, "commitment"), f"'{cp.commitment}' is not in force "
                                                     f"under the policy '{policy}'"))
        for j, other in enumerate(cp.after):
            q = (*p, "after", j)
            if not commitment(q, other):
                continue
            o = commitments[other]
            if other == cp.commitment:
                out.append(src.issue((*root, *q), "a pledge cannot wait for itself"))
            elif o.guarantor == c.guarantor:
                out.append(src.issue((*root, *q), f"'{other}' has the same guarantor "
                                                  f"('{c.guarantor}'); name another "
                                                  "guarantor's pledge"))
            elif o.beneficiary != c.beneficiary:
                out.append(src.issue((*root, *q), f"'{other}' protects '{o.beneficiary}', "
                                                  f"not '{c.beneficiary}'"))
        conditional[cp.commitment] = list(cp.after)
    cycle = _cycle(conditional)
    if cycle:
        i = next(k for k, cp in enumerate(st.conditional_pledges)
                 if cp.commitment == cycle[0])
        out.append(src.issue((*root, "conditional_pledges", i, "after"),
                             "pledges wait for each other in a circle: "
                             + " -> ".join([*cycle, cycle[0]])))
    for i, pa in enumerate(st.parties):
        p = ("parties", i)
        if pa.actor not in actors:
            out.append(src.issue((*root, *p, "actor"), f"unknown actor '{pa.actor}'"))
        elif pa.status == "non_state" and actors[pa.actor] != "faction":
            out.append(src.issue((*root, *p, "status"), f"'{pa.actor}' is a state actor; a "
                                                        "non-state party is a faction"))
        for j, backer in enumerate(pa.backers):
            if state((*p, "backers", j), backer) and backer == pa.actor:
                out.append(src.issue((*root, *p, "backers", j), "a party cannot back itself"))
        if pa.support and not pa.backers:
            out.append(src.issue((*root, *p, "support"), "support needs backers"))
    seen: set[str] = set()
    for i, sc in enumerate(st.schedule):
        p = ("schedule", i)
        if not commitment((*p, "commitment"), sc.commitment):
            continue
        if sc.commitment in seen:
            out.append(src.issue((*root, *p, "commitment"), f"'{sc.commitment}' is "
                                                            "scheduled twice"))
        seen.add(sc.commitment)
        if sc.commitment not in active:
            out.append(src.issue((*root, *p, "commitment"), f"'{sc.commitment}' is not in "
                                                            f"force under the policy "
                                                            f"'{policy}'"))
        if sc.start_month >= WINDOW:
            out.append(src.issue((*root, *p, "start_month"),
                                 f"a commitment starting in month {sc.start_month} is never "
                                 f"in force within the window (months 0-{WINDOW - 1})"))
        if sc.end_month is not None and sc.end_month <= sc.start_month:
            out.append(src.issue((*root, *p, "end_month"),
                                 f"the end month ({sc.end_month}) must come after the start "
                                 f"month ({sc.start_month})"))
        if sc.start_month == 0 and sc.end_month is None:
            out.append(src.issue((*root, *p), "in force from month 0 with no end: this is "
                                              "the default; give start_month or end_month"))
    for i, ba in enumerate(st.bases):
        p = ("bases", i)
        if state((*p, "state"), ba.state) & state((*p, "host"), ba.host) and ba.state == ba.host:
            out.append(src.issue((*root, *p, "host"), "a base on one's own soil is a "
                                                      "garrison (structure.garrisons)"))
    for i, pr in enumerate(st.pressure):
        p = ("pressure", i)
        if s.start != "settlement" or not s.policy(policy).settlement:
            out.append(src.issue((*root, *p), "pressure to accept a deal needs a settlement "
                                              "case whose policy offers a deal"))
        for j, a in enumerate(pr.by):
            if state((*p, "by", j), a) and a in pr.pressed:
                out.append(src.issue((*root, *p, "by", j), f"'{a}' cannot press itself"))
        for j, a in enumerate(pr.pressed):
            if a not in (s.adversary, s.protected):
                out.append(src.issue((*root, *p, "pressed", j), f"'{a}' is not a party to the deal "
                                                           f"('{s.adversary}' or "
                                                           f"'{s.protected}')"))
    return out


def _cycle(edges: dict[str, list[str]]) -> list[str]:
    """A cycle of the graph ``node -> successors`` (empty if none), by depth-first search."""
    colour: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str]:
        colour[n] = 1
        stack.append(n)
        for m in edges.get(n, []):
            if colour.get(m) == 1:
                return stack[stack.index(m):]
            if m not in colour:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        colour[n] = 2
        return []

    for n in sorted(edges):
        if n not in colour:
            found = visit(n)
            if found:
                return found
    return []
