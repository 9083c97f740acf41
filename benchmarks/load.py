"""Load test on loopback: 100 concurrent What-if requests, and page GETs during the burst.

Starts ``foedus serve`` on a free 127.0.0.1 port with a temporary store, sends
``--n`` (default 100) concurrent What-if requests (distinct seeds, so none is
answered from the cache) and, while they run, page GETs one after another
(``/scenarios``, ``/api/scenarios``, ``/runs``, ``/scenarios/ukraine-2025``). Prints
the count of each status, p50/p95/max latency of the What-if answers (200 and
429 apart) and of the GETs, and whether every 429 carried ``Retry-After``.
Loopback only; nothing else is contacted. Usage::

    python benchmarks/load.py [--n 100] [--replications 5000]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np

PAGES = ("/scenarios", "/api/scenarios", "/runs", "/scenarios/ukraine-2025")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(xs: list[float]) -> str:
    if not xs:
        return "none"
    a = np.asarray(xs)
    return (f"n={len(a)} p50 {np.percentile(a, 50):.3f} s, p95 {np.percentile(a, 95):.3f} s, "
            f"max {a.max():.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--replications", type=int, default=5000)
    args = ap.parse_args()
    port = _port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from foedus.cli.app import main; main()", "serve",
             "--port", str(port), "--store", str(Path(tmp) / "runs.duckdb")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            for _ in range(600):
                try:
                    if httpx.get(url + "/api/scenarios", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                raise SystemExit("the server did not start")
            for p in PAGES:  # warm
                httpx.get(url + p, timeout=30)
            done = threading.Event()
            gets: list[float] = []
            get_status: list[int] = []

            def pages() -> None:
                with httpx.Client(timeout=60) as c:
                    i = 0
                    while not done.is_set():
                        t = time.perf_counter()
                        r = c.get(url + PAGES[i % len(PAGES)])
                        gets.append(time.perf_counter() - t)
                        get_status.append(r.status_code)
                        i += 1
                        time.sleep(0.05)

            def whatif(i: int) -> tuple[int, float, str | None]:
                body = {"scenario": "ukraine-2025", "policy": "reassurance-force",
                        "replications": args.replications, "seed": 1000 + i,
                        "assumptions": {"q_target": 0.3}}
                t = time.perf_counter()
                r = httpx.post(url + "/api/whatif", json=body, timeout=120)
                return r.status_code, time.perf_counter() - t, r.headers.get("retry-after")

            g = threading.Thread(target=pages)
            g.start()
            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.n) as pool:
                got = list(pool.map(whatif, range(args.n)))
            wall = time.perf_counter() - t0
            done.set()
            g.join()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    statuses: dict[int, int] = {}
    for s, _, _ in got:
        statuses[s] = statuses.get(s, 0) + 1
    print(f"{args.n} concurrent What-if requests ({args.replications:,} replications, "
          f"2 runs each) on {os.cpu_count()} CPUs: {wall:.1f} s wall; statuses {statuses}")
    print(f"  What-if 200: {_pct([t for s, t, _ in got if s == 200])}")
    print(f"  What-if 429: {_pct([t for s, t, _ in got if s == 429])}; every 429 with "
          f"Retry-After: {all(ra is not None for s, _, ra in got if s == 429)}")
    print(f"  page GETs during the burst: {_pct(gets)}; statuses {sorted(set(get_status))}")


if __name__ == "__main__":
    main()
