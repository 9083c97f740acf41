"""The dyad-year frame: known answers on a synthetic data folder, errors, and the real data."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pandas as pd
import pytest

from foedus.data.frame import COVERAGE, FrameDataError, build_frame, load_frame
from foedus.data.paths import FRAME_FILES, default_data_dir, missing_files
from foedus.data.table import DataError
from tests.data.frame_fixture import fixture_folder

DATA = default_data_dir()
needs_data = pytest.mark.skipif(bool(missing_files(DATA, FRAME_FILES)),
                                reason=f"dyad-year source files not found in {DATA} "
                                "(set FOEDUS_DATA or place them in ../shared/data)")


def _folder(tmp: Path) -> Path:
    return fixture_folder(tmp)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build_frame(_folder(tmp_path_factory.mktemp("data")))


def test_one_row_per_undirected_dyad_of_system_members(small) -> None:  # type: ignore[no-untyped-def]
    f = small.frame
    # 4 states in 1948-49 (6 pairs), 5 from 1950 (10 pairs), 1948-1956
    assert len(f) == 2 * 6 + 7 * 10
    assert (f["ccode1"] < f["ccode2"]).all()
    assert not f.duplicated(["ccode1", "ccode2", "year"]).any()
    assert ((f["ccode1"] == 310) | (f["ccode2"] == 310)).sum() == 7 * 4


def test_capabilities_and_major_powers(small) -> None:  # type: ignore[no-untyped-def]
    r = small.loc(2, 365, 1950)
    assert r["cinc1"] == pytest.approx(0.302) and r["cinc2"] == pytest.approx(0.202)
    assert r["cap_share1"] == pytest.approx(0.302 / 0.504)
    assert r["log_cap_ratio"] == pytest.approx(abs(__import__("math").log(0.302 / 0.202)))
    assert bool(r["major1"]) and not bool(r["major2"])
    d = small.directed(365, 2, 1950)
    assert d["cinc_a"] == pytest.approx(0.202) and d["cap_share_a"] == pytest.approx(
        0.202 / 0.504)
    assert d["major_b"] is True and d["major_a"] is False


def test_alliance_ties_with_third_parties(small) -> None:  # type: ignore[no-untyped-def]
    r = small.loc(2, 200, 1953)
    assert r["atop_defense"] == 1
    assert r["def_third1"] == 0 and r["def_third2"] == 1     # 200 is also allied to 290
    assert not r["def_major1"] and not r["def_major2"]        # 290 is no major power
    r = small.loc(200, 290, 1953)
    assert r["def_third1"] == 1 and bool(r["def_major1"])     # 200's third ally: major 2
    assert r["def_third2"] == 0 and not r["def_major2"]
    r = small.loc(290, 365, 1953)
    assert bool(r["def_major1"]) and r["def_third1"] == 1     # 290 allied to major 200
    assert not small.loc(290, 365, 1951)["def_major1"]        # not before 1952
    # an obligation coded in one direction only is a tie between the two
    assert small.loc(290, 365, 1950)["atop_neutral"] == 1


def test_contiguity_rivalry_and_threat(small) -> None:  # type: ignore[no-untyped-def]
    assert small.loc(290, 310, 1951)["conttype"] == 0
    assert small.loc(290, 310, 1952)["conttype"] == 1
    assert small.loc(290, 365, 1953)["rivalry"] and small.loc(290, 365, 1953)[
        "rivalry_spatial"]
    assert not small.loc(290, 365, 1954)["rivalry"]
    assert small.loc(2, 290, 1950)["terrthreat2"] == pytest.approx(0.1 * (290 % 7))


def test_wars_mids_and_crises_counts(small) -> None:  # type: ignore[no-untyped-def]
    f = small.frame.set_index(["ccode1", "ccode2", "year"])
    d = f.loc[(290, 365)]
    assert list(d["war_ongoing"].astype(bool)) == [False, False, True, True, False, False,
                                                   True, False, False]
    assert list(d["war_onset"]) == [0, 0, 1, 0, 0, 0, 1, 0, 0]
    assert list(d["wars_prior"]) == [0, 0, 0, 0, 1, 1, 1, 2, 2]
    assert d.loc[1953, "years_since_war"] == 2 and pd.isna(d.loc[1951, "years_since_war"])
    assert d.loc[1956, "years_since_war"] == 2
    assert list(d["mid_onset"]) == [0, 1, 0, 0, 0, 1, 0, 0, 0]
    assert d.loc[1953, "mids_prior"] == 1 and d.loc[1954, "mids_prior"] == 2
    assert d.loc[1953, "mid_hostlev"] == 4
    assert d.loc[1953, "crisis_onset"] == 1 and d.loc[1954, "crises_prior"] == 1
    # 2 joined war 1 on 290's side: at war with 365 in 1951 only
    assert bool(f.loc[(2, 365, 1951), "war_ongoing"]) and not bool(
        f.loc[(2, 365, 1950), "war_ongoing"])
    # 310 was on 365's side of MID 11: a MID with 290, none with 365
    assert f.loc[(290, 310, 1953), "mid_onset"] == 1 and f.loc[(310, 365, 1953),
                                                               "mid_onset"] == 0


def test_nuclear_status_from_crisis_records(small) -> None:  # type: ignore[no-untyped-def]
    assert not small.loc(2, 365, 1950)["nuclear1"]
    assert small.loc(2, 365, 1951)["nuclear1"] and small.loc(2, 365, 1956)["nuclear1"]
    assert not small.loc(290, 365, 1955)["nuclear1"]


def test_values_outside_a_source_coverage_are_missing(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    # extend the system past the MID data's coverage: the MID columns become NA there
    nmc = folder / FRAME_FILES["nmc"]
    text = gzip.decompress(nmc.read_bytes()).decode()
    late = COVERAGE["midb"][1] + 1
    text += f"2.0,{late}.0,1,1,1,1,1,1,0.3\n365.0,{late}.0,1,1,1,1,1,1,0.2\n"
    nmc.write_bytes(gzip.compress(text.encode()))
    r = build_frame(folder).loc(2, 365, late)
    assert pd.isna(r["mid_onset"]) and pd.isna(r["mids_prior"])
    assert pd.isna(r["war_onset"]) and r["conttype"] == 0


def test_every_value_traces_to_its_file_row(small) -> None:  # type: ignore[no-untyped-def]
    rows = small.sources(290, 365, 1955)
    text = {str(s) for s in rows}
    nmc = small.tables["nmc"].frame
    r1 = int(nmc[(nmc["ccode"] == 290) & (nmc["year"] == 1955)]["row"].iloc[0])
    assert f"dyadic/cow_nmc.csv.gz:{r1}: cinc1" in text
    war_rows = {s.row for s in rows if s.file == FRAME_FILES["wars"]}
    assert war_rows == {2, 3, 5, 6}  # the participant rows of 290 and 365 in wars 1 and 2
    assert any(s.file == FRAME_FILES["atop"] and "def_major1" in s.column for s in rows)
    assert {s.row for s in rows if s.file == FRAME_FILES["midb"]} == {2, 3, 4, 5}
    assert {s.row for s in rows if s.file == FRAME_FILES["icb2"] and s.column == "crisis_*"
            } == {3, 4}


def test_missing_and_broken_files_are_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / FRAME_FILES["rivalries"]).unlink()
    with pytest.raises(FrameDataError, match="dyadic/td_rivalries.csv"):
        build_frame(folder)
    _folder(folder)
    p = folder / FRAME_FILES["contdir"]
    p.write_text(p.read_text().replace("290.0,310.0,1.0,", "290.0,310.0,9.0,"))
    with pytest.raises(DataError) as exc:
        build_frame(folder)
    assert f"{p}:3: conttype: unknown code '9.0'" in str(exc.value)


def test_the_frame_is_cached_until_a_file_changes(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    a = load_frame(folder)
    assert load_frame(folder) is a
    p = folder / FRAME_FILES["majors"]
    st = p.stat()
    os.utime(p, (st.st_atime, st.st_mtime + 10))
    assert load_frame(folder) is not a


# --- the real data -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():  # type: ignore[no-untyped-def]
    return load_frame(DATA)


@needs_data
def test_real_frame_covers_the_system(real) -> None:  # type: ignore[no-untyped-def]
    f = real.frame
    per_year = real.tables["nmc"].frame.groupby("year").size()
    assert len(f) == int((per_year * (per_year - 1) // 2).sum())
    us_china = real.loc(2, 710, 1953)
    assert us_china["war_ongoing"] and us_china["wars_prior"] == 1
    assert us_china["major1"] and us_china["major2"] and us_china["nuclear1"]
    assert us_china["rivalry"]
    ind_pak = real.loc(750, 770, 1965)
    assert ind_pak["conttype"] == 1 and ind_pak["rivalry"] and ind_pak["war_onset"] == 1


@needs_data
def test_real_provenance_rows_hold_the_values(real) -> None:  # type: ignore[no-untyped-def]
    for a, b, year in ((2, 710, 1953), (750, 770, 1971), (220, 260, 1960)):
        r = real.loc(a, b, year)
        for k, cc in (("1", min(a, b)), ("2", max(a, b))):
            lines = gzip.decompress((DATA / FRAME_FILES["nmc"]).read_bytes()).decode(
                ).splitlines()
            fields = lines[int(r[f"nmc_row{k}"]) - 1].split(",")
            assert float(fields[0]) == cc and float(fields[1]) == year
            assert float(fields[-1]) == pytest.approx(r[f"cinc{k}"])


@needs_data
def test_real_war_years_agree_with_the_dyadic_war_file(real) -> None:  # type: ignore[no-untyped-def]
    """The warring dyad-years built from the participant file against the dyadic export."""
    w = pd.read_csv(DATA / "dyadic/cow_war_inter.csv")
    w = w[w["ccode1"] < w["ccode2"]]
    theirs = set(zip(w["ccode1"].astype(int), w["ccode2"].astype(int), w["year"].astype(int),
                     strict=True))
    f = real.frame
    mine_f = f[f["war_ongoing"].fillna(False).astype(bool)]
    mine = set(zip(mine_f["ccode1"].astype(int), mine_f["ccode2"].astype(int),
                   mine_f["year"].astype(int), strict=True))
    # every dyad-year of the export is in the frame; the frame has a few more (a dyad's
    # years run from its start year to its end year, whole)
    assert theirs <= mine
    assert len(mine - theirs) < 0.05 * len(mine)
