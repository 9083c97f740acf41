"""The library entry point: global sensitivity of one policy's outcome under a lens.

Follows the estimator contract (settings in ``__init__``, ``run`` returns ``self``, results in
trailing-underscore attributes)::

    sa = Sensitivity("article5", "war_by_horizon", n=256, replications=1000).run(doc)
    sa.result_.to_frame()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from foedus._version import __version__
from foedus.engine.simulate import DEFAULT_CHUNK, chunk_runner
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.evidence.registry import parameter
from foedus.scaleout.scheduler import Executor
from foedus.scenario.loader import Document
from foedus.sensitivity.evaluate import DEFAULT_BATCH, ModelEvaluator
from foedus.sensitivity.indices import Indices
from foedus.sensitivity.morris import morris_analysis
from foedus.sensitivity.outcomes import DEAL_OUTCOMES, SETTLEMENT_OUTCOMES, check_outcome
from foedus.sensitivity.problem import prior_factors
from foedus.sensitivity.result import ParameterInfo, SensitivityResult
from foedus.sensitivity.sobol import DEFAULT_RESAMPLES, sobol_analysis
from foedus.study.simulation import UnknownPolicyError

METHODS: tuple[str, ...] = ("sobol", "morris")


class Sensitivity:
    """Sobol' indices or Morris screening of every uncertain parameter of a lens.

    Parameters
    ----------
    policy : str
        Policy id of the scenario.
    outcome : str
        One of :data:`foedus.study.result.OUTCOME_KEYS`.
    lens : str
        Lens whose priors are the factors' distributions.
    method : {"sobol", "morris"}
    n : int
        Sobol': base samples (a power of two; ``n (D + 2)`` points). Morris: trajectories
        (``n (D + 1)`` points). ``D`` counts the dummy.
    replications : int
        Replications per design point.
    seed : int or None
        Root seed (default: the scenario's).
    workers : int or Executor
        Processes, or an entered executor of :mod:`foedus.scaleout.scheduler` (a Dask
        cluster, a resumable study); results do not depend on it.
    parameters : sequence of str or None
        Restrict the factors (default: every uncertain parameter). The others are drawn from
        their priors per replication, so their effect is part of each point's noise.
    dummy : bool
        Add a dummy factor, whose indices must be ~0 (a check of the estimates).
    levels : int
        Morris grid levels.
    resamples : int
        Bootstrap resamples.
    batch : int
        Design points per task.
    engine : str
        ``numpy`` or ``numba`` (identical numbers; numba needs the optional dependency).
    """

    def __init__(self, policy: str, outcome: str, lens: str = "evidence",
                 method: str = "sobol", n: int = 256, replications: int = 1000,
                 seed: int | None = None, workers: int | Executor = 1,
                 parameters: Sequence[str] | None = None, dummy: bool = True,
                 levels: int = 4, resamples: int = DEFAULT_RESAMPLES,
                 batch: int = DEFAULT_BATCH, chunk_size: int = DEFAULT_CHUNK,
                 engine: str = "compiled") -> None:
        self.policy = policy
        self.outcome = outcome
        self.lens = lens
        self.method = method
        self.n = n
        self.replications = replications
        self.seed = seed
        self.workers = workers
        self.parameters = parameters
        self.dummy = dummy
        self.levels = levels
        self.resamples = resamples
        self.batch = batch
        self.chunk_size = chunk_size
        self.engine = engine

    def _check(self, doc: Document) -> None:
        s = doc.scenario
        check_outcome(self.outcome)
        if self.method not in METHODS:
            raise ValueError(f"unknown method '{self.method}' (known: {', '.join(METHODS)})")
        if self.policy not in {p.id for p in s.policies}:
            raise UnknownPolicyError(f"unknown policy '{self.policy}' (available: "
                                     f"{', '.join(p.id for p in s.policies)})")
        if self.outcome in SETTLEMENT_OUTCOMES and s.start == "crisis":
            raise ValueError(f"outcome '{self.outcome}' is undefined for a crisis "
                             "scenario (there is no deal)")
        if self.outcome in DEAL_OUTCOMES and not s.policy(self.policy).settlement:
            raise ValueError(f"outcome '{self.outcome}' is undefined or constant under "
                             f"policy '{self.policy}', which offers no deal")
        if self.replications < 1:
            raise ValueError("replications must be at least 1")
        if self.method == "sobol" and (self.n < 2 or self.n & (self.n - 1)):
            raise ValueError(f"--n must be a power of two for Sobol' (got {self.n})")
        if self.method == "morris" and self.n < 2:
            raise ValueError(f"--n must be at least 2 trajectories for Morris (got {self.n})")
        if isinstance(self.workers, int) and self.workers < 1:
            raise ValueError("workers must be at least 1")
        chunk_runner(self.engine)  # an unknown or unavailable engine fails before any work

    def run(self, doc: Document, on_progress: Callable[[int], None] | None = None
            ) -> Sensitivity:
        """Analyse ``doc``; sets ``result_`` (a :class:`SensitivityResult`)."""
        self._check(doc)
        s = doc.scenario
        priors = resolve(doc, self.lens)
        factors = prior_factors(priors, self.parameters)
        seed = s.seed if self.seed is None else self.seed
        st = compile_structure(s, s.policy(self.policy))
        names = tuple(f.name for f in factors)
        ev = ModelEvaluator(st, priors, names, self.outcome, self.replications, seed,
                            self.chunk_size, self.engine)
        ix: Indices
        if self.method == "sobol":
            ix = sobol_analysis(factors, ev, self.n, seed, self.workers, self.batch,
                                self.dummy, self.resamples, on_progress)
        else:
            ix = morris_analysis(factors, ev, self.n, seed, self.workers, self.batch,
                                 self.dummy, self.levels, self.resamples, on_progress)
        info = tuple(ParameterInfo(n, parameter(n).symbol, parameter(n).mechanism,
                                   priors.entries[n].prior.describe()) for n in names)
        self.result_ = SensitivityResult(s.id, self.lens, self.policy, self.outcome, self.n,
                                         self.replications, seed, __version__, info, ix)
        return self

    def points(self, doc: Document) -> int:
        """Number of design points ``run`` will simulate (validates first)."""
        self._check(doc)
        k = len(prior_factors(resolve(doc, self.lens), self.parameters)) + int(self.dummy)
        return self.n * (k + 2) if self.method == "sobol" else self.n * (k + 1)



