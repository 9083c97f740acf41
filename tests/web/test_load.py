"""Load on loopback: 50 concurrent What-if requests to a live server are each answered
200, or 429 with ``Retry-After`` once the simulation queue is full (timings: the
benchmark ``benchmarks/load.py``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.web.conftest import Server


def test_fifty_concurrent_whatif_requests(server_factory: Callable[[], Server]) -> None:
    srv = server_factory().start()

    def one(i: int) -> tuple[int, float, str | None]:
        body = {"scenario": "ukraine-2025", "policy": "reassurance-force",
                "replications": 2000, "seed": i % 5,
                "assumptions": {"q_target": round(0.02 * (i % 10), 2)}}
        t = time.perf_counter()
        r = httpx.post(srv.url + "/api/whatif", json=body, timeout=60)
        return r.status_code, time.perf_counter() - t, r.headers.get("retry-after")

    t0 = time.perf_counter()
    with ThreadPoolExecutor(50) as pool:
        got = list(pool.map(one, range(50)))
    wall = time.perf_counter() - t0
    print(f"50 concurrent What-if requests (2,000 replications, 2 runs each): "
          f"{wall:.2f} s wall, slowest {max(t for _, t, _ in got):.2f} s")
    assert {s for s, _, _ in got} <= {200, 429}
    assert sum(s == 200 for s, _, _ in got) >= 2
    assert all(ra is not None and int(ra) >= 1 for s, _, ra in got if s == 429)
    assert wall < 60  # bounded: the queue and the time limit keep every request finite
