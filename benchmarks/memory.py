"""Peak memory against the number of replications: it must not grow with them.

Each run is a fresh Python process that simulates one policy of
``ukraine-2025`` with :func:`foedus.engine.simulate.simulate` and reports its
peak resident set size (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, after
the result is computed). The ratio of the largest run's peak to the smallest
run's is the figure of merit (target: within 10 %).

Usage: ``python benchmarks/memory.py [--json] [--reps 100000 10000000]
[--engine compiled|reference] [--policy article5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

CHILD = """
import resource, sys, time
from foedus.engine.simulate import RunSpec, simulate
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.scenario.library import load
reps, engine, policy = int(sys.argv[1]), sys.argv[2], sys.argv[3]
doc = load("ukraine-2025")
st = compile_structure(doc.scenario, doc.scenario.policy(policy))
priors = resolve(doc, "evidence")
t0 = time.perf_counter()
tally = simulate(st, priors, RunSpec(reps, 20251103, engine=engine))
dt = time.perf_counter() - t0
assert tally.n == reps
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, dt, tally.war)
"""


def peak_kib(reps: int, engine: str, policy: str) -> tuple[int, float]:
    """Peak RSS (KiB) and seconds of a fresh process simulating ``reps`` replications."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    res = subprocess.run([sys.executable, "-c", CHILD, str(reps), engine, policy], env=env,
                         capture_output=True, text=True, check=True)
    kib, seconds, _war = res.stdout.split()
    return int(kib), float(seconds)


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--reps", type=int, nargs="+", default=[100_000, 10_000_000],
                    help="replication counts to compare (first is the reference)")
    ap.add_argument("--engine", choices=["compiled", "reference"], default="compiled")
    ap.add_argument("--policy", default="article5")
    args = ap.parse_args()
    runs = {r: peak_kib(r, args.engine, args.policy) for r in args.reps}
    base = runs[args.reps[0]][0]
    out = {"engine": args.engine, "policy": args.policy,
           "runs": [{"replications": r, "peak_rss_mib": kib / 1024, "seconds": s,
                     "ratio_to_first": kib / base} for r, (kib, s) in runs.items()]}
    out["max_ratio"] = max(x["ratio_to_first"] for x in out["runs"])
    if args.json:
        print(json.dumps(out))
        return
    print(f"ukraine-2025 / {args.policy}, engine {args.engine}: peak RSS")
    for x in out["runs"]:
        print(f"  {x['replications']:>12,d} replications  {x['peak_rss_mib']:8.1f} MiB  "
              f"x{x['ratio_to_first']:.3f}  ({x['seconds']:.1f} s)")


if __name__ == "__main__":
    main()
