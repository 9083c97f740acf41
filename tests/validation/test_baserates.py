"""Base rates: known answers from the public files (EVIDENCE §A7-A8) and synthetic cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from foedus.data.cow import WAR_HEADER, read_wars
from foedus.data.paths import default_data_dir, missing_files
from foedus.validation.baserates import (
    BaseRates,
    Comparison,
    DataMissingError,
    Rate,
    recurrence,
)

DATA = default_data_dir()
needs_data = pytest.mark.skipif(bool(missing_files(DATA)), reason=f"public datasets not "
                                f"found in {DATA} (set FOEDUS_DATA or use ../shared/data)")


@pytest.fixture(scope="module")
def rates() -> BaseRates:
    if missing_files(DATA):
        pytest.skip(f"public datasets not found in {DATA}")
    return BaseRates(DATA, replications=2_000, seed=5).run()


def _pct(r: Rate) -> float:
    return round(100 * r.p, 1)


@needs_data
def test_mid_table_reproduces_the_published_figures(rates: BaseRates) -> None:
    got = {(m.dataset, m.period): (m.disputes, m.wars, _pct(m.p_war),
                                   _pct(m.p_war_given_force), _pct(m.p_fatal))
           for m in rates.mid_}
    assert got[("COW MID 4.01", "1816-2010")] == (2586, 107, 4.1, 5.9, 17.3)
    assert got[("COW MID 4.01", "1816-1945")] == (808, 78, 9.7, 14.2, 13.6)
    assert got[("COW MID 4.01", "1946-2010")] == (1778, 29, 1.6, 2.3, 19.0)
    # GML fatality: two disputes written '-' are read as unknown, so 22.9 / 24.7 here
    # against 23.0 / 24.8 when they are counted as fatal.
    assert got[("GML MID 2.0", "1816-2010")] == (2214, 106, 4.8, 6.7, 22.9)
    assert got[("GML MID 2.0", "1816-1945")] == (661, 78, 11.8, 17.1, 18.9)
    assert got[("GML MID 2.0", "1946-2010")] == (1553, 28, 1.8, 2.5, 24.7)


@needs_data
def test_icb_table_reproduces_the_published_figures(rates: BaseRates) -> None:
    got = {r.label: (r.n, tuple(round(100 * s, 1) for s in r.shares())) for r in rates.icb_}
    assert got["all crises, 1918-2017"] == (486, (25.7, 29.2, 23.9, 21.2))
    assert got["crises triggered in 1945 or later"] == (388, (24.7, 31.4, 26.0, 17.8))
    assert got["no nuclear-armed crisis actor"] == (353, (25.5, 28.0, 24.9, 21.5))
    assert got["exactly one nuclear-armed actor"] == (97, (25.8, 37.1, 20.6, 16.5))
    assert got["two or more nuclear-armed actors (any side)"] == (36, (27.8, 19.4, 22.2, 30.6))
    opp = [r for r in rates.icb_ if r.label.startswith("nuclear-armed actors on")][0]
    assert opp.counts == (8, 6, 5, 6)


@needs_data
def test_recurrence_and_comparisons_are_complete(rates: BaseRates) -> None:
    post = rates.recurrence_[-1]
    assert post.label == "1946-1997" and post.dyads.n > 50
    assert 0 < post.dyads.p < post.wars.p < 1
    assert [c.key for c in rates.comparisons_] == [
        "mid", "mid-force", "crisis-none", "crisis-one", "crisis-both", "recurrence"]
    assert 4 <= rates.horizons_["mid_months"] <= 6
    d = rates.to_dict()
    assert {c["verdict"] for c in d["comparisons"]} <= {
        "agree", "overlap: model lower", "overlap: model higher", "disagree: model lower",
        "disagree: model higher"}
    rec = next(c for c in rates.comparisons_ if c.key == "recurrence")
    assert "post-war dyads" in rec.description
    assert d["excluded"]["icb1v14.csv"][0]["row"] == 475


def _war_csv(tmp: Path, rows: list[tuple[int, int, int, int, int]]) -> Path:
    """rows: (war, ccode, side, start year, end year)."""
    lines = [",".join(WAR_HEADER)]
    for w, cc, side, sy, ey in rows:
        v = dict.fromkeys(WAR_HEADER, "1")
        v.update(warnum=str(w), warname=f"War {w}", ccode=str(cc), statename=str(cc),
                 side=str(side), startyear1=str(sy), endyear1=str(ey), startmonth1="6",
                 endmonth1="6", startday1="1", endday1="1", startmonth2="-8",
                 startday2="-8", startyear2="-8", endmonth2="-8", endday2="-8",
                 endyear2="-8", batdeath="1000")
        lines.append(",".join(v[h] for h in WAR_HEADER))
    p = tmp / "wars.csv"
    p.write_text("\n".join(lines) + "\n")
    return p


def test_recurrence_known_answer(tmp_path: Path) -> None:
    p = _war_csv(tmp_path, [
        (1, 2, 1, 1950, 1951), (1, 3, 2, 1950, 1951), (1, 4, 2, 1950, 1951),  # 2-3, 2-4
        (2, 3, 1, 1955, 1955), (2, 2, 2, 1955, 1955),   # 2-3 again after 4 years
        (3, 4, 1, 1975, 1975), (3, 2, 2, 1975, 1975),   # 2-4 again after 24 years
    ])
    rows = recurrence(read_wars(p))
    post = rows[-1]
    # dyads: war 1 (2-3 recurs, 2-4 does not), war 2 (2-3: no), war 3 (2-4: no)
    assert (post.dyads.k, post.dyads.n) == (1, 4)
    assert (post.wars.k, post.wars.n) == (1, 3)


def test_verdicts_follow_the_record_interval_and_overlap() -> None:
    rec = Rate(2, 100)  # Wilson ≈ [0.0055, 0.070]
    mk = lambda m: Comparison("k", "d", "r", rec, m, "s")  # noqa: E731
    assert mk((0.03, 0.02, 0.04)).verdict == "agree"
    assert mk((0.075, 0.06, 0.09)).verdict == "overlap: model higher"
    assert mk((0.004, 0.003, 0.006)).verdict == "overlap: model lower"
    assert mk((0.2, 0.19, 0.21)).verdict == "disagree: model higher"
    assert mk((0.001, 0.0005, 0.002)).verdict == "disagree: model lower"


def test_a_missing_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError, match="lacks cow/MIDA_4.01.csv"):
        BaseRates(tmp_path).run()
