"""Parallel efficiency of a parameter sweep on a local Dask cluster, against a serial run.

One process measures, interleaved and repeated (the best of the repeats is kept):

* ``serial``: :class:`foedus.scaleout.sweep.Sweep` running every task in this process;
* ``parallel``: the same sweep on a local Dask cluster of ``--workers`` single-threaded
  worker processes, started once beforehand (its start-up is reported apart).

Both are end-to-end sweeps (each a new study): tasks, their results written to a results
store as they finish, the merge and the final record. Parallel efficiency is
``serial / (workers x parallel)``; the results of both are checked to be identical.

Usage: ``python benchmarks/sweep_efficiency.py [--json] [--workers 2] [--repeats 3]``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from foedus.scaleout.scheduler import DaskExecutor, Executor  # noqa: E402
from foedus.scaleout.sweep import TASK_WORK, Sweep  # noqa: E402
from foedus.scenario.library import load  # noqa: E402
from foedus.scenario.loader import Document  # noqa: E402
from foedus.store.store import ResultsStore  # noqa: E402

SCENARIO = "ukraine-2025"
POLICY = "article5"
GRID = ["threat_base=0.05,0.2,0.35,0.5,0.65,0.8,0.95", "q_target=0.05,0.2"]
SEED = 20_251_103


def _sweep(doc: Document, store: ResultsStore, reps: int,
           scheduler: Executor | None) -> tuple[float, Sweep]:
    t0 = time.perf_counter()
    sw = Sweep(POLICY, GRID, store, replications=reps, seed=SEED,
               scheduler=scheduler).run(doc)
    return time.perf_counter() - t0, sw


def measure(workers: int, repeats: int, reps: int) -> dict[str, Any]:
    doc = load(SCENARIO)
    with tempfile.TemporaryDirectory() as tmp:
        store = ResultsStore(Path(tmp) / "bench.duckdb")
        t0 = time.perf_counter()
        with DaskExecutor(None, workers=workers) as cluster:
            startup = time.perf_counter() - t0
            _sweep(doc, store, 1000, cluster)  # warm-up: imports on the workers
            serial: list[float] = []
            parallel: list[float] = []
            for _ in range(repeats):
                ts, a = _sweep(doc, store, reps, None)
                tp, b = _sweep(doc, store, reps, cluster)
                if a.result_.to_dict() != b.result_.to_dict():
                    raise SystemExit("serial and parallel sweeps differ")
                serial.append(ts)
                parallel.append(tp)
        cells = len(a.result_.cells)
        s, p = min(serial), min(parallel)
        rep_months = cells * reps * a.result_.horizon_months
        return {
            "scenario": SCENARIO, "policy": POLICY, "grid": GRID, "cells": cells,
            "replications_per_cell": reps, "tasks": a.tasks_total_,
            "task_work_replication_months": TASK_WORK, "workers": workers,
            "cpus": os.cpu_count(), "repeats": repeats,
            "serial_s": round(s, 3), "parallel_s": round(p, 3),
            "speedup": round(s / p, 3), "parallel_efficiency": round(s / (workers * p), 3),
            "serial_replication_months_per_s": round(rep_months / s),
            "cluster_startup_s": round(startup, 3),
            "efficiency_with_startup": round(s / (workers * (p + startup)), 3),
            "all_serial_s": [round(x, 3) for x in serial],
            "all_parallel_s": [round(x, 3) for x in parallel],
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--reps", type=int, default=20_000, help="replications per cell")
    ap.add_argument("--json", action="store_true", help="print JSON only")
    args = ap.parse_args()
    r = measure(args.workers, args.repeats, args.reps)
    if args.json:
        print(json.dumps(r, indent=2))
        return
    print(f"{r['cells']} cells x {r['replications_per_cell']:,} replications ({r['tasks']} "
          f"tasks), {r['workers']} workers on {r['cpus']} CPUs")
    print(f"serial   {r['serial_s']:.2f} s ({r['serial_replication_months_per_s']:,} "
          "replication-months/s)")
    print(f"parallel {r['parallel_s']:.2f} s: speed-up {r['speedup']:.2f}, parallel "
          f"efficiency {r['parallel_efficiency']:.2f}")
    print(f"cluster start-up {r['cluster_startup_s']:.1f} s (efficiency counting it: "
          f"{r['efficiency_with_startup']:.2f})")


if __name__ == "__main__":
    main()
