"""The dyad-year frame: one row per pair of system members and year, with traceable features.

Unit of analysis: the **undirected** dyad-year. Every pair of states that are
both in the COW National Material Capabilities file in a year (the frame's
definition of system membership) gives one row, with ``ccode1 < ccode2``;
attributes of each member carry the suffix ``1`` or ``2``. Use
:meth:`DyadYearFrame.directed` for a row oriented from a chosen state. For
1816-2022 (the NMC file's years) this is about 1.07 million rows.

Columns (``<NA>`` where a source does not cover the year, see :data:`COVERAGE`):

============================== ==============================================================
``ccode1``, ``ccode2``, ``year`` the dyad (COW codes, ``ccode1 < ccode2``) and the year
``cinc1``, ``cinc2``            NMC composite index of national capability
``cap_share1``                  cinc1 / (cinc1 + cinc2) (NA when both are 0)
``log_cap_ratio``               log(stronger / weaker CINC) >= 0 (NA when one is 0)
``major1``, ``major2``          COW major power at any time in the year
``nuclear1``, ``nuclear2``      nuclear-armed on the latest ICB crisis record of the state
                                triggered in or before the year (ICB ``nuclear`` >= 3); False
                                with no record yet (a lower bound: see :func:`build_frame`)
``conttype``                    closest COW direct contiguity in force during the year
                                (1 land/river ... 5 400 miles of water; 0 none)
``atop_defense`` ... ``atop_consul`` ATOP obligations between the two, in either
                                direction (0/1)
``def_third1``, ``def_third2``  third states (not the other member) with an ATOP defence
                                obligation with the member (either direction)
``def_major1``, ``def_major2``  ... of which at least one is a major power
``neu_third1``, ``neu_third2``, ``neu_major1``, ``neu_major2`` the same for neutrality
``rivalry``                     a Thompson-Dreyer strategic rivalry spans the year
``rivalry_spatial``, ``rivalry_positional`` the rivalry has that type
``terrthreat1``, ``terrthreat2`` Miller's latent external territorial threat (posterior mean)
``war_ongoing``                 the two fight each other in a COW inter-state war this year
``war_onset``                   wars between the two that start this year
``wars_prior``                  wars between the two that ended before this year
``years_since_war``             years since the last such war ended (NA: none before)
``mid_onset``, ``mids_prior``, ``years_since_mid``, ``mid_hostlev`` the same for MIDs
                                (MID 4.01; hostlev: highest of either member's in the MIDs
                                begun this year)
``crisis_onset``, ``crises_prior``, ``years_since_crisis`` the same for ICB crises in which
                                one member triggered the other's crisis
``*_row*``                      FILE:ROW provenance of joined values (file lines; header = 1):
                                ``nmc_row1/2``, ``majors_row1/2``, ``terr_row1/2``,
                                ``contdir_row``, ``atop_row``, ``rivalry_row``,
                                ``nuclear_row1/2`` (ICB2)
============================== ==============================================================

Event definitions. A *war* between the two is a warring dyad of
:mod:`foedus.data.wardyads` (opposite sides, overlapping spells). A *MID*
between the two is a dispute of the MID 4.01 participant file with the two on
opposite sides (``sidea``); it starts in the later of the two participants'
start years. A *crisis* between the two is an ICB actor-level record whose
triggering entity (``trigent``) is the other member. Aggregated columns
(third-party ties, prior events) come from many source rows;
:meth:`DyadYearFrame.sources` lists them for any dyad-year.

Sources: see :mod:`foedus.data.dyadic`, :mod:`foedus.data.wardyads` and
:mod:`foedus.data.icb` (cite the datasets' authors with any figure shown).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foedus.data.cow import read_wars
from foedus.data.dyadic import (
    read_atop,
    read_contdir,
    read_majors,
    read_midb,
    read_nmc,
    read_rivalries,
    read_terrthreat,
)
from foedus.data.icb import TRIGENT_NOT_STATE, read_icb2
from foedus.data.paths import FRAME_FILES, default_data_dir, missing_files
from foedus.data.table import Table
from foedus.data.wardyads import DyadWar, war_dyads

#: Years each source covers; columns derived from it are NA outside them.
COVERAGE: dict[str, tuple[int, int]] = {
    "atop": (1815, 2018), "contdir": (1816, 2016), "majors": (1816, 2016),
    "rivalries": (1494, 2010), "terrthreat": (1816, 2010), "wars": (1816, 2007),
    "midb": (1816, 2010), "icb2": (1918, 2017),
}

#: ICB ``nuclear`` codes read as possession of nuclear weapons.
NUCLEAR_POSSESSION = 3


class FrameDataError(ValueError):
    """The data folder lacks files the frame needs."""


@dataclass(frozen=True)
class SourceRow:
    """One source row behind a value of the frame: ``FILE:ROW`` and what it gave."""

    file: str
    row: int
    column: str
    note: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}" + (f": {self.note}" if self.note
                                                           else "")


@dataclass(frozen=True)
class DyadYearFrame:
    """The dyad-year frame and the source tables it was built from.

    Attributes
    ----------
    data_dir
        The data folder read.
    frame
        One row per undirected dyad-year (columns in the module docstring),
        sorted by ``ccode1, ccode2, year``.
    tables
        The validated source tables by key of :data:`foedus.data.paths.FRAME_FILES`.
    wars
        The warring dyads (:class:`foedus.data.wardyads.DyadWar`).
    mids, crises
        The dyadic MID and ICB crisis events: ``a``, ``b`` (``a < b``), ``year``,
        the event's id and the source rows.
    """

    data_dir: Path
    frame: pd.DataFrame
    tables: dict[str, Table]
    wars: tuple[DyadWar, ...]
    mids: pd.DataFrame
    crises: pd.DataFrame
    _keys: list[np.ndarray] = field(default_factory=list, repr=False)

    def file(self, key: str) -> str:
        """The path of a source file as used in provenance (relative to the data folder)."""
        return FRAME_FILES[key]

    def loc(self, a: int, b: int, year: int) -> pd.Series:
        """The row of dyad ``{a, b}`` in ``year`` (KeyError if the dyad-year is absent)."""
        lo, hi = sorted((int(a), int(b)))
        if not self._keys:  # the frame is sorted by (ccode1, ccode2, year)
            self._keys.append(_row_key(self.frame["ccode1"], self.frame["ccode2"],
                                       self.frame["year"]))
        keys = self._keys[0]
        want = _row_key(lo, hi, int(year))
        i = int(np.searchsorted(keys, want))
        if i >= len(keys) or keys[i] != want:
            raise KeyError(f"no dyad-year ({lo}, {hi}, {year}): one of the states is not "
                           "in the system that year")
        return self.frame.iloc[i]

    def directed(self, a: int, b: int, year: int) -> dict[str, Any]:
        """The dyad-year as seen from ``a``: member columns renamed ``*_a`` / ``*_b``.

        ``cap_share1`` becomes ``cap_share_a`` (a's share); dyad columns keep their names.
        """
        r = self.loc(a, b, year)
        flip = int(a) > int(b)
        out: dict[str, Any] = {}
        for col, v in r.items():
            name = str(col)
            val = None if pd.isna(v) else (v.item() if isinstance(v, np.generic) else v)
            if name in ("ccode1", "ccode2"):
                continue
            if name == "cap_share1":
                out["cap_share_a"] = (1 - val) if (flip and val is not None) else val
            elif name.endswith(("1", "2")) and name[:-1] + ("2" if name[-1] == "1" else "1") \
                    in r.index:
                side = name[-1]
                mine = (side == "1") != flip
                out[f"{name[:-1].rstrip('_')}_{'a' if mine else 'b'}"] = val
            else:
                out[name] = val
        out["ccode_a"], out["ccode_b"] = int(a), int(b)
        return out

    def sources(self, a: int, b: int, year: int) -> list[SourceRow]:
        """Every source row behind the dyad-year's values, column by column."""
        r = self.loc(a, b, year)
        lo, hi = int(r["ccode1"]), int(r["ccode2"])
        y = int(year)
        out: list[SourceRow] = []

        def direct(key: str, col: str, label: str) -> None:
            v = r[col]
            if not pd.isna(v):
                out.append(SourceRow(self.file(key), int(v), label))

        for k in ("1", "2"):
            direct("nmc", f"nmc_row{k}", f"cinc{k}")
            direct("majors", f"majors_row{k}", f"major{k}")
            direct("terrthreat", f"terr_row{k}", f"terrthreat{k}")
            direct("icb2", f"nuclear_row{k}", f"nuclear{k}")
        direct("contdir", "contdir_row", "conttype")
        direct("atop", "atop_row", "atop_*")
        direct("rivalries", "rivalry_row", "rivalry")
        atop = self.tables["atop"].frame
        majors = _major_years(self.tables["majors"])
        if COVERAGE["atop"][0] <= y <= COVERAGE["atop"][1]:
            for k, me, other in (("1", lo, hi), ("2", hi, lo)):
                sel = atop[(atop["year"] == y) & (
                    ((atop["ccode1"] == me) & (atop["ccode2"] != other))
                    | ((atop["ccode2"] == me) & (atop["ccode1"] != other)))]
                for rec in _records(sel):
                    partner = int(rec["ccode2"]) if int(rec["ccode1"]) == me else int(rec["ccode1"])
                    maj = (partner, y) in majors
                    if rec["atop_defense"] == 1:
                        out.append(SourceRow(self.file("atop"), int(rec["row"]),
                                             f"def_third{k}" + (f", def_major{k}" if maj
                                                                else ""),
                                             f"defence obligation with {partner}"))
                    if rec["atop_neutral"] == 1:
                        out.append(SourceRow(self.file("atop"), int(rec["row"]),
                                             f"neu_third{k}" + (f", neu_major{k}" if maj
                                                                else ""),
                                             f"neutrality obligation with {partner}"))
        for w in self.wars:
            if (w.a, w.b) == (lo, hi) and w.start.year <= y:
                for row in w.rows:
                    out.append(SourceRow(self.file("wars"), row, "war_*",
                                         f"war {w.war}, {w.start} to {w.end}"))
        for key, events, label in (("midb", self.mids, "mid_*"),
                                   ("icb2", self.crises, "crisis_*")):
            sel = events[(events["a"] == lo) & (events["b"] == hi) & (events["year"] <= y)]
            for rec in _records(sel):
                for row in rec["rows"]:
                    out.append(SourceRow(self.file(key), int(row), label,
                                         f"{label[:-2]} {rec['event']}, {rec['year']}"))
        return out


# --- building ----------------------------------------------------------------------------------

def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in df.to_dict("records")]


def _system(nmc: Table) -> pd.DataFrame:
    f = nmc.frame
    return pd.DataFrame({"ccode": f["ccode"].astype("int64"), "year": f["year"].astype("int64"),
                         "cinc": f["cinc"].astype("float64"), "row": f["row"].astype("int64")})


def _all_pairs(system: pd.DataFrame) -> pd.DataFrame:
    parts = []
    for year, g in system.groupby("year", sort=True):
        cc = np.sort(g["ccode"].to_numpy())
        i, j = np.triu_indices(len(cc), k=1)
        parts.append(pd.DataFrame({"ccode1": cc[i], "ccode2": cc[j], "year": year}))
    return pd.concat(parts, ignore_index=True)


def _major_years(majors: Table) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    for rec in _records(majors.frame):
        for y in range(int(rec["styear"]), int(rec["endyear"]) + 1):
            out.setdefault((int(rec["ccode"]), y), int(rec["row"]))
    return out


def _state_year(frame: pd.DataFrame, values: pd.DataFrame, cols: dict[str, str]) -> None:
    """Join state-year ``values`` (ccode, year, ...) onto both members of ``frame``."""
    for k in ("1", "2"):
        m = frame[[f"ccode{k}", "year"]].merge(
            values.rename(columns={"ccode": f"ccode{k}"}), how="left",
            on=[f"ccode{k}", "year"])
        for src, dst in cols.items():
            frame[f"{dst}{k}"] = m[src].to_numpy()


def _row_key(a: Any, b: Any, year: Any) -> Any:
    return (np.asarray(a, dtype=np.int64) * 1000 + np.asarray(b, dtype=np.int64)) * 10_000 \
        + np.asarray(year, dtype=np.int64)


def _pair_key(a: Any, b: Any) -> Any:
    return np.asarray(a, dtype=np.int64) * 1000 + np.asarray(b, dtype=np.int64)


def _events(frame: pd.DataFrame, ev: pd.DataFrame, prefix: str, plural: str,
            end_col: str = "year") -> None:
    """Onset count, prior count and years since the last one, from events (a, b, year[, end]).

    An event counts as *prior* in years after its ``end_col`` year.
    """
    key = _pair_key(frame["ccode1"], frame["ccode2"]) * 10_000 + frame["year"].to_numpy()
    ev_on = np.sort(_pair_key(ev["a"], ev["b"]) * 10_000 + ev["year"].to_numpy())
    onset = np.searchsorted(ev_on, key, "right") - np.searchsorted(ev_on, key, "left")
    ends = np.sort(_pair_key(ev["a"], ev["b"]) * 10_000 + ev[end_col].to_numpy())
    base = _pair_key(frame["ccode1"], frame["ccode2"]) * 10_000
    first = np.searchsorted(ends, base, "left")
    upto = np.searchsorted(ends, key, "left")  # ends strictly before this year
    prior = upto - first
    last = np.where(prior > 0, ends[np.maximum(upto - 1, 0)] % 10_000, -1)
    frame[f"{prefix}_onset"] = onset
    frame[f"{plural}_prior"] = prior
    frame[f"years_since_{prefix}"] = pd.array(
        np.where(prior > 0, frame["year"].to_numpy() - last, 0), dtype="Int64")
    frame.loc[prior == 0, f"years_since_{prefix}"] = pd.NA


def _mid_dyads(midb: Table) -> pd.DataFrame:
    groups: dict[int, list[dict[str, Any]]] = {}
    for rec in _records(midb.frame):
        groups.setdefault(int(rec["dispnum3"]), []).append(rec)
    rows = []
    for disp, recs in sorted(groups.items()):
        for i, x in enumerate(recs):
            for y in recs[i + 1:]:
                if x["sidea"] == y["sidea"] or x["ccode"] == y["ccode"]:
                    continue
                a, b = sorted((int(x["ccode"]), int(y["ccode"])))
                rows.append((a, b, int(disp), max(int(x["styear"]), int(y["styear"])),
                             max(int(x["hostlev"]), int(y["hostlev"])),
                             (int(x["row"]), int(y["row"]))))
    df = pd.DataFrame(rows, columns=["a", "b", "event", "year", "hostlev", "rows"])
    # a state listed twice in one dispute on one side gives the pair once (earliest year)
    df = df.sort_values(["a", "b", "event", "year"]).groupby(
        ["a", "b", "event"], as_index=False).agg(
        year=("year", "min"), hostlev=("hostlev", "max"),
        rows=("rows", lambda s: tuple(sorted({r for t in s for r in t}))))
    return df


def _crisis_dyads(icb2: Table, system: set[tuple[int, int]]) -> pd.DataFrame:
    f = icb2.frame
    rows = []
    for rec in _records(f):
        t = rec["trigent"]
        if pd.isna(t) or int(t) in TRIGENT_NOT_STATE or int(t) == int(rec["cracid"]):
            continue
        if (int(t), int(rec["yrtrig"])) not in system:
            continue
        a, b = sorted((int(rec["cracid"]), int(t)))
        rows.append((a, b, int(rec["crisno"]), int(rec["yrtrig"]), (int(rec["row"]),)))
    df = pd.DataFrame(rows, columns=["a", "b", "event", "year", "rows"])
    return df.groupby(["a", "b", "event"], as_index=False).agg(
        year=("year", "min"), rows=("rows", lambda s: tuple(sorted({r for t in s for r in t}))))


def _mask(frame: pd.DataFrame, cols: Iterable[str], source: str) -> None:
    lo, hi = COVERAGE[source]
    out = ~frame["year"].between(lo, hi)
    if out.any():
        for c in cols:
            if pd.api.types.is_bool_dtype(frame[c].dtype):
                frame[c] = frame[c].astype("boolean")
            elif pd.api.types.is_integer_dtype(frame[c].dtype):
                frame[c] = frame[c].astype("Int64")
            frame.loc[out, c] = pd.NA


def _compact(frame: pd.DataFrame) -> None:
    """Small dtypes: codes and years int16, file rows Int32, counts Int16, flags boolean."""
    for c in ("ccode1", "ccode2", "year"):
        frame[c] = frame[c].astype("int16")
    for c in frame.columns:
        name = str(c)
        if "_row" in name:
            frame[c] = pd.array(frame[c].to_numpy(dtype="float64", na_value=np.nan),
                                dtype="Int32")
        elif name in ("conttype", "mid_hostlev") or name.startswith("atop_"):
            frame[c] = frame[c].astype("Int8")
        elif name.endswith(("_onset", "_prior")) or name.startswith(
                ("years_since_", "def_third", "neu_third")):
            frame[c] = frame[c].astype("Int16")


def read_sources(data_dir: Path) -> dict[str, Table]:
    """Read and validate every source file of the frame (FILE:ROW errors)."""
    missing = missing_files(data_dir, FRAME_FILES)
    if missing:
        raise FrameDataError(f"{data_dir}: missing data files for the dyad-year frame: "
                             + ", ".join(missing) + " (use --data DIR or set FOEDUS_DATA)")
    readers = {"nmc": read_nmc, "atop": read_atop, "contdir": read_contdir,
               "majors": read_majors, "rivalries": read_rivalries,
               "terrthreat": read_terrthreat, "wars": read_wars, "midb": read_midb,
               "icb2": read_icb2}
    return {k: readers[k](data_dir / FRAME_FILES[k]) for k in FRAME_FILES}


def build_frame(data_dir: str | Path | None = None) -> DyadYearFrame:
    """Build the dyad-year frame from the data folder (default: :func:`default_data_dir`).

    Nuclear status is read from ICB actor records (the only nuclear coding among
    the shared files): a state counts as nuclear-armed in a year when its latest
    crisis record triggered in or before that year codes possession; it is
    refreshed only when the state is a crisis actor, so acquisitions between
    crises are seen late and a state with no crisis record is coded False.

    Raises
    ------
    FrameDataError
        If files are missing.
    foedus.data.table.DataError
        If a file does not match its dataset's format (``FILE:ROW: field: message``).
    """
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    tables = read_sources(root)
    system = _system(tables["nmc"])
    frame = _all_pairs(system)
    _state_year(frame, system.rename(columns={"row": "nmc_row"}),
                {"cinc": "cinc", "nmc_row": "nmc_row"})
    c1, c2 = frame["cinc1"].to_numpy(), frame["cinc2"].to_numpy()
    tot = c1 + c2
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["cap_share1"] = np.where(tot > 0, c1 / np.where(tot > 0, tot, 1), np.nan)
        frame["log_cap_ratio"] = np.where((c1 > 0) & (c2 > 0),
                                          np.abs(np.log(np.where(c1 > 0, c1, 1))
                                                 - np.log(np.where(c2 > 0, c2, 1))), np.nan)

    # major powers
    majors = _major_years(tables["majors"])
    mj = pd.DataFrame([(c, y, r) for (c, y), r in majors.items()],
                      columns=["ccode", "year", "majors_row"])
    _state_year(frame, mj, {"majors_row": "majors_row"})
    for k in ("1", "2"):
        frame[f"major{k}"] = frame[f"majors_row{k}"].notna().to_numpy()

    # nuclear status from ICB actor records
    icb = tables["icb2"].frame
    nuc = icb[["cracid", "yrtrig", "nuclear", "row"]].dropna().astype("int64")
    nuc = nuc.sort_values(["cracid", "yrtrig", "row"])
    for k in ("1", "2"):
        left = frame[[f"ccode{k}", "year"]].reset_index().sort_values("year")
        m = pd.merge_asof(left, nuc.rename(columns={"cracid": f"ccode{k}", "yrtrig": "year"})
                          .sort_values("year"), on="year", by=f"ccode{k}",
                          direction="backward").set_index("index").sort_index()
        frame[f"nuclear{k}"] = (m["nuclear"].fillna(0) >= NUCLEAR_POSSESSION).to_numpy()
        frame[f"nuclear_row{k}"] = pd.array(m["row"].to_numpy(), dtype="Int64")

    # contiguity: closest type among spells overlapping the year
    cd = tables["contdir"].frame
    cd = cd[cd["ccode1"] < cd["ccode2"]]
    spells = []
    for rec in _records(cd):
        if int(rec["conttype"]) == 0:
            continue
        for y in range(int(str(rec["stdate"])[:4]), int(str(rec["enddate"])[:4]) + 1):
            spells.append((int(rec["ccode1"]), int(rec["ccode2"]), y, int(rec["conttype"]),
                           int(rec["row"])))
    cont = pd.DataFrame(spells, columns=["ccode1", "ccode2", "year", "conttype",
                                         "contdir_row"])
    cont = cont.sort_values(["ccode1", "ccode2", "year", "conttype", "contdir_row"]
                            ).drop_duplicates(["ccode1", "ccode2", "year"])
    m = frame[["ccode1", "ccode2", "year"]].merge(cont, how="left",
                                                  on=["ccode1", "ccode2", "year"])
    frame["conttype"] = pd.array(m["conttype"].fillna(0).to_numpy(), dtype="Int64")
    frame["contdir_row"] = pd.array(m["contdir_row"].to_numpy(), dtype="Int64")
    _mask(frame, ["conttype"], "contdir")

    # ATOP: ties between the two, and with third states
    at = tables["atop"].frame.astype("int64")
    kinds = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    # ATOP codes obligations per direction (the two orders of a pair can differ): a tie
    # between two states is an obligation in either direction; the row kept for
    # provenance is the one of the order ccode1 < ccode2.
    und = at.assign(a=np.minimum(at["ccode1"], at["ccode2"]),
                    b=np.maximum(at["ccode1"], at["ccode2"]),
                    own=(at["ccode1"] < at["ccode2"]).astype("int64"))
    und = und.sort_values(["a", "b", "year", "own"]).groupby(
        ["a", "b", "year"], as_index=False).agg(
        **{c: (c, "max") for c in kinds}, row=("row", "last")).rename(
        columns={"a": "ccode1", "b": "ccode2"})
    m = frame[["ccode1", "ccode2", "year"]].merge(und, how="left",
                                                  on=["ccode1", "ccode2", "year"])
    for c in kinds:
        frame[c] = pd.array(m[c].fillna(0).to_numpy(), dtype="Int64")
    frame["atop_row"] = pd.array(m["row"].to_numpy(), dtype="Int64")
    sym = und[["ccode1", "ccode2", "year", "atop_defense", "atop_neutral"]]
    dirs = pd.concat([sym, sym.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})],
                     ignore_index=True)
    is_major = np.array([(int(c), int(y)) in majors for c, y in
                         zip(dirs["ccode2"], dirs["year"], strict=True)], dtype=bool)
    dirs = dirs.assign(def_major=dirs["atop_defense"] * is_major,
                       neu_major=dirs["atop_neutral"] * is_major)
    per_state = dirs.groupby(["ccode1", "year"], as_index=False)[
        ["atop_defense", "atop_neutral", "def_major", "neu_major"]].sum().rename(
        columns={"ccode1": "ccode"})
    _state_year(frame, per_state, {"atop_defense": "n_def", "atop_neutral": "n_neu",
                                   "def_major": "n_defmaj", "neu_major": "n_neumaj"})
    for k, other in (("1", "2"), ("2", "1")):
        d_ab = frame["atop_defense"].to_numpy(dtype=float, na_value=0)
        n_ab = frame["atop_neutral"].to_numpy(dtype=float, na_value=0)
        other_major = frame[f"major{other}"].to_numpy(dtype=float)
        frame[f"def_third{k}"] = (np.nan_to_num(frame[f"n_def{k}"].to_numpy(dtype=float))
                                  - d_ab).astype(np.int64)
        frame[f"def_major{k}"] = (np.nan_to_num(frame[f"n_defmaj{k}"].to_numpy(dtype=float))
                                  - d_ab * other_major) > 0
        frame[f"neu_third{k}"] = (np.nan_to_num(frame[f"n_neu{k}"].to_numpy(dtype=float))
                                  - n_ab).astype(np.int64)
        frame[f"neu_major{k}"] = (np.nan_to_num(frame[f"n_neumaj{k}"].to_numpy(dtype=float))
                                  - n_ab * other_major) > 0
        frame.drop(columns=[f"n_def{k}", f"n_neu{k}", f"n_defmaj{k}", f"n_neumaj{k}"],
                   inplace=True)
    _mask(frame, kinds + [f"{p}{k}" for p in ("def_third", "def_major", "neu_third",
                                              "neu_major") for k in ("1", "2")], "atop")

    # strategic rivalries
    rv = []
    for rec in _records(tables["rivalries"].frame):
        types = {rec["type1"], rec["type2"], rec["type3"]}
        a, b = sorted((int(rec["ccode1"]), int(rec["ccode2"])))
        for y in range(int(rec["styear"]), int(rec["endyear"]) + 1):
            rv.append((a, b, y, "spatial" in types, "positional" in types, int(rec["row"])))
    riv = pd.DataFrame(rv, columns=["ccode1", "ccode2", "year", "rivalry_spatial",
                                    "rivalry_positional", "rivalry_row"]
                       ).drop_duplicates(["ccode1", "ccode2", "year"])
    m = frame[["ccode1", "ccode2", "year"]].merge(riv, how="left",
                                                  on=["ccode1", "ccode2", "year"])
    frame["rivalry"] = m["rivalry_row"].notna().to_numpy()
    frame["rivalry_spatial"] = m["rivalry_spatial"].eq(True).to_numpy()
    frame["rivalry_positional"] = m["rivalry_positional"].eq(True
                                                                               ).to_numpy()
    frame["rivalry_row"] = pd.array(m["rivalry_row"].to_numpy(), dtype="Int64")
    _mask(frame, ["rivalry", "rivalry_spatial", "rivalry_positional"], "rivalries")

    # territorial threat
    tt = tables["terrthreat"].frame[["ccode", "year", "lterrthreat", "row"]].rename(
        columns={"row": "terr_row"})
    tt = tt.astype({"ccode": "int64", "year": "int64"})
    _state_year(frame, tt, {"lterrthreat": "terrthreat", "terr_row": "terr_row"})

    # wars
    wars = tuple(war_dyads(tables["wars"]))
    wv = pd.DataFrame([(w.a, w.b, w.start.year, w.end.year) for w in wars],
                      columns=["a", "b", "year", "end"])
    _events(frame, wv, "war", "wars", end_col="end")
    at_war = pd.DataFrame([(w.a, w.b, y) for w in wars
                           for y in range(w.start.year, w.end.year + 1)],
                          columns=["ccode1", "ccode2", "year"]).drop_duplicates()
    at_war["war_ongoing"] = True
    m = frame[["ccode1", "ccode2", "year"]].merge(at_war, how="left",
                                                  on=["ccode1", "ccode2", "year"])
    frame["war_ongoing"] = m["war_ongoing"].eq(True).to_numpy()
    _mask(frame, ["war_onset", "wars_prior", "years_since_war", "war_ongoing"], "wars")

    # MIDs
    mids = _mid_dyads(tables["midb"])
    _events(frame, mids, "mid", "mids")
    hl = mids.groupby(["a", "b", "year"], as_index=False).agg(
        mid_hostlev=("hostlev", "max")).rename(columns={"a": "ccode1", "b": "ccode2"})
    m = frame[["ccode1", "ccode2", "year"]].merge(hl, how="left",
                                                  on=["ccode1", "ccode2", "year"])
    frame["mid_hostlev"] = pd.array(m["mid_hostlev"].to_numpy(), dtype="Int64")
    _mask(frame, ["mid_onset", "mids_prior", "years_since_mid"], "midb")

    # ICB crises
    members = set(zip(system["ccode"].tolist(), system["year"].tolist(), strict=True))
    crises = _crisis_dyads(tables["icb2"], members)
    _events(frame, crises, "crisis", "crises")
    _mask(frame, ["crisis_onset", "crises_prior", "years_since_crisis"], "icb2")

    _compact(frame)
    frame = frame.sort_values(["ccode1", "ccode2", "year"], kind="stable").reset_index(
        drop=True)
    return DyadYearFrame(root, frame, tables, wars, mids, crises)


_CACHE: dict[tuple[str, tuple[float, ...]], DyadYearFrame] = {}
_LOCK = threading.Lock()


def load_frame(data_dir: str | Path | None = None) -> DyadYearFrame:
    """The frame for ``data_dir``, built once per process and kept in memory.

    The cache is keyed by the folder and its files' modification times, so an
    edited file is read again.
    """
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    missing = missing_files(root, FRAME_FILES)
    if missing:
        raise FrameDataError(f"{root}: missing data files for the dyad-year frame: "
                             + ", ".join(missing) + " (use --data DIR or set FOEDUS_DATA)")
    stamp = tuple((root / rel).stat().st_mtime for rel in FRAME_FILES.values())
    key = (str(root.resolve()), stamp)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is None:
            hit = build_frame(root)
            _CACHE.clear()
            _CACHE[key] = hit
        return hit
