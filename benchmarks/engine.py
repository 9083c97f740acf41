"""Throughput of the engine on ukraine-2025 (all policies), in replication-months per second.

Three figures, measured in one process, single-threaded, interleaved and
repeated (the best of the repeats is reported):

* ``kernel``: :func:`foedus.engine.simulate.simulate` (vectorised numpy
  kernel, chunks of 20,000 replications);
* ``kernel_numba``: the same with ``engine="numba"`` (the compiled kernel,
  identical results; ``null`` if numba is not installed);
* ``rng_floor``: generating exactly the kernel's random numbers and nothing
  else (each block's inputs, then per month a (block, K) float32
  ``Generator.random(out=...)`` fill per block and the transposing copy): no
  kernel can be faster than this with the same random stream;
* ``reference``: the scalar per-replication reference
  (:func:`foedus.engine.reference.simulate_reference`).

Usage: ``python benchmarks/engine.py [--json] [--repeats 3]``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from foedus.engine.kernel import Layout  # noqa: E402
from foedus.engine.reference import simulate_reference  # noqa: E402

from foedus.engine.inputs import draw_inputs  # noqa: E402
from foedus.engine.simulate import (  # noqa: E402
    BLOCK,
    RunSpec,
    block_ranges,
    block_seeds,
    simulate,
)
from foedus.engine.structure import Structure, compile_structure  # noqa: E402
from foedus.evidence.lenses import ResolvedPriors, resolve  # noqa: E402
from foedus.scenario.library import load  # noqa: E402

SCENARIO = "ukraine-2025"
SEED = 20_251_103
CHUNK = 20_000


def _structures() -> tuple[list[Structure], ResolvedPriors]:
    doc = load(SCENARIO)
    sts = [compile_structure(doc.scenario, doc.scenario.policy(p.id))
           for p in doc.scenario.policies]
    return sts, resolve(doc, "evidence")


def time_kernel(sts: list[Structure], priors: ResolvedPriors, reps: int,
                engine: str = "numpy") -> float:
    """Seconds for :func:`simulate` to run ``reps`` replications of every policy."""
    t0 = time.perf_counter()
    for st in sts:
        simulate(st, priors, RunSpec(reps, SEED, chunk_size=CHUNK, engine=engine))
    return time.perf_counter() - t0


def time_rng_floor(sts: list[Structure], priors: ResolvedPriors, reps: int) -> float:
    """Seconds to draw exactly the kernel's random numbers (inputs and monthly uniforms)."""
    t0 = time.perf_counter()
    for st in sts:
        ranges = block_ranges(reps)
        seeds = block_seeds(SEED, st.policy_id, len(ranges))
        lay = Layout.of(st)
        per_chunk = max(1, CHUNK // BLOCK)
        for start in range(0, len(ranges), per_chunk):
            blocks = range(start, min(start + per_chunk, len(ranges)))
            gens = [np.random.Generator(np.random.PCG64(seeds[b])) for b in blocks]
            sizes = [ranges[b][1] - ranges[b][0] for b in blocks]
            for g, k in zip(gens, sizes, strict=True):
                draw_inputs(st, priors, g, k, False)
            n = sum(sizes)
            buf = np.empty((n, lay.K), dtype=np.float32)
            out_t = np.empty((lay.K, n), dtype=np.float32)
            offsets = np.cumsum([0, *sizes]).tolist()
            for _t in range(st.horizon):
                for g, a, b in zip(gens, offsets[:-1], offsets[1:], strict=True):
                    g.random(out=buf[a:b], dtype=np.float32)
                np.copyto(out_t, buf.T)
    return time.perf_counter() - t0


def time_reference(sts: list[Structure], priors: ResolvedPriors, reps: int) -> float:
    """Seconds for the scalar reference to run ``reps`` replications of every policy."""
    inputs = [draw_inputs(st, priors, np.random.default_rng([SEED, i]), reps, False)
              for i, st in enumerate(sts)]
    t0 = time.perf_counter()
    for i, (st, inp) in enumerate(zip(sts, inputs, strict=True)):
        simulate_reference(st, inp, np.random.default_rng([SEED, 1, i]))
    return time.perf_counter() - t0


def measure(reps: int, ref_reps: int, repeats: int) -> dict[str, float | None]:
    """Best-of-``repeats`` rates, in replication-months per second."""
    sts, priors = _structures()
    months = sum(st.horizon for st in sts)
    best = {"kernel": np.inf, "kernel_numba": np.inf, "reference": np.inf, "rng_floor": np.inf}
    has_numba = importlib.util.find_spec("numba") is not None
    time_kernel(sts, priors, BLOCK)  # warm up (imports, caches, compilation)
    if has_numba:
        time_kernel(sts, priors, BLOCK, "numba")
    for _ in range(repeats):
        best["kernel"] = min(best["kernel"], time_kernel(sts, priors, reps))
        if has_numba:
            best["kernel_numba"] = min(best["kernel_numba"],
                                       time_kernel(sts, priors, reps, "numba"))
        best["rng_floor"] = min(best["rng_floor"], time_rng_floor(sts, priors, reps))
        best["reference"] = min(best["reference"], time_reference(sts, priors, ref_reps))
    return {
        "kernel_rep_months_per_s": reps * months / best["kernel"],
        "kernel_numba_rep_months_per_s": (reps * months / best["kernel_numba"]
                                          if has_numba else None),
        "reference_rep_months_per_s": ref_reps * months / best["reference"],
        "rng_floor_rep_months_per_s": reps * months / best["rng_floor"],
    }


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the rates as JSON")
    ap.add_argument("--replications", type=int, default=40_000,
                    help="kernel and RNG-floor replications per policy")
    ap.add_argument("--reference-replications", type=int, default=300,
                    help="reference replications per policy")
    ap.add_argument("--repeats", type=int, default=3, help="repeats (best is kept)")
    args = ap.parse_args()
    r = measure(args.replications, args.reference_replications, args.repeats)
    if args.json:
        print(json.dumps(r))
        return
    k, ref, floor = (r["kernel_rep_months_per_s"], r["reference_rep_months_per_s"],
                     r["rng_floor_rep_months_per_s"])
    kn = r["kernel_numba_rep_months_per_s"]
    assert k is not None and ref is not None and floor is not None
    print(f"{SCENARIO}, all policies, single thread, best of {args.repeats}")
    print(f"  {'':28s} {'rep-months/s':>14s}")
    print(f"  {'kernel (simulate, numpy)':28s} {k:14,.0f}")
    if kn is not None:
        print(f"  {'kernel (simulate, numba)':28s} {kn:14,.0f}")
    print(f"  {'RNG floor':28s} {floor:14,.0f}")
    print(f"  {'reference (scalar)':28s} {ref:14,.0f}")
    print(f"  kernel / RNG floor   = {k / floor:6.3f}  (time: {floor / k:.2f}x the floor)")
    if kn is not None:
        print(f"  numba / RNG floor    = {kn / floor:6.3f}  (time: {floor / kn:.2f}x the floor)")
    print(f"  kernel / reference   = {k / ref:8.1f}x")


if __name__ == "__main__":
    main()
