"""Throughput of the engine on ukraine-2025 (all policies), in replication-months per second.

Measured in one process, single-threaded, interleaved and repeated (the best
of the repeats is reported):

* ``kernel``: :func:`foedus.engine.simulate.simulate` with the compiled rules
  (``engine="compiled"``, chunks of 20,000 replications, quiet months skipped);
* ``reference``: the same rules run by Python (``engine="reference"``);
* ``rng_floor``: each block's inputs plus one draw of a replication's stream
  per replication-month, compiled, and nothing else: the cost of drawing
  every month, which skipping quiet months may beat;
* ``previous_kernel``: the retired hand-ported numba kernel, run from the
  source tree of :data:`PREVIOUS` (extracted from git into a temporary folder
  and measured in a subprocess, in the same run); ``null`` without git history.

Usage: ``python benchmarks/engine.py [--json] [--repeats 3]``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numba  # noqa: E402
import numpy as np  # noqa: E402

from foedus.engine.inputs import draw_inputs  # noqa: E402
from foedus.engine.simulate import RunSpec, block_ranges, block_seeds, simulate  # noqa: E402
from foedus.engine.structure import Structure, compile_structure  # noqa: E402
from foedus.evidence.lenses import ResolvedPriors, resolve  # noqa: E402
from foedus.model.rng import uniform  # noqa: E402
from foedus.scenario.library import load  # noqa: E402

SCENARIO = "ukraine-2025"
SEED = 20_251_103
CHUNK = 20_000
#: The last commit with the hand-ported numba kernel (engine/compiled.py's port).
PREVIOUS = "3060cbd5e27b8c5664046b560c13b2c0884fab5e"
ROOT = Path(__file__).resolve().parents[1]

_PREVIOUS_SCRIPT = """
import sys, time
sys.path.insert(0, sys.argv[1])
from foedus.engine.simulate import RunSpec, simulate
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.scenario.library import load
doc = load("ukraine-2025")
sts = [compile_structure(doc.scenario, doc.scenario.policy(p.id)) for p in doc.scenario.policies]
pri = resolve(doc, "evidence")
reps, repeats = int(sys.argv[2]), int(sys.argv[3])
for st in sts:
    simulate(st, pri, RunSpec(1000, 1, chunk_size=20000, engine="numba"))
best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter()
    for st in sts:
        simulate(st, pri, RunSpec(reps, 20251103, chunk_size=20000, engine="numba"))
    best = min(best, time.perf_counter() - t0)
print(reps * sum(st.horizon for st in sts) / best)
"""


def _structures() -> tuple[list[Structure], ResolvedPriors]:
    doc = load(SCENARIO)
    sts = [compile_structure(doc.scenario, doc.scenario.policy(p.id))
           for p in doc.scenario.policies]
    return sts, resolve(doc, "evidence")


def time_kernel(sts: list[Structure], priors: ResolvedPriors, reps: int,
                engine: str = "compiled") -> float:
    """Seconds for :func:`simulate` to run ``reps`` replications of every policy."""
    t0 = time.perf_counter()
    for st in sts:
        simulate(st, priors, RunSpec(reps, SEED, chunk_size=CHUNK, engine=engine))
    return time.perf_counter() - t0


@numba.njit(nogil=True)
def _draw_months(seeds: np.ndarray, months: int) -> float:  # pragma: no cover - compiled
    total = 0.0
    s = np.empty(6, np.int64)
    for r in range(seeds.shape[0]):
        for i in range(6):
            s[i] = seeds[r, i]
        for _t in range(months):
            total += uniform(s)
    return total


def time_rng_floor(sts: list[Structure], priors: ResolvedPriors, reps: int) -> float:
    """Seconds to draw the inputs and one stream draw per replication-month."""
    t0 = time.perf_counter()
    for st in sts:
        ranges = block_ranges(reps)
        for sq, (a, b) in zip(block_seeds(SEED, len(ranges)), ranges,
                              strict=True):
            inp = draw_inputs(st, priors, np.random.Generator(np.random.PCG64(sq)), b - a,
                              False)
            _draw_months(inp.seeds, st.horizon)
    return time.perf_counter() - t0


def previous_kernel(reps: int, repeats: int) -> float | None:
    """Rate of the retired numba kernel, from :data:`PREVIOUS`'s source tree (or None)."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", PREVIOUS, "src/foedus"],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            out = subprocess.run([sys.executable, "-c", _PREVIOUS_SCRIPT,
                                  str(Path(tmp) / "src"), str(reps), str(repeats)],
                                 check=True, capture_output=True, text=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
    return float(out.strip().splitlines()[-1])


def measure(reps: int, ref_reps: int, repeats: int, previous: bool = True
            ) -> dict[str, float | None]:
    """Best-of-``repeats`` rates, in replication-months per second."""
    sts, priors = _structures()
    months = sum(st.horizon for st in sts)
    best = {"kernel": np.inf, "reference": np.inf, "rng_floor": np.inf}
    time_kernel(sts, priors, 1_000)  # warm up (imports, caches, compilation)
    time_rng_floor(sts, priors, 1_000)
    for _ in range(repeats):
        best["kernel"] = min(best["kernel"], time_kernel(sts, priors, reps))
        best["rng_floor"] = min(best["rng_floor"], time_rng_floor(sts, priors, reps))
        best["reference"] = min(best["reference"],
                                time_kernel(sts, priors, ref_reps, "reference"))
    prev = previous_kernel(reps, repeats) if previous else None
    kernel = reps * months / best["kernel"]
    return {
        "kernel_rep_months_per_s": kernel,
        "reference_rep_months_per_s": ref_reps * months / best["reference"],
        "rng_floor_rep_months_per_s": reps * months / best["rng_floor"],
        "previous_kernel_rep_months_per_s": prev,
        "ratio_kernel_to_previous": None if prev is None else kernel / prev,
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
    ap.add_argument("--no-previous", action="store_true",
                    help="skip measuring the retired kernel from git history")
    args = ap.parse_args()
    r = measure(args.replications, args.reference_replications, args.repeats,
                not args.no_previous)
    if args.json:
        print(json.dumps(r))
        return
    print(f"{SCENARIO}, all policies, single thread, best of {args.repeats}")
    for key, label in (("kernel_rep_months_per_s", "compiled rules (simulate)"),
                       ("previous_kernel_rep_months_per_s", "retired numba kernel"),
                       ("rng_floor_rep_months_per_s", "RNG floor (a draw a month)"),
                       ("reference_rep_months_per_s", "reference (same rules, Python)")):
        if r[key] is not None:
            print(f"  {label:32s} {r[key]:14,.0f}")
    if r["ratio_kernel_to_previous"] is not None:
        print(f"  compiled / retired kernel = {r['ratio_kernel_to_previous']:.2f}")


if __name__ == "__main__":
    main()
