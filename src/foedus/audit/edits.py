"""Claims as scenario edits: a claims file's policies and each claim side's scenario changes.

A claim side may change the scenario it is audited against as well as parameter priors
(:mod:`foedus.evidence.claims_schema`): set actor or commitment attributes on the elements a
selector picks (by id, type, guarantor, beneficiary, policy; kind, host, target), scope a
parameter to some commitments or factions, and change the terms or commitments of
policies. The file itself may add commitments and policies. Everything is a plain edit of
the validated :class:`~foedus.scenario.schema.Scenario` (re-validated after the edit), so
the engine runs an edited scenario exactly as it runs one written by hand — no engine rule
knows about claims. Scoped parameters become attribute edits:

* ``credibility_shift`` scoped to commitments, ``value s``: each selected commitment's
  credibility prior Beta(m, k) becomes Beta(σ(logit m + s), k) — the lens-wide shift
  ``s_C`` acts on every commitment at month 0, a scoped one moves the prior's mean alone;
* ``erosion_half_life`` scoped to commitments, ``value T``: each selected commitment's own
  credibility half-life becomes ``T`` months (its attribute ``erosion_half_life``); the
  others keep eroding with the lens's ``T½`` (:mod:`foedus.model.erosion`);
* ``spoiler_hazard`` scoped to factions, ``factor f``: each selected faction's strike
  hazard ``h_S·(…)·(1 − control)`` is multiplied by ``f`` through its control,
  ``1 − control' = f·(1 − control)`` (an error if that leaves [0, 1]).

:func:`scenario_for` applies the sides chosen by a vector of levels (+1 holds, −1 fails,
0 neither); :func:`check_edits` validates every side against a scenario first and names the
claims file's line of each problem, including two claims that set the same attribute of the
same element (their effects would be confounded, as for parameters).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from foedus.evidence.claims_schema import (
    ActorSelector,
    ClaimsDocument,
    CommitmentSelector,
    Side,
)
from foedus.scenario.errors import Issue, ScenarioError
from foedus.scenario.references import check_references
from foedus.scenario.schema import Scenario

Path = tuple[str | int, ...]
#: (element kind, element id, attribute): what one edit changes.
Target = tuple[str, str, str]


def _names(v: str | list[str] | None) -> set[str] | None:
    return None if v is None else ({v} if isinstance(v, str) else set(v))


def select_commitments(s: Scenario, sel: CommitmentSelector) -> list[str]:
    """Ids of the commitments of ``s`` that ``sel`` picks."""
    ids, types, not_types = _names(sel.id), _names(sel.type), _names(sel.not_type)
    gs, bs, pols = _names(sel.guarantor), _names(sel.beneficiary), _names(sel.policy)
    brought = None
    if pols is not None:
        brought = {c for p in s.policies if p.id in pols for c in p.commitments}
    return [c.id for c in s.commitments
            if (ids is None or c.id in ids) and (types is None or c.type in types)
            and (not_types is None or c.type not in not_types)
            and (gs is None or c.guarantor in gs) and (bs is None or c.beneficiary in bs)
            and (brought is None or c.id in brought)]


def select_actors(s: Scenario, sel: ActorSelector) -> list[str]:
    """Ids of the actors of ``s`` that ``sel`` picks."""
    ids, hosts, targets = _names(sel.id), _names(sel.host), _names(sel.target)
    return [a.id for a in s.actors
            if (ids is None or a.id in ids) and (sel.kind is None or a.kind == sel.kind)
            and (hosts is None or a.host in hosts) and (targets is None or a.target in targets)]


def _logit_shift(m: float, s: float) -> float:
    z = math.log(m / (1.0 - m)) + s
    return min(max(1.0 / (1.0 + math.exp(-z)), 1e-6), 1.0 - 1e-6)


class _Editor:
    """Edits on the dumped scenario (a dict), recording what each one changes."""

    def __init__(self, s: Scenario) -> None:
        self.base = s
        self.d: dict[str, Any] = s.model_dump(mode="json", by_alias=True)
        self.problems: list[tuple[Path, str]] = []
        self.targets: dict[Target, Path] = {}

    def _element(self, kind: str, eid: str) -> dict[str, Any]:
        return next(x for x in self.d[kind] if x["id"] == eid)

    def _touch(self, target: Target, where: Path) -> None:
        self.targets.setdefault(target, where)

    def side(self, side: Side, where: Path) -> None:
        s = self.base
        for i, ae in enumerate(side.actors):
            ids = select_actors(s, ae.select)
            if not ids:
                self.problems.append(((*where, "actors", i, "select"),
                                      "the selector matches no actor of the scenario"))
            for aid in ids:
                for attr, v in ae.set.items():
                    self._element("actors", aid)[attr] = v
                    self._touch(("actor", aid, attr), (*where, "actors", i, "set", attr))
        for i, ce in enumerate(side.commitments):
            ids = select_commitments(s, ce.select)
            if not ids:
                self.problems.append(((*where, "commitments", i, "select"),
                                      "the selector matches no commitment of the scenario"))
            for cid in ids:
                for attr, v in ce.set.items():
                    self._element("commitments", cid)[attr] = v
                    self._touch(("commitment", cid, attr),
                                (*where, "commitments", i, "set", attr))
        for i, sc in enumerate(side.scoped):
            here = (*where, "scoped", i)
            if sc.parameter == "credibility_shift" and sc.commitments is not None:
                ids = select_commitments(s, sc.commitments)
                for cid in ids:
                    c = self._element("commitments", cid)
                    c["credibility"] = {**c["credibility"], "mean": _logit_shift(
                        float(c["credibility"]["mean"]), float(sc.value or 0.0))}
                    self._touch(("commitment", cid, "credibility"), here)
            elif sc.parameter == "erosion_half_life" and sc.commitments is not None:
                ids = select_commitments(s, sc.commitments)
                for cid in ids:
                    self._element("commitments", cid)["erosion_half_life"] = float(
                        sc.value or 0.0)
                    self._touch(("commitment", cid, "erosion_half_life"), here)
            elif sc.parameter == "spoiler_hazard" and sc.factions is not None:
                ids = [a for a in select_actors(s, sc.factions)
                       if s.actor(a).kind == "faction"]
                for aid in ids:
                    a = self._element("actors", aid)
                    free = (1.0 - float(a["control"])) * float(sc.factor or 1.0)
                    if free > 1.0:
                        self.problems.append((here, f"factor {sc.factor:g} would need control "
                                              f"below 0 for faction '{aid}' (control "
                                              f"{a['control']:g}: at most "
                                              f"{1.0 / (1.0 - float(a['control'])):.3g})"))
                        continue
                    a["control"] = 1.0 - free
                    self._touch(("actor", aid, "control"), here)
            else:
                ids = []
            if not ids:
                self.problems.append((here, f"the scope of '{sc.parameter}' matches no "
                                            "element of the scenario"))
        for i, pe in enumerate(side.policies):
            pids = _names(pe.select.get("id")) or set()
            for pid in sorted(pids):
                if not any(p["id"] == pid for p in self.d["policies"]):
                    self.problems.append(((*where, "policies", i, "select"),
                                          f"unknown policy '{pid}'"))
                    continue
                p = self._element("policies", pid)
                if pe.terms:
                    p["terms"] = {**p.get("terms", {}), **pe.terms}
                    for k in pe.terms:
                        self._touch(("policy", pid, f"terms.{k}"),
                                    (*where, "policies", i, "terms", k))
                if pe.commitments is not None:
                    p["commitments"] = list(pe.commitments)
                    self._touch(("policy", pid, "commitments"),
                                (*where, "policies", i, "commitments"))

    def additions(self, doc: ClaimsDocument) -> None:
        """The file's own commitments and policies."""
        spec = doc.spec
        for c in spec.commitments:
            self.d["commitments"] = [x for x in self.d["commitments"] if x["id"] != c["id"]]
            self.d["commitments"].append(dict(c))
        for i, pol in enumerate(spec.policies):
            new: dict[str, Any] = {"id": pol.id}
            if pol.base is not None:
                try:
                    new = {**self._element("policies", pol.base), "id": pol.id}
                except StopIteration:
                    self.problems.append((("policies", i, "base"),
                                          f"unknown base policy '{pol.base}'"))
                    continue
            for key in ("name", "description", "settlement", "commitments", "source"):
                v = getattr(pol, key)
                if v is not None:
                    new[key] = v
            if pol.terms is not None:
                new["terms"] = {**new.get("terms", {}), **pol.terms}
            self.d["policies"] = [p for p in self.d["policies"] if p["id"] != pol.id] + [new]

    def build(self, where: Path) -> Scenario:
        try:
            s = Scenario.model_validate(self.d)
        except ValidationError as exc:
            e = exc.errors()[0]
            loc = ".".join(str(x) for x in e["loc"])
            raise ScenarioError([Issue("", 0, "", f"{loc}: {e['msg']}")]) from None
        refs = check_references(s)
        if refs:
            (p, m), *_ = refs
            raise ScenarioError([Issue("", 0, "", f"{'.'.join(map(str, p))}: {m}")])
        return s


def with_additions(s: Scenario, doc: ClaimsDocument) -> Scenario:
    """``s`` with the claims file's own commitments and policies (no claim imposed)."""
    ed = _Editor(s)
    ed.additions(doc)
    if ed.problems:
        raise ScenarioError([doc.source.issue(p, m) for p, m in ed.problems])
    try:
        return ed.build(())
    except ScenarioError as exc:
        raise ScenarioError([doc.source.issue(("policies",), f"the added policies or "
                                                              f"commitments do not fit the "
                                                              f"scenario: {exc.issues[0].message}")]
                            ) from None


def scenario_for(base: Scenario, doc: ClaimsDocument, levels: Sequence[int]) -> Scenario:
    """``base`` (with the file's additions already made) with the scenario edits of each
    claim's side: ``levels[i]`` +1 for holds, −1 for fails, 0 for neither."""
    sides = [(i, "holds" if lv > 0 else "fails") for i, lv in enumerate(levels) if lv != 0]
    sides = [(i, n) for i, n in sides if getattr(doc.spec.claims[i], n).edits_scenario]
    if not sides:
        return base
    ed = _Editor(base)
    for i, name in sides:
        ed.side(getattr(doc.spec.claims[i], name), ("claims", i, name))
    return ed.build(())


def edit_key(doc: ClaimsDocument, levels: Sequence[int]) -> tuple[int, ...]:
    """The levels of the claims whose chosen side edits the scenario (cells with the same
    key share one edited scenario)."""
    out = []
    for c, lv in zip(doc.spec.claims, levels, strict=True):
        side = None if lv == 0 else getattr(c, "holds" if lv > 0 else "fails")
        out.append(lv if side is not None and side.edits_scenario else 0)
    return tuple(out)


def check_edits(base: Scenario, doc: ClaimsDocument) -> Scenario:
    """Validate the file's additions and every side's edits against ``base``; return
    ``base`` with the additions. Problems are :class:`ScenarioError` at the claims file's
    lines."""
    s = with_additions(base, doc)
    issues: list[Issue] = []
    owner: dict[Target, str] = {}
    for i, c in enumerate(doc.spec.claims):
        for name in ("holds", "fails"):
            side: Side = getattr(c, name)
            if not side.edits_scenario:
                continue
            ed = _Editor(s)
            ed.side(side, ("claims", i, name))
            issues += [doc.source.issue(p, m) for p, m in ed.problems]
            if ed.problems:
                continue
            try:
                ed.build(())
            except ScenarioError as exc:
                issues.append(doc.source.issue(("claims", i, name),
                                               f"the edited scenario is invalid: "
                                               f"{exc.issues[0].message}"))
            for target, where in ed.targets.items():
                prev = owner.setdefault(target, c.id)
                if prev != c.id:
                    kind, eid, attr = target
                    issues.append(doc.source.issue(where, f"{attr} of {kind} '{eid}' is "
                                                          f"already set by claim '{prev}'; "
                                                          "each may belong to one claim"))
    if issues:
        raise ScenarioError(_unique(issues))
    return s


def _unique(issues: Iterable[Issue]) -> list[Issue]:
    seen: set[str] = set()
    out = []
    for i in issues:
        if str(i) not in seen:
            seen.add(str(i))
            out.append(i)
    return out
