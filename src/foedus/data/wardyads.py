"""Warring dyads from the COW Inter-State War participant file, with their dates.

A *warring dyad* is two states on opposite sides of one COW inter-state war
while both take part. Each participant row of the file is one spell of
participation (a state that changed sides, such as Italy, Romania or Bulgaria
in the Second World War, has one row per side); a spell runs from its first
start to its last end (two phases where coded). Two spells of the same war on
opposite sides form a dyad when they overlap in time; the dyad fights from
the later of the two starts to the earlier of the two ends. Two spells of the
same pair in one war (a state that changed sides and met the same enemy on
both) give one dyad spanning both.

Unknown days are taken as the 15th and unknown months as July (COW codes -9).

Source: Sarkees, M.R. & F.W. Wayman 2010. *Resort to War: A Data Guide to
Inter-State, Extra-State, Intra-State, and Non-State Wars, 1816-2007*. CQ
Press (COW Inter-State War data v4.0, participant rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from foedus.data.table import Table

#: COW participant ``outcome``: how the war ended for the participant.
WAR_OUTCOME = {1: "winner", 2: "loser", 3: "compromise or tied", 4: "transformed into "
               "another type of war", 5: "ongoing as of 2007", 6: "stalemate",
               7: "continuing conflict", 8: "changed sides"}


def event_day(y: int, m: Any, d: Any) -> date:
    """The date of a COW event whose month or day may be unknown (July, the 15th)."""
    mm = 7 if m is None or pd.isna(m) else int(m)
    dd = 15 if d is None or pd.isna(d) else int(d)
    dd = min(dd, 28) if mm == 2 else min(dd, 30 if mm in (4, 6, 9, 11) else 31)
    return date(int(y), mm, dd)


def add_months(d: date, months: int) -> date:
    """``d`` moved by a whole number of months (the day clipped to the month's length)."""
    y, m = divmod(d.month - 1 + months, 12)
    return event_day(d.year + y, m + 1, d.day)


@dataclass(frozen=True)
class Spell:
    """One participant row: a state on one side of a war, from ``start`` to ``end``."""

    war: int
    ccode: int
    side: int
    start: date
    end: date
    outcome: int | None
    initiator: bool
    row: int


@dataclass(frozen=True)
class DyadWar:
    """Two states on opposite sides of one war, and when they fought.

    ``a < b`` (COW state codes); ``a_*``/``b_*`` describe each member's spell(s):
    the outcome code of its (last) spell and whether it initiated the war.
    ``rows`` are the participant file's rows (file lines) the dyad comes from.
    """

    war: int
    a: int
    b: int
    start: date
    end: date
    a_outcome: int | None = None
    b_outcome: int | None = None
    a_initiator: bool = False
    b_initiator: bool = False
    rows: tuple[int, ...] = ()


def spells(wars: Table) -> list[Spell]:
    """Every participant row of the COW war file as a :class:`Spell` (file order)."""
    out = []
    for rec in wars.frame.to_dict("records"):
        r = {str(k): v for k, v in rec.items()}
        start = event_day(r["startyear1"], r["startmonth1"], r["startday1"])
        end = event_day(r["endyear1"], r["endmonth1"], r["endday1"])
        if not pd.isna(r["endyear2"]):
            end = max(end, event_day(r["endyear2"], r["endmonth2"], r["endday2"]))
        outcome = r.get("outcome")
        out.append(Spell(int(r["warnum"]), int(r["ccode"]), int(r["side"]), start, end,
                         None if outcome is None or pd.isna(outcome) else int(outcome),
                         r.get("initiator") == 1, int(r["row"])))
    return out


def war_dyads(wars: Table) -> list[DyadWar]:
    """Every warring dyad of the COW inter-state war file (by war, then state codes)."""
    by_war: dict[int, list[Spell]] = {}
    for s in spells(wars):
        by_war.setdefault(s.war, []).append(s)
    found: dict[tuple[int, int, int], DyadWar] = {}
    for w in sorted(by_war):
        parts = by_war[w]
        for i, s1 in enumerate(parts):
            for s2 in parts[i + 1:]:
                if s1.side == s2.side or s1.ccode == s2.ccode:
                    continue
                start, end = max(s1.start, s2.start), min(s1.end, s2.end)
                if start > end:
                    continue  # on opposite sides, but never at war at the same time
                x, y = (s1, s2) if s1.ccode < s2.ccode else (s2, s1)
                key = (w, x.ccode, y.ccode)
                old = found.get(key)
                if old is not None:
                    start, end = min(start, old.start), max(end, old.end)
                rows = tuple(sorted(set((old.rows if old else ()) + (x.row, y.row))))
                found[key] = DyadWar(w, x.ccode, y.ccode, start, end, x.outcome, y.outcome,
                                     x.initiator or bool(old and old.a_initiator),
                                     y.initiator or bool(old and old.b_initiator), rows)
    return [found[k] for k in sorted(found)]


def later_wars(d: DyadWar, by_pair: dict[tuple[int, int], list[DyadWar]], months: int
               ) -> list[DyadWar]:
    """Other wars of the same pair starting after ``d`` ended and within ``months`` of it."""
    limit = add_months(d.end, months)
    return sorted((o for o in by_pair.get((d.a, d.b), [])
                   if o.war != d.war and d.end < o.start <= limit), key=lambda o: o.start)


def by_pair(dyads: list[DyadWar]) -> dict[tuple[int, int], list[DyadWar]]:
    """The warring dyads grouped by state pair ``(a, b)``, ``a < b``."""
    out: dict[tuple[int, int], list[DyadWar]] = {}
    for d in dyads:
        out.setdefault((d.a, d.b), []).append(d)
    return out
