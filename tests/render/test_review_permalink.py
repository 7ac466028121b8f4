"""The reviewer's map, permalink: view, filters and selection in the URL, restored on reload."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.render.pages import new_page, open_map, outbound, wait_ready
from tests.render.reviewdata import review_map

pytestmark = pytest.mark.browser


def shown(page) -> int:
    return int(page.locator(".geomap-status").inner_text().split()[1])


def hash_state(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).fragment)


def test_filters_view_and_selection_are_in_the_url_and_restored_on_reload(browser, tmp_path):
    page = new_page(browser)
    open_map(page, review_map(tmp_path))
    page.get_by_label("Search", exact=True).fill("rebels")
    page.get_by_label("Country", exact=True).select_option("SY")
    page.get_by_label("Fatalities from", exact=True).fill("2")
    page.locator(".geomap-time-undated").uncheck()
    assert shown(page) == 1
    page.locator(".geomap-item", has_text="Homs").click()
    page.locator(".leaflet-popup-content").wait_for()
    page.wait_for_timeout(600)  # the popup pans the map to fit (animated): let it settle
    state = hash_state(page)
    assert state["q"] == ["rebels"]
    assert state["cc"] == ["SY"]
    assert state["fat"] == ["2-"]
    assert state["undated"] == ["0"]
    assert state["sel"] == ["inc-a07"]
    zoom, lat, lon = (float(x) for x in state["map"][0].split("/"))
    assert zoom >= 9
    # Homs is in the view the link keeps (the popup's pan moves the centre off it)
    assert page.evaluate("() => window.geomapMap.getBounds().contains([34.73, 36.72])")
    url = page.url
    page.context.close()

    again = new_page(browser)
    again.goto(url)
    wait_ready(again)
    assert again.get_by_label("Search", exact=True).input_value() == "rebels"
    assert again.get_by_label("Country", exact=True).input_value() == "SY"
    assert again.get_by_label("Fatalities from", exact=True).input_value() == "2"
    assert not again.locator(".geomap-time-undated").is_checked()
    assert shown(again) == 1
    assert "Rebels and militia fought" in again.locator(".leaflet-popup-content").inner_text()
    assert again.evaluate("() => window.geomapMap.getZoom()") == zoom
    centre = again.evaluate("() => window.geomapMap.getCenter()")
    assert abs(centre["lat"] - lat) < 0.05
    assert abs(centre["lng"] - lon) < 0.05
    assert again.locator(".geomap-item[aria-current=true]").count() == 1
    again.reload()
    wait_ready(again)
    assert shown(again) == 1
    assert again.console_errors == []
    assert outbound(again) == []
    again.context.close()


def test_a_link_with_dates_type_and_precision_opens_filtered(page, tmp_path):
    path = review_map(tmp_path)
    open_map(page, path.as_uri() + "#type=Battles&from=2024-01-04&to=2024-01-31&exact=1")
    assert shown(page) == 1  # Homs: Mosul is before, Tikrit is near a town
    assert page.get_by_label("Event type", exact=True).input_value() == "Battles"
    assert not page.locator(".geomap-precision-switch").is_checked()
    label = page.locator(".geomap-time-label").inner_text()
    assert "2024-01-04 \u2192 2024-01-25" in label  # "to" clamped to the data
    assert page.console_errors == []


def test_a_link_with_unknown_values_opens_without_errors(page, tmp_path):
    path = review_map(tmp_path)
    open_map(page, path.as_uri() + "#type=Nope&sel=inc-missing&map=x/y&fat=a-b&from=never")
    assert shown(page) == 0
    page.get_by_role("button", name="Clear filters").click()
    assert shown(page) == 8
    assert page.console_errors == []
