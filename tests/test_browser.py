"""The seed map in headless Chromium: no request leaves, the Baghdad pin shows the quote."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import require_browser

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
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
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.requests, page.console_errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    context.route("**/*", lambda route: route.abort()
                  if not route.request.url.startswith(("file:", "data:")) else route.continue_())
    yield page
    context.close()


def _open(page, path: Path):
    page.goto(path.as_uri())
    page.wait_for_function("window.geomapMap !== undefined")


def _click_at(page, lat: float, lon: float):
    point = page.evaluate(f"(() => {{ const p = window.geomapMap.latLngToContainerPoint([{lat}, "
                          f"{lon}]); const r = window.geomapMap.getContainer()"
                          ".getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; })()")
    page.mouse.click(*point)


def test_clicking_the_baghdad_pin_shows_the_strike_quote(page, seed_run):
    result, out = seed_run
    _open(page, out / "map.html")
    baghdad = next(i for i in result.incidents if i.place and i.place.name == "Baghdad")
    _click_at(page, baghdad.place.lat, baghdad.place.lon)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert "drone strike" in popup.inner_text()
    assert "Baghdad" in popup.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed-map-baghdad-popup.png"))
    assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []
    assert page.console_errors == []


def test_quote_with_markup_shows_as_text_and_runs_nothing(page, tmp_path):
    from geomap.pipeline import run

    evil = ("A drone strike in Baghdad killed 2 people <script>window.pwned=1</script> "
            "<img src=x onerror=\"window.pwned=2\"> `${window.pwned=3}` \\20 </div>.")
    (tmp_path / "evil.txt").write_text(evil + "\n")
    run([str(tmp_path / "evil.txt")], tmp_path / "out")
    _open(page, tmp_path / "out" / "map.html")
    _click_at(page, 33.3406, 44.4009)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert "<script>window.pwned=1</script>" in popup.inner_text()
    assert "<img src=x" in popup.inner_text()
    assert page.evaluate("window.pwned") is None
    assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []
