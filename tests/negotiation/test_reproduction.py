"""Reproduction of the published example (Bueno de Mesquita 1994's EC case, as replicated
by Scholz, Calbert & Smith 2011): the file is read from the shared data folder.

Published figures (docs/negotiation.md): medians 8.4 (round 1), 9.9 (rounds 2-5), then
7.4, 8.8, 9.6 (rounds 6-8); weighted means 7.4 and 7.5 (rounds 1-2). Quoted at one
decimal, read here as truncated. The round-2 median is the one figure we do not match
(9.61 against 9.9 quoted); it stays recorded as a known difference.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from foedus.data.paths import default_data_dir
from foedus.negotiation.forecast import table_forecast
from foedus.negotiation.rounds import Options, negotiate
from foedus.negotiation.table import read_actor_table

EXAMPLE = default_data_dir() / "bdm" / "ExampleActors.csv"
needs_example = pytest.mark.skipif(not EXAMPLE.is_file(),
                                   reason=f"example data not found at {EXAMPLE}")

#: Our medians and means, rounds 0..10 (all-triples normaliser, Scholz-code offers).
MEDIANS = [7.0, 8.416, 9.611, 9.962, 9.962, 9.962, 7.472, 8.825, 9.671, 9.671, 7.0]
MEANS = [7.390, 7.461, 7.553, 7.590, 7.358, 7.349, 7.415, 7.510, 7.572, 7.325, 7.242]
#: Scholz et al. Table 2 as transcribed (round: median); round 2 is the known difference.
PUBLISHED_MEDIANS = {1: 8.4, 3: 9.9, 4: 9.9, 5: 9.9, 6: 7.4, 7: 8.8, 8: 9.6}
PUBLISHED_MEANS = {1: 7.4, 2: 7.5}


def _run(opt: Options | None = None, rounds: int = 10):  # noqa: ANN202
    t = read_actor_table(EXAMPLE)
    return t, negotiate(t.positions, t.capabilities, t.saliences, t.span, rounds, opt)


@needs_example
def test_medians_and_means_over_ten_rounds() -> None:
    _, run = _run()
    assert np.allclose(run.medians[0], MEDIANS, atol=5e-4)
    assert np.allclose(run.means[0], MEANS, atol=5e-4)


@needs_example
def test_published_figures_truncated_to_one_decimal() -> None:
    _, run = _run()
    for k, v in PUBLISHED_MEDIANS.items():
        assert math.floor(run.medians[0, k] * 10) / 10 == pytest.approx(v), k
    for k, v in PUBLISHED_MEANS.items():
        assert math.floor(run.means[0, k] * 10) / 10 == pytest.approx(v), k
    assert math.floor(run.medians[0, 2] * 10) / 10 != 9.9  # the known difference


@needs_example
def test_round_one_moves_and_cycling() -> None:
    t, _ = _run()
    fc = table_forecast(t, 10)
    first = fc.issues[0].moves()[0]
    assert first == ["Belgium compromises with France (→ 8.42)",
                     "Luxembourg loses a confrontation to Belgium (→ 7)",
                     "Ireland loses a confrontation to Luxembourg (→ 4)"]
    run = fc.issues[0].central
    assert not run.converged[0]
    assert (run.moves != 0).sum(axis=2).min() == 3  # three moves in every round


@needs_example
def test_capitulation_never_fires_in_the_example() -> None:
    _, a = _run(Options(capitulation=True))
    _, b = _run(Options(capitulation=False))
    assert np.array_equal(a.positions, b.positions)


@needs_example
def test_the_pair_normaliser_settles_at_the_starting_median() -> None:
    _, run = _run(Options(normaliser="pair"))
    assert np.allclose(run.medians[0], 7.0)
    assert run.converged[0]
