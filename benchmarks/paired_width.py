"""How much narrower paired intervals on common random numbers are than unpaired ones.

Simulates two policies of a scenario on common random numbers (the engine's default), then
gives, for every outcome, the 95 % interval on the difference ``A − B`` twice: unpaired
(:func:`foedus.study.intervals.difference`, Newcombe's hybrid score interval, as if the two
runs were independent) and paired (:func:`foedus.study.paired.gap`), with the ratio of
their half-widths.

Usage: ``python benchmarks/paired_width.py [--scenario ukraine-2025] [--a article5]
[--b neutrality] [--reps 20000] [--seed S] [--json]``.
"""

from __future__ import annotations

import argparse
import json

from foedus.study.intervals import difference
from foedus.study.paired import gap
from foedus.study.result import OUTCOME_KEYS
from foedus.study.simulation import Simulation


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="ukraine-2025")
    ap.add_argument("--a", default="article5")
    ap.add_argument("--b", default="neutrality")
    ap.add_argument("--reps", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = Simulation(replications=args.reps, seed=args.seed).run(
        args.scenario, [args.a, args.b]).result_
    a, b = res.policies[args.a], res.policies[args.b]
    rows = []
    for key in OUTCOME_KEYS:
        g = gap(a, b, key)
        ea, eb = a.outcomes.get(key), b.outcomes.get(key)
        if g is None or ea is None or eb is None:
            continue
        d, lo, hi = difference((ea.value, ea.lo, ea.hi), (eb.value, eb.lo, eb.hi))
        unpaired = (hi - lo) / 2
        paired = (g.estimate.hi - g.estimate.lo) / 2
        rows.append({"outcome": key, "difference": d, "unpaired_half_width": unpaired,
                     "paired_half_width": paired, "paired": g.paired,
                     "ratio": paired / unpaired if unpaired > 0 else None})
    out = {"scenario": res.scenario, "a": args.a, "b": args.b, "replications": args.reps,
           "seed": res.seed, "outcomes": rows}
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"{res.scenario}: {args.a} − {args.b}, {args.reps:,} replications, seed {res.seed}")
    print(f"{'outcome':<24}{'difference':>11}{'unpaired ±':>12}{'paired ±':>10}{'ratio':>7}")
    for r in rows:
        scale = 1.0 if r["outcome"] == "months_of_peace" else 100.0
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}"
        print(f"{r['outcome']:<24}{r['difference'] * scale:>11.2f}"
              f"{r['unpaired_half_width'] * scale:>12.2f}{r['paired_half_width'] * scale:>10.2f}"
              f"{ratio:>7}{'' if r['paired'] else '  (no pairs)'}")


if __name__ == "__main__":
    main()
