"""The scenario editor and the negotiation page in headless Chromium (offline, as the
other browser tests): duplicate, edit, see an error with its line, fix, run, save,
reopen by link."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.web import test_browser as tb
from tests.web.conftest import Server

pytestmark = tb.pytestmark
browser = tb.browser  # the same Chromium fixture



def _from_scenarios(server_factory: Callable[[], Server], browser: Any, tmp_path: Path,
                    link: str, ready: str) -> tuple[Server, Any, tb.Watch, Path]:
    """Start a server, open the scenario list, follow ``link`` and wait for ``ready``."""
    srv = server_factory().start()
    art = tb._artefacts(tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    w = tb.Watch(page)
    page.goto(srv.url + "/scenarios")
    page.click(f"a[href='{link}']")
    page.wait_for_selector(ready)
    return srv, page, w, art

def test_edit_error_fix_run_save_reopen(server_factory: Callable[[], Server], browser: Any,
                                        tmp_path: Path) -> None:
    srv, page, w, art = _from_scenarios(server_factory, browser, tmp_path,
                                        "/editor?from=july-1914", "#editor-text")
    text = page.input_value("#editor-text")
    assert "id: july-1914-copy" in text
    # a parameter's meaning, prior and source show when its name is focused
    page.focus("#param-list code[data-name='attack_hazard']")
    tip = page.inner_text("#editor-tip")
    assert tip.startswith("attack_hazard") and "Prior (evidence lens)" in tip \
        and "Source:" in tip
    # break one line; the check names the file, line and field and jumps to the line
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("horizon:"))
    page.fill("#editor-text", "\n".join([*lines[:at], "horizon: twelve", *lines[at + 1:]]))
    page.click("#editor-check")
    page.wait_for_selector("#check-result.bad")
    issue = page.inner_text("#check-result pre.error")
    assert issue.startswith(f"july-1914-copy.yaml:{at + 1}: horizon:"), issue
    assert page.inner_text("#editor-pos").startswith(f"line {at + 1},")
    page.screenshot(path=str(art / "editor-error.png"), full_page=True)
    # fix it (one more month), run every policy
    page.fill("#editor-text", "\n".join([*lines[:at], "horizon: 13", *lines[at + 1:]]))
    page.fill("input[name=replications]", "1000")
    page.click("#editor-run")
    page.wait_for_selector("#run-result")
    assert "13 months" in page.inner_text("#run-result")
    assert "%" in page.inner_text("#outcomes tr[data-key='war_by_horizon']")
    assert tb._plots_drawn(page) == 1
    page.screenshot(path=str(art / "editor-run.png"), full_page=True)
    # save, then reopen by the shared link in a fresh page
    page.click("#editor-save")
    page.wait_for_selector("#share-link")
    link = page.get_attribute("#share-link", "href")
    assert link is not None and link.startswith("/editor/")
    other = browser.new_page(viewport={"width": 1400, "height": 1000})
    w2 = tb.Watch(other)
    other.goto(srv.url + link)
    assert "horizon: 13" in other.input_value("#editor-text")
    other.click("#saved-box a:text('Compare')")
    other.wait_for_selector("#verdict")
    assert "13 months" in other.inner_text("main")
    assert w.blocked == [] and w.problems == [] and w2.blocked == [] and w2.problems == []


def test_negotiation_page(server_factory: Callable[[], Server], browser: Any,
                          tmp_path: Path) -> None:
    srv, page, w, art = _from_scenarios(server_factory, browser, tmp_path,
                                        "/negotiate/ukraine-2025", "#forecast")
    assert page.eval_on_selector_all("#forecast tbody tr", "els => els.length") == 5
    assert "[" in page.inner_text("#forecast tbody tr >> nth=0")
    assert tb._plots_drawn(page) == 1
    page.fill("input[name=rounds]", "4")
    page.fill("input[name=replications]", "50")
    page.click("#negotiate-form button")
    page.wait_for_selector("#negotiate-meta")
    assert "4 rounds" in page.inner_text("#negotiate-meta")
    assert page.eval_on_selector_all("table.rounds >> nth=0", "els => els.length") == 1
    assert page.eval_on_selector("table.rounds", "t => t.tBodies[0].rows.length") == 5
    page.screenshot(path=str(art / "negotiate.png"), full_page=True)
    assert w.blocked == [] and w.problems == []
