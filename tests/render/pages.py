"""Opening maps in headless Chromium: shared by the browser tests (fixtures in conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.helpers import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL = ("file:", "data:", "blob:")


def new_page(browser: Any, **context_options: Any) -> Any:
    """A page whose every request is recorded and every non-local one aborted."""
    options = {"viewport": {"width": 1200, "height": 800}, **context_options}
    context = browser.new_context(**options)
    page = context.new_page()
    page.requests, page.console_errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    context.route("**/*", lambda route: route.abort()
                  if not route.request.url.startswith(LOCAL) else route.continue_())
    return page


def open_map(page: Any, path: Path | str) -> None:
    """Go to the map (a path, or a file: URL with a #hash) and wait until it has drawn."""
    page.goto(path if isinstance(path, str) else path.as_uri())
    wait_ready(page)


def wait_ready(page: Any) -> None:
    """Wait until the map has drawn (the page's CSP forbids eval: poll with a function)."""
    for _ in range(500):
        if page.evaluate("() => window.geomapMap !== undefined"):
            return
        page.wait_for_timeout(10)
    raise AssertionError(f"the map never rendered; console: {page.console_errors}")


def outbound(page: Any) -> list[str]:
    """Requests that left the page (none may)."""
    return [u for u in page.requests if not u.startswith(LOCAL)]
