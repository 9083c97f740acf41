"""The compiled (numba) kernel returns exactly what the numpy kernel returns.

Not "equal in distribution": the same inputs and uniforms must give the same
outcomes, replication by replication, on both bundled scenarios, for every
policy and lens, with parameters drawn and fixed, and through ``simulate``
(where the driver hands the compiled kernel untransposed uniforms).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys

import numpy as np
import pytest

from foedus.engine import kernel
from foedus.engine.inputs import draw_inputs
from foedus.engine.simulate import EngineUnavailableError, RunSpec, chunk_runner, simulate
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.scenario.loader import Document

needs_numba = pytest.mark.skipif(importlib.util.find_spec("numba") is None,
                                 reason="numba is not installed (optional dependency)")

N = 2_000


def _outcomes_equal(a: kernel.ChunkOutcomes, b: kernel.ChunkOutcomes) -> list[str]:
    return [f.name for f in dataclasses.fields(a)
            if not np.array_equal(getattr(a, f.name), getattr(b, f.name))]


@needs_numba
@pytest.mark.parametrize("scenario", ["ukraine", "july"])
@pytest.mark.parametrize("lens", ["evidence", "restraint", "deterrence"])
def test_identical_to_numpy_kernel(scenario: str, lens: str,
                                   request: pytest.FixtureRequest) -> None:
    from foedus.engine import compiled

    doc: Document = request.getfixturevalue(scenario)
    priors = resolve(doc, lens)
    for i, pol in enumerate(doc.scenario.policies):
        st = compile_structure(doc.scenario, doc.scenario.policy(pol.id))
        lay = kernel.Layout.of(st)
        rng = np.random.default_rng([11, i])
        inp = draw_inputs(st, priors, rng, N, fixed=(i % 3 == 2))
        u = rng.random((st.horizon + 1, N, lay.K), dtype=np.float32)
        ref = kernel.run_chunk(st, inp, lambda t, u=u: np.ascontiguousarray(u[t].T))
        got = compiled.run_chunk(st, inp, lambda t, u=u: u[t])
        assert _outcomes_equal(ref, got) == [], (pol.id, lens)
        # the comparison has teeth: outcomes vary across replications
        assert int((ref.first_war <= st.horizon).sum()) > 0 or scenario == "july"


@needs_numba
def test_simulate_identical_across_engines_and_chunks(ukraine: Document) -> None:
    priors = resolve(ukraine, "evidence")
    for pol in ("no-deal", "reassurance-backstop", "article5"):
        st = compile_structure(ukraine.scenario, ukraine.scenario.policy(pol))
        ref = simulate(st, priors, RunSpec(3_500, 7, chunk_size=2_000))
        got = simulate(st, priors, RunSpec(3_500, 7, chunk_size=1_000, engine="numba"))
        assert dataclasses.asdict(ref).keys() == dataclasses.asdict(got).keys()
        for name, value in dataclasses.asdict(ref).items():
            assert np.array_equal(value, dataclasses.asdict(got)[name]), (pol, name)


@needs_numba
def test_detects_a_changed_rule(ukraine: Document) -> None:
    """A 5 % change in one hazard is caught: the equality test can fail."""
    from foedus.engine import compiled

    priors = resolve(ukraine, "evidence")
    st = compile_structure(ukraine.scenario, ukraine.scenario.policy("article5"))
    lay = kernel.Layout.of(st)
    rng = np.random.default_rng(3)
    inp = draw_inputs(st, priors, rng, N, False)
    u = rng.random((st.horizon + 1, N, lay.K), dtype=np.float32)
    ref = compiled.run_chunk(st, inp, lambda t: u[t])
    bumped = dataclasses.replace(inp, params={**inp.params, "escalate_1_2": inp.params[
        "escalate_1_2"] * 1.05})
    got = compiled.run_chunk(st, bumped, lambda t: u[t])
    assert _outcomes_equal(ref, got) != []


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown engine 'fortran'"):
        RunSpec(10, 1, engine="fortran")
    with pytest.raises(EngineUnavailableError, match="unknown engine"):
        chunk_runner("fortran")


def test_missing_numba_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "foedus.engine.compiled", None)  # import fails
    with pytest.raises(EngineUnavailableError, match="needs the optional dependency numba"):
        chunk_runner("numba")
