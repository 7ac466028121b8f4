"""The reviewer's map, find and filter: search and facets narrow the map, counts follow."""

from __future__ import annotations

import pytest

from tests.render.pages import open_map, outbound
from tests.render.reviewdata import review_map

pytestmark = pytest.mark.browser


def shown(page) -> int:
    return int(page.locator(".geomap-status").inner_text().split()[1])


def pins(page) -> int:
    return page.locator(".geomap-pin.geomap-incident").count()


def options(page, name: str) -> list[str]:
    return page.locator(f"select.geomap-facet-{name} option").all_inner_texts()


def test_search_narrows_the_map_by_place_actor_and_quote_words(page, tmp_path):
    open_map(page, review_map(tmp_path))
    box = page.get_by_label("Search", exact=True)
    assert shown(page) == pins(page) == 8
    box.fill("Mosul")
    assert shown(page) == pins(page) == 1
    box.fill("militia")
    assert shown(page) == 3  # actor 1 or 2
    box.fill("roadside bomb")
    assert shown(page) == pins(page) == 1
    box.fill("<b>citadel")  # quote text is searched as written
    assert shown(page) == 1
    box.fill("syria")  # the country's name from the basemap
    assert shown(page) == 4
    box.fill("")
    assert shown(page) == 8
    assert page.console_errors == []
    assert outbound(page) == []


def test_each_facet_filters_and_the_counts_follow_the_other_filters(page, tmp_path):
    open_map(page, review_map(tmp_path))
    assert "Battles (3)" in options(page, "type")
    page.get_by_label("Country", exact=True).select_option("SY")
    assert shown(page) == 4
    assert "Battles (1)" in options(page, "type")
    assert "Iraq (IQ) (4)" in options(page, "cc")  # a facet counts as if it were unset
    page.get_by_label("Event type", exact=True).select_option("Explosions/Remote violence")
    assert shown(page) == 3
    page.get_by_label("Sub-type", exact=True).select_option("Air/drone strike")
    assert shown(page) == pins(page) == 1
    page.get_by_role("button", name="Clear filters").click()
    assert shown(page) == 8
    page.get_by_label("Actor", exact=True).select_option("Rebels")
    assert shown(page) == 3
    page.get_by_label("Precision", exact=True).select_option("1")
    assert shown(page) == 2
    page.get_by_role("button", name="Clear filters").click()
    page.get_by_label("Fatalities from").fill("3")
    assert shown(page) == 4  # 3, 12, 5, 7; unknown fatalities are left out
    page.get_by_label("to", exact=True).fill("6")
    assert shown(page) == 2
    page.get_by_label("Fatalities from").fill("")
    page.get_by_label("to", exact=True).fill("")
    assert shown(page) == 8
    assert page.console_errors == []
    assert outbound(page) == []


def test_date_and_search_combine(page, tmp_path):
    open_map(page, review_map(tmp_path))
    page.evaluate("""() => { const s = document.querySelector('.geomap-time-to');
        s.value = +s.min + 10; s.dispatchEvent(new Event('change')); }""")
    assert shown(page) == 5  # up to 2024-01-13, and the undated one
    page.get_by_label("Search", exact=True).fill("army")
    assert shown(page) == 3
    page.locator(".geomap-time-undated").uncheck()
    assert shown(page) == 3
    assert page.console_errors == []
