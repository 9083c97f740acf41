"""Status codes and headers of the hardening report, and a bad --scenarios folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastapi.testclient import TestClient

from foedus.web.compute import Deadline, Runner
from foedus.web.errors import RequestError
from tests.web.conftest import make_client

WHATIF = {"scenario": "july-1914", "policy": "as-in-1914"}


def test_unknown_run_is_404(client: TestClient) -> None:
    assert client.get("/api/runs/999").status_code == 404
    assert client.get("/runs/999").status_code == 404


def test_api_post_that_is_not_json_is_415(client: TestClient) -> None:
    r = client.post("/api/validate", content=b'{"text": "a"}',
                    headers={"content-type": "text/plain"})
    assert r.status_code == 415 and "JSON" in r.json()["error"]


def test_form_without_token_is_403(client: TestClient) -> None:
    r = client.post("/scenarios/validate", data={"text": "a: 1"})
    assert r.status_code == 403


def test_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(30):
            yield b"x" * 10_000

    r = client.post("/api/validate", content=chunks(),
                    headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_replications_zero_and_true_are_refused(client: TestClient) -> None:
    assert client.post("/api/whatif", json={**WHATIF, "replications": 0}).status_code == 422
    assert client.post("/api/whatif", json={**WHATIF, "replications": True}).status_code == 422
    assert client.post("/api/whatif", json={**WHATIF, "replications": "5"}).status_code == 422


def test_every_response_has_the_csp_header(client: TestClient) -> None:
    for r in (client.get("/nope"), client.get("/api/runs/999"), client.get("/scenarios"),
              client.post("/api/validate", content=b"x", headers={"content-type": "text/plain"})):
        assert "default-src 'self'" in r.headers["content-security-policy"], r.url
        assert r.headers["x-content-type-options"] == "nosniff"


def test_deep_file_validates_to_issues_not_500(client: TestClient) -> None:
    r = client.post("/api/validate", json={"text": "a: " + "[" * 400 + "]" * 400})
    assert r.status_code == 200 and not r.json()["ok"]
    assert "deeper than" in r.json()["issues"][0]


def test_bad_files_in_the_folder_are_listed_and_break_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "sc"
    folder.mkdir()
    (folder / "deep.yaml").write_text("a: " + "[" * 400 + "]" * 400)
    (folder / "tag.yaml").write_text("a: !!timestamp foo\n")
    (folder / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage")
    c = make_client(tmp_path, scenarios_dir=folder)
    for url in ("/scenarios", "/wargame", "/api/scenarios"):
        assert c.get(url).status_code == 200, url
    listed = {s["id"]: s["issues"] for s in c.get("/api/scenarios").json()["scenarios"]}
    assert all(listed[k] for k in ("deep", "tag", "binary"))
    assert c.get("/api/scenarios/deep").status_code == 404


def test_full_runner_answers_429_with_retry_after() -> None:
    import threading

    gate = threading.Event()
    runner = Runner(1, 30.0, 30.0, max_queue=0)

    def slow(_d: Deadline) -> int:
        gate.wait(10)
        return 1

    t = threading.Thread(target=runner.run, args=(("a",), slow))
    t.start()
    try:
        for _ in range(200):  # until the first request holds the only slot
            if runner._admitted == 1:
                break
            threading.Event().wait(0.01)
        try:
            runner.run(("b",), slow)
            raise AssertionError("expected 429")
        except RequestError as exc:
            assert exc.status == 429 and exc.retry_after is not None and exc.retry_after >= 1
    finally:
        gate.set()
        t.join()
    assert runner.run(("a",), slow) == 1  # cached
