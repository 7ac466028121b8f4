"""The reviewer's map, list panel: incidents in view by date, in step with the map, by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.render.pages import ARTIFACTS, new_page, open_map, outbound
from tests.render.reviewdata import review_map

pytestmark = pytest.mark.browser


def items(page) -> list[str]:
    return page.locator(".geomap-item").all_inner_texts()


def popup(page):
    box = page.locator(".leaflet-popup-content")
    box.wait_for(timeout=5000)
    return box


def test_the_list_holds_the_incidents_in_view_newest_first_and_follows_filters(page, tmp_path):
    open_map(page, review_map(tmp_path))
    texts = items(page)
    assert len(texts) == 8
    assert texts[0].startswith("2024-01-25 \u00b7 Homs")
    assert texts[-1].startswith("undated \u00b7 Raqqa")
    assert "8 incidents in view" in page.locator(".geomap-list-status").inner_text()
    page.get_by_label("Search", exact=True).fill("Basra")
    assert items(page) == ["2024-01-20 \u00b7 Basra \u00b7 Peaceful protest"]
    page.get_by_label("Search", exact=True).fill("")
    page.evaluate("() => window.geomapMap.setView([36.2, 37.16], 11, {animate: false})")
    assert items(page) == ["2024-01-12 · Aleppo · Shelling/artillery/missile attack"]
    assert page.console_errors == []


def test_selecting_an_item_zooms_to_it_and_its_popup_has_coordinates_country_geonames(
        browser, tmp_path):
    page = new_page(browser, permissions=["clipboard-read", "clipboard-write"])
    open_map(page, review_map(tmp_path))
    page.locator(".geomap-item", has_text="Idlib").hover()
    assert page.locator("path.geomap-highlight").count() == 1
    page.locator(".geomap-item", has_text="Idlib").click()
    box = popup(page)
    text = box.inner_text()
    assert "An air strike hit a market in Idlib" in text
    assert "35.93000, 36.63000" in text
    assert "Syria (SY)" in text
    assert box.locator("a[href='https://www.geonames.org/1002']").count() == 1
    assert "inc-a03" in text
    assert page.evaluate("() => window.geomapMap.getZoom()") >= 9
    assert page.locator(".geomap-item[aria-current=true]").inner_text().startswith(
        "2024-01-09 \u00b7 Idlib")
    box.get_by_role("button", name="Copy coordinates 35.93000, 36.63000").click()
    expect(box.locator(".geomap-copy")).to_have_text("Copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == "35.93000, 36.63000"
    assert page.console_errors == []
    assert outbound(page) == []
    page.context.close()


def test_a_pin_hovered_or_opened_on_the_map_marks_its_item(page, tmp_path):
    open_map(page, review_map(tmp_path))
    point = page.evaluate("""() => { const m = window.geomapMap, p = m.latLngToContainerPoint(
        [30.51, 47.78]), r = m.getContainer().getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }""")
    page.mouse.move(*point)
    assert "geomap-hover" in page.locator(".geomap-item", has_text="Basra").get_attribute("class")
    page.mouse.click(*point)
    assert "Basra" in popup(page).inner_text()
    assert page.locator(".geomap-item[aria-current=true]").inner_text().startswith(
        "2024-01-20 \u00b7 Basra")
    assert page.console_errors == []


def test_keyboard_only_tab_into_the_list_and_enter_opens_the_popup(page, tmp_path):
    open_map(page, review_map(tmp_path))
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('geomap-item')"):
            break
    else:
        raise AssertionError("no list item reached by Tab")
    first = page.evaluate("() => document.activeElement.textContent")
    page.keyboard.press("Enter")
    place = first.split(" \u00b7 ")[1]
    assert place in popup(page).inner_text()
    assert page.evaluate("() => document.activeElement.getAttribute('aria-current')") == "true"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-map-list-keyboard.png"))
    assert page.console_errors == []


def test_where_pins_overlap_a_click_asks_which_incident_was_meant(page, tmp_path):
    from geomap.render.map import build_map, save_map
    from tests.render.reviewdata import ARTICLES, features

    rows = features()[:2]  # Mosul and a second pin a few pixels away at world zoom
    rows[1]["geometry"]["coordinates"] = [43.2, 36.3]
    rows[1]["properties"]["location_name"] = "Near Mosul"
    html = build_map({"features": rows}, {"features": []}, ARTICLES)
    open_map(page, save_map(tmp_path / "map.html", html))
    page.evaluate("() => window.geomapMap.setView([36.3, 43.2], 4, {animate: false})")
    point = page.evaluate("""() => { const m = window.geomapMap, p = m.latLngToContainerPoint(
        [36.34, 43.13]), r = m.getContainer().getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }""")
    page.mouse.click(*point)
    choices = page.locator(".leaflet-popup-content .geomap-choice")
    choices.first.wait_for()
    page.wait_for_timeout(300)  # the pin's own popup fades out
    assert "2 incidents overlap" in popup(page).inner_text()
    assert choices.count() == 2
    page.locator(".geomap-choice", has_text="Near Mosul").click()
    assert "A firefight broke out" in popup(page).inner_text()
    assert page.evaluate("() => window.geomap.d.id[window.geomap.selected]") == "inc-a02"
    page.evaluate("() => window.geomapMap.setView([36.3, 43.2], 12, {animate: false})")
    page.mouse.click(*page.evaluate("""() => { const m = window.geomapMap, p =
        m.latLngToContainerPoint([36.34, 43.13]), r = m.getContainer().getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }"""))
    page.wait_for_timeout(300)
    assert "Soldiers clashed" in popup(page).inner_text()  # apart when zoomed in: no question
    assert page.console_errors == []
