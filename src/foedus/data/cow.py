"""Correlates of War files: Inter-State War v4.0 and MID dispute-level files.

Datasets (cite the authors when showing figures computed from them):

- COW Inter-State War data v4.0, 1816-2007 (participant rows): Sarkees, M.R. &
  F.W. Wayman 2010. Resort to War: A Data Guide to Inter-State, Extra-State,
  Intra-State, and Non-State Wars, 1816-2007. CQ Press. Codes -8 (not
  applicable) and -9 (unknown) mark missing values.
- COW Militarized Interstate Disputes v4.01, dispute level (``MIDA_4.01.csv``):
  Palmer, G., V. D'Orazio, M. Kenwick & M. Lane 2015. The MID4 dataset,
  2002-2010: Procedures, coding rules and description. Conflict Management and
  Peace Science 32(2): 222-242.
- Gibler-Miller-Little corrected MID data v2.0 (``gml-mida-2.0.csv``): Gibler,
  D.M., S.V. Miller & E.K. Little 2016. An Analysis of the Militarized
  Interstate Dispute (MID) Dataset, 1816-2001. International Studies Quarterly
  60(4): 719-730.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from foedus.data.table import Column, Schema, Table, Value, read_table

MID_HEADER = (
    "dispnum3", "dispnum4", "stday", "stmon", "styear", "endday", "endmon", "endyear",
    "outcome", "settle", "fatality", "fatalpre", "maxdur", "mindur", "hiact", "hostlev",
    "recip", "numa", "numb", "link1", "link2", "link3", "ongo2010", "version",
)

#: MID ``hostlev``: 1 no militarized action, 2 threat, 3 display, 4 use of force, 5 war.
HOSTLEV = {1: "no militarized action", 2: "threat to use force", 3: "display of force",
           4: "use of force", 5: "war"}
#: MID ``fatality``: 0 none, 1 1-25 deaths, 2 26-100, 3 101-250, 4 251-500, 5 501-999,
#: 6 more than 999; -9 unknown.
FATALITY_UNKNOWN = "-9"


def mid_schema(variant: Literal["cow", "gml"]) -> Schema:
    """Schema of the dispute-level MID file (COW 4.01 or GML 2.0)."""
    # GML 2.0's maxdur has negative durations (e.g. -183): it is not used, so not read.
    fatality_missing = {FATALITY_UNKNOWN: "unknown"}
    if variant == "gml":
        # GML 2.0 writes '-' (not -9) for two disputes (1303, 2729) whose participant
        # file (gml-midb-2.0) codes fatality -9: read it as unknown.
        fatality_missing["-"] = "unknown (written '-')"
    return Schema(
        name="COW MID 4.01 dispute file" if variant == "cow" else "GML MID 2.0 dispute file",
        header=MID_HEADER,
        columns=(
            Column("dispnum3", low=1, high=99_999),
            Column("styear", low=1816, high=2010),
            Column("endyear", low=1816, high=2010),
            Column("hostlev", valid=frozenset(HOSTLEV)),
            Column("fatality", valid=frozenset(range(7)), missing=fatality_missing),
        ) + ((Column("maxdur", low=0, high=100_000),) if variant == "cow" else ()),
        row_check=_mid_row,
    )


def _mid_row(r: dict[str, Value]) -> list[tuple[str, str]]:
    s, e = r.get("styear"), r.get("endyear")
    if isinstance(s, int) and isinstance(e, int) and e < s:
        return [("endyear", f"ends ({e}) before it starts ({s})")]
    return []


def read_mid(path: str | Path, variant: Literal["cow", "gml"] = "cow") -> Table:
    """Read a dispute-level MID file (one row per dispute)."""
    return read_table(path, mid_schema(variant))


WAR_HEADER = (
    "warnum", "warname", "wartype", "ccode", "statename", "side", "startmonth1", "startday1",
    "startyear1", "endmonth1", "endday1", "endyear1", "startmonth2", "startday2", "startyear2",
    "endmonth2", "endday2", "endyear2", "transfrom", "wherefought", "initiator", "outcome",
    "transto", "batdeath", "version",
)

_NA = {"-8": "not applicable"}
_UNK = {"-9": "unknown"}

WAR_SCHEMA = Schema(
    name="COW Inter-State War data v4.0",
    header=WAR_HEADER,
    columns=(
        Column("warnum", low=1, high=999),
        Column("warname", text=True),
        Column("ccode", low=1, high=999),
        Column("statename", text=True),
        Column("side", valid=frozenset({1, 2})),
        Column("startmonth1", low=1, high=12, missing=_UNK),
        Column("startday1", low=1, high=31, missing=_UNK),
        Column("startyear1", low=1816, high=2007),
        Column("endmonth1", low=1, high=12, missing=_UNK),
        Column("endday1", low=1, high=31, missing=_UNK),
        Column("endyear1", low=1816, high=2007),
        Column("startmonth2", low=1, high=12, missing=_NA | _UNK),
        Column("startday2", low=1, high=31, missing=_NA | _UNK),
        Column("startyear2", low=1816, high=2007, missing=_NA),
        Column("endmonth2", low=1, high=12, missing=_NA | _UNK),
        Column("endday2", low=1, high=31, missing=_NA | _UNK),
        Column("endyear2", low=1816, high=2007, missing=_NA),
        Column("initiator", valid=frozenset({1, 2})),
        Column("outcome", valid=frozenset(range(1, 9))),
        Column("batdeath", low=0, high=100_000_000, missing=_UNK),
    ),
    row_check=lambda r: _war_row(r),
)


def _war_row(r: dict[str, Value]) -> list[tuple[str, str]]:
    out = []
    s, e = r.get("startyear1"), r.get("endyear1")
    if isinstance(s, int) and isinstance(e, int) and e < s:
        out.append(("endyear1", f"ends ({e}) before it starts ({s})"))
    if (r.get("startyear2") is None) != (r.get("endyear2") is None):
        out.append(("endyear2", "a second phase needs both a start and an end year"))
    return out


def read_wars(path: str | Path) -> Table:
    """Read the COW Inter-State War participant file (one row per war participant)."""
    return read_table(path, WAR_SCHEMA)
