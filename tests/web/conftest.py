"""Fixtures of the web tests: an app on a temporary store, and a live server on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from foedus.web.app import create_app
from foedus.web.settings import WebSettings


def make_client(tmp: Path, **kw: object) -> TestClient:
    settings = WebSettings(store=tmp / "runs.duckdb", **kw)  # type: ignore[arg-type]
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path, whatif_replications=5000, compare_replications=2000,
                       game_replications=2000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``foedus serve`` in a subprocess on a free loopback port."""

    def __init__(self, store: Path, scenarios: Path | None = None) -> None:
        self.store = store
        self.scenarios = scenarios
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        cmd = [sys.executable, "-c", "from foedus.cli.app import main; main()", "serve",
               "--port", str(self.port), "--store", str(self.store)]
        if self.scenarios is not None:
            cmd += ["--scenarios", str(self.scenarios)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + self.proc.stderr.read().decode()  # type: ignore[union-attr]
                                   )
            try:
                if httpx.get(self.url + "/api/scenarios", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start in 30 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[[], Server]]:
    made: list[Server] = []

    def make() -> Server:
        s = Server(tmp_path / "runs.duckdb")
        made.append(s)
        return s

    yield make
    for s in made:
        s.stop()
