"""The scenario editor through FastAPI's test client: duplicate, check, run, save, share."""

from __future__ import annotations

import html
import re
from pathlib import Path

from fastapi.testclient import TestClient

from foedus.evidence.registry import PARAMETERS
from foedus.scenario.library import load
from foedus.web.catalog import validate_text
from foedus.web.editor import duplicate_text, schema_hints
from tests.web.conftest import make_client


def _token(page: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert m is not None
    return m.group(1)


def _text(page: str) -> str:
    m = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert m is not None
    return html.unescape(m.group(1))


def test_duplicate_keeps_the_text_and_renames_the_copy() -> None:
    src = load("july-1914").text
    copy = duplicate_text(src, "july-1914-copy")
    doc = validate_text(copy, "july-1914-copy.yaml")
    assert doc.scenario.id == "july-1914-copy"
    assert doc.scenario.name == load("july-1914").scenario.name + " (copy)"
    # everything but the two lines is as it was (comments included)
    diff = [a for a, b in zip(src.splitlines(), copy.splitlines(), strict=True) if a != b]
    assert len(diff) == 2 and all(d.startswith(("id:", "name:")) for d in diff)


def test_schema_hints_list_the_required_fields() -> None:
    top = schema_hints()[0]
    need = {f["name"]: f["need"] for f in top["fields"]}
    assert need["id"] == need["actors"] == need["policies"] == "required"
    assert need["horizon"].startswith("default")
    assert any(p["title"].startswith("actors") for p in schema_hints())


def test_editor_flow_check_run_save_reopen(client: TestClient) -> None:
    page = client.get("/editor?from=july-1914")
    assert page.status_code == 200
    token, text = _token(page.text), _text(page.text)
    assert "id: july-1914-copy" in text
    # every registered parameter has a tooltip with its prior and source
    for p in PARAMETERS:
        assert f'data-name="{p.name}"' in page.text
    assert "Source: " in page.text and "Prior (evidence lens): " in page.text
    # an error is reported with its file, line and field, as foedus validate does
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("horizon:"))
    bad = "\n".join([*lines[:at], "horizon: -5", *lines[at + 1:]])
    r = client.post("/editor", data={"csrf_token": token, "text": bad, "action": "run",
                                     "name": "july-1914-copy.yaml"})
    assert r.status_code == 422
    assert f"july-1914-copy.yaml:{at + 1}: horizon: " in html.unescape(r.text)
    assert f'data-line="{at + 1}"' in r.text and 'id="run-result"' not in r.text
    assert _text(r.text) == bad  # the user's text comes back to be fixed
    # run: every policy with intervals, the verdict
    r = client.post("/editor", data={"csrf_token": token, "text": text, "action": "run",
                                     "name": "july-1914-copy.yaml", "replications": "500",
                                     "seed": "3"})
    assert r.status_code == 200, r.text[:500]
    assert 'id="run-result"' in r.text and 'id="verdict"' in r.text
    assert len(re.findall(r'<tr data-key="', r.text)) >= 8
    assert "%" in r.text.split('data-key="war_by_horizon"')[1].split("</tr>")[0]
    # save, then reopen by the link, and the other pages know it
    r = client.post("/editor", data={"csrf_token": token, "text": text, "action": "save",
                                     "name": "july-1914-copy.yaml", "based_on": "july-1914"},
                    follow_redirects=False)
    assert r.status_code == 303
    link = r.headers["location"]
    assert re.fullmatch(r"/editor/[0-9a-f]{16}", link)
    again = client.get(link)
    assert again.status_code == 200 and _text(again.text) == text
    assert 'id="share-link"' in again.text and "copy of july-1914" in again.text
    key = link.rsplit("/", 1)[1]
    listed = client.get("/api/saved").json()
    assert [s["key"] for s in listed] == [key] and listed[0]["based_on"] == "july-1914"
    assert client.get(f"/api/saved/{key}").json()["text"] == text
    assert client.get(f"/scenarios/saved-{key}").status_code == 200
    assert client.get(f"/whatif/saved-{key}?replications=500&policy=as-in-1914"
                      ).status_code == 200
    assert f"/editor/{key}" in client.get("/editor").text
    assert client.get("/editor/0123456789abcdef").status_code == 404
    assert client.get("/compare/saved-0123456789abcdef").status_code == 404


def test_editor_refuses_bad_forms(client: TestClient) -> None:
    page = client.get("/editor?from=july-1914")
    token, text = _token(page.text), _text(page.text)
    r = client.post("/editor", data={"text": text, "action": "save", "csrf_token": "x.y"})
    assert r.status_code == 403
    r = client.post("/editor", data={"csrf_token": token, "text": text, "action": "drop"})
    assert r.status_code == 422
    r = client.post("/editor", data={"csrf_token": token, "text": text, "action": "check",
                                     "name": "../etc/passwd"})
    assert r.status_code == 422
    r = client.post("/editor", data={"csrf_token": token, "text": text, "action": "run",
                                     "replications": "20000"})
    assert r.status_code == 413 and "Compare page" in r.text
    r = client.post("/api/saved", json={"text": "id: [", "name": "x.yaml"})
    assert r.status_code == 422 and r.json()["error"].startswith("x.yaml:1")
    assert client.get("/api/saved").json() == []


def test_read_only_store_refuses_saving(tmp_path: Path) -> None:
    c = make_client(tmp_path, store_read_only=True)
    page = c.get("/editor?from=july-1914")
    assert 'id="editor-save" disabled' in page.text and 'id="read-only-note"' in page.text
    token, text = _token(page.text), _text(page.text)
    r = c.post("/editor", data={"csrf_token": token, "text": text, "action": "save"})
    assert r.status_code == 403 and "read-only" in r.text
    r = c.post("/api/saved", json={"text": text, "name": "a.yaml"})
    assert r.status_code == 403
    r = c.post("/editor", data={"csrf_token": token, "text": text, "action": "check"})
    assert r.status_code == 200 and 'id="check-result" class="ok"' in r.text
    assert not (tmp_path / "runs.duckdb").exists()
