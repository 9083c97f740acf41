"""Ally joining: the coding of triples on a hand-made war, and known logit coefficients."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from foedus.data.table import Table
from foedus.fitting.base import expit
from foedus.fitting.honouring import ATOP, HonouringFitter, honouring_data


def _participant(war: int, cc: int, side: int, init: int, month: int) -> dict[str, object]:
    return {"warnum": war, "ccode": cc, "side": side, "initiator": init, "startyear1": 1950,
            "startmonth1": month, "startday1": 1}


def _frame_row(a: int, b: int, **obligations: int) -> dict[str, object]:
    row: dict[str, object] = {"ccode1": a, "ccode2": b, "year": 1950, "conttype": 0,
                              "major1": False, "major2": False, "nuclear1": False,
                              "nuclear2": False}
    row.update({k: obligations.get(k, 0) for k in ATOP})
    return row


def test_triples_on_a_hand_made_war() -> None:
    # State 10 (initiator, with 60 joining it) attacks 20; 30 (defence pact, major,
    # contiguous) joins 20 two months later; 40 (consultation pact) stays out; 60 has a
    # pact with 20 but attacks with 10 (excluded); 50 (neutrality pact) joins the attacker.
    wars = pd.DataFrame([_participant(1, 10, 1, 1, 1), _participant(1, 60, 1, 2, 1),
                         _participant(1, 20, 2, 2, 1), _participant(1, 30, 2, 2, 3),
                         _participant(1, 50, 1, 2, 6)])
    frame = pd.DataFrame([
        {**_frame_row(20, 30, atop_defense=1), "conttype": 1, "major2": True},
        _frame_row(20, 40, atop_consul=1), _frame_row(20, 50, atop_neutral=1),
        _frame_row(20, 60, atop_defense=1), _frame_row(10, 20),
        {**_frame_row(10, 60), "nuclear1": True}])
    d = honouring_data(Table(Path("wars.csv"), wars, (), {}), frame)
    got = d.set_index("ally")[["attacked", "joined", "joined_against", "defence", "major",
                                "contiguous", "attacker_nuclear"]]
    assert sorted(got.index) == [30, 40, 50]
    assert got.loc[30].tolist() == [20, 1, 0, 1, 1, 1, 1]
    assert got.loc[40].tolist() == [20, 0, 0, 0, 0, 0, 1]
    assert got.loc[50].tolist() == [20, 0, 1, 0, 0, 0, 1]


BETA = {"const": -1.5, "defence": 1.0, "major": 0.7, "contiguous": 0.5, "post1945": -1.0}


def _triples(seed: int = 4, wars: int = 400, per_war: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = wars * per_war
    d = pd.DataFrame({c: rng.integers(0, 2, n) for c in BETA if c != "const"})
    eta = BETA["const"] + sum(BETA[c] * d[c] for c in d.columns)
    d["joined"] = (rng.random(n) < expit(eta)).astype(int)
    d["war"] = np.repeat(np.arange(wars), per_war)
    return d


def test_recovers_known_odds_ratios() -> None:
    covs = ("defence", "major", "contiguous", "post1945")
    f = HonouringFitter(covariates=covs, n_draws=500, seed=1).fit(_triples())
    for c in covs:
        p = f.params_[f"or_{c}"]
        assert p.lo <= np.exp(BETA[c]) <= p.hi, (c, p)
    obs = f.comparison_["defence"]
    p = f.params_["join_defence"]
    assert p.lo <= obs["share"] <= p.hi  # the logit reproduces the raw share it was fitted to
    assert f.n_obs_ == 3200 and f.n_wars_ == 400


def test_constant_covariates_and_missing_columns_are_refused() -> None:
    d = _triples(wars=20).assign(major=1)
    with pytest.raises(ValueError, match="without variation: major"):
        HonouringFitter(covariates=("defence", "major")).fit(d)
    with pytest.raises(ValueError, match="lacks column"):
        HonouringFitter(covariates=("attacker_nuclear",)).fit(_triples(wars=20))
    with pytest.raises(ValueError, match="frame lacks"):
        honouring_data(Table(Path("w.csv"), pd.DataFrame(), (), {}), pd.DataFrame({"year": []}))


@pytest.mark.slow
def test_real_triples_and_pinned_odds_ratios() -> None:
    from foedus.data.cow import read_wars
    from foedus.data.frame import load_frame
    from foedus.data.paths import FILES, FRAME_FILES, default_data_dir, missing_files

    data = default_data_dir()
    if missing_files(data, FRAME_FILES):
        pytest.skip(f"public datasets not found in {data}")
    d = honouring_data(read_wars(data / FILES["wars"]), load_frame(data).frame)
    assert (len(d), int(d["joined"].sum()), d["war"].nunique()) == (668, 127, 49)
    f = HonouringFitter(n_draws=200, seed=3).fit(d)
    assert f.params_["or_defence"].estimate == pytest.approx(10.56, abs=0.01)
    assert f.comparison_["post1945"]["joined"] == 22  # 22 of 485: far below B&F's 22 %
