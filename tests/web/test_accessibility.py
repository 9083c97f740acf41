"""Accessibility: axe-core in the same offline Chromium finds no serious or critical
violation on any page of the web app, nor in the HTML report; every chart has its
numbers as a table; policy colours stand out from the page.

axe-core comes from the npm registry, installed by ``make axe`` into ``.cache/axe``
(or the folder ``$FOEDUS_AXE_DIR``); the test is skipped without it, or without
Chromium and Playwright.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from foedus.study.figures import POLICY_COLOURS
from tests.chromium import needs_chromium
from tests.web.conftest import Server
from tests.web.test_browser import Watch, browser  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(os.environ.get("FOEDUS_AXE_DIR") or ROOT / ".cache" / "axe"
           ) / "node_modules" / "axe-core" / "axe.min.js"
BAD = ("serious", "critical")


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_known_answers() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_policy_colours_have_3_to_1_contrast_on_white() -> None:
    """WCAG 1.4.11 (non-text contrast): every policy's bars and lines, article5's too."""
    for c in POLICY_COLOURS:
        assert contrast(c, "#ffffff") >= 3.0, c


#: Swagger UI's own markup (a third-party bundle) nests its summary buttons: that one rule
#: is not applied inside it (its colours are fixed by the app's stylesheet and checked).
EXCLUDE = {"nested-interactive": "#swagger-ui"}


def _violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async (skip) => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => {
                const at = n.target.join(' ');
                const el = n.target.length === 1 ? document.querySelector(at) : null;
                return {at: at, within: el ? skip.filter(w => el.closest(w)) : []};
            })}));
    }""", sorted(set(EXCLUDE.values())))
    out = []
    for v in found:
        nodes = [n["at"] for n in v["nodes"] if EXCLUDE.get(v["id"]) not in n["within"]]
        if v["impact"] in BAD and nodes:
            out.append(f"{v['id']} ({v['impact']}): {v['help']} at {nodes[:3]}")
    return out


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (make axe)")
@needs_chromium
def test_no_serious_violations_on_any_page(server_factory: Callable[[], Server],
                                           browser: Any, tmp_path: Path) -> None:  # noqa: F811
    srv = server_factory().start()
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    w = Watch(page)
    problems: dict[str, list[str]] = {}

    def check(name: str) -> None:
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        bad = _violations(page)
        if bad:
            problems[name] = bad

    for url in ("/scenarios", "/scenarios/ukraine-2025", "/whatif/ukraine-2025?replications=2000",
                "/whatif/ukraine-2025?policy=article5&replications=2000",
                "/compare/july-1914?replications=2000", "/runs", "/wargame", "/docs"):
        page.goto(srv.url + url)
        if url.startswith("/whatif"):
            page.wait_for_selector("#tornado-status[data-state='done']", timeout=60_000)
        if url == "/docs":
            page.wait_for_selector("#swagger-ui .opblock", timeout=20_000)
        check(url)
    page.goto(srv.url + "/compare/july-1914?replications=2000")
    page.click("#record")
    page.wait_for_selector("#brief-link")
    check("run page")
    page.goto(srv.url + page.get_attribute("#report-link", "href"))
    page.wait_for_selector("body[data-drawn='1']", timeout=30_000)
    check("report")
    page.goto(srv.url + "/wargame?scenario=july-1914&policy=as-in-1914")
    page.select_option("#role", "serbia")
    page.click("#start")
    page.wait_for_selector("#month-line")
    check("wargame")
    page.click("#autoplay")
    page.wait_for_selector("#game-over")
    check("wargame over")
    assert problems == {}, "\n".join(f"{k}: {v}" for k, vs in problems.items() for v in vs)
    assert w.blocked == []


def test_network_colours_have_3_to_1_contrast_on_white() -> None:
    from foedus.report.figures import EDGE_COLOURS

    for kind, c in EDGE_COLOURS.items():
        assert contrast(c, "#ffffff") >= 3.0, kind
