"""Fixed assumptions: simulate with some parameters held at chosen values.

The What-if page and ``Simulation(assume=...)`` share this: the named
parameters are fixed at the given values in every replication and every other
parameter is drawn from the lens's priors. The run uses the What-if stream
``(WHATIF_STREAM, 0)`` of the root seed, shared by every policy
(:func:`foedus.engine.simulate.point_units`), so a run with no assumption and a
run with assumptions share their random numbers (common random numbers): their
difference comes from the assumptions, not from noise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from foedus.engine.simulate import DEFAULT_CHUNK, DEFAULT_ENGINE, merge, point_units, run_units
from foedus.engine.structure import Structure
from foedus.engine.tally import Tally
from foedus.evidence.lenses import ResolvedPriors
from foedus.evidence.registry import parameter

WHATIF_STREAM = (0x5717,)


class AssumptionError(ValueError):
    """An assumption names no parameter, or a value outside the parameter's range."""


def check_assumptions(values: Mapping[str, float]) -> dict[str, float]:
    """Validate assumptions against the parameter registry's names and ranges."""
    out: dict[str, float] = {}
    for name, v in values.items():
        try:
            par = parameter(name)
        except KeyError:
            raise AssumptionError(f"'{name}' is not a parameter of the model "
                                  "(see 'foedus params')") from None
        x = float(v)
        if not (x == x) or not par.low <= x <= par.high:
            raise AssumptionError(f"{name} must lie in [{par.low:g}, {par.high:g}]")
        out[name] = x
    return out


def simulate_assumed(st: Structure, priors: ResolvedPriors, seed: int, replications: int,
                     values: Mapping[str, float], chunk_size: int = DEFAULT_CHUNK,
                     on_chunk: Callable[[int], None] | None = None,
                     engine: str = DEFAULT_ENGINE) -> Tally:
    """Simulate one policy with ``values`` fixed, on the What-if stream (see module)."""
    units = point_units(seed, 0, replications, values, WHATIF_STREAM, rows=True)
    tallies, _ = run_units(st, priors, units, chunk_size, False, on_chunk=on_chunk,
                           engine=engine)
    return merge(tallies)
