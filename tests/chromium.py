"""Debian's headless Chromium for the browser tests: where it is, how it starts.

Playwright for Python drives the system browser (never a downloaded one). Its
scratch folders are short temporary ones: Chromium's socket paths must stay
under about 100 characters, which pytest's temporary folders can exceed.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

#: Skip mark for a test that needs the browser.
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="browser test needs Chromium at /usr/bin/chromium "
                                           "(make test installs it)")


@contextmanager
def chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A launched headless Chromium (skips the test without Playwright); closed, and its
    scratch folders removed, on exit."""
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright for Python is not installed")
    scratch = Path(tempfile.mkdtemp(prefix="foedus-pw-"))
    for var in ("XDG_CONFIG_HOME", "TMPDIR"):
        d = scratch / var.lower()
        d.mkdir()
        monkeypatch.setenv(var, str(d))
    try:
        with sync_api.sync_playwright() as p:
            b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                yield b
            finally:
                b.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
