"""Readers for the dyad-year source files: NMC, ATOP, contiguity, majors, rivalries, threat, MIDB.

Each file is checked like every other dataset (:mod:`foedus.data.table`): the
exact header, and every used value against its codes; problems are reported
as ``FILE:ROW: field: message``. Country codes are COW ``ccode`` throughout.

Datasets (cite the authors when showing figures computed from them):

- COW National Material Capabilities v6.0 (``dyadic/cow_nmc.csv.gz``, state-year,
  ``cinc``): Singer, J.D., S. Bremer & J. Stuckey 1972. Capability Distribution,
  Uncertainty, and Major Power War, 1820-1965. In B. Russett (ed.), *Peace, War,
  and Numbers*. Sage; Singer, J.D. 1987. Reconstructing the Correlates of War
  Dataset on Material Capabilities of States, 1816-1985. *International
  Interactions* 14(2).
- ATOP v5.1 (``dyadic/atop_alliance.csv.gz``, dyad-year, both orders of each pair):
  Leeds, B.A., J. Ritter, S. Mitchell & A. Long 2002. Alliance Treaty Obligations
  and Provisions, 1815-1944. *International Interactions* 28(3).
- COW Direct Contiguity v3.2 (``dyadic/cow_contdir.csv``, both orders, ``conttype``
  0 not contiguous in that spell, 1 land or river, 2-5 separated by at most
  12, 24, 150, 400 miles of water; ``stdate``/``enddate`` as ISO dates, first
  of the month): Stinnett, D.M., J. Tir, P. Schafer, P.F. Diehl & C. Gochman
  2002. The Correlates of War Project Direct Contiguity Data, Version 3. *Conflict
  Management and Peace Science* 19(2).
- COW major powers (``dyadic/cow_majors.csv``): COW State System Membership (2016).
- Strategic rivalries (``dyadic/td_rivalries.csv``): Thompson, W.R. & D. Dreyer
  2012. *Handbook of International Rivalries, 1494-2010*. CQ Press.
- External territorial threat (``dyadic/terrthreat.csv.gz``, state-year):
  Miller, S.V. 2022. A Random Item Response Model of External Territorial
  Threat, 1816-2010. *Journal of Global Security Studies* 7(4).
- COW MID 4.01, participant level (``cow/MIDB_4.01.csv``): Palmer, G., V.
  D'Orazio, M. Kenwick & M. Lane 2015. *Conflict Management and Peace Science*
  32(2).
"""

from __future__ import annotations

import re
from pathlib import Path

from foedus.data.table import Column, Schema, Table, Value, read_table


def _cc(name: str) -> Column:
    return Column(name, low=1, high=999)


def _year(name: str) -> Column:
    return Column(name, low=1816, high=2100)

_BIN = frozenset({0, 1})
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: COW direct contiguity ``conttype``.
CONTTYPE = {0: "not directly contiguous (a spell of the file between contiguous ones)",
            1: "land or river border", 2: "separated by 12 miles of water or less",
            3: "separated by 24 miles of water or less",
            4: "separated by 150 miles of water or less",
            5: "separated by 400 miles of water or less"}

NMC_SCHEMA = Schema(
    name="COW National Material Capabilities (state-year)",
    header=("ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop", "cinc"),
    columns=(_cc("ccode"), _year("year"),
             Column("cinc", low=0, high=1, real=True)),
)

ATOP_SCHEMA = Schema(
    name="ATOP v5.1 alliance obligations (dyad-year)",
    header=("ccode1", "ccode2", "year", "atop_defense", "atop_offense", "atop_neutral",
            "atop_nonagg", "atop_consul"),
    columns=(_cc("ccode1"), _cc("ccode2"), Column("year", low=1815,
                                                                      high=2100),
             Column("atop_defense", valid=_BIN), Column("atop_offense", valid=_BIN),
             Column("atop_neutral", valid=_BIN), Column("atop_nonagg", valid=_BIN),
             Column("atop_consul", valid=_BIN)),
    row_check=lambda r: _distinct(r),
)


def _distinct(r: dict[str, Value]) -> list[tuple[str, str]]:
    if r.get("ccode1") is not None and r.get("ccode1") == r.get("ccode2"):
        return [("ccode2", "a dyad of one state")]
    return []


def _dates(r: dict[str, Value]) -> list[tuple[str, str]]:
    out = _distinct(r)
    for f in ("stdate", "enddate"):
        v = r.get(f)
        if isinstance(v, str) and not _ISO.match(v):
            out.append((f, f"not a date YYYY-MM-DD: {v!r}"))
    s, e = r.get("stdate"), r.get("enddate")
    if isinstance(s, str) and isinstance(e, str) and e < s:
        out.append(("enddate", f"ends ({e}) before it starts ({s})"))
    return out


CONTDIR_SCHEMA = Schema(
    name="COW Direct Contiguity v3.2",
    header=("ccode1", "ccode2", "conttype", "stdate", "enddate"),
    columns=(_cc("ccode1"), _cc("ccode2"),
             Column("conttype", valid=frozenset(CONTTYPE)), Column("stdate", text=True),
             Column("enddate", text=True)),
    row_check=_dates,
)


def _span(r: dict[str, Value]) -> list[tuple[str, str]]:
    s, e = r.get("styear"), r.get("endyear")
    if isinstance(s, int) and isinstance(e, int) and e < s:
        return [("endyear", f"ends ({e}) before it starts ({s})")]
    return []


MAJORS_SCHEMA = Schema(
    name="COW major powers (2016)",
    header=("ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday", "version"),
    columns=(_cc("ccode"), _year("styear"), _year("endyear")),
    row_check=_span,
)

_TYPES = ("spatial", "positional", "ideological", "interventionary")
_TYPE_BLANK = {"": "no further type"}

RIVALRY_SCHEMA = Schema(
    name="Thompson & Dreyer strategic rivalries 1494-2010",
    header=("rivalryno", "rivalryname", "ccode1", "ccode2", "styear", "endyear", "region",
            "type1", "type2", "type3"),
    columns=(Column("rivalryno", low=1, high=9_999), Column("rivalryname", text=True),
             _cc("ccode1"), _cc("ccode2"),
             Column("styear", low=1494, high=2100), Column("endyear", low=1494, high=2100),
             Column("type1", text=True), Column("type2", text=True, missing=_TYPE_BLANK),
             Column("type3", text=True, missing=_TYPE_BLANK)),
    row_check=lambda r: _distinct(r) + _span(r) + [
        (f, f"unknown rivalry type {r[f]!r} (expected one of {', '.join(_TYPES)})")
        for f in ("type1", "type2", "type3") if r.get(f) is not None and r[f] not in _TYPES],
)

TERRTHREAT_SCHEMA = Schema(
    name="Miller (2022) external territorial threat (state-year)",
    header=("ccode", "year", "lterrthreat", "sd", "lwr", "upr", "m_lterrthreat", "m_sd",
            "m_lwr", "m_upr"),
    columns=(_cc("ccode"), _year("year"),
             Column("lterrthreat", low=-50, high=50, real=True),
             Column("lwr", low=-50, high=50, real=True),
             Column("upr", low=-50, high=50, real=True)),
)

MIDB_HEADER = ("dispnum3", "dispnum4", "stabb", "ccode", "stday", "stmon", "styear", "endday",
               "endmon", "endyear", "sidea", "revstate", "revtype1", "revtype2", "fatality",
               "fatapre", "hiact", "hostlev", "orig", "version")

MIDB_SCHEMA = Schema(
    name="COW MID 4.01 participant file",
    header=MIDB_HEADER,
    columns=(Column("dispnum3", low=1, high=99_999), _cc("ccode"),
             Column("stmon", low=1, high=12, missing={"-9": "unknown"}),
             Column("styear", low=1816, high=2010), Column("endyear", low=1816, high=2010),
             Column("sidea", valid=_BIN), Column("hostlev", valid=frozenset(range(1, 6)))),
    row_check=_span,
)


def read_nmc(path: str | Path) -> Table:
    """Read the NMC state-year file (``ccode``, ``year``, ``cinc``)."""
    return read_table(path, NMC_SCHEMA)


def read_atop(path: str | Path) -> Table:
    """Read the ATOP dyad-year file (both orders of each pair)."""
    return read_table(path, ATOP_SCHEMA)


def read_contdir(path: str | Path) -> Table:
    """Read the COW direct contiguity file (both orders; ISO dates kept as text)."""
    return read_table(path, CONTDIR_SCHEMA)


def read_majors(path: str | Path) -> Table:
    """Read the COW major-power spells."""
    return read_table(path, MAJORS_SCHEMA)


def read_rivalries(path: str | Path) -> Table:
    """Read the Thompson & Dreyer strategic rivalries (one row per rivalry)."""
    return read_table(path, RIVALRY_SCHEMA)


def read_terrthreat(path: str | Path) -> Table:
    """Read Miller's (2022) territorial threat estimates (state-year)."""
    return read_table(path, TERRTHREAT_SCHEMA)


def read_midb(path: str | Path) -> Table:
    """Read the COW MID 4.01 participant file (one row per dispute participant)."""
    return read_table(path, MIDB_SCHEMA)
