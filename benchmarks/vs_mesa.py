"""Throughput of the foedus kernel against an idiomatic Mesa 3 model of the same rules.

Both run ``ukraine-2025`` (every policy, evidence lens) in one process, single
threaded, interleaved and repeated (the best of the repeats is kept), in
replication-months per second. Mesa runs one model per replication
(``benchmarks/mesa_model.py``); the kernel runs chunks of 20,000 replications
through :func:`foedus.engine.simulate.simulate` with the numpy engine and, if
numba is installed, the compiled engine.

Usage: ``python benchmarks/vs_mesa.py [--json] [--repeats 3]``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from foedus.engine.inputs import draw_inputs  # noqa: E402
from foedus.engine.simulate import RunSpec, simulate  # noqa: E402
from foedus.engine.structure import Structure, compile_structure  # noqa: E402
from foedus.evidence.lenses import ResolvedPriors, resolve  # noqa: E402
from foedus.scenario.library import load  # noqa: E402
from mesa_model import simulate_mesa  # noqa: E402

SCENARIO = "ukraine-2025"
SEED = 20_251_103


def _structures() -> tuple[list[Structure], ResolvedPriors]:
    doc = load(SCENARIO)
    return ([compile_structure(doc.scenario, doc.scenario.policy(p.id))
             for p in doc.scenario.policies], resolve(doc, "evidence"))


def time_mesa(sts: list[Structure], priors: ResolvedPriors, reps: int) -> float:
    """Seconds for Mesa to run ``reps`` replications of every policy (inputs included)."""
    t0 = time.perf_counter()
    for i, st in enumerate(sts):
        inp = draw_inputs(st, priors, np.random.default_rng([SEED, i]), reps, False)
        simulate_mesa(st, inp, SEED + i)
    return time.perf_counter() - t0


def time_kernel(sts: list[Structure], priors: ResolvedPriors, reps: int, engine: str) -> float:
    """Seconds for :func:`simulate` to run ``reps`` replications of every policy."""
    t0 = time.perf_counter()
    for st in sts:
        simulate(st, priors, RunSpec(reps, SEED, engine=engine))
    return time.perf_counter() - t0


def measure(reps: int, mesa_reps: int, repeats: int) -> dict[str, float | None]:
    """Best-of-``repeats`` rates (replication-months per second) and ratios."""
    sts, priors = _structures()
    months = sum(st.horizon for st in sts)
    engines = ["compiled"]
    for e in engines:  # warm-up: imports, caches, compilation
        time_kernel(sts, priors, 1_000, e)
    time_mesa(sts[:1], priors, 2)
    best = {k: np.inf for k in ("mesa", *engines)}
    for _ in range(repeats):
        for e in engines:
            best[e] = min(best[e], time_kernel(sts, priors, reps, e))
        best["mesa"] = min(best["mesa"], time_mesa(sts, priors, mesa_reps))
    rate = {k: (reps if k != "mesa" else mesa_reps) * months / v for k, v in best.items()}
    return {
        "mesa_rep_months_per_s": rate["mesa"],
        "kernel_rep_months_per_s": rate["compiled"],
        "ratio_kernel_to_mesa": rate["compiled"] / rate["mesa"],
    }


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--replications", type=int, default=20_000,
                    help="kernel replications per policy")
    ap.add_argument("--mesa-replications", type=int, default=100,
                    help="Mesa replications per policy")
    ap.add_argument("--repeats", type=int, default=3, help="repeats (best is kept)")
    args = ap.parse_args()
    r = measure(args.replications, args.mesa_replications, args.repeats)
    if args.json:
        print(json.dumps(r))
        return
    print(f"{SCENARIO}, all policies, single thread, best of {args.repeats} (rep-months/s)")
    for key, label in (("mesa_rep_months_per_s", "Mesa 3 model"),
                       ("kernel_rep_months_per_s", "compiled rules")):
        if r[key] is not None:
            print(f"  {label:16s} {r[key]:14,.0f}")
    print(f"  compiled / Mesa = {r['ratio_kernel_to_mesa']:,.0f}x")


if __name__ == "__main__":
    main()
