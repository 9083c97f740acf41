"""The negotiation page and its API: the forecast of ``foedus negotiate``, in the browser."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from foedus.negotiation.forecast import forecast
from foedus.scenario.library import load


def test_page_renders_table_chart_and_rounds(client: TestClient) -> None:
    r = client.get("/negotiate/ukraine-2025?replications=40&rounds=5&seed=3")
    assert r.status_code == 200, r.text[:400]
    fc = forecast(load("ukraine-2025").scenario, 5, 40, 3).to_dict()
    for i in fc["issues"]:
        row = r.text.split(f'data-issue="{i["id"]}"')[1].split("</tr>")[0]
        assert f"[{i['forecast']['lo']:.3g}, {i['forecast']['hi']:.3g}]" in row
        assert f'id="rounds-{i["id"]}"' in r.text
        rounds = r.text.split(f'id="rounds-{i["id"]}"')[1].split("</table>")[0]
        assert rounds.count("<tr>") == 1 + 6  # the header, rounds 0..5
    fig = re.search(r'data-target="fig-negotiation">(.*?)</script>', r.text, re.S)
    assert fig is not None
    data = json.loads(fig.group(1).replace("<\\/", "</"))["data"]
    assert sum(t["name"] == "forecast median" for t in data) == len(fc["issues"])
    assert 'id="negotiated-policy"' in r.text and "40 replications" in r.text
    api = client.get("/api/negotiate/ukraine-2025?replications=40&rounds=5&seed=3").json()
    assert api["issues"] == fc["issues"] and api["policy"]["id"]
    assert 'href="/negotiate/ukraine-2025"' in client.get("/scenarios").text


def test_bad_requests(client: TestClient) -> None:
    assert client.get("/negotiate/july-1914").status_code == 404
    assert "no negotiation block" in client.get("/api/negotiate/july-1914").json()["error"]
    assert client.get("/api/negotiate/ukraine-2025?rounds=0").status_code == 422
    assert client.get("/api/negotiate/ukraine-2025?replications=x").status_code == 422
    assert client.get("/negotiate/nope").status_code == 404
