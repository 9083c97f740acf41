"""Importers: exact headers, codes and missing values, with FILE:ROW: field messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from foedus.data.cow import MID_HEADER, WAR_HEADER, read_mid, read_wars
from foedus.data.icb import ICB1_HEADER, read_icb1
from foedus.data.paths import FILES, default_data_dir, missing_files
from foedus.data.table import MAX_ISSUES, DataError
from foedus.scenario.errors import InputError, Issue

DATA = default_data_dir()
HAVE_DATA = not missing_files(DATA)
needs_data = pytest.mark.skipif(not HAVE_DATA, reason=f"public datasets not found in {DATA} "
                                "(set FOEDUS_DATA or place them in ../shared/data)")


def _mid_row(**kw: str) -> str:
    base = dict.fromkeys(MID_HEADER, "0")
    base.update(dispnum3="2", styear="1950", endyear="1951", hostlev="4", fatality="1",
                maxdur="30", version="4.01")
    base.update(kw)
    return ",".join(base[h] for h in MID_HEADER)


def _write(tmp: Path, name: str, header: tuple[str, ...] | list[str], *rows: str) -> Path:
    p = tmp / name
    p.write_text(",".join(header) + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return p


def test_a_valid_mid_file_reads_with_missing_codes_counted(tmp_path: Path) -> None:
    p = _write(tmp_path, "m.csv", MID_HEADER, _mid_row(), _mid_row(fatality="-9"),
               _mid_row(styear="2e3", endyear="2e3"))
    t = read_mid(p)
    assert list(t.frame["styear"]) == [1950, 1950, 2000]
    assert t.missing == {"fatality": 1}
    assert t.frame["fatality"].isna().sum() == 1


def test_unexpected_and_missing_columns_are_named(tmp_path: Path) -> None:
    header = [h for h in MID_HEADER if h != "hostlev"] + ["extra"]
    p = _write(tmp_path, "m.csv", header, ",".join("0" for _ in header))
    with pytest.raises(DataError) as exc:
        read_mid(p)
    msg = str(exc.value)
    assert f"{p}:1: extra: unexpected column" in msg
    assert f"{p}:1: hostlev: missing column" in msg


def test_missing_code_where_none_is_allowed_names_row_and_field(tmp_path: Path) -> None:
    p = _write(tmp_path, "m.csv", MID_HEADER, _mid_row(), _mid_row(hostlev="-9"))
    with pytest.raises(DataError) as exc:
        read_mid(p)
    assert str(exc.value).startswith(f"{p}:3: hostlev: unknown code '-9'")


def test_blank_and_malformed_values_are_errors_not_skips(tmp_path: Path) -> None:
    p = _write(tmp_path, "m.csv", MID_HEADER, _mid_row(styear=""), _mid_row(fatality="x"),
               _mid_row(styear="1950.5"), "1,2,3", "")
    with pytest.raises(DataError) as exc:
        read_mid(p)
    lines = str(exc.value).splitlines()
    assert lines[0] == f"{p}:2: styear: blank value"
    assert lines[1] == f"{p}:3: fatality: not a number: 'x'"
    assert lines[2] == f"{p}:4: styear: not a whole number: '1950.5'"
    assert lines[3].startswith(f"{p}:5: 3 fields, the header has 24")


def test_data_issues_are_the_located_issues_of_every_input(tmp_path: Path) -> None:
    rows = [_mid_row(hostlev="9")] * (MAX_ISSUES + 3)
    p = _write(tmp_path, "m.csv", MID_HEADER, *rows)
    with pytest.raises(InputError) as exc:
        read_mid(p)
    assert isinstance(exc.value, DataError) and isinstance(exc.value, ValueError)
    assert exc.value.issues[0] == Issue(str(p), 2, "hostlev",
                                        "unknown code '9' (expected one of 1, 2, 3, 4, 5)")
    assert len(exc.value.issues) == MAX_ISSUES and exc.value.more == 3
    assert str(exc.value).splitlines()[-1] == "... and 3 more problem(s)"


def test_the_gml_dash_is_read_as_unknown_only_in_gml(tmp_path: Path) -> None:
    p = _write(tmp_path, "g.csv", MID_HEADER, _mid_row(fatality="-"))
    assert read_mid(p, "gml").missing == {"fatality": 1}
    with pytest.raises(DataError, match=r":2: fatality: not a number: '-'"):
        read_mid(p, "cow")


def test_an_end_before_the_start_is_reported(tmp_path: Path) -> None:
    p = _write(tmp_path, "m.csv", MID_HEADER, _mid_row(styear="1950", endyear="1949"))
    with pytest.raises(DataError, match=r"m.csv:2: endyear: ends \(1949\) before"):
        read_mid(p)


def test_war_file_with_classic_mac_line_endings_and_na_codes(tmp_path: Path) -> None:
    vals = dict.fromkeys(WAR_HEADER, "1")
    vals.update(warname="A War", statename="A", startyear1="1900", endyear1="1901",
                startmonth2="-8", startday2="-8", startyear2="-8", endmonth2="-8",
                endday2="-8", endyear2="-8", batdeath="-9", side="1")
    row = ",".join(vals[h] for h in WAR_HEADER)
    p = tmp_path / "w.csv"
    p.write_text(",".join(WAR_HEADER) + "\r" + row + "\r", encoding="utf-8")
    t = read_wars(p)
    assert len(t.frame) == 1 and t.missing["batdeath"] == 1
    bad = tmp_path / "w2.csv"
    bad.write_text(",".join(WAR_HEADER) + "\n" + row.replace(",1900,", ",-8,", 1) + "\n")
    with pytest.raises(DataError, match=r"w2.csv:2: startyear1: '-8' outside"):
        read_wars(bad)


def test_wholly_blank_icb_records_are_listed_not_dropped_silently(tmp_path: Path) -> None:
    full = dict.fromkeys(ICB1_HEADER, "1")
    full.update(icb1="ICB1", crisno="1", crisname="A", yrtrig="1950", viol="4")
    empty = dict.fromkeys(ICB1_HEADER, "")
    empty.update(icb1="ICB1", crisno="2", crisname="B")
    half = dict(empty, yrtrig="1960")
    p = _write(tmp_path, "c.csv", ICB1_HEADER, ",".join(full[h] for h in ICB1_HEADER),
               ",".join(empty[h] for h in ICB1_HEADER))
    t = read_icb1(p)
    assert len(t.frame) == 1
    assert [(e.row, e.key) for e in t.excluded] == [(3, "icb1=ICB1, crisno=2, crisname=B")]
    p2 = _write(tmp_path, "c2.csv", ICB1_HEADER, ",".join(half[h] for h in ICB1_HEADER))
    with pytest.raises(DataError, match=r"c2.csv:2: viol: blank value"):
        read_icb1(p2)


@needs_data
def test_the_shipped_files_read_cleanly() -> None:
    assert len(read_mid(DATA / FILES["mid_cow"]).frame) == 2586
    assert len(read_mid(DATA / FILES["mid_gml"], "gml").frame) == 2214
    assert len(read_wars(DATA / FILES["wars"]).frame) == 337
    icb1 = read_icb1(DATA / FILES["icb1"])
    assert len(icb1.frame) == 486 and [e.row for e in icb1.excluded] == [475]
