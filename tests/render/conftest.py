"""Browser fixtures: one headless Chromium per session, a fresh page per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import require_browser
from tests.render.pages import CHROMIUM, FLAGS, new_page


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        message = f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)"
        if require_browser():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = new_page(browser)
    yield page
    page.context.close()
