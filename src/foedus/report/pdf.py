"""Print an HTML page to PDF with headless Chromium, when one is installed.

::

    pdf = html_to_pdf(html)            # bytes; raises NoRendererError without a browser
    write_atomic(Path("brief.pdf"), pdf)

The renderer is the program named by ``$FOEDUS_CHROMIUM``, else the first of
``chromium``, ``chromium-browser``, ``google-chrome`` and ``google-chrome-stable``
on the ``PATH`` (Debian: ``apt-get install chromium``). It opens the page from a
temporary folder with network features off, lets its scripts run (the page's
Plotly charts draw) and prints it with the page's own ``@page`` size and margins,
without the browser's header and footer. Nothing is downloaded.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Browser programs tried in turn on the ``PATH``.
CANDIDATES: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome",
                               "google-chrome-stable")
#: Seconds one page may take to print.
TIMEOUT_S = 120
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--no-first-run", "--disable-extensions", "--virtual-time-budget=20000")


class NoRendererError(RuntimeError):
    """No program to print PDF is installed (the message says how to get one)."""


def find_renderer() -> Path:
    """The Chromium program that prints PDF; :class:`NoRendererError` when there is none."""
    named = os.environ.get("FOEDUS_CHROMIUM", "").strip()
    if named:
        path = Path(named) if os.sep in named else Path(shutil.which(named) or named)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise NoRendererError(f"FOEDUS_CHROMIUM={named} is not an executable program; point it "
                         "at Chromium (Debian: apt-get install chromium) or unset it")
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise NoRendererError("no PDF renderer: the brief is printed by headless Chromium, and none "
                     f"of {', '.join(CANDIDATES)} is on the PATH; install it (Debian: "
                     "apt-get install chromium) or set FOEDUS_CHROMIUM to its path")


def page_count(pdf: bytes) -> int:
    """How many pages a PDF printed by Chromium has (its ``/Type /Page`` objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def html_to_pdf(html: str, renderer: Path | None = None) -> bytes:
    """``html`` printed to PDF by headless Chromium (see module docstring).

    Raises
    ------
    NoRendererError
        When no browser is installed.
    RuntimeError
        When the browser fails or prints nothing (its last message says why).
    """
    prog = renderer or find_renderer()
    # short folder names: Chromium's socket paths must stay under ~100 characters
    with tempfile.TemporaryDirectory(prefix="foedus-pdf-") as tmp:
        folder = Path(tmp)
        page = folder / "page.html"
        page.write_text(html, encoding="utf-8")
        out = folder / "page.pdf"
        cmd = [str(prog), *_FLAGS, f"--user-data-dir={folder / 'profile'}",
               f"--print-to-pdf={out}", page.as_uri()]
        env = {**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder / "config"),
               "XDG_CACHE_HOME": str(folder / "cache")}
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, env=env,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{prog} did not print the page in {TIMEOUT_S} s") from None
        except OSError as exc:
            raise NoRendererError(f"{prog} could not be started: {exc}") from None
        if not out.is_file() or out.stat().st_size == 0:
            lines = [x for x in done.stderr.decode(errors="replace").splitlines() if x.strip()]
            why = lines[-1] if lines else f"exit status {done.returncode}"
            raise RuntimeError(f"{prog} printed no PDF: {why}")
        return out.read_bytes()
