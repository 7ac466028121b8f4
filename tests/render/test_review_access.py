"""The reviewer's map on any screen, by any hand: axe-core, page title and language, pinch-zoom,
and a 390x844 phone layout where panels fold and no control covers another."""

from __future__ import annotations

from itertools import combinations

import pytest

from geomap.render import assets
from tests.render.pages import ARTIFACTS, new_page, open_map, outbound
from tests.render.reviewdata import review_map

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}
#: Every control on the page, and the credits line.
CONTROLS = """() => [...document.querySelectorAll('.leaflet-control, .geomap-attribution')]
  .filter(e => getComputedStyle(e).visibility !== 'hidden' && e.offsetParent !== null)
  .map(e => { const r = e.getBoundingClientRect();
    return {name: (e.className + ' ' + (e.querySelector('summary') || e).textContent).slice(0, 80),
            x: r.left, y: r.top, w: r.width, h: r.height}; })"""


def axe_violations(page) -> list[dict]:
    page.add_script_tag(content=assets._find("axe-core/axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["html"][:120] for n in v["nodes"]]}
            for v in result["violations"] if v["impact"] in ("critical", "serious")]


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    def cover(a, b):
        return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])
    return [(a["name"], b["name"]) for a, b in combinations(boxes, 2) if cover(a, b)]


@pytest.mark.parametrize("screen", [{}, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_critical_or_serious_violation(browser, tmp_path, screen):
    page = new_page(browser, bypass_csp=True, **screen)  # CSP would refuse axe's script
    open_map(page, review_map(tmp_path))
    assert axe_violations(page) == []
    page.locator("details.geomap-review > summary").click()  # the review form open, too
    page.locator(".geomap-item").first.evaluate("b => b.click()")  # and a popup
    page.locator(".leaflet-popup-content").wait_for()
    page.wait_for_timeout(400)  # the popup fades in: axe would see its text half transparent
    assert axe_violations(page) == []
    assert page.console_errors == []
    page.context.close()


def test_the_page_has_a_title_a_language_and_allows_pinch_zoom(page, tmp_path):
    open_map(page, review_map(tmp_path))
    assert page.title() == "geomap review map: 8 incidents"
    assert page.evaluate("() => document.documentElement.lang") == "en"
    viewport = page.evaluate(
        "() => document.querySelector('meta[name=viewport]').getAttribute('content')")
    assert "user-scalable=no" not in viewport
    assert "maximum-scale" not in viewport
    for name in ("Event date from", "Event date to", "Search", "Event type", "Fatalities from"):
        assert page.get_by_label(name, exact=True).count() == 1


def test_on_a_phone_panels_fold_and_no_control_covers_another(browser, tmp_path):
    page = new_page(browser, **PHONE)
    open_map(page, review_map(tmp_path))
    assert page.locator("details.geomap-panel[open]").count() == 0
    assert page.locator(".leaflet-control-layers-expanded").count() == 0
    boxes = page.evaluate(CONTROLS)
    assert len(boxes) >= 7
    assert overlaps(boxes) == []
    covered = sum(b["w"] * b["h"] for b in boxes) / (390 * 844)
    assert covered < 0.15, covered
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-map-phone.png"))
    for summary in page.locator("details.geomap-panel > summary").all():
        summary.click()  # opens as a bottom sheet; the controls it would cover step aside
        assert page.locator("details.geomap-panel[open]").count() == 1
        opened = page.evaluate(CONTROLS)
        assert overlaps(opened) == [], summary.inner_text()
        assert all(b["x"] >= 0 and b["x"] + b["w"] <= 390.5 for b in opened)
        name = summary.inner_text().split()[0].lower()
        page.screenshot(path=str(ARTIFACTS / f"review-map-phone-{name}.png"))
        summary.click()
        assert page.locator("details.geomap-panel[open]").count() == 0
        assert overlaps(page.evaluate(CONTROLS)) == []
    assert page.console_errors == []
    assert outbound(page) == []
    page.context.close()


@pytest.mark.parametrize("size", [(1200, 800), (1366, 768), (1024, 600)])
def test_on_a_desktop_opening_panels_folds_others_rather_than_covering_them(browser, tmp_path,
                                                                           size):
    page = new_page(browser, viewport={"width": size[0], "height": size[1]})
    open_map(page, review_map(tmp_path))
    assert overlaps(page.evaluate(CONTROLS)) == []
    for summary in page.query_selector_all("details.geomap-panel:not([open]) > summary"):
        summary.click()
        page.wait_for_timeout(50)  # the fold happens on the resize that follows
        assert summary.evaluate("s => s.parentNode.open"), summary.inner_text()
        assert overlaps(page.evaluate(CONTROLS)) == [], summary.inner_text()
    if not page.evaluate("() => document.querySelector('.geomap-list-panel').open"):
        page.locator("summary", has_text="Incidents in view").click()
    page.locator(".geomap-item").first.click()
    page.wait_for_timeout(50)
    assert overlaps(page.evaluate(CONTROLS)) == []
    page.screenshot(path=str(ARTIFACTS / f"review-map-{size[0]}x{size[1]}.png"))
    assert page.console_errors == []
    page.context.close()


def test_on_a_phone_the_list_opens_a_popup_that_fits_the_screen(browser, tmp_path):
    page = new_page(browser, **PHONE)
    open_map(page, review_map(tmp_path))
    page.locator("summary", has_text="Incidents in view").click()
    page.locator(".geomap-item", has_text="Basra").click()
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    page.wait_for_timeout(600)  # the map pans the popup into view
    box = popup.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    page.screenshot(path=str(ARTIFACTS / "review-map-phone-popup.png"))
    assert page.console_errors == []
    page.context.close()
