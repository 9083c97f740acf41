"""Simulations behind the What-if and Compare pages, with limits, a queue and a cache.

What-if fixes the adjusted assumptions at the user's values and draws every
other parameter from the lens's priors (:func:`foedus.study.assume.simulate_assumed`):
the lens's own run and the adjusted run use the same random streams (common
random numbers), so a difference between them comes from the assumptions, not
from noise, and its interval is paired (:mod:`foedus.study.paired`). Each
request runs under a wall-clock limit (checked after every chunk of 5,000
replications); the simulations run on the :class:`Runner`'s own
bounded executor, and a request beyond its queue is answered 429 at once.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError
from dataclasses import dataclass
from typing import Any

from foedus._version import __version__
from foedus.engine.simulate import RunSpec, simulate
from foedus.engine.structure import Structure, compile_structure
from foedus.evidence.lenses import ResolvedPriors, resolve
from foedus.evidence.registry import parameter
from foedus.scenario.loader import Document
from foedus.store.hashing import scenario_hash
from foedus.study.assume import simulate_assumed
from foedus.study.paired import gap
from foedus.study.prior_range import RANGE_MASS, central_range, is_point_mass
from foedus.study.result import HEADLINE_OUTCOME, OUTCOME_KEYS, PolicyResult, Result
from foedus.study.verdict import rank_outcome
from foedus.web.errors import RequestError

CHUNK = 5_000


@dataclass(frozen=True)
class Assumption:
    """A key assumption with its form control's range (within the parameter's range)."""

    name: str
    label: str
    low: float
    high: float
    step: float
    help: str


#: The assumptions the What-if page lets a user fix.
ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption("credibility_shift", "Credibility shift s_C (logit)", -3.0, 3.0, 0.1,
               "shifts every commitment's credibility; +1 ≈ doubles the odds of honouring"),
    Assumption("threat_discount", "Threat discount κ", 0.0, 1.0, 0.01,
               "how far the adversary's perceived threat blunts deterrence"),
    Assumption("moral_hazard", "Spoiler moral hazard μ", 0.0, 6.0, 0.05,
               "how much cover by guarantors emboldens spoilers and clients"),
    Assumption("q_target", "Troops as targets q", 0.0, 1.0, 0.01,
               "monthly probability that guarantor troops are struck while fighting goes on"),
    Assumption("threat_aversion", "Threat aversion ψ", 0.0, 1.0, 0.01,
               "weight of the threat a deal poses in the adversary's choice to sign"),
    Assumption("deterrence_effect", "Deterrence effect β_D", 0.0, 5.0, 0.05,
               "how strongly deterrence lowers the hazard of attack"),
    Assumption("tripwire_bonus", "Tripwire bonus", 0.0, 1.0, 0.01,
               "extra automaticity that troops in harm's way give a commitment"),
)
ASSUMPTION_NAMES = tuple(a.name for a in ASSUMPTIONS)


class Deadline:
    """Raises :class:`~foedus.web.errors.RequestError` (408) from a chunk callback once
    ``seconds`` have passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def __call__(self, _n: int) -> None:
        if time.monotonic() > self.end:
            raise RequestError(408, f"the simulation took longer than the limit of "
                                  f"{self.seconds:g} s; ask for fewer replications")


class Runner:
    """Runs simulations in a bounded executor of their own, caching recent answers.

    At most ``max_concurrent`` simulations run at once, on the runner's own
    threads (never the threads that serve pages and the API); at most
    ``max_queue`` more requests wait. A request beyond that is answered at once
    with 429 and ``Retry-After``, so a burst of simulation requests cannot take
    every server thread and ordinary pages stay fast. Each request has one
    :class:`Deadline` for its queueing and all its simulations (408 when it passes).
    """

    def __init__(self, max_concurrent: int, time_limit_s: float, queue_wait_s: float,
                 cache_size: int = 128, max_queue: int | None = None) -> None:
        self.max_concurrent = max_concurrent
        self.max_queue = max_concurrent if max_queue is None else max_queue
        self.time_limit_s = time_limit_s
        self.queue_wait_s = queue_wait_s
        self._pool = ThreadPoolExecutor(max_workers=max_concurrent,
                                        thread_name_prefix="foedus-sim")
        self._admitted = 0
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def cached(self, key: tuple[Any, ...]) -> bool:
        """Is the answer for ``key`` in the cache (a page can show it at once)?"""
        with self._lock:
            return key in self._cache

    def deadline(self) -> Deadline:
        """The deadline of a new request (queueing and every simulation of it)."""
        return Deadline(self.time_limit_s)

    @property
    def retry_after_s(self) -> int:
        return max(1, math.ceil(self.time_limit_s / 4))

    def run(self, key: tuple[Any, ...], work: Callable[[Deadline], Any],
            deadline: Deadline | None = None) -> Any:
        """``work(deadline)`` on the runner's executor, or the cached answer for ``key``."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            if self._admitted >= self.max_concurrent + self.max_queue:
                raise RequestError(429, "the server is busy with other simulations; try "
                                        "again in a moment", retry_after=self.retry_after_s)
            self._admitted += 1
        limit = deadline or self.deadline()
        try:
            future = self._pool.submit(work, limit)
            try:
                value = future.result(timeout=max(0.0, limit.end - time.monotonic()) + 1.0)
            except FutureTimeoutError:
                future.cancel()  # not started: dropped; started: stops at its next chunk
                raise RequestError(408, f"the simulation took longer than the limit of "
                                        f"{limit.seconds:g} s; ask for fewer "
                                        "replications") from None
        finally:
            with self._lock:
                self._admitted -= 1
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value


def check_assumptions(values: Mapping[str, float]) -> dict[str, float]:
    """Validate fixed assumptions against the parameter registry's ranges."""
    out: dict[str, float] = {}
    for name, v in values.items():
        if name not in ASSUMPTION_NAMES:
            raise RequestError(422, f"'{name}' is not an adjustable assumption (adjustable: "
                                  f"{', '.join(ASSUMPTION_NAMES)})")
        par = parameter(name)
        x = float(v)
        if not (x == x) or not par.low <= x <= par.high:
            raise RequestError(422, f"{name} must lie in [{par.low:g}, {par.high:g}]")
        out[name] = x
    return out


def check_replications(n: int, limit: int) -> int:
    if not 1 <= n <= limit:
        raise RequestError(422 if n < 1 else 413, f"replications must lie in 1..{limit:,} "
                                                f"(asked for {n:,})")
    return n


def assumed_run(runner: Runner, st: Structure, priors: ResolvedPriors, digest: str, lens: str,
                seed: int, replications: int, values: Mapping[str, float],
                deadline: Deadline) -> PolicyResult:
    """One policy with ``values`` fixed, on the What-if stream (cached by the runner).

    Every What-if number comes from here: with no value fixed it is the lens's own
    run, and runs that differ only in ``values`` share their random numbers.
    """
    key = ("whatif", digest, st.policy_id, lens, seed, replications,
           tuple(sorted(values.items())))
    cids = [c.id for c in st.commitments]

    def work(limit: Deadline) -> PolicyResult:
        tally = simulate_assumed(st, priors, seed, replications, values, CHUNK,
                                 on_chunk=limit)
        return PolicyResult.from_tally(st.policy_id, tally, st.crisis, cids)

    result: PolicyResult = runner.run(key, work, deadline)
    return result


def change(after: PolicyResult, before: PolicyResult, outcome: str
           ) -> dict[str, float | bool] | None:
    """``after − before`` on ``outcome`` with its 95 % interval (``None`` when either
    estimate is missing).

    The two runs share their random numbers (the What-if stream), so the interval is
    the paired one of :func:`foedus.study.paired.gap` (``paired`` true); a conditional
    outcome falls back to the unpaired interval (``paired`` false).
    """
    g = gap(after, before, outcome)
    return None if g is None else g.to_dict()


def _best(result: Result, key: str) -> dict[str, Any] | None:
    v = rank_outcome(result, key)
    if v.best is None:
        return None
    return {"best": v.best.policy, "leaders": list(v.leaders), "clear": v.clear}


def whatif_all(doc: Document, lens: str, assumptions: Mapping[str, float],
               replications: int, seed: int | None, runner: Runner) -> dict[str, Any]:
    """Every policy under the lens and with ``assumptions`` fixed: does the ranking change?

    Returns ``{"lens": RESULT, "adjusted": RESULT | None, "changes": {policy: {outcome:
    {"diff", "lo", "hi"} | None}}, "ranking": {outcome: {"lens": BEST, "adjusted": BEST,
    "changed": bool}}, ...}`` where RESULT is the JSON contract of ``foedus compare``
    and BEST names the best policy, the policies tied with it and whether its lead is
    clear (:func:`foedus.study.verdict.rank_outcome`). ``changed`` is true when the
    best policy differs.
    """
    s = doc.scenario
    fixed = check_assumptions(assumptions)
    priors = resolve(doc, lens)
    use_seed = s.seed if seed is None else seed
    digest = scenario_hash(s)
    limit = runner.deadline()
    t0 = time.perf_counter()
    base: dict[str, PolicyResult] = {}
    adjusted: dict[str, PolicyResult] = {}
    for p in s.policies:
        st = compile_structure(s, p)
        base[p.id] = assumed_run(runner, st, priors, digest, lens, use_seed, replications,
                                 {}, limit)
        if fixed:
            adjusted[p.id] = assumed_run(runner, st, priors, digest, lens, use_seed,
                                         replications, fixed, limit)
    lens_res = Result(s.id, lens, use_seed, replications, s.horizon, __version__, False, base)
    adj_res = (Result(s.id, lens, use_seed, replications, s.horizon, __version__, False,
                      adjusted) if fixed else None)
    changes: dict[str, dict[str, dict[str, float] | None]] = {}
    ranking: dict[str, dict[str, Any]] = {}
    if adj_res is not None:
        for pid in base:
            changes[pid] = {k: change(adjusted[pid], base[pid], k) for k in OUTCOME_KEYS}
    for k in OUTCOME_KEYS:
        before = _best(lens_res, k)
        if before is None:
            continue
        after = None if adj_res is None else _best(adj_res, k)
        ranking[k] = {"lens": before, "adjusted": after,
                      "changed": after is not None and after["best"] != before["best"]}
    return {"lens": lens_res.to_dict(False), "adjusted": None if adj_res is None
            else adj_res.to_dict(False), "assumptions": fixed, "changes": changes,
            "ranking": ranking, "headline": HEADLINE_OUTCOME,
            "elapsed_s": round(time.perf_counter() - t0, 3)}


def tornado(doc: Document, policy: str, lens: str, outcome: str, replications: int,
            seed: int | None, runner: Runner,
            names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """One-at-a-time swings of ``outcome`` of ``policy`` over each prior's central range.

    Each assumption in ``names`` (default: every What-if assumption) is fixed in turn at
    the two ends of its prior's central range (:data:`RANGE_MASS` of the prior,
    :func:`foedus.study.prior_range.central_range`, clipped to the slider's range) with
    every other parameter drawn from the lens's priors; the swing is the outcome at the
    upper end minus the outcome at the lower end. Point-mass priors are listed as
    fixed by the lens, with no swing. Bars are sorted by the size of the swing.
    """
    s = doc.scenario
    if policy not in {p.id for p in s.policies}:
        raise RequestError(422, f"unknown policy '{policy}' (available: "
                              f"{', '.join(p.id for p in s.policies)})")
    if outcome not in OUTCOME_KEYS:
        raise RequestError(422, f"unknown outcome '{outcome}' (available: "
                              f"{', '.join(OUTCOME_KEYS)})")
    chosen = ASSUMPTION_NAMES if names is None else names
    controls = {a.name: a for a in ASSUMPTIONS}
    priors = resolve(doc, lens)
    use_seed = s.seed if seed is None else seed
    st = compile_structure(s, s.policy(policy))
    digest = scenario_hash(s)
    limit = runner.deadline()
    t0 = time.perf_counter()

    def run(values: dict[str, float]) -> PolicyResult:
        return assumed_run(runner, st, priors, digest, lens, use_seed, replications, values,
                           limit)

    base = run({}).outcomes.get(outcome)
    bars: list[dict[str, Any]] = []
    fixed: list[dict[str, Any]] = []
    for name in chosen:
        a = controls[name]
        prior = priors.entries[name].prior
        if is_point_mass(prior):
            fixed.append({"name": name, "label": a.label, "value": prior.mean()})
            continue
        lo, hi = (min(a.high, max(a.low, x)) for x in central_range(prior))
        run_lo, run_hi = run({name: lo}), run({name: hi})
        at_lo, at_hi = run_lo.outcomes.get(outcome), run_hi.outcomes.get(outcome)
        if at_lo is None or at_hi is None or base is None:
            continue
        bars.append({"name": name, "label": a.label, "low": lo, "high": hi,
                     "at_low": at_lo.to_dict(), "at_high": at_hi.to_dict(),
                     "swing": change(run_hi, run_lo, outcome)})
    bars.sort(key=lambda b: -abs(b["swing"]["diff"]))
    return {"scenario": s.id, "policy": policy, "lens": lens, "outcome": outcome,
            "replications": replications, "seed": use_seed, "mass": RANGE_MASS,
            "base": None if base is None else base.to_dict(), "bars": bars, "fixed": fixed,
            "elapsed_s": round(time.perf_counter() - t0, 3)}


def whatif(doc: Document, policy: str, lens: str, assumptions: Mapping[str, float],
           replications: int, seed: int | None, runner: Runner) -> dict[str, Any]:
    """The lens's own run and the run with ``assumptions`` fixed, as one result dict.

    The result's two "policies" are ``lens`` and ``adjusted``; ``adjusted`` is
    omitted when no assumption is fixed.
    """
    s = doc.scenario
    if policy not in {p.id for p in s.policies}:
        raise RequestError(422, f"unknown policy '{policy}' (available: "
                              f"{', '.join(p.id for p in s.policies)})")
    fixed = check_assumptions(assumptions)
    priors = resolve(doc, lens)
    use_seed = s.seed if seed is None else seed
    st = compile_structure(s, s.policy(policy))
    digest = scenario_hash(s)

    limit = runner.deadline()

    def one(values: dict[str, float]) -> PolicyResult:
        return assumed_run(runner, st, priors, digest, lens, use_seed, replications, values,
                           limit)

    t0 = time.perf_counter()
    pols = {"lens": one({})}
    if fixed:
        pols["adjusted"] = one(fixed)
    res = Result(s.id, lens, use_seed, replications, s.horizon, __version__, False, pols)
    return {"result": res.to_dict(False), "policy": policy, "assumptions": fixed,
            "elapsed_s": round(time.perf_counter() - t0, 3)}


def compare_key(doc: Document, lens: str, replications: int, seed: int | None
                ) -> tuple[Any, ...]:
    """The cache key of a comparison (see :meth:`Runner.cached`)."""
    s = doc.scenario
    return ("compare", scenario_hash(s), lens, s.seed if seed is None else seed, replications)


def compare(doc: Document, lens: str, replications: int, seed: int | None,
            runner: Runner, progress: Callable[[int], None] | None = None,
            deadline: Deadline | None = None) -> Result:
    """Every policy of ``doc`` under ``lens`` (the numbers of ``foedus compare``).

    ``progress`` is called with the replications done after every chunk (a background
    job's counter); ``deadline`` replaces the runner's per-request limit.
    """
    s = doc.scenario
    priors = resolve(doc, lens)
    use_seed = s.seed if seed is None else seed
    key = compare_key(doc, lens, replications, seed)

    def work(limit: Deadline) -> Result:
        def tick(n: int) -> None:
            limit(n)
            if progress is not None:
                progress(n)

        spec = RunSpec(replications, use_seed, CHUNK, False)
        out: dict[str, PolicyResult] = {}
        for p in s.policies:
            st = compile_structure(s, p)
            tally = simulate(st, priors, spec, tick)
            out[p.id] = PolicyResult.from_tally(p.id, tally, st.crisis,
                                                [c.id for c in st.commitments])
        return Result(s.id, lens, use_seed, replications, s.horizon, __version__, False, out)

    result: Result = runner.run(key, work, deadline)
    return result
