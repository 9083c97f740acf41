"""Cross-reference checks that pydantic cannot express field by field.

Each check returns located problems (a path into the YAML document and a
message) so the loader can report ``FILE:LINE: field.path: message``.
"""

from __future__ import annotations

from collections import Counter

from foedus.scenario.schema import Scenario

Problem = tuple[tuple[str | int, ...], str]


def check_references(s: Scenario) -> list[Problem]:
    """Return every dangling or inconsistent reference in ``s``."""
    out: list[Problem] = []
    kinds = {a.id: a.kind for a in s.actors}
    states = {k for k, v in kinds.items() if v == "state"}
    commitment_ids = {c.id for c in s.commitments}

    def dup(items: list[str], where: str) -> None:
        for name, n in Counter(items).items():
            if n > 1:
                idx = [i for i, x in enumerate(items) if x == name][1]
                out.append(((where, idx, "id"), f"duplicate id '{name}'"))

    dup([a.id for a in s.actors], "actors")
    dup([c.id for c in s.commitments], "commitments")
    dup([p.id for p in s.policies], "policies")
    dup([w.id for w in s.war_plans], "war_plans")

    def state(path: tuple[str | int, ...], ref: str | None, what: str) -> None:
        if ref is None:
            return
        if ref not in kinds:
            out.append((path, f"unknown actor '{ref}' ({what})"))
        elif ref not in states:
            out.append((path, f"'{ref}' is a faction; {what} must be a state"))

    state(("adversary",), s.adversary, "adversary")
    state(("protected",), s.protected, "protected state")
    if s.adversary == s.protected:
        out.append((("protected",), "the protected state must differ from the adversary"))
    for i, a in enumerate(s.actors):
        if a.kind == "faction":
            state(("actors", i, "host"), a.host, "a faction's host")
            state(("actors", i, "target"), a.target, "a faction's target")
            if a.host is not None and a.host == a.target:
                out.append((("actors", i, "target"), "a faction cannot target its own host"))
    for i, c in enumerate(s.commitments):
        state(("commitments", i, "guarantor"), c.guarantor, "a guarantor")
        state(("commitments", i, "beneficiary"), c.beneficiary, "a beneficiary")
        for j, x in enumerate(c.against):
            state(("commitments", i, "against", j), x, "an attacker covered")
    for i, cid in enumerate(s.baseline):
        if cid not in commitment_ids:
            out.append((("baseline", i), f"unknown commitment '{cid}'"))
    for i, p in enumerate(s.policies):
        for j, cid in enumerate(p.commitments):
            if cid not in commitment_ids:
                out.append((("policies", i, "commitments", j), f"unknown commitment '{cid}'"))
            elif cid in s.baseline:
                out.append((("policies", i, "commitments", j),
                            f"'{cid}' is already in the baseline"))
        if s.start == "crisis" and not p.settlement:
            out.append((("policies", i, "settlement"),
                        "a crisis scenario has no deal stage; settlement: false is meaningless"))
    for i, w in enumerate(s.war_plans):
        state(("war_plans", i, "actor"), w.actor, "a war plan's actor")
        state(("war_plans", i, "when_at_war_with"), w.when_at_war_with, "a war plan's enemy")
        state(("war_plans", i, "attacks"), w.attacks, "a war plan's target")
        if len({w.actor, w.when_at_war_with, w.attacks}) < 2 or w.actor == w.attacks:
            out.append((("war_plans", i), "a war plan's actor cannot attack itself"))
    for i, lv in enumerate(s.initial_levels):
        state(("initial_levels", i, "a"), lv.a, "a dyad member")
        state(("initial_levels", i, "b"), lv.b, "a dyad member")
        if lv.a == lv.b:
            out.append((("initial_levels", i, "b"), "a dyad needs two different states"))
        if lv.initiator is not None and lv.initiator not in (lv.a, lv.b):
            out.append((("initial_levels", i, "initiator"),
                        "the initiator must be one of the dyad's two states"))
        if lv.level >= 4 and not (_nuclear(s, lv.a) or _nuclear(s, lv.b)):
            out.append((("initial_levels", i, "level"),
                        "levels 4-6 need a nuclear-armed state in the dyad"))
    if s.start == "crisis" and not s.initial_levels:
        out.append((("initial_levels",), "a crisis scenario needs at least one initial level"))
    if s.negotiation is not None:
        out.extend(_negotiation(s, commitment_ids))
    return out


def _negotiation(s: Scenario, commitment_ids: set[str]) -> list[Problem]:
    """Problems of the ``negotiation:`` block: ids, stances, scales, bands, the policy."""
    neg = s.negotiation
    assert neg is not None
    out: list[Problem] = []
    issues = {i.id: i for i in neg.issues}
    for where, ids in (("issues", [i.id for i in neg.issues]),
                       ("actors", [a.id for a in neg.actors])):
        for name, n in Counter(ids).items():
            if n > 1:
                k = [i for i, x in enumerate(ids) if x == name][1]
                out.append((("negotiation", where, k, "id"), f"duplicate id '{name}'"))
    for i, issue in enumerate(neg.issues):
        for b, band in enumerate(issue.bands):
            for j, cid in enumerate(band.commitments):
                if cid not in commitment_ids:
                    out.append((("negotiation", "issues", i, "bands", b, "commitments", j),
                                f"unknown commitment '{cid}'"))
    for a, actor in enumerate(neg.actors):
        missing = [k for k in issues if k not in actor.stances]
        if missing:
            out.append((("negotiation", "actors", a, "stances"),
                        f"no stance on issue(s) {', '.join(missing)}"))
        for key, stance in actor.stances.items():
            path = ("negotiation", "actors", a, "stances", key)
            if key not in issues:
                out.append((path, f"unknown issue '{key}'"))
                continue
            lo, hi = issues[key].low, issues[key].high
            p = stance.position
            plo, phi = (float(p), float(p)) if isinstance(p, float | int) else p.support()
            if plo < lo or phi > hi:
                out.append(((*path, "position"),
                            f"position must lie on the issue's scale [{lo:g}, {hi:g}]"))
    if neg.policy is not None:
        policy_ids = {p.id for p in s.policies}
        if neg.policy.base not in policy_ids:
            out.append((("negotiation", "policy", "base"), f"unknown policy '{neg.policy.base}'"))
        if neg.policy.id in policy_ids:
            out.append((("negotiation", "policy", "id"),
                        f"'{neg.policy.id}' is already a policy of the scenario"))
        elif not any(i.linear is not None or i.bands for i in neg.issues):
            out.append((("negotiation", "policy"),
                        "no issue maps to a settlement term (linear or bands)"))
    return out


def _nuclear(s: Scenario, actor_id: str) -> bool:
    try:
        return s.actor(actor_id).nuclear
    except KeyError:
        return False
