"""Headless Chromium against a live server, with every non-loopback request blocked.

Loads each page, changes an assumption on What-if and sees the numbers change,
plays a wargame for several months to the end, and resumes a saved game after
the server restarts. Screenshots go to ``$FOEDUS_TEST_ARTIFACTS`` if set, else
to pytest's temporary folder (printed). Needs Playwright for Python and
Debian's Chromium at /usr/bin/chromium; skipped otherwise (never downloads a
browser).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from foedus.negotiation.policy import with_negotiated
from foedus.scenario.library import load
from tests.chromium import chromium, needs_chromium
from tests.web.conftest import Server

pytestmark = needs_chromium


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as b:
        yield b


class Watch:
    """Blocks every request that does not go to the loopback server; records problems."""

    def __init__(self, page: Any) -> None:
        self.blocked: list[str] = []
        self.problems: list[str] = []
        page.route("**/*", self.route)
        page.on("console", lambda m: self.problems.append(m.text) if m.type == "error"
                else None)
        page.on("pageerror", lambda e: self.problems.append(str(e)))

    def route(self, r: Any) -> None:
        url = r.request.url
        if url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            self.blocked.append(url)
            r.abort()


def _start_game(page: Any, url: str, scenario: str, policy: str, role: str,
                selects: dict[str, str] | None = None,
                fields: dict[str, str] | None = None) -> None:
    """Open the wargame form at ``url``, choose the scenario, policy and role, fill the
    other controls, start, and wait for the first month."""
    page.goto(f"{url}/wargame?scenario={scenario}&policy={policy}")
    page.select_option("#role", role)
    for sel, value in (selects or {}).items():
        page.select_option(sel, value)
    for sel, value in (fields or {}).items():
        page.fill(sel, value)
    page.click("#start")
    page.wait_for_selector("#month-line")


def _artefacts(tmp_path: Path) -> Path:
    art = Path(os.environ.get("FOEDUS_TEST_ARTIFACTS") or tmp_path / "screenshots")
    art.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {art}")
    return art


def _plots_drawn(page: Any) -> int:
    n: int = page.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot'))"
                           ".filter(e => e.querySelector('.main-svg')).length")
    return n


def test_pages_and_whatif_offline(server_factory: Callable[[], Server], browser: Any,
                                  tmp_path: Path) -> None:
    srv = server_factory().start()
    art = _artefacts(tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    w = Watch(page)
    for name, url, plots in [("scenarios", "/scenarios", 0),
                             ("scenario", "/scenarios/ukraine-2025", 1),
                             ("compare", "/compare/july-1914?replications=2000", 3),
                             ("runs", "/runs", 0), ("wargame-home", "/wargame", 0)]:
        page.goto(srv.url + url)
        page.wait_for_load_state("load")
        assert _plots_drawn(page) == plots, name
        page.screenshot(path=str(art / f"{name}.png"), full_page=True)
    page.goto(srv.url + "/whatif/ukraine-2025?policy=reassurance-force&replications=20000")
    page.wait_for_load_state("load")
    assert _plots_drawn(page) == 1
    cell = "#outcomes tr[data-key='guarantor_combat'] td:nth-child(2)"
    before = page.inner_text(cell)
    page.fill("#q_target", "0.9")  # a range input: fill sets its value and fires input
    page.dispatch_event("#q_target", "change")
    page.wait_for_selector("#status[data-state='done']", timeout=20_000)
    after = page.inner_text("#outcomes tr[data-key='guarantor_combat'] td:nth-child(3)")
    elapsed = float(page.inner_text("#status").split("computed in ")[1].split(" s")[0])
    print(f"What-if update, 20,000 replications: {elapsed:.2f} s")
    assert page.inner_text(cell) == before  # the lens column stays as it was
    assert after != before and (float(after.split()[0].rstrip("%"))
                                > float(before.split()[0].rstrip("%")))
    page.screenshot(path=str(art / "whatif.png"), full_page=True)
    assert w.blocked == [] and w.problems == []


def test_compare_verdict_and_whatif_for_every_policy(server_factory: Callable[[], Server],
                                                     browser: Any, tmp_path: Path) -> None:
    """The Compare page names the best policy and whether its lead is clear (on paired
    intervals, and says so); What-if runs
    every policy at once, says whether the ranking changes, and draws the tornado chart
    with its numbers as a table; a point-mass prior is marked as fixed by the lens."""
    srv = server_factory().start()
    art = _artefacts(tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    w = Watch(page)
    page.goto(srv.url + "/compare/july-1914?replications=2000&seed=3")
    answer = page.inner_text("#verdict .answer")
    assert " is best: " in answer or "No single best policy" in answer or "No policy" in answer
    assert "clearly" in answer or "tied" in answer or "noise" in answer
    assert page.inner_text("#verdict .caveat").startswith("Main caveat:")
    # the gaps are paired on common random numbers, and the page says so
    verdict_text = page.inner_text("#verdict")
    assert "common random numbers" in verdict_text and "paired 95 % interval" in verdict_text
    ranking = page.eval_on_selector_all(
        "#verdict table", "ts => ts.map(t => t.innerText).find(x => x.includes('gap to best'))")
    assert ranking is not None and "\tpaired" in ranking  # the gaps' interval column
    assert "%" in page.inner_text("#outcomes tr[data-key='war_by_horizon']")
    page.screenshot(path=str(art / "compare-verdict.png"), full_page=True)
    page.goto(srv.url + "/whatif/ukraine-2025?replications=2000&seed=7")
    assert page.is_visible("#ranking")
    policies = page.eval_on_selector_all("#outcomes thead th", "els => els.length") - 1
    # every policy of the scenario as the web catalog serves it (with the negotiated one)
    assert policies == len(with_negotiated(load("ukraine-2025")).scenario.policies)
    shift = page.inner_text("tr[data-name='credibility_shift'] #range_credibility_shift")
    assert "fixed by the lens" in shift
    assert "90 % of the prior" in page.inner_text("#range_threat_aversion")
    page.wait_for_selector("#tornado-status[data-state='done']", timeout=30_000)
    rows = page.eval_on_selector_all("#tornado-table tbody tr", "els => els.length")
    assert rows == 7  # six swings and the point mass
    assert "point mass" in page.inner_text("#tornado-table tbody")
    assert _plots_drawn(page) == 1
    page.fill("#threat_aversion", "0.95")
    page.dispatch_event("#threat_aversion", "change")
    page.wait_for_selector("#status[data-state='done']", timeout=30_000)
    cell = page.inner_text("#outcomes tr[data-key='war_by_horizon'] td:nth-child(2)")
    assert "→" in cell and "pts" in cell
    assert page.inner_text("#ranking tr[data-key='war_by_horizon'] td:nth-child(3)") != \
        "— (fix an assumption)"
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(art / "whatif-every-390.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"What-if overflows a 390 px screen: {width} px"
    assert w.blocked == [] and w.problems == []


def test_wargame_to_the_end_and_resume_after_restart(server_factory: Callable[[], Server],
                                                     browser: Any, tmp_path: Path) -> None:
    art = _artefacts(tmp_path)
    srv = server_factory().start()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    w = Watch(page)
    _start_game(page, srv.url, "ukraine-2025", "reassurance-force", "russia",
                fields={"#horizon": "8"})
    game_url = page.url
    months_seen = set()
    for _ in range(4):  # play a few moves, then restart the server mid-game
        months_seen.add(page.inner_text("#month"))
        if page.query_selector("#prompt"):
            page.click("button.choice >> nth=0")
        else:
            page.click("#play")
        page.wait_for_selector("#month-line")
    page.screenshot(path=str(art / "wargame-mid.png"), full_page=True)
    log_before = page.inner_text("#log")
    month_before = page.inner_text("#month")
    srv.stop()
    srv.start()
    page.goto(game_url)
    assert page.inner_text("#log") == log_before
    assert page.inner_text("#month") == month_before
    for _ in range(60):
        if page.query_selector("#game-over"):
            break
        months_seen.add(page.inner_text("#month"))
        if page.query_selector("#prompt"):
            page.click("button.choice >> nth=0")
        else:
            page.click("#play")
        page.wait_for_selector("#month-line")
    assert page.query_selector("#game-over") is not None
    assert len(months_seen) >= 5
    assert page.query_selector("#comparison") is not None
    assert _plots_drawn(page) == 3
    page.screenshot(path=str(art / "wargame-end.png"), full_page=True)
    page.goto(srv.url + "/wargame")
    assert game_url.rsplit("/", 1)[1] in page.inner_text("#games")
    assert w.blocked == [] and w.problems == []


def test_api_docs_render_offline(server_factory: Callable[[], Server], browser: Any,
                                 tmp_path: Path) -> None:
    """Swagger UI comes from the installed package: it lists the API with no network."""
    srv = server_factory().start()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    w = Watch(page)
    page.goto(srv.url + "/docs")
    page.wait_for_selector("#swagger-ui .opblock", timeout=20_000)
    paths = page.eval_on_selector_all("#swagger-ui .opblock-summary-path",
                                      "els => els.map(e => e.textContent)")
    assert any("/api/whatif" in p for p in paths) and any("/api/tornado" in p for p in paths)
    assert "foedus" in page.inner_text("#swagger-ui .info")
    page.screenshot(path=str(_artefacts(tmp_path) / "docs.png"), full_page=False)
    assert w.blocked == [] and w.problems == []


def test_compare_runs_as_a_job_with_progress(server_factory: Callable[[], Server],
                                             browser: Any, tmp_path: Path) -> None:
    """The Compare page at the command line's 20,000 replications per policy runs as a
    background job: a progress page, then the result with its verdict."""
    srv = server_factory().start()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    w = Watch(page)
    page.goto(srv.url + "/compare/july-1914")
    job_url = page.url
    assert "/jobs/" in job_url
    # the job page (fetched again: on a fast machine the page may already be opening the
    # result) shows the job's progress
    assert 'id="job-progress"' in page.request.get(job_url).text()
    page.wait_for_url("**/compare/july-1914?**", timeout=120_000)
    assert "20,000 replications per policy" in page.inner_text("main")
    assert page.inner_text("#verdict .answer")
    assert _plots_drawn(page) == 3
    page.screenshot(path=str(_artefacts(tmp_path) / "compare-job.png"), full_page=True)
    assert w.blocked == [] and w.problems == []


def test_exports_csv_png_and_pdf_brief(server_factory: Callable[[], Server], browser: Any,
                                       tmp_path: Path) -> None:
    """Every table has a CSV button and every chart a PNG button and its numbers as a
    table; a saved comparison's page offers the one-page PDF brief."""
    from foedus.report.pdf import page_count

    srv = server_factory().start()
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    w = Watch(page)
    page.goto(srv.url + "/compare/july-1914?replications=2000&seed=3")
    page.wait_for_function("document.querySelectorAll('details.chart-data').length === 3")
    tables = page.eval_on_selector_all("main table:not(.chart-data table)", "ts => ts.length")
    buttons = page.eval_on_selector_all("main button.csv, main a.csv", "bs => bs.length")
    assert buttons >= tables  # the charts' number tables carry theirs inside
    with page.expect_download() as dl:
        page.click("button.csv[data-table=outcomes]")
    rows = Path(dl.value.path()).read_text(encoding="utf-8").splitlines()
    assert dl.value.suggested_filename == "compare-july-1914-outcomes.csv"
    assert rows[0].startswith("outcome,") and any(r.startswith("war by horizon,") for r in rows)
    assert "%" in next(r for r in rows if r.startswith("war by horizon,"))
    with page.expect_download() as dl:
        page.click("button.png[data-chart=fig-survival]")
    assert Path(dl.value.path()).read_bytes().startswith(b"\x89PNG")
    assert page.eval_on_selector_all(".plot[role=figure]", "e => e.length") == 3
    page.click("#record")
    page.wait_for_selector("#brief-link")
    brief = page.request.get(srv.url + (page.get_attribute("#brief-link", "href") or ""),
                             timeout=120_000)
    assert brief.status == 200 and brief.headers["content-type"] == "application/pdf"
    assert page_count(brief.body()) == 1
    assert w.blocked == [] and w.problems == []


def test_wargame_until_my_next_decision(server_factory: Callable[[], Server], browser: Any,
                                        tmp_path: Path) -> None:
    """A 1914 game played with "Play until my next decision" and "Play N months": dated
    months, a log that says why, the others' credibility hidden, and the after-action
    record against the model at the end."""
    srv = server_factory().start()
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    w = Watch(page)
    _start_game(page, srv.url, "july-1914", "as-in-1914", "russia")
    assert page.inner_text("#date") == "June 1914"
    page.fill("#months", "2")
    page.click("#play-months")
    page.wait_for_selector("#month-line")
    assert page.query_selector("#prompt") or page.inner_text("#date") == "August 1914"
    cells = page.eval_on_selector_all(
        "#commitments tr:not(.mine) td:nth-child(4)", "tds => tds.map(t => t.innerText)")
    assert cells and all(c == "—" for c in cells)
    clicks = decisions = 0
    while not page.query_selector("#game-over") and clicks < 40:
        clicks += 1
        if page.query_selector("#prompt"):
            decisions += 1
            page.click("button.choice >> nth=0")
        else:
            page.click("#until-decision")
        page.wait_for_selector("#month-line")
    assert page.query_selector("#game-over") is not None
    assert clicks <= decisions * 2 + 2  # no click per quiet month
    log = page.inner_text("#log")
    assert "July 1914" in log and "1915" in log
    assert "hazard fired" in log or "on the ladder" in log or "honours" in log
    page.screenshot(path=str(_artefacts(tmp_path) / "wargame-1914.png"), full_page=True)
    rows = page.eval_on_selector_all("#after-action tbody tr", "r => r.length")
    assert rows >= 12
    with page.expect_download() as dl:
        page.click("#after-action-link")
    import json

    rec = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert rec["scenario"] == "july-1914" and len(rec["months"]) == rows
    assert w.blocked == [] and w.problems == []


def test_wargame_germany_1914_gets_a_decision(server_factory: Callable[[], Server],
                                              browser: Any, tmp_path: Path) -> None:
    """Germany in 1914, played with "Play until my next decision": the first stop is its
    stance on the blank cheque in July 1914; declaring that it will honour it shows in
    the log, the commitments table and, when triggered, as an honour without a question."""
    srv = server_factory().start()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    w = Watch(page)
    # seed 0: a game in which the blank cheque is triggered (the first such seed, playing
    # honour and the model's answers: tests/wargame/test_playable.py's search)
    _start_game(page, srv.url, "july-1914", "as-in-1914", "germany",
                selects={"select[name=lens]": "evidence"}, fields={"input[name=seed]": "0"})
    page.click("#until-decision")
    page.wait_for_selector("#prompt")
    assert page.inner_text("#date") == "July 1914"
    assert "germany-ah-blank-cheque" in page.inner_text("#prompt")
    page.click("button.choice[data-option=honour]")
    page.wait_for_selector("#month-line")
    assert "your stance: honour" in page.inner_text(
        "#commitments tr[data-id=germany-ah-blank-cheque]")
    clicks = 0
    while not page.query_selector("#game-over") and clicks < 60 \
            and "as you declared" not in page.inner_text("#log"):
        clicks += 1
        if page.query_selector("#prompt"):
            page.click("button.choice[data-option=model]")
        else:
            page.click("#until-decision")
        page.wait_for_selector("#month-line")
    log = page.inner_text("#log")
    assert "Germany declares that it will honour germany-ah-blank-cheque" in log
    assert "You chose honour" in log
    assert "as you declared in July 1914" in log and "Your stance answered honour" in log
    page.screenshot(path=str(_artefacts(tmp_path) / "wargame-germany-1914.png"),
                    full_page=True)
    assert w.blocked == [] and w.problems == []
