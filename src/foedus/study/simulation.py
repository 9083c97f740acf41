"""The library entry point: simulate policies of a scenario under a lens.

Follows the estimator contract: settings in ``__init__``, data in ``run``
(which returns ``self``), results in trailing-underscore attributes::

    sim = Simulation(lens="evidence", replications=20_000, seed=7).run(doc)
    sim.result_.to_frame()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from foedus._version import __version__
from foedus.engine.simulate import DEFAULT_CHUNK, RunSpec, simulate
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.scenario.loader import Document
from foedus.study.result import PolicyResult, Result


class UnknownPolicyError(ValueError):
    """A policy id the scenario does not define."""


class Simulation:
    """Simulate one or more policies of a scenario.

    Parameters
    ----------
    lens : str
        A bundled lens (``evidence``, ``restraint``, ``deterrence``) or one the
        scenario defines.
    replications : int
        Replications per policy.
    seed : int or None
        Root seed; ``None`` uses the scenario's seed.
    horizon : int or None
        Months to simulate; ``None`` uses the scenario's horizon.
    chunk_size : int
        Replications advanced together (rounded to whole blocks of 1,000).
    fixed : bool
        Use prior means instead of drawing parameters per replication.
    engine : str
        ``numpy`` (the reference kernel) or ``numba`` (compiled; identical
        numbers, needs the optional numba dependency).
    """

    def __init__(self, lens: str = "evidence", replications: int = 20_000,
                 seed: int | None = None, horizon: int | None = None,
                 chunk_size: int = DEFAULT_CHUNK, fixed: bool = False,
                 engine: str = "compiled") -> None:
        self.lens = lens
        self.replications = replications
        self.seed = seed
        self.horizon = horizon
        self.chunk_size = chunk_size
        self.fixed = fixed
        self.engine = engine

    def run(self, doc: Document, policies: Sequence[str] | None = None,
            on_progress: Callable[[int], None] | None = None) -> Simulation:
        """Simulate ``policies`` (default: all) of ``doc``; sets ``result_``."""
        s = doc.scenario
        if self.horizon is not None:
            if not 1 <= self.horizon <= 600:
                raise ValueError("horizon must lie in 1..600 months")
            s = s.model_copy(update={"horizon": self.horizon})
        seed = s.seed if self.seed is None else self.seed
        ids = [p.id for p in s.policies] if policies is None else list(policies)
        for pid in ids:
            if pid not in {p.id for p in s.policies}:
                raise UnknownPolicyError(
                    f"unknown policy '{pid}' (available: {', '.join(p.id for p in s.policies)})")
        priors = resolve(doc, self.lens)
        spec = RunSpec(self.replications, seed, self.chunk_size, self.fixed, engine=self.engine)
        out: dict[str, PolicyResult] = {}
        for pid in ids:
            st = compile_structure(s, s.policy(pid))
            tally = simulate(st, priors, spec, on_progress)
            out[pid] = PolicyResult.from_tally(pid, tally, st.crisis,
                                               [c.id for c in st.commitments])
        self.result_ = Result(s.id, self.lens, seed, self.replications, s.horizon,
                              __version__, self.fixed, out)
        return self
