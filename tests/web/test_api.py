"""The JSON API and the pages through FastAPI's test client: content, limits, safety."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from foedus.scenario.library import load
from foedus.store.store import ResultsStore
from foedus.study.simulation import Simulation
from tests.web.conftest import make_client

PAGES = ["/scenarios", "/scenarios/ukraine-2025", "/scenarios/july-1914?lens=restraint",
         "/whatif/july-1914", "/compare/july-1914", "/runs", "/wargame", "/docs"]


def _token(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m is not None
    return m.group(1)


def test_every_page_renders_and_uses_local_plotly(client: TestClient) -> None:
    for url in PAGES:
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:300])
        assert '<script src="/vendor/plotly.min.js">' in r.text
        main = r.text.split('<main id="main"')[1].split("</main>")[0]
        assert "http://" not in main or url == "/runs"
        assert '<a class="skip" href="#main">' in r.text
    js = client.get("/vendor/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000
    schema = client.get("/openapi.json").json()
    for path in ("/api/scenarios", "/api/scenarios/{sid}", "/api/whatif", "/api/compare",
                 "/api/runs", "/api/runs/{record_id}", "/api/games", "/api/games/{game_id}",
                 "/api/games/{game_id}/step", "/api/validate"):
        assert path in schema["paths"], path


def test_scenario_api_lists_every_parameter_with_prior_and_source(client: TestClient) -> None:
    d = client.get("/api/scenarios/ukraine-2025", params={"lens": "deterrence"}).json()
    from foedus.evidence.registry import PARAMETERS

    assert [p["name"] for p in d["parameters"]] == [p.name for p in PARAMETERS]
    assert all(p["prior"] and p["source"] for p in d["parameters"])
    q = next(p for p in d["parameters"] if p["name"] == "q_target")
    assert q["origin"] == "deterrence"
    assert {a["id"] for a in d["actors"]} >= {"russia", "ukraine", "uk"}
    # eight hand-set policies and the deal as negotiated (foedus.negotiation)
    assert len(d["policies"]) == 11 and d["commitments"]
    assert d["policies"][-1]["id"] == "negotiated"


def test_whatif_moves_with_an_assumption_and_matches_compare(client: TestClient) -> None:
    body = {"scenario": "ukraine-2025", "policy": "reassurance-force", "lens": "evidence",
            "replications": 5000, "seed": 7}
    base = client.post("/api/whatif", json=body).json()
    assert list(base["result"]["policies"]) == ["lens"]
    hot = client.post("/api/whatif", json={**body, "assumptions": {"q_target": 0.9}}).json()
    gc = hot["result"]["policies"]
    # the lens run is the same with or without an adjustment (common random numbers)
    assert gc["lens"] == base["result"]["policies"]["lens"]
    assert (gc["adjusted"]["outcomes"]["guarantor_combat"]["p"]
            > gc["lens"]["outcomes"]["guarantor_combat"]["lo"] + 0.05)
    assert hot["figures"]["survival"]["data"]
    assert hot["rows"][0]["key"] == "deal_signed"


def test_whatif_for_every_policy_and_the_tornado(client: TestClient) -> None:
    body = {"scenario": "july-1914", "lens": "evidence", "replications": 2000, "seed": 7}
    base = client.post("/api/whatif", json=body).json()
    assert base["adjusted"] is None and base["changes"] == {}
    pols = list(base["lens"]["policies"])
    assert len(pols) > 1
    hot = client.post("/api/whatif", json={**body, "assumptions": {"threat_aversion": 1.0,
                                                                    "q_target": 0.9}}).json()
    assert hot["lens"] == base["lens"]  # common random numbers: the lens run is unchanged
    for p in pols:
        ch = hot["changes"][p]["war_by_horizon"]
        a = hot["adjusted"]["policies"][p]["outcomes"]["war_by_horizon"]["p"]
        b = hot["lens"]["policies"][p]["outcomes"]["war_by_horizon"]["p"]
        assert ch["diff"] == pytest.approx(a - b) and ch["lo"] <= ch["diff"] <= ch["hi"]
    head = hot["ranking"]["war_by_horizon"]
    assert head["changed"] == (head["lens"]["best"] != head["adjusted"]["best"])
    assert len(hot["rows"][0]["cells"]) == len(pols)
    t = client.post("/api/tornado", json={**body, "policy": pols[0],
                                          "outcome": "war_by_horizon"}).json()
    assert [f["name"] for f in t["fixed"]] == ["credibility_shift"]  # a point mass
    swings = [abs(b["swing"]["diff"]) for b in t["bars"]]
    assert swings == sorted(swings, reverse=True) and len(swings) == 6
    for b in t["bars"]:
        assert b["low"] < b["high"]
    assert t["figure"]["data"] and len(t["rows"]) == 7
    bad = client.post("/api/tornado", json={**body, "policy": pols[0], "outcome": "nope"})
    assert bad.status_code == 422


def test_api_docs_load_nothing_from_outside(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    srcs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert "/vendor/docs/swagger-ui-bundle.js" in srcs
    assert not [s for s in srcs if s.startswith(("http:", "https:", "//"))]
    js = client.get("/vendor/docs/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.content) > 100_000
    assert client.get("/redoc").status_code == 404  # ReDoc loads its logo from a CDN


def _finish(c: TestClient, job_id: str) -> dict[str, object]:
    for _ in range(600):
        j: dict[str, object] = c.get(f"/api/jobs/{job_id}").json()
        if j["state"] in ("done", "failed"):
            return j
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


def test_jobs_compare_and_sensitivity_with_progress(tmp_path: Path) -> None:
    c = make_client(tmp_path, sync_work=1000)
    assert c.app.state.foedus.settings.compare_replications == 20_000  # type: ignore[attr-defined]
    r = c.get("/compare/july-1914?replications=2000&seed=3", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/")
    jid = r.headers["location"].rsplit("/", 1)[1]
    assert c.get(f"/jobs/{jid}").status_code == 200
    j = _finish(c, jid)
    assert j["state"] == "done" and j["done"] == j["total"] == 3 * 2000
    rec = c.get(f"/api/runs/{j['record']}").json()
    want = Simulation(replications=2000, seed=3).run(load("july-1914")).result_.to_dict()
    assert rec["payload"]["policies"] == want["policies"]  # the CLI's numbers
    page = c.get(str(j["result_url"]), follow_redirects=False)
    assert page.status_code == 200 and 'id="verdict"' in page.text  # now cached
    r = c.post("/api/jobs", json={"kind": "sensitivity", "scenario": "july-1914",
                                  "policy": "as-in-1914", "n": 4, "replications": 100})
    assert r.status_code == 202
    j = _finish(c, r.json()["id"])
    assert j["state"] == "done" and str(j["result_url"]).startswith("/runs/")
    assert c.get(f"/api/runs/{j['record']}").json()["kind"] == "sensitivity"
    bad = c.post("/api/jobs", json={"kind": "sensitivity", "scenario": "july-1914",
                                    "policy": "nope", "n": 4})
    assert bad.status_code == 422 and "nope" in bad.json()["error"]
    big = c.post("/api/jobs", json={"kind": "compare", "scenario": "july-1914",
                                    "replications": 10_000_000})
    assert big.status_code == 413


def test_verdict_api_names_the_best_policy(client: TestClient) -> None:
    v = client.post("/api/verdict", json={"scenario": "july-1914", "replications": 2000,
                                          "seed": 3}).json()
    head = v["outcomes"][v["headline"]]
    assert v["answer"] and head["best"] in head["leaders"]
    assert isinstance(head["clear"], bool) and v["caveats"]


def test_compare_api_is_the_cli_contract(client: TestClient, july: object) -> None:
    got = client.post("/api/compare", json={"scenario": "july-1914", "replications": 2000,
                                            "seed": 3}).json()
    want = Simulation(replications=2000, seed=3).run(load("july-1914")).result_.to_dict()
    assert got == want


def test_limits_answer_clear_4xx_messages(tmp_path: Path) -> None:
    c = make_client(tmp_path, max_replications=10_000, max_body_bytes=5_000,
                    time_limit_s=0.01)
    r = c.post("/api/whatif", json={"scenario": "july-1914", "policy": "as-in-1914",
                                    "replications": 20_000})
    assert r.status_code == 413 and "1..10,000" in r.json()["error"]
    r = c.post("/api/whatif", json={"scenario": "ukraine-2025", "policy": "article5",
                                    "replications": 10_000})
    assert r.status_code == 408 and "limit" in r.json()["error"]
    r = c.post("/api/validate", json={"text": "x" * 10_000})
    assert r.status_code == 413 and "5,000 bytes" in r.json()["error"]
    r = c.post("/api/whatif", content=b"scenario=july-1914",
               headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code in (415, 422)
    r = c.post("/api/whatif", json={"scenario": "july-1914", "policy": "as-in-1914",
                                    "replications": 1000, "assumptions": {"q_target": 7}})
    assert r.status_code == 422 and "q_target must lie in [0, 1]" in r.json()["error"]
    r = c.post("/api/whatif", json={"scenario": "july-1914", "policy": "as-in-1914",
                                    "replications": 1000,
                                    "assumptions": {"attack_hazard": 0.1}})
    assert r.status_code == 422 and "not an adjustable assumption" in r.json()["error"]
    for url in ("/api/scenarios/..%2F..%2Fetc%2Fpasswd", "/api/scenarios/%2Fetc%2Fpasswd",
                "/api/scenarios/nope"):
        r = c.get(url)
        assert r.status_code == 404 and "Traceback" not in r.text, url
    r = c.get("/api/runs/99")
    assert r.status_code == 503 or r.status_code == 404
    assert "Traceback" not in r.text and r.json()["error"]
    r = c.get("/whatif/july-1914", params={"policy": "nope", "replications": "1000"})
    assert r.status_code == 422 and "unknown policy" in r.text and "Traceback" not in r.text


def test_validate_gives_the_cli_messages(client: TestClient) -> None:
    text = "id: x\nname: X\nadversary: a\nprotected: b\nactors: []\npolicies: []\nbogus: 1\n"
    d = client.post("/api/validate", json={"text": text, "name": "mine.yaml"}).json()
    assert d["ok"] is False
    assert any(re.match(r"mine\.yaml:\d+: ", m) for m in d["issues"])
    assert any("bogus: unknown field" in m for m in d["issues"])
    d = client.post("/api/validate", json={"text": "a: !!python/object:os.system x",
                                           "name": "evil.yaml"}).json()
    assert d["ok"] is False and d["issues"][0].startswith("evil.yaml")
    ok = client.post("/api/validate", json={"text": load("july-1914").text}).json()
    assert ok["ok"] is True


def test_forms_need_the_signed_token(client: TestClient) -> None:
    page = client.get("/scenarios")
    token = _token(page.text)
    r = client.post("/scenarios/validate", data={"text": "id: 1", "csrf_token": "x.y"})
    assert r.status_code == 403 and "reload" in r.text
    r = client.post("/scenarios/validate", data={"text": "id: [", "name": "t.yaml",
                                                 "csrf_token": token})
    assert r.status_code == 200 and "t.yaml:" in r.text
    # a token this server did not sign is refused even if cookie and field agree
    client.cookies.set("foedus_csrf", "abc.def")
    r = client.post("/wargame", data={"scenario": "july-1914", "policy": "as-in-1914",
                                      "role": "germany", "csrf_token": "abc.def"})
    assert r.status_code == 403


def test_game_through_the_api_persists_across_a_restart(tmp_path: Path) -> None:
    c = make_client(tmp_path, game_replications=1000)
    g = c.post("/api/games", json={"scenario": "ukraine-2025", "policy": "reassurance-force",
                                   "role": "uk", "horizon": 6, "seed": 2}).json()
    gid = g["id"]
    g = c.post(f"/api/games/{gid}/step", json={}).json()  # month 0
    assert g["month"] == 1
    c2 = make_client(tmp_path, game_replications=1000)  # a new process on the same store
    again = c2.get(f"/api/games/{gid}").json()
    assert again["history"] == g["history"] and again["month"] == 1
    while not again["finished"]:
        body = {"answer": again["prompt"]["options"][-1]} if again["prompt"] else {}
        r = c2.post(f"/api/games/{gid}/step", json=body)
        assert r.status_code == 200, r.text
        again = r.json()
    comp = again["comparison"]
    assert comp["replications"] == 1000 and len(comp["path"]) == 7
    assert [x["game_id"] for x in c2.get("/api/games").json()["games"]] == [gid]
    r = c2.post(f"/api/games/{gid}/step", json={})
    assert r.status_code == 422 and "over" in r.json()["error"]
    assert c2.get(f"/wargame/{gid}").status_code == 200
    assert c2.get("/api/games/0123456789abcdef").status_code == 404


def test_wargame_forms_play_a_game(client: TestClient) -> None:
    token = _token(client.get("/wargame?scenario=july-1914&policy=as-in-1914").text)
    r = client.post("/wargame", data={"scenario": "july-1914", "policy": "as-in-1914",
                                      "role": "germany", "lens": "evidence", "horizon": "4",
                                      "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    url = r.headers["location"]
    for _ in range(30):
        page = client.get(url).text
        if "the game is over" in page:
            break
        answer = re.search(r'name="answer" value="([^"]+)"', page)
        data = {"csrf_token": token, **({"answer": answer.group(1)} if answer else {})}
        assert client.post(url + "/step", data=data).status_code == 200
    assert "Your game against the model" in page


def test_runs_pages_show_stored_records_and_their_report(tmp_path: Path) -> None:
    store = ResultsStore(tmp_path / "runs.duckdb")
    doc = load("july-1914")
    res = Simulation(replications=1000, seed=2).run(doc).result_
    rid = store.record_result("compare", res, doc.scenario)
    store.record("sensitivity", payload={"indices": []},
                 rows=None, scenario=doc.scenario, lens="evidence")
    c = make_client(tmp_path)
    runs = c.get("/api/runs").json()["runs"]
    assert [r["kind"] for r in runs] == ["sensitivity", "compare"]
    assert c.get(f"/api/runs/{rid}").json()["payload"] == res.to_dict()
    page = c.get(f"/runs/{rid}")
    assert page.status_code == 200 and "Full report" in page.text
    rep = c.get(f"/runs/{rid}/report")
    assert rep.status_code == 200 and "js-plotly-plot" in rep.text or "plotly" in rep.text
    assert c.get(f"/runs/{rid + 1}").status_code == 200
    assert c.get(f"/runs/{rid + 1}/report").status_code == 404
    token = _token(c.get("/compare/july-1914?replications=1000").text)
    r = c.post("/compare/july-1914/record", data={"csrf_token": token,
                                                  "replications": "1000"},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/runs/{rid + 2}"


def test_scenario_folder_lists_good_and_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    text = load("july-1914").text.replace("id: july-1914", "id: my-1914", 1)
    (folder / "my-1914.yaml").write_text(text, encoding="utf-8")
    (folder / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    c = make_client(tmp_path, scenarios_dir=folder, compare_replications=1000)
    listed = {s["id"]: s for s in c.get("/api/scenarios").json()["scenarios"]}
    assert listed["my-1914"]["origin"] == "folder" and not listed["my-1914"]["issues"]
    assert listed["broken"]["issues"][0].startswith("broken.yaml:")
    assert str(tmp_path) not in c.get("/scenarios").text
    assert c.get("/compare/my-1914").status_code == 200
    r = c.get("/api/scenarios/broken")
    assert r.status_code == 404 and "does not validate" in r.json()["error"]


def test_pdf_brief_without_a_renderer_is_503(client: TestClient,
                                             monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    token = _token(client.get("/compare/july-1914?replications=1000").text)
    r = client.post("/compare/july-1914/record",
                    data={"csrf_token": token, "replications": "1000"},
                    follow_redirects=False)
    assert r.status_code == 303
    monkeypatch.delenv("FOEDUS_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    r = client.get(r.headers["location"] + "/brief.pdf")
    assert r.status_code == 503
    assert "apt-get install chromium" in r.text


def test_game_advance_and_after_action_through_the_api(tmp_path: Path) -> None:
    c = make_client(tmp_path, game_replications=1000)
    g = c.post("/api/games", json={"scenario": "july-1914", "policy": "as-in-1914",
                                   "role": "serbia", "seed": 4}).json()
    gid = g["id"]
    assert g["date"] == "June 1914"
    assert c.get(f"/api/games/{gid}/after-action").status_code == 409
    assert c.post(f"/api/games/{gid}/advance", json={"months": 0}).status_code == 422
    g = c.post(f"/api/games/{gid}/advance", json={"months": 2}).json()
    assert g["prompt"] is not None or g["month"] == 2
    while not g["finished"]:
        if g["prompt"]:
            g = c.post(f"/api/games/{gid}/step",
                       json={"answer": g["prompt"]["options"][0]}).json()
        else:
            g = c.post(f"/api/games/{gid}/advance", json={}).json()
    assert all(x["credibility"] is None for x in g["commitments"] if not x["mine"])
    rec = c.get(f"/api/games/{gid}/after-action").json()
    assert rec["replications"] == 1000 and rec["months"][1]["date"] == "July 1914"
    assert rec["months"] == g["after_action"]["months"]
    r = c.get(f"/wargame/{gid}/after-action.json")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
