"""Rule-coded cases: case files generated from the dyad-year frame by fixed rules.

Two populations (rules in ``docs/cases.md``, section "Rule-coded cases"):

- **post-war dyads**: every warring dyad of the COW Inter-State War data
  (:mod:`foedus.data.wardyads`) whose 120-month window ends within the data
  (war over by 1997-12-31); the case starts the day the two stopped fighting
  (``start: settlement``) and the outcome is war between the same two states
  (another COW war, opposite sides) starting within 120 months;
- **ICB crises**: every ICB actor-level record whose crisis was triggered by a
  state of the system other than itself, triggered by 1997-12-31 and not
  while the two were already at war; the case starts on the trigger date
  (``start: crisis``, the triggering state at ladder level 1 against the
  actor) and the outcome is a COW war between the two starting within 120
  months (month 0 included).

Features (capability, major-power and nuclear status, defence ties with major
powers, rivalry) come from the frame's row for the year before the start;
roles and revisionism follow fixed rules (:data:`RULES`). Every case records
the frame features it used and the ``FILE:ROW`` lines behind them in its
``provenance``. Nothing is coded by hand.

Array shapes: none (one case at a time); the output is YAML text per case.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from typing import Any

import pandas as pd
import yaml

from foedus.data.frame import DyadYearFrame
from foedus.data.icb import DAY_UNKNOWN
from foedus.data.paths import FRAME_FILES
from foedus.data.wardyads import DyadWar, add_months, by_pair, event_day
from foedus.evidence.casefile import WINDOW, months_between

#: Version of the rule set, written into every generated case.
RULES = "foedus rule-coded cases v3 (docs/cases.md, 'Rule-coded cases')"
#: Folder of the bundled rule-coded cases, inside ``foedus/evidence/cases``.
FOLDER = "rule-coded"
#: Last day covered by the COW war data: a case's window must end by then.
DATA_END = dt.date(2007, 12, 31)

WAR_FILE = FRAME_FILES["wars"]
ICB_FILE = FRAME_FILES["icb2"]
NMC_FILE = FRAME_FILES["nmc"]
ATOP_FILE = FRAME_FILES["atop"]

#: Revisionism by the member's outcome of the war that just ended (post-war cases).
REVISIONISM_BY_OUTCOME = {"loser": 0.6, "winner": 0.2, "other": 0.4}
#: Revisionism in crisis cases: the triggering state and the state it threatened.
REVISIONISM_CRISIS = {"trigger": 0.6, "target": 0.2}
#: Added to both sides' revisionism when a spatial (territorial) rivalry spans the year.
SPATIAL_RIVALRY_BONUS = 0.2
#: Credibility prior of a defence obligation by a major power, by the period of the case's
#: start (Berkemeier & Fuhrmann 2018: 41 % of defence pacts honoured, 1816-2003; 50 % of all
#: commitments, 66 % before 1945 and 22 % in 1945-2003). The period enters as an odds ratio on
#: the defence pacts' rate (an assumption: type and period multiply the odds):
#: odds(period) = odds(41 %) · odds(period share) / odds(50 %), i.e. 57 % before 1946 and 16 %
#: from 1946; wide (concentration 4).
DEFENCE_RATE, ALL_RATE = 0.41, 0.50
PERIOD_RATE = {"pre1946": 0.66, "post1945": 0.22}


def _odds(p: float) -> float:
    return p / (1.0 - p)


def defence_credibility(year: int) -> dict[str, float]:
    """The credibility prior of a major power's defence obligation in ``year`` (see
    :data:`PERIOD_RATE`)."""
    odds = _odds(DEFENCE_RATE) * _odds(PERIOD_RATE["post1945" if year >= 1946 else "pre1946"]) \
        / _odds(ALL_RATE)
    return {"mean": round(odds / (1.0 + odds), 2), "concentration": 4.0}


DEFENCE_SOURCE = ("Berkemeier & Fuhrmann 2018, Reassessing the fulfillment of alliance "
                  "commitments in war, Research & Politics: 41 % of defence pacts honoured "
                  "(1816-2003), 66 % of commitments before 1945 and 22 % in 1945-2003 "
                  "(the period as an odds ratio on the defence rate)")
#: Smallest capability written (the model takes ratios; CINC can be 0 for tiny states).
MIN_CAPABILITY = 1e-6

_FEATURES = ("cinc", "major", "nuclear", "def_third", "def_major", "terrthreat")
_DYAD_FEATURES = ("conttype", "atop_defense", "rivalry", "rivalry_spatial", "wars_prior",
                  "years_since_war", "mids_prior", "years_since_mid", "crises_prior",
                  "years_since_crisis")


@dataclass(frozen=True)
class GeneratedCase:
    """One generated case file: its file name (``*.yaml``) and its text."""

    name: str
    text: str


@dataclass(frozen=True)
class Skipped:
    """A candidate left out, with the reason (reported by the generator)."""

    key: str
    reason: str


@dataclass(frozen=True)
class Generation:
    """The generated cases and the candidates left out."""

    cases: tuple[GeneratedCase, ...]
    skipped: tuple[Skipped, ...]


def bundled_folder() -> Traversable:
    """The bundled rule-coded cases (``foedus/evidence/cases/rule-coded``)."""
    return resources.files("foedus.evidence") / "cases" / FOLDER


# --- helpers -----------------------------------------------------------------------------------

def _names(F: DyadYearFrame) -> dict[int, str]:
    names: dict[int, str] = {}
    for rec in F.tables["wars"].frame[["ccode", "statename"]].to_dict("records"):
        names.setdefault(int(rec["ccode"]), str(rec["statename"]))
    for rec in F.tables["icb2"].frame[["cracid", "actor"]].to_dict("records"):
        names.setdefault(int(rec["cracid"]), f"{rec['actor']} (ICB actor code)")
    return names


def _feature_year(F: DyadYearFrame, a: int, b: int, start: dt.date) -> int | None:
    """The year before ``start`` if the dyad exists then, else the start year, else None."""
    for y in (start.year - 1, start.year):
        try:
            F.loc(a, b, y)
            return y
        except KeyError:
            continue
    return None


def _actor(F: DyadYearFrame, cc: int, name: str, d: dict[str, Any], side: str,
           revisionism: float | None, why: str) -> dict[str, Any]:
    cap = max(round(float(d[f"cinc_{side}"]), 6), MIN_CAPABILITY)
    out: dict[str, Any] = {"id": f"s{cc}", "name": name}
    if d[f"nuclear_{side}"]:
        out["nuclear"] = True
    if d[f"major_{side}"]:
        out["great_power"] = True
    out["capability"] = cap
    if revisionism is not None:
        out["revisionism"] = round(min(revisionism, 1.0), 2)
    out["source"] = (f"rule-coded from the frame, {d['year']}: capability = NMC CINC "
                     f"({NMC_FILE}:{d[f'nmc_row_{side}']}); great power = COW major power; "
                     f"nuclear = ICB possession code on the latest crisis record; {why}")
    return out


def _defence_ties(F: DyadYearFrame) -> dict[tuple[int, int], dict[int, int]]:
    """(state, year) -> {partner: ATOP row} for defence obligations in either direction
    (the row of the order ccode1 < ccode2 where the pair has one)."""
    at = F.tables["atop"].frame
    sel = at[at["atop_defense"] == 1][["ccode1", "ccode2", "year", "row"]].astype(int)
    out: dict[tuple[int, int], dict[int, int]] = {}
    for c1, c2, y, r in sel.itertuples(index=False, name=None):
        for me, x in ((c1, c2), (c2, c1)):
            d = out.setdefault((me, y), {})
            if x not in d or c1 < c2:
                d[x] = r
    return out


def _major_allies(F: DyadYearFrame, ties: dict[tuple[int, int], dict[int, int]], cc: int,
                  exclude: int, year: int) -> list[tuple[int, int]]:
    """Major powers (not ``exclude``) with an ATOP defence obligation with ``cc`` in
    ``year``, each with its ATOP row."""
    out = []
    for x, r in sorted(ties.get((cc, year), {}).items()):
        if x == exclude:
            continue
        try:
            row = F.loc(cc, x, year)
        except KeyError:
            continue
        if bool(row["major1"] if int(row["ccode1"]) == x else row["major2"]):
            out.append((x, r))
    return out


def _wars(pairs: dict[tuple[int, int], list[DyadWar]], x: int, y: int, start: dt.date,
          inclusive: bool) -> list[DyadWar]:
    """The wars of ``{x, y}`` starting within the window after ``start``, first first."""
    limit = add_months(start, WINDOW)
    found = [w for w in pairs.get((min(x, y), max(x, y)), [])
             if (start <= w.start if inclusive else start < w.start) and w.start <= limit]
    return sorted(found, key=lambda w: (w.start, w.war))


def _fought(pairs: dict[tuple[int, int], list[DyadWar]], x: int, y: int, start: dt.date,
            inclusive: bool) -> DyadWar | None:
    """The first war of ``{x, y}`` starting within the window after ``start``."""
    found = _wars(pairs, x, y, start, inclusive)
    return found[0] if found else None


def _war_rows(w: DyadWar, what: str) -> list[str]:
    return [f"{WAR_FILE}:{r}: {what} (war {w.war}, {w.start} to {w.end})" for r in w.rows]


def _clean(v: Any) -> Any:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, float):
        return round(v, 6)
    return v


def _features(d: dict[str, Any], adv: str, pro: str) -> dict[str, Any]:
    out: dict[str, Any] = {"feature_year": d["year"]}
    for f in _FEATURES:
        out[f"{f}_adversary"] = _clean(d.get(f"{f}_{adv}"))
        out[f"{f}_protected"] = _clean(d.get(f"{f}_{pro}"))
    for f in _DYAD_FEATURES:
        out[f] = _clean(d.get(f))
    share = d.get(f"cap_share_{adv}")
    out["cap_share_adversary"] = _clean(share)
    return out


_Built = tuple[list[dict[str, Any]], list[dict[str, Any]], list[str], list[str], list[int]]


def _commitments(F: DyadYearFrame, ties: dict[tuple[int, int], dict[int, int]],
                 names: dict[int, str], adv: int, pro: int, year: int,
                 rows: list[str]) -> _Built:
    """Actors and commitments for the major-power defence allies of both sides."""
    actors: list[dict[str, Any]] = []
    commitments: list[dict[str, Any]] = []
    guarantees: list[str] = []
    baseline: list[str] = []
    guarantors: list[int] = []
    seen: set[int] = set()
    for beneficiary, other, bucket in ((pro, adv, guarantees), (adv, pro, baseline)):
        for g, row in _major_allies(F, ties, beneficiary, other, year):
            if g == other:
                continue
            if g not in seen:
                seen.add(g)
                gd = F.directed(g, beneficiary, year)
                actors.append(_actor(F, g, names.get(g, f"COW state {g}"), gd, "a", None,
                                     "a major power with a defence obligation"))
                rows.append(f"{NMC_FILE}:{gd['nmc_row_a']}: capability of s{g}")
            cid = f"s{g}-defends-s{beneficiary}"
            rows.append(f"{ATOP_FILE}:{row}: ATOP defence obligation s{g}-s{beneficiary}, "
                        f"{year}")
            commitments.append({
                "id": cid, "guarantor": f"s{g}", "beneficiary": f"s{beneficiary}",
                "type": "collective_defense", "credibility": defence_credibility(year),
                "conditional": True, "against": [f"s{other}"],
                "source": f"ATOP v5.1 defence obligation in {year} ({ATOP_FILE}:{row}; Leeds "
                          "et al. 2002)",
                "rationale": f"rule-coded: a major power's defence pact; credibility prior from "
                             f"{DEFENCE_SOURCE}"})
            bucket.append(cid)
            if beneficiary == pro:
                guarantors.append(g)
    return actors, commitments, guarantees, baseline, guarantors


class _Dumper(yaml.SafeDumper):
    """Block-style YAML without anchors (the start date appears twice)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(doc: dict[str, Any], header: str) -> str:
    body = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    return header + body


def _outcome(pairs: dict[tuple[int, int], list[DyadWar]], adv: int, pro: int,
             start: dt.date, guarantors: list[int], guarantee_ids: list[str],
             inclusive: bool, rows: list[str]) -> dict[str, Any]:
    w = _fought(pairs, adv, pro, start, inclusive)
    if w is None:
        war: dict[str, Any] = {
            "occurred": False,
            "source": f"rule: no COW inter-state war with s{adv} and s{pro} on opposite sides "
                      f"starting within {WINDOW} months of {start} ({WAR_FILE}; Sarkees & "
                      "Wayman 2010)"}
    else:
        rows += _war_rows(w, "outcome war")
        war = {"occurred": True, "month": months_between(start, w.start), "date": w.start,
               "source": f"COW Inter-State War v4.0, war {w.war}: s{adv} and s{pro} on "
                         f"opposite sides from {w.start} ({WAR_FILE}:"
                         f"{','.join(str(r) for r in w.rows)}; Sarkees & Wayman 2010)"}
    drawn: dict[str, Any]
    commitments: dict[str, Any] = {}
    if not guarantors:
        drawn = {"occurred": None, "source": "rule: no major power had a defence obligation "
                                             "with the protected state"}
    else:
        # drawn in: a guarantor fought the adversary in a war in which the protected state
        # fought it too (a guarantor's war with the adversary elsewhere is not this pledge's)
        ours = {x.war for x in _wars(pairs, adv, pro, start, inclusive)}
        fought = [(g, x) for g in guarantors for x in _wars(pairs, g, adv, start, inclusive)
                  if x.war in ours]
        for _, x in fought:
            rows += _war_rows(x, "guarantor at war with the adversary")
        drawn = {"occurred": bool(fought),
                 "source": ("COW Inter-State War v4.0: " + "; ".join(
                     f"s{g} and s{adv} on opposite sides of war {x.war} from {x.start}, a war "
                     f"of s{adv} against s{pro}" for g, x in fought) if fought else
                     f"rule: no COW war starting within {WINDOW} months with a guarantor and "
                     f"s{pro} both on the opposite side of s{adv}") + " (Sarkees & Wayman 2010)"}
        for g, cid in zip(guarantors, guarantee_ids, strict=True):
            if w is None:
                commitments[cid] = {"status": "untested", "source": "rule: no war between "
                                    "the adversary and the protected state in the window"}
            elif any(x.war == w.war for x in _wars(pairs, g, adv, start, inclusive)):
                commitments[cid] = {"status": "honoured", "source": f"rule: s{g} fought "
                                    f"s{adv} in war {w.war} (COW v4.0)"}
            else:
                commitments[cid] = {"status": "defected", "source": f"rule: s{g} did not "
                                    f"fight s{adv} in war {w.war} (COW v4.0)"}
    out: dict[str, Any] = {"war": war, "guarantor_drawn_in": drawn,
                           "spoiler_violence": {"occurred": None, "source": "not coded by "
                                                "the rule set (no dataset of spoilers)"}}
    if commitments:
        out["commitments"] = commitments
    return out


def _case(Fr: DyadYearFrame, ties: dict[tuple[int, int], dict[int, int]],
          names: dict[int, str],
          pairs: dict[tuple[int, int], list[DyadWar]], *, cid: str, title: str,
          adv: int, pro: int, start: dt.date, start_event: str, start_source: str,
          kind: str, rev: tuple[float, float], rev_why: tuple[str, str], year: int,
          rows: list[str], extra: dict[str, Any], inclusive: bool) -> dict[str, Any]:
    d = Fr.directed(adv, pro, year)
    bonus = SPATIAL_RIVALRY_BONUS if d.get("rivalry_spatial") else 0.0
    why_bonus = " + 0.2 for a spatial rivalry" if bonus else ""
    actors = [
        _actor(Fr, adv, names.get(adv, f"COW state {adv}"), d, "a", rev[0] + bonus,
               f"revisionism {rev_why[0]}{why_bonus} (rule)"),
        _actor(Fr, pro, names.get(pro, f"COW state {pro}"), d, "b", rev[1] + bonus,
               f"revisionism {rev_why[1]}{why_bonus} (rule)")]
    rows.append(f"{NMC_FILE}:{d['nmc_row_a']}: capability of s{adv}")
    rows.append(f"{NMC_FILE}:{d['nmc_row_b']}: capability of s{pro}")
    if d.get("rivalry_row") is not None:
        rows.append(f"{FRAME_FILES['rivalries']}:{d['rivalry_row']}: strategic rivalry")
    g_actors, comms, guarantees, baseline, guarantors = _commitments(
        Fr, ties, names, adv, pro, year, rows)
    policy: dict[str, Any] = {
        "id": "as-happened" if kind == "crisis" else "war-ended",
        "name": "The crisis as it stood (no deal coded)" if kind == "crisis"
        else "The war ended (terms not coded)",
        "commitments": guarantees, "source": start_source}
    doc: dict[str, Any] = {
        "id": cid, "name": title,
        "description": f"Rule-coded {'crisis' if kind == 'crisis' else 'post-war'} case: "
                       f"{start_event}.",
        "adversary": f"s{adv}", "protected": f"s{pro}",
        "start": "crisis" if kind == "crisis" else "settlement", "horizon": WINDOW,
        "seed": zlib.crc32(cid.encode()) % 1_000_000,
        "sources": ["Sarkees & Wayman 2010, Resort to War (COW Inter-State War v4.0)",
                    "Singer, Bremer & Stuckey 1972 (COW National Material Capabilities)",
                    "Leeds, Ritter, Mitchell & Long 2002 (ATOP)",
                    "Thompson & Dreyer 2012 (strategic rivalries)"]
        + (["Brecher, Wilkenfeld et al., ICB v14"] if kind == "crisis" else []),
        "actors": actors + g_actors}
    if comms:
        doc["commitments"] = comms
    if baseline:
        doc["baseline"] = baseline
    if kind == "crisis":
        doc["initial_levels"] = [{"a": f"s{adv}", "b": f"s{pro}", "level": 1,
                                  "initiator": f"s{adv}"}]
    doc["policies"] = [policy]
    conttype = d.get("conttype")
    dyad: dict[str, Any] = {}
    if conttype is not None and not pd.isna(conttype):
        dyad["contiguous"] = bool(1 <= int(conttype) <= 5)
    if d.get("rivalry") is not None and not pd.isna(d.get("rivalry")):
        dyad["rivalry"] = bool(d["rivalry"])
    dyad["post1945"] = start.year > 1945
    if "decisive" in extra:
        dyad["decisive"] = bool(extra.pop("decisive"))
    dyad["source"] = (f"rule-coded from the frame's row for {year}: contiguous = COW direct "
                      f"contiguity type 1-5; rivalry = a Thompson & Dreyer strategic rivalry in "
                      f"force; post1945 = the start after 1945"
                      + ("; decisive = one side lost the war (COW outcome codes)"
                         if "decisive" in dyad else ""))
    doc["dyad"] = dyad
    doc["coded_as_of"] = start
    doc["hindsight"] = (f"Generated by fixed rules from the frame's row for {year} (the year "
                        f"before the start, or the start year for a state new to the system) "
                        f"and the event's own record; later events are outcomes only.")
    doc["case"] = {"title": title, "start_date": start, "start_event": start_event,
                   "start_source": start_source}
    out_rows: list[str] = []
    doc["outcome"] = _outcome(pairs, adv, pro, start, guarantors, guarantees, inclusive,
                              out_rows)
    feats = _features(d, "a", "b") | extra
    doc["provenance"] = {"rules": RULES, "rows": rows + out_rows, "features": feats}
    return doc


# --- the two populations -------------------------------------------------------------------------

_OUTCOME_WORDS = {"loser": "lost the war", "winner": "won the war",
                  "other": "neither won nor lost the war"}


def _outcome_label(code: int | None) -> str:
    return {1: "winner", 2: "loser"}.get(code or 0, "other")


def postwar_cases(F: DyadYearFrame) -> tuple[list[GeneratedCase], list[Skipped]]:
    """Cases for every warring dyad whose window ends within the data (rules in the module)."""
    names, ties = _names(F), _defence_ties(F)
    pairs = by_pair(list(F.wars))
    cases: list[GeneratedCase] = []
    skipped: list[Skipped] = []
    for w in F.wars:
        key = f"war {w.war}, {w.a}-{w.b}"
        if add_months(w.end, WINDOW) > DATA_END:
            skipped.append(Skipped(key, f"window ends after {DATA_END} (data end)"))
            continue
        if any(o.war != w.war and o.start <= w.end < o.end for o in pairs[(w.a, w.b)]):
            skipped.append(Skipped(key, "the two were still at war in another war"))
            continue
        year = _feature_year(F, w.a, w.b, w.end)
        if year is None:
            skipped.append(Skipped(key, "a member is not in the system (NMC) then"))
            continue
        oa, ob = _outcome_label(w.a_outcome), _outcome_label(w.b_outcome)
        if (oa == "loser") != (ob == "loser"):
            adv, why = (w.a, "lost") if oa == "loser" else (w.b, "lost")
        elif w.a_initiator != w.b_initiator:
            adv, why = (w.a, "initiated") if w.a_initiator else (w.b, "initiated")
        else:
            adv, why = w.a, "lower COW code (no single loser or initiator)"
        pro = w.b if adv == w.a else w.a
        o_adv = oa if adv == w.a else ob
        o_pro = ob if adv == w.a else oa
        cid = f"rc-war-{w.war:03d}-{adv}-{pro}"
        rows = _war_rows(w, "the war that ended")
        title = (f"{names.get(adv, adv)} and {names.get(pro, pro)} after COW war {w.war} "
                 f"({w.end.year})")
        doc = _case(F, ties, names, pairs, cid=cid, title=title, adv=adv, pro=pro,
                    start=w.end, start_event=f"{names.get(adv, adv)} and {names.get(pro, pro)}"
                    f" stop fighting in COW war {w.war} on {w.end}",
                    start_source=f"COW Inter-State War v4.0, war {w.war} ({WAR_FILE}:"
                                 f"{','.join(str(r) for r in w.rows)}; Sarkees & Wayman 2010)",
                    kind="postwar", rev=(REVISIONISM_BY_OUTCOME[o_adv],
                                         REVISIONISM_BY_OUTCOME[o_pro]),
                    rev_why=(f"{REVISIONISM_BY_OUTCOME[o_adv]}: {_OUTCOME_WORDS[o_adv]}",
                             f"{REVISIONISM_BY_OUTCOME[o_pro]}: {_OUTCOME_WORDS[o_pro]}"),
                    year=year, rows=rows,
                    extra={"decisive": (oa == "loser") != (ob == "loser"),
                           "role_rule": why, "war_outcome_adversary": o_adv,
                           "war_outcome_protected": o_pro,
                           "war_months": months_between(w.start, w.end)},
                    inclusive=False)
        cases.append(_generated(cid, doc))
    return cases, skipped


def crisis_cases(F: DyadYearFrame) -> tuple[list[GeneratedCase], list[Skipped]]:
    """Cases for ICB crisis actors triggered by another state (rules in the module)."""
    names, ties = _names(F), _defence_ties(F)
    pairs = by_pair(list(F.wars))
    members = set(zip(F.tables["nmc"].frame["ccode"].astype(int),
                      F.tables["nmc"].frame["year"].astype(int), strict=True))
    cases: list[GeneratedCase] = []
    skipped: list[Skipped] = []
    for rec in F.tables["icb2"].frame.to_dict("records"):
        key = f"{ICB_FILE}:{rec['row']}"
        t = rec["trigent"]
        pro = int(rec["cracid"])
        if pd.isna(t) or (int(t), int(rec["yrtrig"])) not in members or int(t) == pro:
            skipped.append(Skipped(key, "the trigger is not another state of the system"))
            continue
        adv = int(t)
        day = None if pd.isna(rec["datrig"]) or int(rec["datrig"]) in DAY_UNKNOWN \
            else int(rec["datrig"])
        start = event_day(int(rec["yrtrig"]), int(rec["motrig"]), day)
        if add_months(start, WINDOW) > DATA_END:
            skipped.append(Skipped(key, f"window ends after {DATA_END} (data end)"))
            continue
        if any(o.start < start <= o.end for o in pairs.get((min(adv, pro), max(adv, pro)),
                                                           [])):
            skipped.append(Skipped(key, "the two were already at war (a crisis within a war)"))
            continue
        year = _feature_year(F, adv, pro, start)
        if year is None:
            skipped.append(Skipped(key, "a member is not in the system (NMC) then"))
            continue
        cid = f"rc-icb-{int(rec['crisno']):03d}-{int(rec['cracno']):04d}"
        title = (f"{names.get(adv, adv)} triggers a crisis for {names.get(pro, pro)}: ICB "
                 f"{int(rec['crisno'])} {str(rec.get('crisname', '')).strip()}").strip()
        rows = [f"{ICB_FILE}:{rec['row']}: crisis actor s{pro}, triggering entity s{adv}, "
                f"trigger {start}" + (" (day unknown: the 15th)" if day is None else "")]
        doc = _case(F, ties, names, pairs, cid=cid, title=title, adv=adv, pro=pro,
                    start=start, start_event=f"ICB crisis {int(rec['crisno'])}: s{adv} "
                    f"triggers a crisis for s{pro} on {start}",
                    start_source=f"ICB v14 actor record ({ICB_FILE}:{rec['row']}; Brecher, "
                                 "Wilkenfeld et al.)",
                    kind="crisis", rev=(REVISIONISM_CRISIS["trigger"],
                                        REVISIONISM_CRISIS["target"]),
                    rev_why=(f"{REVISIONISM_CRISIS['trigger']} for the triggering state",
                             f"{REVISIONISM_CRISIS['target']} for the state threatened"),
                    year=year, rows=rows,
                    extra={"icb_crisis": int(rec["crisno"]),
                           "icb_nuclear_protected": int(rec["nuclear"])},
                    inclusive=True)
        cases.append(_generated(cid, doc))
    return cases, skipped


def _generated(cid: str, doc: dict[str, Any]) -> GeneratedCase:
    header = ("# Rule-coded case, generated by `foedus cases generate` from the public datasets\n"
              "# (rules: docs/cases.md, 'Rule-coded cases'). Do not edit by hand: regenerate.\n")
    return GeneratedCase(f"{cid.removeprefix('rc-')}.yaml", _dump(doc, header))


def generate(F: DyadYearFrame) -> Generation:
    """Every rule-coded case of both populations, sorted by file name."""
    a, sa = postwar_cases(F)
    b, sb = crisis_cases(F)
    cases = sorted(a + b, key=lambda c: c.name)
    return Generation(tuple(cases), tuple(sa + sb))


def case_texts(items: Iterable[GeneratedCase]) -> dict[str, str]:
    """File name -> text, for comparing generated cases with a folder."""
    return {c.name: c.text for c in items}
