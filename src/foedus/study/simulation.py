"""The library entry point: simulate policies of a scenario under a lens.

Follows the estimator contract: settings in ``__init__``, data in ``run``
(which returns ``self``), results in trailing-underscore attributes::

    sim = Simulation(lens="evidence", replications=20_000, seed=7).run("ukraine-2025")
    sim.result_.to_frame(wide=True)

``run`` takes a loaded document or a scenario id / YAML path. ``assume`` fixes
parameters at chosen values, as the web app's What-if page does
(:mod:`foedus.study.assume`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

from foedus._version import __version__
from foedus.engine.simulate import DEFAULT_CHUNK, RunSpec, simulate
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.scenario.loader import Document
from foedus.study.assume import check_assumptions, simulate_assumed
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
        ``compiled`` (numba) or ``reference`` (the same rules run by Python;
        identical numbers).
    assume : mapping or None
        Parameters fixed at these values in every replication (names from
        ``foedus params``, values within the parameter's range); every other
        parameter is drawn from the lens. Runs on the What-if page's random
        stream, so results match the page and a run with ``assume={}``.
    """

    def __init__(self, lens: str = "evidence", replications: int = 20_000,
                 seed: int | None = None, horizon: int | None = None,
                 chunk_size: int = DEFAULT_CHUNK, fixed: bool = False,
                 engine: str = "compiled", assume: Mapping[str, float] | None = None
                 ) -> None:
        self.lens = lens
        self.replications = replications
        self.seed = seed
        self.horizon = horizon
        self.chunk_size = chunk_size
        self.fixed = fixed
        self.engine = engine
        self.assume = None if assume is None else check_assumptions(assume)
        if self.assume is not None and fixed:
            raise ValueError("assume= and fixed=True cannot be combined")

    def __repr__(self) -> str:
        args = [f"lens={self.lens!r}", f"replications={self.replications:_}"]
        args += [f"{k}={v!r}" for k, v in (("seed", self.seed), ("horizon", self.horizon))
                 if v is not None]
        if self.fixed:
            args.append("fixed=True")
        if self.engine != "compiled":
            args.append(f"engine={self.engine!r}")
        if self.assume is not None:
            args.append(f"assume={self.assume!r}")
        res = getattr(self, "result_", None)
        tail = "" if res is None else (f"  # ran {res.scenario}: "
                                       f"{len(res.policies)} policies")
        return f"Simulation({', '.join(args)}){tail}"

    def _repr_html_(self) -> str:
        head = f"<p><code>{html.escape(repr(self))}</code></p>"
        res = getattr(self, "result_", None)
        if res is None:
            return head + "<p>not run yet: call <code>.run(scenario)</code></p>"
        return head + res._repr_html_()

    def run(self, doc: Document | str, policies: Sequence[str] | None = None,
            on_progress: Callable[[int], None] | None = None) -> Simulation:
        """Simulate ``policies`` (default: all) of ``doc`` (a document, a bundled
        scenario id or a YAML path); sets ``result_``."""
        if isinstance(doc, str):
            from foedus.scenario.library import load

            doc = load(doc)
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
            if self.assume is None:
                tally = simulate(st, priors, spec, on_progress)
            else:
                tally = simulate_assumed(st, priors, seed, self.replications, self.assume,
                                         self.chunk_size, on_progress, self.engine)
            out[pid] = PolicyResult.from_tally(pid, tally, st.crisis,
                                               [c.id for c in st.commitments])
        self.result_ = Result(s.id, self.lens, seed, self.replications, s.horizon,
                              __version__, self.fixed, out)
        return self
