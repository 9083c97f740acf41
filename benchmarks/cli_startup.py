"""Start-up time of ``foedus --help`` against a bare Python start (a ratio, same machine).

    python benchmarks/cli_startup.py [--repeat 5] [--json]

Runs each command ``--repeat`` times in fresh processes and reports the best wall time
of each and their ratio; the figures in the report of a change come from here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time


def best_of(cmd: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    bare = best_of([sys.executable, "-c", "pass"], a.repeat)
    helps = best_of([sys.executable, "-c", "import sys; from foedus.cli.app import main; "
                     "sys.exit(main(['--help']))"], a.repeat)
    out = {"python_s": round(bare, 3), "foedus_help_s": round(helps, 3),
           "ratio": round(helps / bare, 1)}
    print(json.dumps(out) if a.json else
          f"python -c pass {bare:.3f} s · foedus --help {helps:.3f} s · ratio {helps / bare:.1f}")


if __name__ == "__main__":
    main()
